import './csp-safe-zod.ts';
import { z } from 'zod';

// What proves the tracing lab was done, from the learner's own traces
// (src/sandbox/lab-proof.ts makes it): the trace ids and each criterion's
// result, never the trace file itself, so it fits in progress and exports.
// Version 1; unknown extra fields are ignored so later versions can add some.

export const LAB_PROOF_CRITERIA = ['trace-present', 'context-crossed', 'k8s-attributes', 'customer-redacted', 'tail-sampling'] as const;
export type LabProofCriterion = (typeof LAB_PROOF_CRITERIA)[number];

/** pass and fail are verdicts; unknown means the file cannot tell (the hint says what would). */
export const CRITERION_STATUSES = ['pass', 'fail', 'unknown'] as const;
export type CriterionStatus = (typeof CRITERION_STATUSES)[number];

const TraceId = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex digits');
/** Enough ids to look the traces up again; a file may hold thousands. */
export const MAX_LISTED_TRACE_IDS = 20;

export const LabEvidenceSchema = z.object({
  version: z.literal(1),
  lab: z.literal('tracing'),
  /** null when what the learner typed was not a trace id. */
  learnerTraceId: TraceId.nullable(),
  /** Every criterion passed. */
  passed: z.boolean(),
  criteria: z
    .array(
      z.object({
        id: z.enum(LAB_PROOF_CRITERIA),
        status: z.enum(CRITERION_STATUSES),
        /** What was found, in one sentence. */
        detail: z.string().max(600),
      }),
    )
    .length(LAB_PROOF_CRITERIA.length),
  learnerTrace: z.object({
    found: z.boolean(),
    spanCount: z.number().int().min(0),
    services: z.array(z.string()).max(50),
  }),
  checkouts: z.object({
    traceCount: z.number().int().min(0),
    errorTraceIds: z.array(TraceId).max(MAX_LISTED_TRACE_IDS),
    slowTraceIds: z.array(TraceId).max(MAX_LISTED_TRACE_IDS),
    normalTraceCount: z.number().int().min(0),
    /** As the learner reported it, when they did. */
    normalSent: z.number().int().min(0).optional(),
  }),
  /** Spans and traces in what was checked. */
  spanCount: z.number().int().min(0),
  traceCount: z.number().int().min(0),
});
export type LabEvidence = z.output<typeof LabEvidenceSchema>;
