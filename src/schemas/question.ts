import './csp-safe-zod.ts';
import { z } from 'zod';
import { OutcomeIdSchema } from './lesson.ts';

// Shared pieces of every question, and every question type with the response
// it accepts. The types graded by running the sandbox engines (traceql,
// sampling-policy) are declared here too, apart from their graders, so a page
// can know every question's shape without loading the engines.

export { OutcomeIdSchema };

/** Lesson slugs a bank may belong to (CONTRACTS.md). */
export const LESSON_SLUGS = [
  'index',
  'overview',
  'trace-anatomy',
  'worked-example',
  'backends',
  'sampling',
  'correlation',
  'production',
  'review',
  'module-quiz',
  'lab',
  'collector-tiers',
  'span-metrics',
  'traceql-deep-dive',
] as const;
export const LessonSlugSchema = z.enum(LESSON_SLUGS);
export type LessonSlug = z.output<typeof LessonSlugSchema>;

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Stable ids: kebab-case, so they survive being used in URLs, keys and CSV headers. */
export const KebabIdSchema = z.string().regex(KEBAB, { message: 'must be kebab-case (lower-case letters, digits and single hyphens)' });

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

/**
 * The seeded traffic a graded-by-running question works on (generateTraffic in
 * src/sandbox/traffic.ts): the same numbers give the same traces everywhere,
 * in the browser and in the grade command. Bounded so grading stays quick.
 */
export const DatasetSchema = z.strictObject({
  requests: z.int().min(20).max(2000),
  seed: z.int().min(0).max(2_147_483_647),
  /** Share of requests that fail. */
  errorRate: z.number().min(0).max(0.5).default(0.02),
  /** Share of requests that are slow (a request is never both). */
  slowRate: z.number().min(0).max(0.5).default(0.05),
});
export type Dataset = z.output<typeof DatasetSchema>;
export type DatasetInput = z.input<typeof DatasetSchema>;

/** A wrong query learners are expected to write; recognised by what it matches, whatever its spelling. */
export const TraceQLWrongAnswerSchema = z.strictObject({
  query: z.string().trim().min(1),
  feedback: Markdown,
  misconception: KebabIdSchema.optional(),
});

export const TraceQLQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('traceql'),
  dataset: DatasetSchema,
  /** A query that finds exactly what the question asks for; any query with the same result is right. */
  reference: z.string().trim().min(1),
  /** spans: the same traces and, in each, the same spans; traces: the same traces. */
  compare: z.enum(['traces', 'spans']).default('spans'),
  /** Text the answer box starts with. */
  starter: z.string().optional(),
  wrongAnswers: z.array(TraceQLWrongAnswerSchema).default([]),
});
export type TraceQLQuestion = z.output<typeof TraceQLQuestionSchema>;

/** What a learner's tail-sampling policy must achieve on the dataset (gradeSamplingPolicy). */
export const SamplingRequirementsSchema = z.strictObject({
  /** Every trace with an ERROR span is kept. */
  keepAllErrors: z.boolean().optional(),
  /** Every trace longer than this many ms (whole trace) is kept. */
  keepSlowerThanMs: z.int().min(1).max(60_000).optional(),
  /** At most this share (0..1) of the other traces is kept. */
  maxShareOfNormal: z.number().min(0).max(1).optional(),
});
export type SamplingRequirements = z.output<typeof SamplingRequirementsSchema>;

export const SamplingPolicyQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('sampling-policy'),
  dataset: DatasetSchema,
  requirements: SamplingRequirementsSchema,
  /** A tail_sampling configuration that meets every requirement (checked at build time). */
  reference: z.string().trim().min(1),
  /** YAML the answer box starts with. */
  starter: z.string().optional(),
});
export type SamplingPolicyQuestion = z.output<typeof SamplingPolicyQuestionSchema>;

// Responses: what a learner submits, stored raw and re-graded by the grade command.
export const SingleResponseSchema = z.strictObject({ choice: z.string().min(1) });
export const MultipleResponseSchema = z.strictObject({ choices: z.array(z.string().min(1)) });
export const OrderResponseSchema = z.strictObject({ order: z.array(z.string().min(1)) });
export const NumericResponseSchema = z.strictObject({ value: z.union([z.number(), z.string()]) });
export const TextResponseSchema = z.strictObject({ text: z.string() });
export const TraceQLResponseSchema = z.strictObject({ query: z.string() });
export const SamplingPolicyResponseSchema = z.strictObject({ policy: z.string() });
export type SingleResponse = z.output<typeof SingleResponseSchema>;
export type MultipleResponse = z.output<typeof MultipleResponseSchema>;
export type OrderResponse = z.output<typeof OrderResponseSchema>;
export type NumericResponse = z.output<typeof NumericResponseSchema>;
export type TextResponse = z.output<typeof TextResponseSchema>;
export type TraceQLResponse = z.output<typeof TraceQLResponseSchema>;
export type SamplingPolicyResponse = z.output<typeof SamplingPolicyResponseSchema>;
