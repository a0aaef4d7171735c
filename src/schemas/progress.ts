import './csp-safe-zod.ts';
import { z } from 'zod';
import { PredictionResponseSchema } from './prediction.ts';

// What the browser keeps in localStorage under PROGRESS_KEY. Versioned: a
// change of shape gets a new version and a migration, never a silent reinterpretation.

export const PROGRESS_FORMAT = 'dt-course-progress';
export const PROGRESS_VERSION = 1;

/**
 * A point in time as ISO 8601 (what `Date.prototype.toISOString` writes; an
 * offset such as +02:00 is accepted too). Merging compares parsed times, so a
 * string that merely sorts late ("9999") is refused here, not trusted there.
 */
export const IsoTimestamp = z.iso.datetime({
  offset: true,
  message: 'should be an ISO 8601 date and time such as 2025-03-14T09:58:10Z',
});
const Timestamp = IsoTimestamp;

/** Deepest nesting a stored or imported response may have (real responses are 2 or 3 levels deep). */
export const MAX_RESPONSE_DEPTH = 32;

/** How deeply `value` nests, counted without recursion; stops once past `limit`. */
export function nestingDepth(value: unknown, limit = MAX_RESPONSE_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return deepest;
}

/** A raw response of any question type, kept as given but never nested deeper than MAX_RESPONSE_DEPTH. */
export const RawResponseSchema = z.custom<unknown>((v) => nestingDepth(v) <= MAX_RESPONSE_DEPTH, {
  message: `is nested more than ${MAX_RESPONSE_DEPTH} levels deep (no question takes such a response)`,
});

export const AnswerRecordSchema = z.object({
  bank: z.string().min(1),
  /** Content hash of the question when it was answered: a different current hash means stale. */
  hash: z.string().min(1),
  /** Latest raw response, re-graded by the progress page and the grade command. */
  response: RawResponseSchema,
  /** The first raw response, for item analysis of first attempts. */
  firstResponse: RawResponseSchema,
  /** Score the site showed for the latest response (informative: the progress page and the grade command re-grade). */
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
  /** repaired: some entries could not be read; they were set aside with the whole old copy, the rest kept. */
  kind: z.enum(['corrupt', 'foreign', 'future', 'unavailable', 'not-saved', 'repaired']),
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
  lab: z
    .object({
      checked: z.array(z.string()).default([]),
      /** When each item was last ticked or unticked here, so two tabs agree on the later change. */
      changedAt: z.record(z.string(), Timestamp).optional(),
    })
    .default({ checked: [] }),
  /**
   * When the learner last reset or restored their progress. Another tab's copy
   * from before then does not bring older entries back.
   */
  resetAt: Timestamp.optional(),
  /** Answers cleared to retry a quiz: question id → when. Another tab does not bring them back. */
  cleared: z.record(z.string(), Timestamp).optional(),
  notice: StorageNoticeSchema.optional(),
  updatedAt: Timestamp,
});
export type Progress = z.output<typeof ProgressSchema>;
export type ProgressInput = z.input<typeof ProgressSchema>;

/**
 * The one backup slot of the progress page: the whole progress as it was just
 * before the last import (or restore), so the learner can go back to it.
 */
export const PROGRESS_BACKUP_FORMAT = 'dt-course-progress-backup';
export const ProgressBackupSchema = z.object({
  format: z.literal(PROGRESS_BACKUP_FORMAT),
  version: z.literal(1),
  savedAt: IsoTimestamp,
  /** What was about to happen when the copy was taken. */
  before: z.enum(['import', 'restore']),
  progress: ProgressSchema,
});
export type ProgressBackup = z.output<typeof ProgressBackupSchema>;
