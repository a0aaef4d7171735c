import { expect, test } from 'vitest';
import { buildScratchSite } from '../support/scratch-site.ts';

// The quiz banks reach the pages through Astro's content collections; their loader runs the
// course's validator, so a broken bank must stop a real build with the same line as the grade
// command prints: file:line:column, the question, the field and the fix.

const BROKEN_BANK = `id: trace-anatomy
title: Check your understanding
lesson: trace-anatomy
questions:
  - id: two-traces
    type: single
    outcome: debug
    prompt: payment-api gets no \`traceparent\`. What does the backend show?
    explanation: Without the header the callee starts a new trace.
    choices:
      - id: one
        text: One trace
        feedback: Nothing carries the trace id across.
      - id: two
        text: Two traces
        corect: true
        feedback: payment-api starts a new trace.
`;

test('a real build with a broken quiz bank fails with one line per problem: place, question, field and fix', () => {
  const build = buildScratchSite('course-banks-', {
    'docs/index.mdx': '---\ntitle: Home\ndescription: A home page for a test of broken quiz banks.\n---\n\nHome.\n',
    'quizzes/trace-anatomy.yaml': BROKEN_BANK,
  });
  expect(build.status).not.toBe(0);
  const problems = build.output.split('\n').filter((line) => line.startsWith('content/'));
  expect(problems).toMatchInlineSnapshot(`
    [
      "content/quizzes/trace-anatomy.yaml:16:9: question "two-traces", field choices[1]: unknown field \`corect\`, did you mean \`correct\`? Fix: rename it to \`correct\`.",
    ]
  `);
}, 120_000);
