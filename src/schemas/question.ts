import { z } from 'astro/zod';
import { OutcomeIdSchema } from './lesson.ts';

// Shared pieces of every question, and the five built-in question types with
// the response each one accepts. Question types that need the sandbox
// (traceql, sampling-policy) declare theirs next to their grader and join the
// registry in src/course/question-types/index.ts.

export { OutcomeIdSchema };

/** Lesson slugs a bank may belong to (CONTRACTS.md). */
export const LESSON_SLUGS = [
  'index', 'overview', 'trace-anatomy', 'worked-example', 'backends', 'sampling',
  'correlation', 'production', 'review', 'module-quiz', 'lab',
] as const;
export const LessonSlugSchema = z.enum(LESSON_SLUGS);
export type LessonSlug = z.output<typeof LessonSlugSchema>;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Stable ids: kebab-case, so they survive being used in URLs, keys and CSV headers. */
export const KebabIdSchema = z
  .string()
  .regex(KEBAB, { message: 'must be kebab-case (lower-case letters, digits and single hyphens)' });

const Markdown = z.string().trim().min(1);

export const QuestionBaseSchema = z.strictObject({
  id: KebabIdSchema,
  outcome: OutcomeIdSchema,
  prompt: Markdown,
  explanation: Markdown,
});
export type QuestionBase = z.output<typeof QuestionBaseSchema>;

export const ChoiceSchema = z.strictObject({
  id: KebabIdSchema,
  text: Markdown,
  correct: z.boolean().default(false),
  feedback: Markdown,
  misconception: KebabIdSchema.optional(),
});
export type Choice = z.output<typeof ChoiceSchema>;
export type ChoiceInput = z.input<typeof ChoiceSchema>;

export const SingleQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('single'),
  choices: z.array(ChoiceSchema),
  /** false keeps the authored order (for choices such as "0, 1, 2 spans"). */
  shuffle: z.boolean().default(true),
});
export type SingleQuestion = z.output<typeof SingleQuestionSchema>;

export const MultipleQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('multiple'),
  choices: z.array(ChoiceSchema),
  shuffle: z.boolean().default(true),
});
export type MultipleQuestion = z.output<typeof MultipleQuestionSchema>;

export const OrderItemSchema = z.strictObject({
  id: KebabIdSchema,
  text: Markdown,
  /** Why this step sits where it does; shown in the review. */
  feedback: Markdown.optional(),
});
export type OrderItem = z.output<typeof OrderItemSchema>;

export const OrderQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('order'),
  /** Listed in the correct order; shuffled for display. */
  items: z.array(OrderItemSchema),
});
export type OrderQuestion = z.output<typeof OrderQuestionSchema>;

export const NumericWrongAnswerSchema = z.strictObject({
  answer: z.number(),
  tolerance: z.number().default(0),
  feedback: Markdown,
  misconception: KebabIdSchema.optional(),
});

export const NumericQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('numeric'),
  answer: z.number(),
  /** Absolute: a response r is right when |r − answer| ≤ tolerance. */
  tolerance: z.number().default(0),
  unit: z.string().trim().min(1).optional(),
  /** Anticipated mistakes (e.g. forgot to multiply by spans per request), with feedback. */
  wrongAnswers: z.array(NumericWrongAnswerSchema).default([]),
});
export type NumericQuestion = z.output<typeof NumericQuestionSchema>;

export const TextWrongAnswerSchema = z.strictObject({
  accepted: z.array(z.string().trim().min(1)).min(1),
  feedback: Markdown,
  misconception: KebabIdSchema.optional(),
});

export const TextQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('text'),
  accepted: z.array(z.string().trim().min(1)).default([]),
  /** Regular expression tested against the normalised response. */
  pattern: z.string().min(1).optional(),
  caseSensitive: z.boolean().default(false),
  wrongAnswers: z.array(TextWrongAnswerSchema).default([]),
});
export type TextQuestion = z.output<typeof TextQuestionSchema>;

// Responses: what a learner submits, stored raw and re-graded by the grade command.
export const SingleResponseSchema = z.strictObject({ choice: z.string().min(1) });
export const MultipleResponseSchema = z.strictObject({ choices: z.array(z.string().min(1)) });
export const OrderResponseSchema = z.strictObject({ order: z.array(z.string().min(1)) });
export const NumericResponseSchema = z.strictObject({ value: z.union([z.number(), z.string()]) });
export const TextResponseSchema = z.strictObject({ text: z.string() });
export type SingleResponse = z.output<typeof SingleResponseSchema>;
export type MultipleResponse = z.output<typeof MultipleResponseSchema>;
export type OrderResponse = z.output<typeof OrderResponseSchema>;
export type NumericResponse = z.output<typeof NumericResponseSchema>;
export type TextResponse = z.output<typeof TextResponseSchema>;
