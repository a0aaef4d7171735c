import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { examQuestion, QUESTION_TYPES, type Question } from '../../../src/course/question-types/index.ts';

// Every question type's public form (what an exam page ships) keeps what the
// learner reads and answers with, and drops every field that says what is right.

const content = loadCourseContentOrThrow(join(import.meta.dirname, '../../../content'));
const questions: Question[] = content.quizzes.flatMap((b) => b.questions);

/** Fields that carry the key somewhere in a question of some type. */
const KEY_FIELDS = [
  'correct',
  'feedback',
  'misconception',
  'explanation',
  'accepted',
  'pattern',
  'answer',
  'tolerance',
  'wrongAnswers',
  'reference',
];

function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
  return [];
}

describe('the public form of a question', () => {
  it('is tested on a question of every type', () => {
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(Object.keys(QUESTION_TYPES)));
  });

  it.each(questions.map((q) => [q.id, q] as const))('%s keeps no key field', (_id, q) => {
    const shown = examQuestion(q);
    expect(keysDeep(shown).filter((k) => KEY_FIELDS.includes(k))).toEqual([]);
    expect(shown).toMatchObject({ id: q.id, type: q.type, prompt: q.prompt });
  });

  it('keeps every choice and item the learner picks from, with its text', () => {
    for (const q of questions) {
      const shown = examQuestion(q) as { choices?: { id: string; text: string }[]; items?: { id: string; text: string }[] };
      if ('choices' in q) expect(shown.choices).toEqual(q.choices.map((c) => ({ id: c.id, text: c.text })));
      if ('items' in q)
        expect([...shown.items!].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
          q.items.map((i) => ({ id: i.id, text: i.text })).sort((a, b) => a.id.localeCompare(b.id)),
        );
    }
  });

  it('lists an order question’s items in an order that is not the right one', () => {
    const orders = questions.filter((q) => q.type === 'order');
    expect(orders.length).toBeGreaterThan(0);
    for (const q of orders) {
      const shown = examQuestion(q) as { items?: { id: string }[] };
      expect(shown.items!.map((i) => i.id)).not.toEqual(q.items.map((i) => i.id));
    }
  });

  it('keeps the unit of a numeric answer and the dataset and requirements a query or policy is written for', () => {
    const numeric = questions.find((q): q is Extract<Question, { type: 'numeric' }> => q.type === 'numeric' && q.unit !== undefined)!;
    expect(examQuestion(numeric)).toMatchObject({ unit: numeric.unit });
    const policy = questions.find((q): q is Extract<Question, { type: 'sampling-policy' }> => q.type === 'sampling-policy')!;
    expect(examQuestion(policy)).toMatchObject({ dataset: policy.dataset, requirements: policy.requirements });
  });
});

describe('the content hash of an exam question', () => {
  it('covers the public form only, so it differs from the self-study hash and is the same for every read of the content', () => {
    const asExam = loadCourseContentOrThrow(join(import.meta.dirname, '../../../content'), { examBanks: ['module'] });
    const again = loadCourseContentOrThrow(join(import.meta.dirname, '../../../content'), { examBanks: ['module'] });
    const moduleIds = content.quizzes.find((b) => b.id === 'module')!.questions.map((q) => q.id);
    for (const id of moduleIds) {
      expect(asExam.questions.get(id)!.hash).not.toBe(content.questions.get(id)!.hash);
      expect(asExam.questions.get(id)!.hash).toBe(again.questions.get(id)!.hash);
    }
    expect(asExam.quizzes.find((b) => b.id === 'module')!.exam).toBe(true);
    // Other banks keep their hashes: making one bank an exam does not make other answers stale.
    const other = content.quizzes.find((b) => b.id !== 'module')!.questions[0]!.id;
    expect(asExam.questions.get(other)!.hash).toBe(content.questions.get(other)!.hash);
  });
});
