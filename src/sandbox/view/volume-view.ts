import type { VolumeInput, VolumeResult } from '../volume';
import { checkVolumeInput, computeVolume, formatBytes, formatCountInWords, SECONDS_PER_DAY } from '../volume';
import { formatCount, formatPercent } from '../../shared/format';
import { formatValue } from './format';

// The volume calculator's form and its arithmetic, written out step by step.

export type VolumeField = keyof VolumeInput;

export const VOLUME_FIELDS: readonly VolumeField[] = [
  'requestsPerSecond',
  'spansPerRequest',
  'bytesPerSpan',
  'samplingShare',
  'retentionDays',
];

/**
 * Reads the text of the form's inputs as numbers. Empty or unreadable text
 * becomes NaN, which the engine's check reports as "must be a number".
 * Thousands separators ("2,000") and spaces are accepted.
 */
export function readVolumeForm(fields: Readonly<Record<VolumeField, string>>): Record<VolumeField, number> {
  const read = (text: string) => {
    const cleaned = text.replace(/[\s,_]/g, '');
    return cleaned === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned) ? Number.NaN : Number(cleaned);
  };
  return Object.fromEntries(VOLUME_FIELDS.map((field) => [field, read(fields[field])])) as Record<VolumeField, number>;
}

export interface VolumeStep {
  /** What the step computes. */
  readonly label: string;
  /** The arithmetic: "2,000 requests/s × 35 spans/request". */
  readonly expression: string;
  /** "= 70,000 spans/s". */
  readonly result: string;
}

const num = (n: number) => (Number.isInteger(n) ? formatCount(n) : formatValue(n));

/** The lesson's formula, one multiplication per line. */
export function volumeSteps(input: VolumeInput, result: VolumeResult): VolumeStep[] {
  return [
    {
      label: 'Spans produced per second',
      expression: `${num(input.requestsPerSecond)} requests/s × ${num(input.spansPerRequest)} spans/request`,
      result: `${num(result.producedSpansPerSecond)} spans/s`,
    },
    {
      label: 'Spans produced per day',
      expression: `${num(result.producedSpansPerSecond)} spans/s × ${formatCount(SECONDS_PER_DAY)} s/day`,
      result: `${formatCountInWords(result.producedSpansPerDay)} spans/day`,
    },
    {
      label: 'Bytes produced per day',
      expression: `${formatCountInWords(result.producedSpansPerDay)} spans/day × ${num(input.bytesPerSpan)} bytes/span`,
      result: `${formatBytes(result.producedBytesPerDay)}/day`,
    },
    {
      label: 'Bytes kept per day after sampling',
      expression: `${formatBytes(result.producedBytesPerDay)}/day × ${num(input.samplingShare)} (keeps ${formatPercent(input.samplingShare)})`,
      result: `${formatBytes(result.keptBytesPerDay)}/day`,
    },
    {
      label: 'Stored once retention is full',
      expression: `${formatBytes(result.keptBytesPerDay)}/day × ${num(input.retentionDays)} days`,
      result: formatBytes(result.storedBytes),
    },
  ];
}

/**
 * Everything the volume calculator shows for the numbers as typed, as plain
 * data: the build renders the starting numbers' with the page, and the island
 * loads this module (and the schema that checks the numbers) on the first edit.
 */
export type VolumeCalculatorView =
  | {
      readonly ok: true;
      readonly producedBytesPerDay: string;
      readonly producedSpansPerDay: string;
      readonly keptBytesPerDay: string;
      readonly keptSpansPerDay: string;
      /** "1.91 TB". */
      readonly stored: string;
      /** "1.91 TB stored over 7 days". */
      readonly storedOverRetention: string;
      readonly retentionDays: number;
      readonly steps: readonly VolumeStep[];
    }
  | { readonly ok: false; readonly field: VolumeField; readonly message: string };

export function volumeCalculatorView(fields: Readonly<Record<VolumeField, string>>): VolumeCalculatorView {
  const numbers = readVolumeForm(fields);
  const check = checkVolumeInput(numbers);
  if (!check.ok) return { ok: false, field: check.field, message: check.message };
  const result = computeVolume(numbers);
  return {
    ok: true,
    producedBytesPerDay: result.text.producedBytesPerDay,
    producedSpansPerDay: result.text.producedSpansPerDay,
    keptBytesPerDay: result.text.keptBytesPerDay,
    keptSpansPerDay: result.text.keptSpansPerDay,
    stored: formatBytes(result.storedBytes),
    storedOverRetention: result.text.storedBytes,
    retentionDays: numbers.retentionDays,
    steps: volumeSteps(numbers, result),
  };
}
