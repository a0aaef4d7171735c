import './csp-safe-zod.ts';
import { z } from 'zod';
import { OutcomeIdSchema } from './lesson.ts';

// Pieces shared by the question types: ids, the fields every question has,
// choices, and the seeded dataset of a question graded by running. Each type's
// own question and response schemas live in its module under
// src/course/question-types/.

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

/** For an id that is not kebab-case: the problem, and the id it could be. */
export const KEBAB_ADVICE = {
  [String(KEBAB)]: (input: string) => {
    const suggestion = input
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    return {
      problem: `${JSON.stringify(input)} is not kebab-case`,
      fix: suggestion ? `use lower-case words joined by hyphens, such as "${suggestion}"` : 'use lower-case words joined by hyphens',
    };
  },
};

/** Author-written Markdown: never empty. */
export const MarkdownSchema = z.string().trim().min(1);

export const QuestionBaseSchema = z.strictObject({
  id: KebabIdSchema,
  outcome: OutcomeIdSchema,
  prompt: MarkdownSchema,
  explanation: MarkdownSchema,
});
export type QuestionBase = z.output<typeof QuestionBaseSchema>;

export const ChoiceSchema = z.strictObject({
  id: KebabIdSchema,
  text: MarkdownSchema,
  correct: z.boolean().default(false),
  feedback: MarkdownSchema,
  misconception: KebabIdSchema.optional(),
});
export type Choice = z.output<typeof ChoiceSchema>;
export type ChoiceInput = z.input<typeof ChoiceSchema>;

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
