import { describe, expect, it } from 'vitest';
import { validateCourseContent, type ContentSources } from '../../../src/course/course-content.ts';
import { contentHash } from '../../../src/course/content-hash.ts';

const MISCONCEPTIONS = {
  file: 'content/misconceptions.yaml',
  text: `- id: context-propagates-itself
  label: Assumes context crosses service boundaries by itself
`,
};

const GOOD_QUIZ = `id: trace-anatomy
title: Check your understanding
lesson: trace-anatomy
questions:
  - id: anatomy-two-traces
    type: single
    outcome: debug
    prompt: checkout-api calls payment-api without injecting \`traceparent\`. What does the backend show?
    choices:
      - id: one
        text: One trace with a gap
        feedback: Nothing carries the trace id across, so there is nothing to join.
        misconception: context-propagates-itself
      - id: two
        text: Two unrelated traces
        correct: true
        feedback: payment-api starts a new trace with a new id.
    explanation: Propagation carries the trace id; without it the callee starts a fresh trace.
`;

const GOOD_PREDICTIONS = `lesson: trace-anatomy
predictions:
  - id: anatomy-broken-edge
    outcome: debug
    prompt: What will the sandbox show?
    kind: choice
    choices:
      - { id: one, text: "One trace" }
      - { id: two, text: "Two unrelated traces" }
    answer: two
    explanation: A new root span starts a new trace.
    check:
      scenario: { cart: normal, brokenEdge: "checkout-api->payment-api" }
      fact: traceCount
      expect: { one: 1, two: 2 }
`;

function run(quizzes: Record<string, string>, predictions: Record<string, string> = {}, misconceptions = MISCONCEPTIONS) {
  const sources: ContentSources = {
    quizzes: Object.entries(quizzes).map(([name, text]) => ({ file: `content/quizzes/${name}`, text })),
    predictions: Object.entries(predictions).map(([name, text]) => ({ file: `content/predictions/${name}`, text })),
    misconceptions,
  };
  return validateCourseContent(sources);
}

/** The good bank with one replacement applied. */
const edit = (from: string, to: string) => {
  expect(GOOD_QUIZ).toContain(from);
  return GOOD_QUIZ.replace(from, to);
};

describe('valid content', () => {
  it('loads with no issues and indexes questions with their hash', () => {
    const r = run({ 'trace-anatomy.yaml': GOOD_QUIZ }, { 'trace-anatomy.yaml': GOOD_PREDICTIONS });
    expect(r.messages).toEqual([]);
    const indexed = r.content.questions.get('anatomy-two-traces')!;
    expect(indexed.bank).toBe('trace-anatomy');
    expect(indexed.hash).toBe(contentHash(indexed.question));
    expect(r.content.predictionsById.get('anatomy-broken-edge')?.lesson).toBe('trace-anatomy');
  });
});

describe('build-time errors: one line with the file, line, question, field and fix', () => {
  it('a single-choice question with two right answers', () => {
    const r = run({ 'trace-anatomy.yaml': edit('text: One trace with a gap', 'text: One trace with a gap\n        correct: true') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:9:5: question "anatomy-two-traces", field choices: a single-choice question needs exactly one right answer, 2 are marked ("one", "two"). Fix: keep \`correct: true\` on one choice, or change \`type\` to \`multiple\`.",
      ]
    `);
  });

  it('a single-choice question with no right answer', () => {
    const r = run({ 'trace-anatomy.yaml': edit('        correct: true\n', '') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:9:5: question "anatomy-two-traces", field choices: no choice is marked right. Fix: add \`correct: true\` to the one right choice.",
      ]
    `);
  });

  it('a bank id that is not the file name', () => {
    const r = run({ 'anatomy.yaml': GOOD_QUIZ });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/anatomy.yaml:1:5: field id: bank id "trace-anatomy" does not match the file name "anatomy.yaml". Fix: set \`id: anatomy\`, or rename the file to trace-anatomy.yaml.",
      ]
    `);
  });

  it('duplicate question ids across banks', () => {
    const other = GOOD_QUIZ.replace('id: trace-anatomy', 'id: module').replace('lesson: trace-anatomy', 'lesson: module-quiz');
    const r = run({ 'trace-anatomy.yaml': GOOD_QUIZ, 'module.yaml': other });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/module.yaml:5:9: question "anatomy-two-traces", field id: this id is already used in content/quizzes/trace-anatomy.yaml. Fix: rename one of them: ids must be unique across all quiz and prediction banks, because answers are stored by id.",
      ]
    `);
  });

  it('an unknown misconception id, and a missing misconception file', () => {
    const r = run({ 'trace-anatomy.yaml': edit('misconception: context-propagates-itself', 'misconception: context-is-magic') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:13:24: question "anatomy-two-traces", field choices[0].misconception: misconception "context-is-magic" is not defined in content/misconceptions.yaml. Fix: add \`- id: context-is-magic\` with a \`label:\` to content/misconceptions.yaml, or correct the id.",
      ]
    `);
    const none = validateCourseContent({ quizzes: [{ file: 'content/quizzes/trace-anatomy.yaml', text: GOOD_QUIZ }], predictions: [] });
    expect(none.messages[0]).toContain('(content/misconceptions.yaml does not exist)');
  });

  it('an unknown outcome id', () => {
    const r = run({ 'trace-anatomy.yaml': edit('outcome: debug', 'outcome: debugging') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:7:14: question "anatomy-two-traces", field outcome: "debugging" is not a learning outcome id; use one of debug, instrument, backends, sampling, correlate.",
      ]
    `);
  });

  it('an unknown question type', () => {
    const r = run({ 'trace-anatomy.yaml': edit('type: single', 'type: singel') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:6:11: question "anatomy-two-traces", field type: unknown type "singel". Fix: use one of single, multiple, order, numeric, text, traceql, sampling-policy, sampling-threshold.",
      ]
    `);
  });

  it('a misspelt field, with a suggestion', () => {
    const r = run({ 'trace-anatomy.yaml': edit('        correct: true', '        corect: true') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:16:9: question "anatomy-two-traces", field choices[1]: unknown field \`corect\`, did you mean \`correct\`? Fix: rename it to \`correct\`.",
      ]
    `);
  });

  it('a value of the wrong type, and a missing field', () => {
    const r = run({
      'trace-anatomy.yaml': edit('        correct: true', '        correct: "yes"').replace(/ {4}explanation: .*\n/, ''),
    });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:5:5: question "anatomy-two-traces", field explanation: is missing. Fix: add \`explanation:\` with its text.",
        "content/quizzes/trace-anatomy.yaml:16:18: question "anatomy-two-traces", field choices[1].correct: expected true or false, found string "yes". Fix: write true or false, without quotes.",
      ]
    `);
  });

  it('an id that is not kebab-case', () => {
    const r = run({ 'trace-anatomy.yaml': edit('id: anatomy-two-traces', 'id: Anatomy Two Traces') });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:5:9: question "Anatomy Two Traces", field id: "Anatomy Two Traces" is not kebab-case. Fix: use lower-case words joined by hyphens, such as "anatomy-two-traces".",
      ]
    `);
  });

  const ORDER = `id: correlation
title: Check
lesson: correlation
questions:
  - id: signal-order
    type: order
    outcome: correlate
    prompt: Put the steps in order.
    explanation: Metrics first.
    items:
      - { id: metric, text: Metric }
`;
  it('an order question with fewer than 2 items', () => {
    expect(run({ 'correlation.yaml': ORDER }).messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/correlation.yaml:10:5: question "signal-order", field items: has 1 item, an order question needs at least 2. Fix: list at least two steps, in the right order.",
      ]
    `);
  });

  const NUMERIC = `id: sampling
title: Check
lesson: sampling
questions:
  - id: daily-volume
    type: numeric
    outcome: sampling
    prompt: How many GB a day?
    explanation: Multiply it out.
    answer: 12.5
    tolerance: -0.5
    unit: GB/day
`;
  it('a negative numeric tolerance', () => {
    expect(run({ 'sampling.yaml': NUMERIC }).messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/sampling.yaml:11:16: question "daily-volume", field tolerance: is -0.5, a tolerance cannot be negative. Fix: use 0 for an exact answer or a positive margin such as 0.5.",
      ]
    `);
  });

  const TEXT = `id: backends
title: Check
lesson: backends
questions:
  - id: header
    type: text
    outcome: instrument
    prompt: Which header?
    explanation: traceparent.
    pattern: "^trace(parent"
`;
  it('an invalid regular expression', () => {
    expect(run({ 'backends.yaml': TEXT }).messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/backends.yaml:10:14: question "header", field pattern: is not a valid regular expression (Invalid regular expression: /^trace(parent/iu: Unterminated group). Fix: correct the expression; in YAML double quotes write a backslash as \\\\.",
      ]
    `);
  });

  it('broken YAML', () => {
    const r = run({ 'trace-anatomy.yaml': 'id: trace-anatomy\ntitle: [unclosed\nlesson: x\n' });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/quizzes/trace-anatomy.yaml:3:1: is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]. Fix: check the indentation (spaces, not tabs) and the quoting on this line and the one above, and that every \`key:\` has a space after the colon.",
      ]
    `);
  });

  it('an empty bank', () => {
    expect(run({ 'trace-anatomy.yaml': 'id: trace-anatomy\ntitle: T\nlesson: trace-anatomy\nquestions: []\n' }).messages)
      .toMatchInlineSnapshot(`
        [
          "content/quizzes/trace-anatomy.yaml:4:1: field questions: needs at least 1 question. Fix: add questions to the list.",
        ]
      `);
  });

  it('every message is a single line', () => {
    const r = run({ 'anatomy.yaml': edit('type: single', 'type: multiple').replace('correct: true', 'corect: 1') });
    expect(r.messages.length).toBeGreaterThan(0);
    for (const m of r.messages) expect(m).not.toContain('\n');
  });
});

describe('prediction bank errors', () => {
  const pred = (from: string, to: string) => {
    expect(GOOD_PREDICTIONS).toContain(from);
    return { 'trace-anatomy.yaml': GOOD_PREDICTIONS.replace(from, to) };
  };
  it('an answer id that does not exist', () => {
    expect(run({}, pred('answer: two', 'answer: three')).messages).toMatchInlineSnapshot(`
      [
        "content/predictions/trace-anatomy.yaml:10:13: prediction "anatomy-broken-edge", field answer: "three" is not one of the choices ("one", "two"). Fix: set \`answer:\` to the id of the right choice.",
      ]
    `);
  });
  it('check.expect naming an unknown choice, or a value of the wrong type', () => {
    expect(run({}, pred('expect: { one: 1, two: 2 }', 'expect: { one: 1, two: "2", many: 3 }')).messages).toMatchInlineSnapshot(`
      [
        "content/predictions/trace-anatomy.yaml:15:30: prediction "anatomy-broken-edge", field check.expect.two: "2" cannot be a value of traceCount. Fix: write a number of traces.",
        "content/predictions/trace-anatomy.yaml:15:41: prediction "anatomy-broken-edge", field check.expect.many: "many" is not one of the choices ("one", "two"). Fix: use the choice ids as keys of \`expect\`.",
      ]
    `);
  });
  it('an unknown fact and an unknown scenario edge', () => {
    const r = run({}, pred('fact: traceCount', 'fact: traces'));
    expect(r.messages[0]).toMatch(/field check\.fact: "traces" is not allowed here\. Fix: use one of traceCount, spanCount/);
    const edge = run({}, pred('checkout-api->payment-api', 'checkout->payment'));
    expect(edge.messages[0]).toMatch(/field check\.scenario\.brokenEdge: "checkout->payment" is not allowed here/);
  });
  it('a lesson that is not the file name', () => {
    const r = run({}, { 'sampling.yaml': GOOD_PREDICTIONS });
    expect(r.messages).toMatchInlineSnapshot(`
      [
        "content/predictions/sampling.yaml:1:9: field lesson: lesson "trace-anatomy" does not match the file name "sampling.yaml". Fix: set \`lesson: sampling\`, or rename the file to trace-anatomy.yaml.",
      ]
    `);
  });
});

describe('item-writing rules fail the build on the line of the item', () => {
  it('refuses a keyed answer that carries all the detail, naming file, line, question, rule and fix', () => {
    const padded = edit(
      '        text: Two unrelated traces\n',
      '        text: Two unrelated traces, because payment-api starts a fresh root span with a new trace id of its own\n',
    );
    expect(run({ 'trace-anatomy.yaml': padded }).messages).toEqual([
      'content/quizzes/trace-anatomy.yaml:9:5: question "anatomy-two-traces": the keyed answer is the longest option, as in 1 of 1 single-choice items (100%; at most 35%) (item-writing rule longest-is-keyed). Fix: make a distractor as specific as the key (or say the key more briefly), so that picking the longest option stops paying.',
      'content/quizzes/trace-anatomy.yaml:14:9: question "anatomy-two-traces": the keyed answer is 4.85× the mean length of its distractors (at most 1.5×) (item-writing rule keyed-much-longer). Fix: move qualifications into the explanation, or give the distractors the same detail and form as the key.',
    ]);
  });

  it('refuses a declared misconception that no answer names, on its line in misconceptions.yaml', () => {
    const unused = {
      ...MISCONCEPTIONS,
      text: `${MISCONCEPTIONS.text}- id: ids-are-random\n  label: Thinks span ids carry no meaning at all\n`,
    };
    expect(run({ 'trace-anatomy.yaml': GOOD_QUIZ }, {}, unused).messages).toEqual([
      'content/misconceptions.yaml:3:3: misconception "ids-are-random": misconception "ids-are-random" is declared but no answer names it, so the item analysis can never report it (item-writing rule misconception-unused). Fix: tag the wrong answer that shows this mistake, write an item that assesses it, or remove the declaration.',
    ]);
  });
});
