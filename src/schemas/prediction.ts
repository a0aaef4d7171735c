import './csp-safe-zod.ts';
import { z } from 'zod';
import { EDGE_IDS, SERVICE_NAMES } from '../shared/topology-names.ts';
import { KebabIdSchema, LessonSlugSchema, OutcomeIdSchema } from './question.ts';

// content/predictions/<lesson>.yaml: "pause and predict" moments. The learner
// commits a choice or a sentence before the explanation unlocks; a `check`
// names a sandbox scenario whose facts show which choice was right.

// The sandbox's own service and edge lists, so a bank can name only what the sandbox runs.
export const ServiceNameSchema = z.enum(SERVICE_NAMES);
export const EdgeIdSchema = z.enum(EDGE_IDS);

/** ScenarioOptions of the sandbox (CONTRACTS.md), as a bank may write them. */
export const ScenarioOptionsSchema = z.strictObject({
  cart: z.enum(['normal', 'slow', 'fail']),
  brokenEdge: EdgeIdSchema.optional(),
  uninstrumentedGap: z.boolean().optional(),
  fallback: z.enum(['unset', 'error']).optional(),
  highCardinality: z.boolean().optional(),
  seed: z.number().int().min(0).optional(),
  realTime: z.boolean().optional(),
});
export type ScenarioOptions = z.output<typeof ScenarioOptionsSchema>;

/** RunFacts of the sandbox (CONTRACTS.md): what `summarize(run)` reports. */
export const RunFactsSchema = z.object({
  traceCount: z.number(),
  spanCount: z.number(),
  slowestChildSpan: z.string(),
  errorSpans: z.array(z.string()),
  rootStatusCode: z.number().nullable(),
  orphanSpans: z.number(),
});
export type RunFacts = z.output<typeof RunFactsSchema>;
export const RunFactKeySchema = z.enum(['traceCount', 'spanCount', 'slowestChildSpan', 'errorSpans', 'rootStatusCode', 'orphanSpans']);
export type RunFactKey = z.output<typeof RunFactKeySchema>;

/** A value a choice predicts for the fact; its type must suit the fact (checked with the bank). */
export const FactValueSchema = z.union([z.number(), z.string(), z.array(z.string()), z.null()]);
export type FactValue = z.output<typeof FactValueSchema>;

export const PredictionCheckSchema = z.strictObject({
  scenario: ScenarioOptionsSchema,
  fact: RunFactKeySchema,
  /** choice id → the fact value that choice predicts. */
  expect: z.record(z.string(), FactValueSchema),
});
export type PredictionCheck = z.output<typeof PredictionCheckSchema>;

export const PredictionChoiceSchema = z.strictObject({
  id: KebabIdSchema,
  text: z.string().trim().min(1),
  /** Shown after the reveal to a learner who committed this choice. */
  feedback: z.string().trim().min(1).optional(),
});
export type PredictionChoice = z.output<typeof PredictionChoiceSchema>;

const PredictionBase = z.strictObject({
  id: KebabIdSchema,
  outcome: OutcomeIdSchema,
  prompt: z.string().trim().min(1),
  explanation: z.string().trim().min(1),
});

export const ChoicePredictionSchema = PredictionBase.extend({
  kind: z.literal('choice'),
  choices: z.array(PredictionChoiceSchema),
  /** The right choice id. */
  answer: z.string().min(1),
  check: PredictionCheckSchema.optional(),
});

export const TextPredictionSchema = PredictionBase.extend({
  kind: z.literal('text'),
  /** A model answer shown next to the learner's sentence after the reveal. */
  answer: z.string().trim().min(1),
});

export const PredictionSchema = z.discriminatedUnion('kind', [ChoicePredictionSchema, TextPredictionSchema]);
export type Prediction = z.output<typeof PredictionSchema>;
export type PredictionInput = z.input<typeof PredictionSchema>;
export type ChoicePrediction = z.output<typeof ChoicePredictionSchema>;

export const PredictionBankSchema = z.strictObject({
  lesson: LessonSlugSchema,
  predictions: z.array(PredictionSchema).min(1),
});
export type PredictionBank = z.output<typeof PredictionBankSchema>;
export type PredictionBankInput = z.input<typeof PredictionBankSchema>;

/** What a learner commits: a choice id, or a sentence. */
export const PredictionResponseSchema = z.union([
  z.strictObject({ choice: z.string().min(1) }),
  z.strictObject({ text: z.string().trim().min(1).max(2000) }),
]);
export type PredictionResponse = z.output<typeof PredictionResponseSchema>;
