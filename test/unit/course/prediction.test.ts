import { describe, expect, it } from 'vitest';
import { judgeCheck, predictionPhase, responseProblem } from '../../../src/course/prediction.ts';
import { PredictionSchema, type RunFacts } from '../../../src/schemas/prediction.ts';

const prediction = PredictionSchema.parse({
  id: 'anatomy-broken-edge',
  outcome: 'debug',
  prompt: 'How many traces?',
  kind: 'choice',
  choices: [
    { id: 'one', text: 'One trace' },
    { id: 'two', text: 'Two unrelated traces' },
    { id: 'none', text: 'No trace at all' },
  ],
  answer: 'two',
  explanation: 'A new root starts a new trace.',
  check: { scenario: { cart: 'normal', brokenEdge: 'checkout-api->payment-api' }, fact: 'traceCount', expect: { one: 1, two: 2, none: 0 } },
});
const textPrediction = PredictionSchema.parse({
  id: 'words',
  outcome: 'debug',
  prompt: 'Say it',
  kind: 'text',
  answer: 'A model answer.',
  explanation: 'Because.',
});

const facts = (traceCount: number): RunFacts => ({
  traceCount,
  spanCount: 9,
  slowestChildSpan: 'authorize_payment',
  errorSpans: [],
  rootStatusCode: 200,
  orphanSpans: 0,
});

describe('predict, then reveal', () => {
  const record = (over: object = {}) => ({ lesson: 'trace-anatomy', hash: 'h1', response: { choice: 'two' }, committedAt: 't', ...over });
  it('is open until committed, committed until revealed, and open again when the question changed', () => {
    expect(predictionPhase(undefined, 'h1')).toBe('open');
    expect(predictionPhase(record(), 'h1')).toBe('committed');
    expect(predictionPhase(record({ revealedAt: 't2' }), 'h1')).toBe('revealed');
    expect(predictionPhase(record({ revealedAt: 't2' }), 'h2')).toBe('open');
  });
  it('says what is missing before a commit', () => {
    expect(responseProblem(prediction, {})).toBe('choose one of the answers first');
    expect(responseProblem(prediction, { text: 'hi' })).toBe('choose one of the answers first');
    expect(responseProblem(prediction, { choice: 'three' })).toBe('"three" is not one of the answers');
    expect(responseProblem(prediction, { choice: 'two' })).toBeNull();
    expect(responseProblem(textPrediction, { text: '   ' })).toBe('write your prediction first');
    expect(responseProblem(textPrediction, { text: 'Two traces, because…' })).toBeNull();
  });
});

describe('judgeCheck', () => {
  it('says which choice the run supports and whether the prediction held', () => {
    expect(judgeCheck(prediction, facts(2), { choice: 'two' })).toMatchObject({
      supportedChoice: 'two',
      confirmsAnswer: true,
      held: true,
      message: 'The run shows traces: 2. That matches your prediction, "Two unrelated traces": it held.',
    });
    expect(judgeCheck(prediction, facts(2), { choice: 'one' })).toMatchObject({
      held: false,
      message: 'The run shows traces: 2. That matches "Two unrelated traces", not your prediction "One trace".',
    });
  });
  it('reports a run no choice predicted, and a check with nothing committed', () => {
    expect(judgeCheck(prediction, facts(3), { choice: 'two' })).toMatchObject({
      supportedChoice: null,
      held: false,
      confirmsAnswer: false,
    });
    expect(judgeCheck(prediction, facts(1))).toMatchObject({ supportedChoice: 'one', held: null, confirmsAnswer: false });
  });
  it('compares span-name lists regardless of order', () => {
    const p = PredictionSchema.parse({
      ...prediction,
      check: { scenario: { cart: 'fail' }, fact: 'errorSpans', expect: { one: ['authorize_payment', 'POST /pay'], two: [] } },
    });
    expect(judgeCheck(p, { ...facts(1), errorSpans: ['POST /pay', 'authorize_payment'] })?.supportedChoice).toBe('one');
  });
  it('has nothing to judge for text predictions', () => {
    expect(judgeCheck(textPrediction, facts(1))).toBeNull();
  });
});
