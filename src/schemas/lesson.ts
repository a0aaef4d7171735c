import './csp-safe-zod.ts';
import { z } from 'astro/zod';

export const OUTCOME_IDS = ['debug', 'instrument', 'backends', 'sampling', 'correlate'] as const;
export const OutcomeIdSchema = z.enum(OUTCOME_IDS, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a learning outcome id; use one of ${OUTCOME_IDS.join(', ')}`,
});

// Course fields every page's frontmatter carries next to Starlight's own.
// Pages that are not lessons (home, progress, instructors) leave `order` out.
export const LessonFieldsSchema = z.object({
  order: z
    .number({ error: 'give the lesson its place in the course as a whole number, e.g. `order: 3`' })
    .int('use a whole number for `order`')
    .positive('use a number of 1 or more for `order`')
    .optional(),
  minutes: z
    .number({ error: 'give the estimated study time in minutes as a whole number, e.g. `minutes: 12`' })
    .int('use whole minutes, e.g. `minutes: 12`')
    .positive('use a time of 1 minute or more')
    .optional(),
  outcomes: z.array(OutcomeIdSchema, { error: 'list the outcome ids this page serves, e.g. `outcomes: [debug]`' }).default([]),
  prerequisites: z.array(z.string().min(1), { error: 'list prerequisites as strings, e.g. `prerequisites: [trace-anatomy]`' }).default([]),
});

export type LessonFields = z.output<typeof LessonFieldsSchema>;
export type LessonFieldsInput = z.input<typeof LessonFieldsSchema>;
export type OutcomeId = (typeof OUTCOME_IDS)[number];
