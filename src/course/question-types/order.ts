import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { KebabIdSchema, MarkdownSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { clampScore, defineQuestionType, publicBase, duplicates, quoteList, type Feedback, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';
import { seededShuffle } from '../shuffle.ts';

export const OrderItemSchema = z.strictObject({
  id: KebabIdSchema,
  text: MarkdownSchema,
  /** Why this step sits where it does; shown in the review. */
  feedback: MarkdownSchema.optional(),
});
export type OrderItem = z.output<typeof OrderItemSchema>;

export const OrderQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('order'),
  /** Listed in the correct order; shuffled for display. */
  items: z.array(OrderItemSchema),
});
export type OrderQuestion = z.output<typeof OrderQuestionSchema>;

export const OrderResponseSchema = z.strictObject({ order: z.array(z.string().min(1)) });
export type OrderResponse = z.output<typeof OrderResponseSchema>;

// Partial credit for ordering: find the longest run of items the learner already
// has in the right relative order (longest increasing subsequence of their
// expected positions). The fewest moves that fix the order is n − L, so
//   score = (L − 1) / (n − 1)
// gives 1 for the right order, 0 for the exact reverse, and one equal step per
// item that has to move.

/** Indices (into `seq`) of one longest strictly increasing subsequence. */
export function longestIncreasingRun(seq: readonly number[]): number[] {
  const n = seq.length;
  if (n === 0) return [];
  const len = new Array<number>(n).fill(1);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (seq[j]! < seq[i]! && len[j]! + 1 > len[i]!) {
        len[i] = len[j]! + 1;
        prev[i] = j;
      }
    }
  }
  let end = 0;
  for (let i = 1; i < n; i++) if (len[i]! > len[end]!) end = i;
  const run: number[] = [];
  for (let i = end; i !== -1; i = prev[i]!) run.push(i);
  return run.reverse();
}

export function orderScore(inOrder: number, total: number): number {
  if (total < 2) return inOrder === total ? 1 : 0;
  return clampScore((inOrder - 1) / (total - 1));
}

/**
 * An exam's items without their feedback, in an order fixed by the question id
 * that is never the right one, so the page's source does not hold the answer.
 */
export function scrambledItems(q: OrderQuestion): { id: string; text: string }[] {
  const items = q.items.map((i) => ({ id: i.id, text: i.text }));
  const shuffled = seededShuffle(items, `exam:${q.id}`);
  if (items.length > 1 && shuffled.every((item, i) => item.id === items[i]!.id)) shuffled.push(shuffled.shift()!);
  return shuffled;
}

export default defineQuestionType<OrderQuestion, OrderResponse, z.input<typeof OrderQuestionSchema>>({
  type: 'order',
  hint: 'put in order',
  input: { kind: 'order' },
  schema: OrderQuestionSchema,
  response: OrderResponseSchema,
  responseShape: '{ "order": ["<item id>", ...] } listing every item once',
  check(q) {
    const problems: Problem[] = [];
    if (q.items.length < 2) {
      problems.push({
        field: 'items',
        problem: `has ${q.items.length} item${q.items.length === 1 ? '' : 's'}, an order question needs at least 2`,
        fix: 'list at least two steps, in the right order',
      });
    }
    const dup = duplicates(q.items.map((i) => i.id));
    if (dup.length > 0) {
      problems.push({
        field: 'items',
        problem: `item id ${quoteList(dup)} is used more than once`,
        fix: 'give every item its own id',
      });
    }
    return problems;
  },
  grade(q, r) {
    const ids = q.items.map((i) => i.id);
    const known = new Set(ids);
    const unknown = r.order.filter((id) => !known.has(id));
    const dup = duplicates(r.order);
    const missing = ids.filter((id) => !r.order.includes(id));
    if (unknown.length || dup.length || missing.length) {
      const parts = [
        unknown.length ? `unknown item ${quoteList(unknown)}` : '',
        dup.length ? `item ${quoteList(dup)} listed twice` : '',
        missing.length ? `item ${quoteList(missing)} missing` : '',
      ].filter(Boolean);
      return malformedResult(`${parts.join(', ')}; list each of ${quoteList(ids)} once`);
    }
    const expected = r.order.map((id) => ids.indexOf(id));
    const run = new Set(longestIncreasingRun(expected));
    const correct = expected.every((e, i) => e === i);
    const score = correct ? 1 : orderScore(run.size, ids.length);
    const items: Feedback[] = r.order.map((id, position) => {
      const item = q.items[expected[position]!]!;
      return {
        kind: 'item',
        id,
        position,
        expected: expected[position]!,
        inOrder: run.has(position),
        ...(item.feedback ? { feedback: item.feedback } : {}),
      };
    });
    const toMove = ids.length - run.size;
    return {
      score,
      correct,
      feedback: [
        {
          kind: 'message',
          tone: correct ? 'right' : score > 0 ? 'partial' : 'wrong',
          text: correct ? 'Every step is in the right place.' : `${toMove} of ${ids.length} steps need to move to get the right order.`,
        },
        ...items,
      ],
      misconceptions: [],
      wrong: correct
        ? []
        : [
            {
              key: r.order.join('>'),
              label: r.order.map((id) => q.items[ids.indexOf(id)]!.text).join(' → '),
            },
          ],
    };
  },
  answerKey(q) {
    return q.items.map((item, i) => `${i + 1}. ${item.text}`).join(' ');
  },
  rightResponse(q) {
    return { order: q.items.map((i) => i.id) };
  },
  examQuestion(q) {
    // The items are written in the right order: the page gets them in a seeded order that never is that one.
    return { ...publicBase(q), items: scrambledItems(q) };
  },
});
