import { formatDuration } from '../../shared/format';
import type { Exemplar, LatencyHistogram } from '../exemplars';

/** Histogram bounds are in seconds, as Prometheus writes them. */
const seconds = (s: number) => formatDuration(s * 1000);

// The exemplar explorer's histogram rows: readable bucket ranges, bar
// lengths, and which buckets hold slow requests.

/** The range a bucket holds: "≤ 5 ms", "100 ms – 250 ms", "> 10 s". */
export function bucketRange(le: number, previousLe: number | undefined): string {
  if (!Number.isFinite(le)) return previousLe === undefined ? 'all' : `> ${seconds(previousLe)}`;
  if (previousLe === undefined) return `≤ ${seconds(le)}`;
  return `${seconds(previousLe)} – ${seconds(le)}`;
}

/** Prometheus' label for the bucket: le="0.25", le="+Inf". */
export function leLabel(le: number): string {
  return Number.isFinite(le) ? String(le) : '+Inf';
}

export interface HistogramRow {
  readonly le: number;
  readonly range: string;
  readonly count: number;
  readonly cumulativeCount: number;
  /** Bar length, 0..1 of the fullest bucket. */
  readonly fill: number;
  /** Every request in the bucket took longer than the slow threshold. */
  readonly slow: boolean;
  readonly exemplar: Exemplar | undefined;
}

export function histogramRows(histogram: LatencyHistogram, slowFromSeconds: number): HistogramRow[] {
  const max = Math.max(1, ...histogram.buckets.map((b) => b.count));
  return histogram.buckets.map((bucket, i) => {
    const previous = histogram.buckets[i - 1]?.le;
    return {
      le: bucket.le,
      range: bucketRange(bucket.le, previous),
      count: bucket.count,
      cumulativeCount: bucket.cumulativeCount,
      fill: bucket.count / max,
      slow: (previous ?? 0) >= slowFromSeconds,
      exemplar: bucket.exemplar,
    };
  });
}

/** The exemplar of the slowest bucket that has one: where an investigation of slowness starts. */
export function slowestExemplar(rows: readonly HistogramRow[]): HistogramRow | undefined {
  for (let i = rows.length - 1; i >= 0; i -= 1) if (rows[i]?.exemplar && rows[i]?.slow) return rows[i];
  return undefined;
}
