import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../src/course/content-hash.ts';
import { markdownFields, plainText } from '../../../src/course/markdown-fields.ts';
import { QuestionSchema } from '../../../src/course/question-types/index.ts';
import { displayOrder, seededShuffle } from '../../../src/course/shuffle.ts';

const question = QuestionSchema.parse({
  id: 'q',
  type: 'single',
  outcome: 'debug',
  prompt: 'Which header carries the trace id?',
  explanation: 'traceparent carries it.',
  choices: [
    { id: 'a', text: 'traceparent', correct: true, feedback: 'Yes.' },
    { id: 'b', text: 'tracestate', feedback: 'Vendor data.' },
    { id: 'c', text: 'baggage', feedback: 'Application data.' },
    { id: 'd', text: 'x-request-id', feedback: 'Not a W3C header.' },
  ],
});

describe('content hash', () => {
  it('is stable across key order, line endings and trailing spaces', () => {
    const reordered = JSON.parse(JSON.stringify({ ...question, prompt: 'Which header carries the trace id?  \r\n' }));
    expect(contentHash(reordered)).toBe(contentHash(question));
    expect(canonicalJson({ b: 1, a: [1, 'x'] })).toBe('{"a":[1,"x"],"b":1}');
  });
  it('changes when what is asked or what is right changes', () => {
    const h = contentHash(question);
    expect(contentHash({ ...question, prompt: 'Which header carries the span id?' })).not.toBe(h);
    const choices = question.type === 'single' ? question.choices : [];
    expect(contentHash({ ...question, choices: choices.map((c) => ({ ...c, correct: c.id === 'b' })) })).not.toBe(h);
    expect(contentHash({ ...question, choices: choices.slice(0, 3) })).not.toBe(h);
  });
  it('does not change when only feedback or the explanation is edited', () => {
    const choices = question.type === 'single' ? question.choices : [];
    const edited = { ...question, explanation: 'Rewritten.', choices: choices.map((c) => ({ ...c, feedback: `${c.feedback} More.` })) };
    expect(contentHash(edited)).toBe(contentHash(question));
  });
});

describe('seeded shuffle', () => {
  it('gives the same order for the same seed and a permutation of the input', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(seededShuffle(items, 'learner-1:q')).toEqual(seededShuffle(items, 'learner-1:q'));
    expect([...seededShuffle(items, 'learner-1:q')].sort()).toEqual(items);
  });
  it('differs between learners', () => {
    const orders = new Set(Array.from({ length: 20 }, (_, i) => displayOrder(question, `learner-${i}`)!.join()));
    expect(orders.size).toBeGreaterThan(5);
  });
  it('spreads the right answer over every position', () => {
    const positions = new Set(Array.from({ length: 40 }, (_, i) => displayOrder(question, `l${i}`)!.indexOf('a')));
    expect(positions).toEqual(new Set([0, 1, 2, 3]));
  });
  it('keeps the authored order when shuffle is false', () => {
    expect(displayOrder({ ...question, shuffle: false }, 'anyone')).toEqual(['a', 'b', 'c', 'd']);
  });
  it('never shows an order question already solved', () => {
    const order = { id: 'o', type: 'order', items: [{ id: 'x' }, { id: 'y' }] };
    for (let i = 0; i < 30; i++) expect(displayOrder(order, `l${i}`)).toEqual(['y', 'x']);
  });
  it('has no order for types without a list', () => {
    expect(displayOrder({ id: 'n', type: 'numeric' }, 'l')).toBeNull();
  });
});

describe('markdown fields', () => {
  it('lists every Markdown string of a question by a stable path', () => {
    const numeric = QuestionSchema.parse({
      id: 'n',
      type: 'numeric',
      outcome: 'sampling',
      prompt: 'How *many*?',
      explanation: 'Multiply.',
      answer: 1,
      wrongAnswers: [{ answer: 2, feedback: 'Twice `too` many.' }],
    });
    expect(markdownFields(numeric)).toEqual({
      prompt: 'How *many*?',
      explanation: 'Multiply.',
      'wrongAnswers.0.feedback': 'Twice `too` many.',
    });
    expect(markdownFields(question)).toMatchObject({ 'choices.a.text': 'traceparent', 'choices.d.feedback': 'Not a W3C header.' });
  });
  it('reduces Markdown to plain text for accessible names', () => {
    expect(plainText('The `traceparent` **header** [spec](https://w3.org)')).toBe('The traceparent header spec');
    expect(plainText('`http.response.status_code` and _emphasis_')).toBe('http.response.status_code and emphasis');
  });
});
