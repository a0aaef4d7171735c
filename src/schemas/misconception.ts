import './csp-safe-zod.ts';
import { z } from 'zod';
import { KebabIdSchema } from './question.ts';

/** content/misconceptions.yaml: the misconceptions wrong answers can name. */
export const MisconceptionSchema = z.strictObject({
  id: KebabIdSchema,
  /** Short, learner-facing: "Assumes context crosses async boundaries by itself". */
  label: z.string().trim().min(1),
});
export type Misconception = z.output<typeof MisconceptionSchema>;
export type MisconceptionInput = z.input<typeof MisconceptionSchema>;

export const MisconceptionListSchema = z.array(MisconceptionSchema);
export type MisconceptionList = z.output<typeof MisconceptionListSchema>;
