import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { contentHash } from '../../../src/course/content-hash.ts';
import { validateCourseContent } from '../../../src/course/course-content.ts';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { runGrade as gradeCommand } from '../../../src/cli/grade.ts';
import {
  answerKey,
  grade,
  QuestionSchema,
  inputOf,
  rightResponse,
  type Feedback,
  type GradeResult,
  type Question,
  type QuestionInput,
} from '../../../src/course/question-types/index.ts';
import { groupTraces, traceDurationUs } from '../../../src/sandbox/tail-sampling/index.ts';
import { generateTraffic } from '../../../src/sandbox/traffic.ts';

// Questions graded by running the learner's answer: a TraceQL query over a
// seeded dataset, a tail-sampling policy against stated requirements. What a
// right answer must find is worked out here from the traffic generator's own
// record of each request, not from the engines under test.

const DATASET = { requests: 300, seed: 7, errorRate: 0.05, slowRate: 0.1 };
const traffic = generateTraffic(DATASET);
const errorRequests = traffic.requests.filter((r) => r.error);
/** Failed checkouts fail at payment-api; failed payment lookups fail in it; failed product pages never reach it. */
const paymentErrorTraces = errorRequests.filter((r) => r.route !== 'browse').map((r) => r.traceId);
const browseErrorTraces = errorRequests.filter((r) => r.route === 'browse').map((r) => r.traceId);
const traces = groupTraces(traffic.spans);
const over500 = traces.filter((t) => traceDurationUs(t) > 500_000);
const slowWithoutSlowSpan = over500.filter((t) => t.spans.every((s) => s.endUs - s.startUs <= 500_000));

const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const base = { outcome: 'backends', prompt: 'Prompt', explanation: 'Because.' } as const;
const REFERENCE = '{ resource.service.name = "payment-api" && status = error }';

const paymentErrors = q({
  ...base,
  id: 'payment-errors',
  type: 'traceql',
  dataset: DATASET,
  reference: REFERENCE,
  wrongAnswers: [
    {
      query: '{ span.service.name = "payment-api" && status = error }',
      feedback: '`service.name` is a resource attribute.',
      misconception: 'resource-vs-span-attributes',
    },
  ],
});
const wholeTrace = q({
  ...base,
  id: 'whole-trace',
  type: 'traceql',
  dataset: DATASET,
  reference: '{ traceDuration > 500ms }',
  compare: 'traces',
});

const GOOD_POLICY = `processors:
  tail_sampling:
    decision_wait: 10s
    policies:
      - name: errors
        type: status_code
        status_code: { status_codes: [ERROR] }
      - name: slow
        type: latency
        latency: { threshold_ms: 500 }
      - name: rest
        type: probabilistic
        probabilistic: { sampling_percentage: 10 }
`;
const policy = q({
  ...base,
  outcome: 'sampling',
  id: 'policy',
  type: 'sampling-policy',
  dataset: DATASET,
  requirements: { keepAllErrors: true, keepSlowerThanMs: 500, maxShareOfNormal: 0.2 },
  reference: GOOD_POLICY,
});

const texts = (r: GradeResult) =>
  r.feedback.filter((f): f is Extract<Feedback, { kind: 'message' }> => f.kind === 'message').map((f) => f.text);
const short = (id: string) => id.slice(0, 8);

describe('traceql: graded by what the query finds on the seeded dataset', () => {
  it('is right for the reference and for any differently written query that finds the same spans', () => {
    for (const query of [
      REFERENCE,
      '{ status = error && .service.name = "payment-api" }',
      '{ resource.service.name =~ "payment-.*" && status = error }',
      '{\n  resource.service.name = "payment-api"\n  && status = error\n}',
    ]) {
      const r = grade(paymentErrors, { query });
      expect(r, query).toMatchObject({ score: 1, correct: true, misconceptions: [], wrong: [] });
      expect(texts(r)[0]).toMatch(
        new RegExp(`^Right: your query finds the same ${paymentErrorTraces.length} traces and, in them, the same \\d+ spans`),
      );
    }
    expect(grade(paymentErrors, rightResponse(paymentErrors))).toMatchObject({ score: 1, correct: true });
  });

  it('tells a query that finds too much which traces it should not find, as a learner can recognise them', () => {
    const r = grade(paymentErrors, { query: '{ status = error }' });
    expect(r).toMatchObject({ score: 0, correct: false });
    expect(r.malformed).toBeUndefined();
    const [summary, extra, spans] = texts(r);
    expect(summary).toContain(`Your query finds ${errorRequests.length} traces; the question asks for ${paymentErrorTraces.length} traces`);
    expect(extra).toContain(`It also finds ${browseErrorTraces.length} traces it should not`);
    const listed = [...extra!.matchAll(/\b([0-9a-f]{8}) \(GET \/products\/\{product_id\}, [\d.]+ ms, has an error span\)/g)].map(
      (m) => m[1],
    );
    expect(listed).toHaveLength(Math.min(3, browseErrorTraces.length));
    for (const id of listed) expect(browseErrorTraces.map(short)).toContain(id);
    expect(spans).toMatch(new RegExp(`^In ${paymentErrorTraces.length} traces it finds the right trace but not the right spans`));
    expect(spans).toContain('(api-gateway server)');
  });

  it('lists the traces a query misses, with their durations', () => {
    expect(slowWithoutSlowSpan.length).toBeGreaterThan(0);
    const r = grade(wholeTrace, { query: '{ duration > 500ms }' });
    expect(r.score).toBe(0);
    const [summary, missing] = texts(r);
    expect(summary).toBe(
      `Your query finds ${over500.length - slowWithoutSlowSpan.length} traces; the question asks for ${over500.length} traces.`,
    );
    for (const t of slowWithoutSlowSpan) {
      expect(missing).toContain(`${short(t.traceId)} (${t.root!.name}, ${Math.round(traceDurationUs(t) / 100) / 10} ms`);
    }
    expect(grade(wholeTrace, { query: '{ traceDuration > 0.5s }' }).correct).toBe(true);
  });

  it('with `compare: spans` the right traces with other spans are wrong; with `compare: traces` they are right', () => {
    const query = '{ resource.service.name = "payment-api" } && { status = error }';
    const r = grade(paymentErrors, { query });
    expect(r.score).toBe(0);
    expect(texts(r).join('\n')).not.toMatch(/misses|should not/);
    expect(texts(r).at(-1)).toContain('Conditions inside one `{ }` must hold on the same span');
    const byTraces = q({ ...base, id: 'by-traces', type: 'traceql', dataset: DATASET, reference: REFERENCE, compare: 'traces' });
    expect(grade(byTraces, { query })).toMatchObject({ score: 1, correct: true });
  });

  it('recognises an anticipated wrong answer by what it finds, and names its misconception', () => {
    for (const query of [
      '{ span.service.name = "payment-api" && status = error }',
      '{ rootServiceName = "payment-api" && status = error }',
    ]) {
      const r = grade(paymentErrors, { query });
      expect(r.feedback[0]).toEqual({
        kind: 'message',
        tone: 'wrong',
        text: '`service.name` is a resource attribute.',
        source: 'wrongAnswers.0.feedback',
      });
      expect(r.misconceptions).toEqual(['resource-vs-span-attributes']);
      expect(r.wrong).toEqual([
        {
          key: 'anticipated:0',
          label: '{ span.service.name = "payment-api" && status = error }',
          misconception: 'resource-vs-span-attributes',
        },
      ]);
      expect(texts(r)[2]).toContain(`It misses ${paymentErrorTraces.length} traces it should find`);
    }
  });

  it('counts equivalent wrong queries as one wrong answer in the item analysis', () => {
    const a = grade(paymentErrors, { query: '{ status = error }' }).wrong[0]!;
    const b = grade(paymentErrors, { query: '{ status = error && duration >= 0ms }' }).wrong[0]!;
    const c = grade(paymentErrors, { query: '{ duration > 1s }' }).wrong[0]!;
    expect(a.key).toMatch(/^result:[0-9a-f]{16}$/);
    expect(b.key).toBe(a.key);
    expect(b.label).toBe('{ status = error && duration >= 0ms }');
    expect(c.key).not.toBe(a.key);
  });

  it('scores a query that does not run 0 and shows the parser’s positioned message', () => {
    const r = grade(paymentErrors, { query: '{ status = error' });
    expect(r).toMatchObject({ score: 0, correct: false, wrong: [{ key: 'error:syntax', label: 'a query that does not parse' }] });
    expect(r.malformed).toBeUndefined();
    expect(texts(r)).toEqual([
      'Your query does not run (line 1, column 17): The query ends before it is complete: a closing `}` is missing.',
    ]);
    expect(texts(grade(paymentErrors, { query: '{ status = error }\n| count() by (name)' }))[0]).toMatch(
      /^Your query does not run \(line 2, column \d+\)/,
    );
    expect(texts(grade(paymentErrors, { query: '{ status = error } | rate()' }))[0]).toMatch(/asks for a search query/);
  });

  it('marks responses it cannot read as malformed, scoring 0, and never throws', () => {
    for (const response of [
      undefined,
      null,
      '{ status = error }',
      { query: 42 },
      { text: '{ }' },
      { query: '{ }', extra: 1 },
      { query: '' },
      { query: ' \n ' },
      { query: `{ ${'x'.repeat(6000)} }` },
    ]) {
      const r = grade(paymentErrors, response);
      expect(r.score, JSON.stringify(response)?.slice(0, 40)).toBe(0);
      expect(r.malformed, JSON.stringify(response)?.slice(0, 40)).toBeTruthy();
    }
    expect(grade(paymentErrors, { query: '' }).malformed).toBe('the query is empty');
  });

  it('grades the same way every time, on a dataset that depends only on its numbers', () => {
    const first = grade(paymentErrors, { query: '{ status = error }' });
    expect(grade(paymentErrors, { query: '{ status = error }' })).toEqual(first);
    // A fresh generator run with the same numbers makes the same traces.
    expect(generateTraffic(DATASET).requests.map((r) => r.traceId)).toEqual(traffic.requests.map((r) => r.traceId));
    // Another seed is another dataset: the same query finds what that traffic holds.
    const other = { ...DATASET, seed: 8 };
    const otherErrors = generateTraffic(other).requests.filter((r) => r.error && r.route !== 'browse').length;
    const r = grade(q({ ...base, id: 'seed-8', type: 'traceql', dataset: other, reference: REFERENCE }), { query: REFERENCE });
    expect(texts(r)[0]).toContain(`finds the same ${otherErrors} traces`);
  });

  it('has a code box for the island and an answer key that shows the reference', () => {
    expect(inputOf(paymentErrors)).toEqual({ kind: 'code', field: 'query', label: 'Your TraceQL query', rows: 3 });
    expect(answerKey(paymentErrors)).toBe(`Any query that finds the same traces and, in each, the same spans as \`${REFERENCE}\``);
    expect(answerKey(wholeTrace)).toBe('Any query that finds the same traces as `{ traceDuration > 500ms }`');
  });
});

describe('sampling-policy: graded against the stated requirements', () => {
  const slow = traces.filter((t) => traceDurationUs(t) > 500_000).length;

  it('is right for a policy that meets every requirement', () => {
    const r = grade(policy, { policy: GOOD_POLICY });
    expect(r).toMatchObject({ score: 1, correct: true, wrong: [] });
    expect(texts(r).slice(0, 4)).toEqual([
      'It meets all 3 requirements.',
      `Met: keep every trace with an error. It keeps all ${errorRequests.length} traces with an error.`,
      `Met: keep every trace slower than 500 ms. It keeps all ${slow} traces slower than 500 ms.`,
      expect.stringMatching(/^Met: keep at most 20% of the normal traces\. It keeps [\d.]+% of normal traces/),
    ]);
    expect(texts(r)[4]).toMatch(
      new RegExp(`^Of the ${traces.length} traces in the dataset it keeps \\d+ \\([\\d.]+%\\), [\\d,]+ of [\\d,]+ spans\\.$`),
    );
    expect(grade(policy, rightResponse(policy)).correct).toBe(true);
  });

  it('gives part of the marks to a policy that drops error traces, and says how many it lost', () => {
    const r = grade(policy, {
      policy:
        'policies:\n  - { name: slow, type: latency, latency: { threshold_ms: 500 } }\n  - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 10 } }\n',
    });
    expect(r.correct).toBe(false);
    expect(r.score).toBeCloseTo(2 / 3, 9);
    expect(texts(r)[0]).toBe('It meets 2 of 3 requirements.');
    expect(r.feedback[0]).toMatchObject({ tone: 'partial' });
    const errors = texts(r).find((t) => t.startsWith('Not met: keep every trace with an error.'));
    const kept = Number(/keeps (\d+) of (\d+) traces with an error/.exec(errors ?? '')?.[1]);
    expect(kept).toBeLessThan(errorRequests.length);
    expect(errors).toContain(`of ${errorRequests.length} traces with an error`);
    expect(r.wrong).toEqual([{ key: 'failed:keepAllErrors', label: 'loses error traces' }]);
  });

  it('gives part of the marks to a policy that keeps too much of the normal traffic', () => {
    const r = grade(policy, { policy: 'policies: [{ name: everything, type: always_sample }]' });
    expect(r.score).toBeCloseTo(2 / 3, 9);
    const normal = traces.length - traces.filter((t) => t.hasError || traceDurationUs(t) > 500_000).length;
    expect(texts(r)).toContain(
      `Not met: keep at most 20% of the normal traces. It keeps 100% of normal traces (${normal} of ${normal}); at most 20% is allowed.`,
    );
    expect(r.wrong).toEqual([{ key: 'failed:maxShareOfNormal', label: 'keeps too much normal traffic' }]);
  });

  it('says when a buffer that is too small loses traces before any decision', () => {
    const small = GOOD_POLICY.replace('decision_wait: 10s', 'decision_wait: 30s\n    num_traces: 50');
    const r = grade(policy, { policy: small });
    expect(r.correct).toBe(false);
    expect(texts(r).join('\n')).toMatch(/lost because `num_traces` was full before the decision/);
    expect(texts(r).at(-1)).toMatch(/ \d+ traces were pushed out of the full buffer \(`num_traces`\) before any decision\.$/);
  });

  it('scores a configuration the collector would refuse 0, with each problem’s line and field', () => {
    const r = grade(policy, { policy: 'policies:\n  - name: slow\n    type: latency\n    latency:\n      threshold_ms: 1s\n' });
    expect(r).toMatchObject({ score: 0, correct: false, wrong: [{ key: 'error:config', label: 'a configuration that does not load' }] });
    expect(r.malformed).toBeUndefined();
    expect(texts(r)[0]).toBe('The collector would refuse this configuration, so nothing was sampled:');
    expect(texts(r)[1]).toMatch(/^line 5, column \d+: field policies\[0\]\.latency\.threshold_ms: /);
  });

  it('marks responses it cannot read as malformed, scoring 0', () => {
    for (const response of [undefined, 'policies: []', { policy: 42 }, { policy: '  ' }, { yaml: GOOD_POLICY }]) {
      const r = grade(policy, response);
      expect(r.score).toBe(0);
      expect(r.malformed).toBeTruthy();
    }
  });

  it('has a YAML box and an answer key that states the requirements and shows a policy that meets them', () => {
    expect(inputOf(policy)).toMatchObject({ kind: 'code', field: 'policy' });
    expect(answerKey(policy)).toBe(
      `Any configuration that keeps every trace with an error, keeps every trace slower than 500 ms and keeps at most 20% of the normal traces (no error, not slow), for example:\n\n\`\`\`yaml\n${GOOD_POLICY.trimEnd()}\n\`\`\``,
    );
  });
});

describe('content hashes of these questions', () => {
  it('change with what is asked or counted right, not with feedback or explanations', () => {
    const h = contentHash(paymentErrors);
    expect(contentHash({ ...paymentErrors, explanation: 'Reworded.' })).toBe(h);
    expect(contentHash({ ...paymentErrors, wrongAnswers: [] })).toBe(h);
    expect(contentHash({ ...paymentErrors, reference: '{ status = error }' })).not.toBe(h);
    expect(contentHash({ ...paymentErrors, dataset: { ...DATASET, seed: 8 } })).not.toBe(h);
    expect(contentHash({ ...policy, requirements: { keepAllErrors: true } })).not.toBe(contentHash(policy));
  });
});

describe('the registry as a page loads it', () => {
  it('loads a type only when asked, and grades with it afterwards', async () => {
    vi.resetModules();
    const registry = await import('../../../src/course/question-types/registry.ts');
    expect(registry.questionTypeReady('single')).toBe(false);
    expect(registry.questionTypeReady('traceql')).toBe(false);
    expect(registry.grade(paymentErrors, { query: REFERENCE }).malformed).toMatch(/grader for traceql questions has not loaded/);
    await registry.loadQuestionTypes(['single', 'traceql']);
    expect(registry.questionTypeReady('traceql')).toBe(true);
    expect(registry.questionTypeReady('sampling-policy')).toBe(false);
    expect(registry.grade(paymentErrors, { query: REFERENCE })).toMatchObject({ score: 1, correct: true });
  });
  it('loads the type of the question being checked and grades it in one step', async () => {
    vi.resetModules();
    const registry = await import('../../../src/course/question-types/registry.ts');
    expect(registry.questionTypeReady('sampling-policy')).toBe(false);
    expect(await registry.gradeLoading(policy, rightResponse(policy))).toMatchObject({ score: 1, correct: true });
    expect(registry.questionTypeReady('sampling-policy')).toBe(true);
  });
});

const MISCONCEPTIONS = {
  file: 'content/misconceptions.yaml',
  text: '- id: resource-vs-span-attributes\n  label: Confuses resource and span attributes\n',
};

function bank(fields: string): string {
  return `id: backends
title: Check your understanding
lesson: backends
questions:
  - id: build-check
    outcome: backends
    prompt: Prompt.
    explanation: Because.
    dataset: { requests: 300, seed: 7, errorRate: 0.05, slowRate: 0.1 }
${fields}`;
}

// These checks are about one question's reference and dataset; the item-writing
// rules (which look across banks and misconceptions) have tests of their own.
function messages(fields: string): string[] {
  return validateCourseContent(
    {
      quizzes: [{ file: 'content/quizzes/backends.yaml', text: bank(fields) }],
      predictions: [],
      misconceptions: MISCONCEPTIONS,
    },
    { itemRules: false },
  ).messages;
}

const TRACEQL = `    type: traceql
    reference: '{ resource.service.name = "payment-api" && status = error }'
`;
const SAMPLING = `    type: sampling-policy
    requirements: { keepAllErrors: true, keepSlowerThanMs: 500, maxShareOfNormal: 0.2 }
    reference: |
      policies:
        - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
        - { name: slow, type: latency, latency: { threshold_ms: 500 } }
        - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
`;

describe('build-time checks: the reference must run and mean something', () => {
  it('accepts good questions of both types', () => {
    expect(messages(TRACEQL)).toEqual([]);
    expect(messages(SAMPLING)).toEqual([]);
  });

  it('rejects a TraceQL reference that does not parse, with its position', () => {
    expect(messages(TRACEQL.replace('status = error }', 'status = error'))).toEqual([
      'content/quizzes/backends.yaml:11:16: question "build-check", field reference: does not run (line 1, column 58: The query ends before it is complete: a closing `}` is missing.). Fix: correct the query; it must parse with Grafana’s TraceQL grammar and use what the TraceQL playground on the backends page evaluates.',
    ]);
  });

  it('rejects a reference that finds nothing, one that finds everything, and a metrics query', () => {
    expect(messages(TRACEQL.replace('"payment-api"', '"no-such-service"'))).toEqual([
      'content/quizzes/backends.yaml:11:16: question "build-check", field reference: finds no trace in the dataset (300 requests, seed 7, 5% errors, 10% slow), so any query that finds nothing would be right. Fix: change the query, or the dataset (more requests, a higher errorRate or slowRate) so that it finds something.',
    ]);
    expect(messages("    type: traceql\n    reference: '{ duration >= 0ms }'\n")).toEqual([
      'content/quizzes/backends.yaml:11:16: question "build-check", field reference: finds every span of every trace in the dataset, so the empty query `{ }` is also right. Fix: narrow the query so that the question asks for something.',
    ]);
    expect(messages("    type: traceql\n    reference: '{ status = error } | rate()'\n")).toEqual([
      'content/quizzes/backends.yaml:11:16: question "build-check", field reference: is a metrics query; a traceql question compares the traces and spans a search query finds. Fix: write a search query such as `{ status = error }`, without a metrics function.',
    ]);
  });

  it('rejects a starter that is already right and anticipated wrong answers that are right or repeated', () => {
    const fields = `${TRACEQL}    starter: '{ .service.name = "payment-api" && status = error }'
    wrongAnswers:
      - query: '{ status = error && resource.service.name = "payment-api" }'
        feedback: Never shown.
      - query: '{ status = error }'
        feedback: Every failing span.
      - query: '{ status = error && duration >= 0ms }'
        feedback: The same again.
      - query: '{ status = '
        feedback: Does not run.
`;
    expect(messages(fields)).toEqual([
      'content/quizzes/backends.yaml:12:14: question "build-check", field starter: is already a right answer. Fix: start the box with a partial or a wrong query, or remove `starter`.',
      'content/quizzes/backends.yaml:14:16: question "build-check", field wrongAnswers[0].query: finds the same as the reference, so it is a right answer and this feedback never shows. Fix: remove it or change the query.',
      'content/quizzes/backends.yaml:18:16: question "build-check", field wrongAnswers[2].query: finds the same as wrongAnswers[1], so only that entry\'s feedback ever shows. Fix: merge the two entries.',
      expect.stringMatching(
        /^content\/quizzes\/backends\.yaml:20:16: question "build-check", field wrongAnswers\[3\]\.query: does not run \(line 1, column \d+: .+\)\. Fix: correct the query/,
      ),
    ]);
  });

  it('rejects a dataset outside its bounds, naming the field', () => {
    expect(messages(TRACEQL).length).toBe(0);
    const big = bank(TRACEQL).replace('requests: 300', 'requests: 50000');
    const r = validateCourseContent(
      {
        quizzes: [{ file: 'content/quizzes/backends.yaml', text: big }],
        predictions: [],
        misconceptions: MISCONCEPTIONS,
      },
      { itemRules: false },
    );
    expect(r.messages).toEqual([
      'content/quizzes/backends.yaml:9:26: question "build-check", field dataset.requests: must be at most 2000, found 50000. Fix: shorten or reduce it.',
    ]);
  });

  it('rejects a reference policy that does not load or does not meet the requirements', () => {
    expect(messages(SAMPLING.replace('threshold_ms: 500', 'threshold_ms: 900'))).toEqual([
      expect.stringMatching(
        /^content\/quizzes\/backends\.yaml:12:16: question "build-check", field reference: does not meet the requirements on the dataset: it keeps \d+ of \d+ traces slower than 500 ms .*\. Fix: change the reference policy, or the requirements\.$/,
      ),
    ]);
    expect(messages(SAMPLING.replace('threshold_ms: 500', 'threshold_ms: half-a-second'))).toEqual([
      expect.stringMatching(
        /^content\/quizzes\/backends\.yaml:12:16: question "build-check", field reference: does not load \(line 3, column \d+: field policies\[1\]\.latency\.threshold_ms: .+\)\. Fix: correct the YAML/,
      ),
    ]);
  });

  it('rejects requirements that test nothing or that need no sampling, and a starter that already meets them', () => {
    expect(messages('    type: sampling-policy\n    requirements: {}\n    reference: "policies: []"\n')).toEqual([
      'content/quizzes/backends.yaml:11:5: question "build-check", field requirements: states no requirement, so any configuration would be right. Fix: add `keepAllErrors: true`, `keepSlowerThanMs` and/or `maxShareOfNormal`.',
    ]);
    expect(messages(SAMPLING.replace('keepSlowerThanMs: 500', 'keepSlowerThanMs: 5000'))).toEqual([
      expect.stringMatching(
        /^content\/quizzes\/backends\.yaml:11:\d+: question "build-check", field requirements\.keepSlowerThanMs: tests nothing: no trace in the dataset \(300 requests, seed 7, 5% errors, 10% slow\) is slower than 5000 ms \(the slowest takes \d+ ms\)\. Fix: use a threshold below \d+ ms, or raise `dataset\.slowRate`\.$/,
      ),
    ]);
    expect(messages(SAMPLING.replace(', maxShareOfNormal: 0.2', ''))).toEqual([
      'content/quizzes/backends.yaml:11:5: question "build-check", field requirements: are met by a policy that keeps every trace (`always_sample`), so they do not ask for any sampling. Fix: add `maxShareOfNormal` with a share below 1, such as 0.2.',
    ]);
    const starter = `${SAMPLING}    starter: |
      policies: [{ name: e, type: status_code, status_code: { status_codes: [ERROR] } }, { name: s, type: latency, latency: { threshold_ms: 400 } }]
`;
    expect(messages(starter)).toEqual([
      'content/quizzes/backends.yaml:17:14: question "build-check", field starter: already meets every requirement. Fix: start the box with a skeleton or a policy that falls short, or remove `starter`.',
    ]);
  });
});

describe('the grade command grades these questions from an export', () => {
  const ROOT = join(import.meta.dirname, '../../..');
  const FIXTURES = 'test/fixtures/course/graded-by-running';
  const content = loadCourseContentOrThrow(join(ROOT, FIXTURES, 'content'));

  function runGrade(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = gradeCommand(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT });
    return { code, stdout, stderr: stderr.split('\n').filter(Boolean) };
  }

  it('the fixture exports answer the current version of each question', () => {
    for (const file of readdirSync(join(ROOT, FIXTURES, 'exports'))) {
      const data = JSON.parse(readFileSync(join(ROOT, FIXTURES, 'exports', file), 'utf8')) as {
        answers: { questionId: string; hash: string }[];
      };
      for (const a of data.answers)
        expect(a.hash, `${file}: ${a.questionId}`).toBe(contentHash(content.questions.get(a.questionId)!.question));
    }
  });

  it('re-grades queries and policies by running them, and reports what could not be read', () => {
    const r = runGrade(`${FIXTURES}/exports`, '--content', `${FIXTURES}/content`, '--json');
    expect(r.stderr).toEqual([
      `${FIXTURES}/exports/lin.json: question "fx-sampling-policy": response could not be read (a sampling-policy question expects { "policy": "<tail_sampling YAML>" } (policy: expected text, found number 42)); scored 0`,
      'grade: 3 graded, 0 rejected, 1 problem',
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      learners: { learnerId: string; quizzes: Record<string, number>; moduleScore: number; firstTryScore: number; passed: boolean }[];
      items: {
        questionId: string;
        responses: number;
        firstTryCorrect: number;
        finalCorrect: number;
        topWrong: { label: string; count: number; misconception?: { id: string } } | null;
      }[];
    };
    const learner = (id: string) => report.learners.find((l) => l.learnerId === id)!;
    // Ada: a resource/span mix-up first, then an equivalent of the reference; a policy that meets everything.
    expect(learner('fx-ada')).toMatchObject({ quizzes: { backends: 1, module: 1 }, moduleScore: 1, firstTryScore: 0.5, passed: true });
    // Grace: every error span (too much); keeps everything: 2 of 3 requirements.
    expect(learner('fx-grace').quizzes['backends']).toBe(0);
    expect(learner('fx-grace').quizzes['module']).toBeCloseTo(2 / 3, 9);
    // Lin: a query that does not parse; a policy that is not text.
    expect(learner('fx-lin')).toMatchObject({ quizzes: { backends: 0, module: 0 }, moduleScore: 0, passed: false });
    const traceItem = report.items.find((i) => i.questionId === 'fx-traceql-payment-errors')!;
    expect(traceItem).toMatchObject({ responses: 3, firstTryCorrect: 0 });
    expect(traceItem.finalCorrect).toBeCloseTo(1 / 3, 9);
    // Grace's `{ status = error }` and Lin's first `{ status = error && duration >= 0ms }` find the same: one wrong answer, counted twice.
    expect(traceItem.topWrong).toMatchObject({ label: '{ status = error }', count: 2 });
    const policyItem = report.items.find((i) => i.questionId === 'fx-sampling-policy')!;
    expect(policyItem.topWrong).toMatchObject({ label: 'keeps too much normal traffic', count: 1 });
  });

  it('prints the reference query and policy in the answer key', () => {
    const r = runGrade('--key', '--content', `${FIXTURES}/content`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '**Answer:** Any query that finds the same traces and, in each, the same spans as `{ resource.service.name = "payment-api" && status = error }`',
    );
    expect(r.stdout).toContain(
      '**Answer:** Any configuration that keeps every trace with an error, keeps every trace slower than 500 ms and keeps at most 20% of the normal traces (no error, not slow), for example:\n\n```yaml\ntail_sampling:\n  policies:',
    );
  });
});
