import { VolumeInputSchema } from '../schemas/volume';
import type { VolumeInput } from '../schemas/volume';

// The volume arithmetic of the sampling lesson: how many spans a service
// produces, what sampling keeps, and what the backend stores. Bytes use
// decimal units (1 GB = 10^9 bytes), as storage pricing does.

export type { VolumeInput };

export interface VolumeResult {
  /** Produced by the services, before sampling. */
  readonly producedSpansPerSecond: number;
  readonly producedSpansPerDay: number;
  readonly producedBytesPerDay: number;
  /** Kept after sampling. */
  readonly keptSpansPerSecond: number;
  readonly keptSpansPerDay: number;
  readonly keptBytesPerDay: number;
  /** What the backend holds once retention is full: kept bytes per day × retention days. */
  readonly storedBytes: number;
  /** The same numbers as text with units, e.g. "10.4 GB/day". */
  readonly text: {
    readonly producedSpansPerDay: string;
    readonly keptSpansPerDay: string;
    readonly producedBytesPerDay: string;
    readonly keptBytesPerDay: string;
    readonly storedBytes: string;
  };
}

export const SECONDS_PER_DAY = 86_400;

export type VolumeCheck = { readonly ok: true } | { readonly ok: false; readonly field: keyof VolumeInput; readonly message: string };

/** Checks the learner's numbers; one message naming the field and what it needs. */
export function checkVolumeInput(input: unknown): VolumeCheck {
  const parsed = VolumeInputSchema.safeParse(input);
  if (parsed.success) return { ok: true };
  const issue = parsed.error.issues[0];
  const field = (issue?.path[0] ?? 'requestsPerSecond') as keyof VolumeInput;
  return { ok: false, field, message: issue?.message ?? 'check the numbers' };
}

const COUNT_UNITS: readonly [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million'],
  [1e3, 'thousand'],
];

function trimmed(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** "207 million", "3.46 billion", "950". */
export function formatCountInWords(count: number): string {
  for (const [size, word] of COUNT_UNITS) if (count >= size) return `${trimmed(count / size)} ${word}`;
  return trimmed(count).replace(/\.0+$/, '');
}

const BYTE_UNITS: readonly [number, string][] = [
  [1e15, 'PB'],
  [1e12, 'TB'],
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
];

/** "10.4 GB", "145 GB", "1.45 TB" (decimal units). */
export function formatBytes(bytes: number): string {
  for (const [size, unit] of BYTE_UNITS) if (bytes >= size) return `${trimmed(bytes / size)} ${unit}`;
  return `${Math.round(bytes)} B`;
}

export function computeVolume(input: VolumeInput): VolumeResult {
  const producedSpansPerSecond = input.requestsPerSecond * input.spansPerRequest;
  const producedSpansPerDay = producedSpansPerSecond * SECONDS_PER_DAY;
  const producedBytesPerDay = producedSpansPerDay * input.bytesPerSpan;
  const keptSpansPerSecond = producedSpansPerSecond * input.samplingShare;
  const keptSpansPerDay = producedSpansPerDay * input.samplingShare;
  const keptBytesPerDay = producedBytesPerDay * input.samplingShare;
  const storedBytes = keptBytesPerDay * input.retentionDays;
  return {
    producedSpansPerSecond,
    producedSpansPerDay,
    producedBytesPerDay,
    keptSpansPerSecond,
    keptSpansPerDay,
    keptBytesPerDay,
    storedBytes,
    text: {
      producedSpansPerDay: `${formatCountInWords(producedSpansPerDay)} spans/day`,
      keptSpansPerDay: `${formatCountInWords(keptSpansPerDay)} spans/day`,
      producedBytesPerDay: `${formatBytes(producedBytesPerDay)}/day`,
      keptBytesPerDay: `${formatBytes(keptBytesPerDay)}/day`,
      storedBytes: `${formatBytes(storedBytes)} stored over ${input.retentionDays} days`,
    },
  };
}
