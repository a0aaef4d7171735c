import './csp-safe-zod.ts';
import { z } from 'zod';

// The learner's numbers in the volume calculator of the sampling lesson.

const count = (what: string) => z.number({ error: `${what} must be a number` }).nonnegative(`${what} must be zero or more`);

export const VolumeInputSchema = z.object({
  requestsPerSecond: count('requests per second'),
  spansPerRequest: count('spans per request'),
  bytesPerSpan: count('bytes per span (500 to 1,500 is typical)'),
  samplingShare: z
    .number({ error: 'the sampling share must be a number' })
    .min(0, 'the sampling share is between 0 and 1 (0.1 keeps 10%)')
    .max(1, 'the sampling share is between 0 and 1 (0.1 keeps 10%)'),
  retentionDays: count('retention days'),
});

export type VolumeInput = z.output<typeof VolumeInputSchema>;
export type VolumeInputInput = z.input<typeof VolumeInputSchema>;
