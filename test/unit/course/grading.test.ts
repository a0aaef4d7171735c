import { describe, expect, it } from 'vitest';
import { grade, QuestionSchema, rightResponse, type QuestionInput } from '../../../src/course/question-types/index.ts';
import { longestIncreasingRun } from '../../../src/course/question-types/order.ts';
import { parseNumericInput } from '../../../src/course/question-types/numeric.ts';
import { normaliseText } from '../../../src/course/question-types/text.ts';

const q = (input: QuestionInput) => QuestionSchema.parse(input);

const base = { outcome: 'debug', prompt: 'Prompt', explanation: 'Because.' } as const;

const single = q({
  ...base,
  id: 'anatomy-two-traces',
  type: 'single',
  choices: [
    { id: 'one', text: 'One trace with a gap', feedback: 'Context does not cross by itself.', misconception: 'context-propagates-itself' },
    { id: 'two', text: 'Two unrelated traces', correct: true, feedback: 'Without traceparent the callee starts a new trace.' },
    { id: 'none', text: 'No trace', feedback: 'Both services still record spans.' },
  ],
});

const multiple = q({
  ...base,
  id: 'resource-attrs',
  type: 'multiple',
  choices: [
    { id: 'service-name', text: '`service.name`', correct: true, feedback: 'Identifies the service.' },
    { id: 'version', text: '`service.version`', correct: true, feedback: 'Tells releases apart.' },
    { id: 'env', text: '`deployment.environment.name`', correct: true, feedback: 'Separates staging from production.' },
    { id: 'user', text: '`user.id`', feedback: 'Per request, not per process.', misconception: 'resource-is-per-request' },
  ],
});

const order = q({
  ...base,
  id: 'investigation-order',
  type: 'order',
  items: [
    { id: 'metric', text: 'Latency metric' },
    { id: 'exemplar', text: 'Exemplar' },
    { id: 'trace', text: 'Trace', feedback: 'Shows where the time went.' },
    { id: 'logs', text: 'Logs' },
  ],
});

const numeric = q({
  ...base,
  id: 'volume',
  type: 'numeric',
  answer: 12.5,
  tolerance: 0.5,
  unit: 'GB/day',
  wrongAnswers: [{ answer: 1.25, feedback: 'You forgot the spans per request.', misconception: 'forgets-spans-per-request' }],
});

const text = q({
  ...base,
  id: 'header-name',
  type: 'text',
  accepted: ['traceparent'],
  pattern: '^trace-?parent header$',
  wrongAnswers: [{ accepted: ['tracestate'], feedback: 'That one carries vendor data.', misconception: 'confuses-tracestate' }],
});

describe('single choice', () => {
  it('scores the right choice 1 and gives feedback on every choice', () => {
    const r = grade(single, { choice: 'two' });
    expect(r).toMatchObject({ score: 1, correct: true, misconceptions: [], wrong: [] });
    expect(r.feedback.map((f) => f.kind === 'choice' && [f.id, f.verdict])).toEqual([
      ['one', 'skipped'],
      ['two', 'right'],
      ['none', 'skipped'],
    ]);
  });
  it('scores a wrong choice 0 and names its misconception', () => {
    const r = grade(single, { choice: 'one' });
    expect(r).toMatchObject({ score: 0, correct: false, misconceptions: ['context-propagates-itself'] });
    expect(r.wrong).toEqual([{ key: 'one', label: 'One trace with a gap', misconception: 'context-propagates-itself' }]);
    expect(r.feedback.find((f) => f.kind === 'choice' && f.id === 'two')).toMatchObject({ verdict: 'missed' });
  });
  it('has no partial credit: a wrong answer without a misconception is simply wrong', () => {
    expect(grade(single, { choice: 'none' })).toMatchObject({ score: 0, misconceptions: [] });
  });
  it('turns a malformed response into score 0 with a message, never a throw', () => {
    expect(grade(single, { choices: ['two'] }).malformed).toMatch(/expects \{ "choice": "<choice id>" \}/);
    expect(grade(single, 'two').score).toBe(0);
    expect(grade(single, null).malformed).toBeDefined();
    expect(grade(single, { choice: 'three' }).malformed).toBe(`unknown choice "three"; this question's choices are "one", "two", "none"`);
  });
});

describe('multiple choice', () => {
  it('gives full credit for exactly the right set', () => {
    expect(grade(multiple, { choices: ['env', 'service-name', 'version'] })).toMatchObject({ score: 1, correct: true });
  });
  it('gives partial credit: (right picked − wrong picked) / right', () => {
    expect(grade(multiple, { choices: ['service-name', 'version'] })).toMatchObject({ score: 2 / 3, correct: false });
    expect(grade(multiple, { choices: ['service-name', 'version', 'user'] }).score).toBeCloseTo(1 / 3);
    expect(grade(multiple, { choices: ['service-name', 'version', 'env', 'user'] })).toMatchObject({
      score: 2 / 3,
      correct: false,
      misconceptions: ['resource-is-per-request'],
    });
  });
  it('floors at 0 and gives nothing for an empty answer', () => {
    expect(grade(multiple, { choices: ['user'] }).score).toBe(0);
    expect(grade(multiple, { choices: [] })).toMatchObject({ score: 0, correct: false });
  });
  it('marks missed right choices in the feedback', () => {
    const r = grade(multiple, { choices: ['service-name'] });
    expect(r.feedback.filter((f) => f.kind === 'choice' && f.verdict === 'missed').map((f) => f.kind === 'choice' && f.id)).toEqual([
      'version',
      'env',
    ]);
  });
  it('rejects malformed responses', () => {
    expect(grade(multiple, { choice: 'env' }).malformed).toMatch(/multiple question expects/);
    expect(grade(multiple, { choices: ['env', 'nope'] }).malformed).toMatch(/unknown choice "nope"/);
  });
});

describe('order', () => {
  it('scores the right order 1', () => {
    expect(grade(order, { order: ['metric', 'exemplar', 'trace', 'logs'] })).toMatchObject({ score: 1, correct: true, wrong: [] });
  });
  it('gives partial credit by the longest run already in order: (L − 1) / (n − 1)', () => {
    // metric, trace, logs are in order (L = 3); exemplar must move.
    const r = grade(order, { order: ['metric', 'trace', 'exemplar', 'logs'] });
    expect(r.score).toBeCloseTo(2 / 3);
    expect(r.correct).toBe(false);
    expect(r.feedback[0]).toMatchObject({ kind: 'message', text: '1 of 4 steps need to move to get the right order.' });
    expect(r.wrong[0]!.label).toBe('Latency metric → Trace → Exemplar → Logs');
  });
  it('scores the exact reverse 0', () => {
    expect(grade(order, { order: ['logs', 'trace', 'exemplar', 'metric'] }).score).toBe(0);
  });
  it('says where each item belongs', () => {
    const r = grade(order, { order: ['exemplar', 'metric', 'trace', 'logs'] });
    const trace = r.feedback.find((f) => f.kind === 'item' && f.id === 'trace');
    expect(trace).toMatchObject({ position: 2, expected: 2, inOrder: true, feedback: 'Shows where the time went.' });
  });
  it('rejects missing, repeated and unknown items', () => {
    expect(grade(order, { order: ['metric', 'exemplar', 'trace'] }).malformed).toMatch(/item "logs" missing/);
    expect(grade(order, { order: ['metric', 'metric', 'trace', 'logs'] }).malformed).toMatch(/item "metric" listed twice/);
    expect(grade(order, { order: ['metric', 'exemplar', 'trace', 'logs', 'alerts'] }).malformed).toMatch(/unknown item "alerts"/);
    expect(grade(order, ['metric']).score).toBe(0);
  });
  it('finds a longest increasing run', () => {
    expect(longestIncreasingRun([0, 2, 1, 3])).toHaveLength(3);
    expect(longestIncreasingRun([3, 2, 1, 0])).toHaveLength(1);
    expect(longestIncreasingRun([])).toEqual([]);
  });
});

describe('numeric', () => {
  it('accepts answers within the tolerance, as numbers or typed text with the unit', () => {
    expect(grade(numeric, { value: 12.5 }).correct).toBe(true);
    expect(grade(numeric, { value: 12.9 }).correct).toBe(true);
    expect(grade(numeric, { value: '12,2 GB/day' }).correct).toBe(true);
    expect(grade(numeric, { value: '12.5 gb / day' }).correct).toBe(true);
  });
  it('rejects answers outside the tolerance without giving the answer away', () => {
    const r = grade(numeric, { value: 13.1 });
    expect(r).toMatchObject({ score: 0, correct: false });
    expect(r.feedback[0]).toMatchObject({ text: '13.1 GB/day is not right (answers within ±0.5 count).' });
  });
  it('recognises an anticipated mistake and its misconception', () => {
    const r = grade(numeric, { value: 1.25 });
    expect(r).toMatchObject({ score: 0, misconceptions: ['forgets-spans-per-request'] });
    expect(r.feedback[0]).toMatchObject({ text: 'You forgot the spans per request.', source: 'wrongAnswers.0.feedback' });
  });
  it('points at a unit slip when the answer is off by a power of ten', () => {
    expect(grade(numeric, { value: 12500 }).feedback[0]).toMatchObject({ text: expect.stringMatching(/factor of about 10\^3/) });
  });
  it('refuses an answer in another unit', () => {
    const r = grade(numeric, { value: '12.5 MB/s' });
    expect(r).toMatchObject({ score: 0, correct: false });
    expect(r.malformed).toBeUndefined();
    expect(r.feedback[0]).toMatchObject({ text: 'The answer is asked in GB/day, yours is in MB/s. Convert it to GB/day.' });
  });
  it('rejects malformed values', () => {
    expect(grade(numeric, { value: 'about twelve' }).malformed).toBe('"about twelve" is not a number');
    expect(grade(numeric, { value: Number.NaN })).toMatchObject({
      score: 0,
      malformed: expect.stringMatching(/^a numeric question expects/),
    });
    expect(grade(numeric, { answer: 12.5 }).malformed).toMatch(/numeric question expects/);
  });
  it('reads the ways people type numbers', () => {
    expect(parseNumericInput('1,000,000')).toEqual({ value: 1_000_000, unit: '' });
    expect(parseNumericInput('1 000 spans')).toEqual({ value: 1000, unit: 'spans' });
    expect(parseNumericInput('1.2e6')).toEqual({ value: 1.2e6, unit: '' });
    expect(parseNumericInput('12,5')).toEqual({ value: 12.5, unit: '' });
    expect(parseNumericInput('-3')).toEqual({ value: -3, unit: '' });
    expect(parseNumericInput('1.2.3')).toBeNull();
    expect(parseNumericInput('GB')).toBeNull();
  });
});

describe('text', () => {
  it('accepts alternatives with case, whitespace, backticks and a full stop normalised', () => {
    expect(grade(text, { text: 'traceparent' }).correct).toBe(true);
    expect(grade(text, { text: '  `TraceParent`. ' }).correct).toBe(true);
    expect(grade(text, { text: 'trace-parent   header' }).correct).toBe(true);
  });
  it('rejects other answers, recognising anticipated ones', () => {
    expect(grade(text, { text: 'baggage' })).toMatchObject({ score: 0, correct: false, misconceptions: [] });
    expect(grade(text, { text: 'tracestate' })).toMatchObject({ score: 0, misconceptions: ['confuses-tracestate'] });
  });
  it('respects caseSensitive', () => {
    const strict = q({ ...base, id: 'case', type: 'text', accepted: ['SpanKind.SERVER'], caseSensitive: true });
    expect(grade(strict, { text: 'SpanKind.SERVER' }).correct).toBe(true);
    expect(grade(strict, { text: 'spankind.server' }).correct).toBe(false);
  });
  it('rejects malformed and empty responses', () => {
    expect(grade(text, { text: 42 }).malformed).toMatch(
      /text question expects \{ "text": "<answer>" \} \(text: expected text, found number 42\)/,
    );
    expect(grade(text, { text: '   ' }).malformed).toBe('the answer is empty');
  });
  it('normalises text', () => {
    expect(normaliseText(' "Two  Traces." ')).toBe('two traces');
    expect(normaliseText('ＴＷＯ')).toBe('two');
  });
});

describe('rightResponse', () => {
  it('is graded right for every type', () => {
    for (const question of [single, multiple, order, numeric, text]) {
      expect(grade(question, rightResponse(question))).toMatchObject({ score: 1, correct: true });
    }
  });
});
