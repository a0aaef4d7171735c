import './csp-safe-zod.ts';
import { z } from 'zod';
import { PredictionResponseSchema } from './prediction.ts';
import { IsoTimestamp, RawResponseSchema } from './progress.ts';

// The file a learner downloads from the progress page and hands to an
// instructor: version 1 of "dt-course-export". Raw responses are kept (not
// only scores) so the grade command re-grades them with the site's own code;
// each answer carries the content hash of the question it was given to.
// Unknown extra fields are ignored, so later versions can add fields safely.

export const EXPORT_FORMAT = 'dt-course-export';
export const EXPORT_VERSION = 1;

// Every time is ISO 8601 (see IsoTimestamp): an entry with a time that is not
// is listed and skipped, so "newer wins" always compares real points in time.
// Files written by every earlier copy of the course use toISOString and read as before.
const Timestamp = IsoTimestamp;
/** A raw response of any question type; the grade command checks its shape per type. */
const RawResponse = z.custom<unknown>((v) => v !== undefined, { message: 'is missing' }).pipe(RawResponseSchema);

export const ExportAnswerSchema = z.object({
  questionId: z.string().min(1),
  bank: z.string().min(1),
  hash: z.string().min(1),
  /** Latest raw response: { choice } | { choices } | { order } | { value } | { text } ... */
  response: RawResponse,
  /** First raw response (item analysis looks at first attempts). */
  firstResponse: RawResponseSchema.optional(),
  attempts: z.number().int().min(1),
  firstAnsweredAt: Timestamp.optional(),
  answeredAt: Timestamp,
  /** What the site showed; the grade command ignores it and re-grades. */
  score: z.number().optional(),
});
export type ExportAnswer = z.output<typeof ExportAnswerSchema>;

export const ExportQuizSchema = z.object({
  bank: z.string().min(1),
  attempts: z.number().int().min(0),
  lastScore: z.number().min(0).max(1),
  bestScore: z.number().min(0).max(1),
  finishedAt: Timestamp,
});

export const ExportPredictionSchema = z.object({
  id: z.string().min(1),
  lesson: z.string().min(1),
  hash: z.string().min(1),
  response: PredictionResponseSchema,
  committedAt: Timestamp,
  revealedAt: Timestamp.optional(),
  check: z.object({ supportedChoice: z.string().nullable(), held: z.boolean().nullable(), checkedAt: Timestamp }).optional(),
});

/**
 * A lesson the learner did something on. `via` (what they did: answer, prediction,
 * lab, sandbox, tool) was added within version 1: files without it still read,
 * and older readers ignore it. A visit without `via` was recorded under the old
 * rule (a quiz scrolled into view) and does not count a lesson by itself.
 */
export const ExportVisitSchema = z.object({
  lesson: z.string().min(1),
  first: Timestamp,
  last: Timestamp,
  count: z.number().int().min(1),
  via: z.array(z.string().min(1)).optional(),
});

export const LearnerExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: Timestamp,
  course: z.object({ title: z.string(), url: z.string() }).partial().optional(),
  learner: z.object({ id: z.string().min(1), name: z.string().default('') }),
  answers: z.array(ExportAnswerSchema).default([]),
  quizzes: z.array(ExportQuizSchema).default([]),
  predictions: z.array(ExportPredictionSchema).default([]),
  visits: z.array(ExportVisitSchema).default([]),
  lab: z.object({ checked: z.array(z.string()).default([]) }).default({ checked: [] }),
});
export type LearnerExport = z.output<typeof LearnerExportSchema>;
export type LearnerExportInput = z.input<typeof LearnerExportSchema>;
