import './csp-safe-zod.ts';
import { z } from 'astro/zod';
import { PredictionResponseSchema } from './prediction.ts';

// What the browser keeps in localStorage under PROGRESS_KEY. Versioned: a
// change of shape gets a new version and a migration, never a silent reinterpretation.

export const PROGRESS_FORMAT = 'dt-course-progress';
export const PROGRESS_VERSION = 1;

const Timestamp = z.string().min(1);

export const AnswerRecordSchema = z.object({
  bank: z.string().min(1),
  /** Content hash of the question when it was answered: a different current hash means stale. */
  hash: z.string().min(1),
  /** Latest raw response, re-graded by the grade command. */
  response: z.unknown(),
  /** The first raw response, for item analysis of first attempts. */
  firstResponse: z.unknown(),
  /** Score the site showed for the latest response (informative; never trusted by the grade command). */
  score: z.number().min(0).max(1),
  correct: z.boolean(),
  attempts: z.number().int().min(1),
  firstAnsweredAt: Timestamp,
  answeredAt: Timestamp,
});
export type AnswerRecord = z.output<typeof AnswerRecordSchema>;

export const QuizRecordSchema = z.object({
  /** Times the learner finished the quiz. */
  attempts: z.number().int().min(0),
  lastScore: z.number().min(0).max(1),
  bestScore: z.number().min(0).max(1),
  finishedAt: Timestamp,
});
export type QuizRecord = z.output<typeof QuizRecordSchema>;

export const CheckRecordSchema = z.object({
  supportedChoice: z.string().nullable(),
  held: z.boolean().nullable(),
  checkedAt: Timestamp,
});

export const PredictionRecordSchema = z.object({
  lesson: z.string().min(1),
  hash: z.string().min(1),
  response: PredictionResponseSchema,
  committedAt: Timestamp,
  revealedAt: Timestamp.optional(),
  check: CheckRecordSchema.optional(),
});
export type PredictionRecord = z.output<typeof PredictionRecordSchema>;

/**
 * A lesson the learner did something on (see src/course/activity.ts): first and
 * last time, how many recorded actions, and which kinds. `via` is absent on
 * records written before version 1 recorded actions (then a quiz scrolling
 * into view was enough); such a record alone does not count a lesson.
 * Kinds are plain strings so a record from a later course still parses.
 */
export const VisitRecordSchema = z.object({
  first: Timestamp,
  last: Timestamp,
  count: z.number().int().min(1),
  via: z.array(z.string().min(1)).optional(),
});
export type VisitRecord = z.output<typeof VisitRecordSchema>;

export const StorageNoticeSchema = z.object({
  /** corrupt: not readable; foreign: not ours; future: written by a newer version of the course. */
  kind: z.enum(['corrupt', 'foreign', 'future', 'unavailable', 'not-saved']),
  /** Where the old data was kept; null when it could not be copied (then it was left in place). */
  backupKey: z.string().nullable(),
  at: Timestamp,
});
export type StorageNotice = z.output<typeof StorageNoticeSchema>;

export const ProgressSchema = z.object({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  learner: z.object({
    /** Random local id: seeds the choice order and names the learner in exports. */
    id: z.string().min(1),
    /** Optional name or id the learner types before exporting. */
    name: z.string().default(''),
  }),
  visits: z.record(z.string(), VisitRecordSchema).default({}),
  answers: z.record(z.string(), AnswerRecordSchema).default({}),
  quizzes: z.record(z.string(), QuizRecordSchema).default({}),
  predictions: z.record(z.string(), PredictionRecordSchema).default({}),
  lab: z.object({ checked: z.array(z.string()).default([]) }).default({ checked: [] }),
  notice: StorageNoticeSchema.optional(),
  updatedAt: Timestamp,
});
export type Progress = z.output<typeof ProgressSchema>;
export type ProgressInput = z.input<typeof ProgressSchema>;
