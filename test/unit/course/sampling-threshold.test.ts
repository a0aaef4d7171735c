import { describe, expect, it } from 'vitest';
import {
  answerKey,
  checkQuestion,
  examQuestion,
  grade,
  QuestionSchema,
  rightResponse,
  type Question,
  type QuestionInput,
} from '../../../src/course/question-types/index.ts';

// A sampling-threshold question is graded by decoding what the learner wrote
// to the probability its threshold keeps. The expected figures are worked
// out by hand from the specification's rule, probability = (2^56 − T) / 2^56
// with T the th digits padded to 14 (open-telemetry/opentelemetry-specification,
// specification/trace/tracestate-handling.md, "Sampling threshold value th"):
// th:c is 0xc/0x10 = 75 % rejected, th:25 is 0x25/0x100 = 37/256 rejected.

const q = (input: Partial<QuestionInput> & Record<string, unknown>): Question =>
  QuestionSchema.parse({
    id: 'keep-a-quarter',
    type: 'sampling-threshold',
    outcome: 'sampling',
    prompt: 'Keep 25 %: what th?',
    explanation: 'Because.',
    probability: 0.25,
    wrongAnswers: [
      { th: '4', feedback: 'th is the share rejected.', misconception: 'threshold-is-acceptance' },
      { th: 'ot=th:8', feedback: 'That is half.' },
    ],
    ...input,
  } as QuestionInput);

const quarter = q({});
const answer = (question: Question, tracestate: string) => grade(question, { tracestate });
const texts = (r: ReturnType<typeof grade>) => r.feedback.map((f) => (f.kind === 'message' ? f.text : ''));

describe('sampling-threshold: right in every spelling the specifications allow', () => {
  it.each([
    'c',
    'C',
    'th:c',
    'ot=th:c',
    'ot=th:C',
    'ot=th:c0',
    'ot=th:c0000000000000',
    'tracestate: ot=th:c',
    '`ot=th:c`',
    'ot=rv:9b8233f7e3a151;th:c',
    'congo=t61rcWkgMzE, ot=th:c , rojo=00f067aa0ba902b7',
    'congo=t61rcWkgMzE,\tot=th:c;rv:9b8233f7e3a151',
  ])('%s keeps 25 %%', (written) => {
    const r = answer(quarter, written);
    expect(r.correct).toBe(true);
    expect(r.score).toBe(1);
    expect(texts(r)[0]).toBe('Right: `th:c` keeps 25% of traces (it rejects 75%).');
  });
});

describe('sampling-threshold: a wrong threshold is told what it keeps', () => {
  it('an anticipated wrong answer, in any spelling, gets its feedback and misconception', () => {
    for (const written of ['4', 'th:40', 'ot=th:4']) {
      const r = answer(quarter, written);
      expect(r.correct).toBe(false);
      expect(r.score).toBe(0);
      expect(texts(r)).toEqual([expect.stringMatching(/keeps 75% of traces \(it rejects 25%\), not 25%\.$/), 'th is the share rejected.']);
      expect(r.misconceptions).toEqual(['threshold-is-acceptance']);
      expect(r.wrong).toEqual([{ key: 'anticipated:0', label: 'th:4', misconception: 'threshold-is-acceptance' }]);
    }
  });

  it('an unanticipated one says the probability it means', () => {
    const r = answer(quarter, 'ot=th:25');
    expect(r.correct).toBe(false);
    expect(texts(r)).toEqual(['`th:25` keeps 85.5% of traces (it rejects 14.5%), not 25%.']);
    expect(r.misconceptions).toEqual([]);
  });

  it('counts spellings of one threshold as one wrong answer in the item analysis', () => {
    expect(answer(quarter, 'E').wrong).toEqual(answer(quarter, 'ot=th:e00').wrong);
  });
});

describe('sampling-threshold: tolerance', () => {
  const tenth = q({ probability: 0.1, wrongAnswers: [] });

  it('by default is as close as the specification’s 4-digit th (th:e666 for 10 %)', () => {
    expect(answer(tenth, 'e666').correct).toBe(true);
    // 5 digits are closer to 10 % still.
    expect(answer(tenth, 'e6666').correct).toBe(true);
    // 0xe66 / 0x1000 rejected keeps 410/4096 = 10.0098 %.
    expect(answer(tenth, 'e66').correct).toBe(false);
  });

  it('is what the question states when it states one', () => {
    const loose = q({ probability: 0.1, tolerance: 0.001, wrongAnswers: [] });
    expect(answer(loose, 'e66').correct).toBe(true);
    expect(answer(loose, 'e').correct).toBe(false);
  });
});

describe('sampling-threshold: malformed answers say what is wrong', () => {
  it.each([
    ['', 'the answer is empty'],
    ['ot=th:g', '"g" is not a th value, which is 1 to 14 hexadecimal digits (0–9, a–f)'],
    ['c000000000000000', '"c000000000000000" is not a th value, which is 1 to 14 hexadecimal digits (0–9, a–f)'],
    ['25 %', '"25 %" is not a th value, which is 1 to 14 hexadecimal digits (0–9, a–f)'],
    ['ot=rv:9b8233f7e3a151', 'the `ot` entry has no `th:` value'],
    ['ot=th:c;th:8', 'the `ot` entry has more than one `th:` value; its keys must be unique'],
    ['congo=t61rcWkgMzE', 'the tracestate has no `ot=` entry, where OpenTelemetry writes `th`'],
    ['ot=th:c,ot=th:8', 'the tracestate has more than one `ot=` entry; its keys must be unique'],
  ])('%j', (written, problem) => {
    const r = answer(quarter, written);
    expect(r.correct).toBe(false);
    expect(r.malformed).toBe(problem);
  });

  it('a response of the wrong shape names the shape expected', () => {
    const r = grade(quarter, { text: 'c' });
    expect(r.malformed).toMatch(/^a sampling-threshold question expects \{ "tracestate": "<th value, e\.g\. c, th:c or ot=th:c>" \}/);
  });
});

describe('sampling-threshold: build-time checks', () => {
  it('passes a sound question', () => {
    expect(checkQuestion(q({ reference: 'ot=th:c' }))).toEqual([]);
  });

  it.each([0, -0.25, 1.5])('refuses a target probability of %s', (probability) => {
    expect(checkQuestion(q({ probability })).map((p) => p.field)).toEqual(['probability']);
  });

  it('accepts a target of 1 (th:0)', () => {
    expect(checkQuestion(q({ probability: 1, reference: 'th:0' }))).toEqual([]);
  });

  it('refuses a reference that grades wrong or cannot be read', () => {
    expect(checkQuestion(q({ reference: 'ot=th:8' }))).toEqual([
      expect.objectContaining({
        field: 'reference',
        problem: '`th:8` keeps 50% of traces (it rejects 50%), not the target 25%, so it grades wrong',
      }),
    ]);
    expect(checkQuestion(q({ reference: 'ot=p:8' })).map((p) => p.field)).toEqual(['reference']);
  });

  it('refuses a wrong answer that is right, unreadable, or the same threshold as an earlier one', () => {
    const problems = checkQuestion(
      q({
        wrongAnswers: [
          { th: '4', feedback: 'a' },
          { th: 'C0', feedback: 'b' },
          { th: 'x', feedback: 'c' },
          { th: 'ot=th:40', feedback: 'd' },
        ],
      }),
    );
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      ['wrongAnswers[1].th', 'grades right, so this feedback never shows'],
      ['wrongAnswers[2].th', 'cannot be read: "x" is not a th value, which is 1 to 14 hexadecimal digits (0–9, a–f)'],
      ['wrongAnswers[3].th', "is the same threshold as wrongAnswers[0], so only that entry's feedback shows"],
    ]);
  });
});

describe('sampling-threshold: key and exam form', () => {
  it('the key names the th and the right response grades right', () => {
    expect(answerKey(quarter)).toContain('`ot=th:c`');
    expect(rightResponse(quarter)).toEqual({ tracestate: 'ot=th:c' });
    expect(grade(quarter, rightResponse(quarter)).correct).toBe(true);
    expect(rightResponse(q({ reference: 'th:C' }))).toEqual({ tracestate: 'th:C' });
  });

  it('an exam ships the prompt and nothing of the key', () => {
    expect(examQuestion(q({ reference: 'ot=th:c', tolerance: 0.01 }))).toEqual({
      id: 'keep-a-quarter',
      type: 'sampling-threshold',
      outcome: 'sampling',
      prompt: 'Keep 25 %: what th?',
    });
  });
});
