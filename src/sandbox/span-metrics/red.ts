import type { SpanMetricsResult, SpanMetricsSeries } from './spanmetrics';

// Rate, errors and duration of one service's requests, read from span metrics
// the way a dashboard reads them: sum the `calls` of the matching series over
// a time window; errors are the calls whose status.code is STATUS_CODE_ERROR;
// duration comes from the histogram, so a quantile is only known to lie in
// one bucket, between two bounds.

export interface RedQuery {
  readonly service: string;
  /** Which spans stand for the service's requests; default SPAN_KIND_SERVER. */
  readonly kind?: string;
  /** Optional span.name (a route) to narrow to one operation. */
  readonly spanName?: string;
  /** Length of the window the spans came from, in seconds. */
  readonly windowSeconds: number;
}

export interface QuantileBucket {
  /** Lower bound in ms (0 for the first bucket). */
  readonly fromMs: number;
  /** Upper bound in ms; Infinity for the overflow bucket. */
  readonly toMs: number;
}

export interface Red {
  readonly calls: number;
  readonly errors: number;
  /** Calls per second over the window. */
  readonly ratePerSecond: number;
  /** Share of calls that failed, 0..1 (0 when there were no calls). */
  readonly errorRatio: number;
  readonly meanMs: number;
  /** The bucket holding the 95th percentile; undefined when there were no calls. */
  readonly p95: QuantileBucket | undefined;
}

function matches(series: SpanMetricsSeries, query: RedQuery): boolean {
  const { labels } = series;
  return (
    labels['service.name'] === query.service &&
    labels['span.kind'] === (query.kind ?? 'SPAN_KIND_SERVER') &&
    (query.spanName === undefined || labels['span.name'] === query.spanName)
  );
}

/** The bucket where the q-th share of the observations is reached, counting up from the smallest. */
export function quantileBucket(bounds: readonly number[], counts: readonly number[], q: number): QuantileBucket | undefined {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    seen += counts[i]!;
    if (seen >= rank) return { fromMs: i === 0 ? 0 : bounds[i - 1]!, toMs: i < bounds.length ? bounds[i]! : Number.POSITIVE_INFINITY };
  }
  return { fromMs: bounds[bounds.length - 1] ?? 0, toMs: Number.POSITIVE_INFINITY };
}

export function red(metrics: SpanMetricsResult, query: RedQuery): Red {
  if (!(query.windowSeconds > 0)) throw new Error('the window must be longer than 0 s');
  const chosen = metrics.series.filter((series) => matches(series, query));
  const counts = new Array<number>(metrics.bounds.length + 1).fill(0);
  let calls = 0;
  let errors = 0;
  let sumMs = 0;
  for (const series of chosen) {
    calls += series.calls;
    if (series.labels['status.code'] === 'STATUS_CODE_ERROR') errors += series.calls;
    sumMs += series.durationSumMs;
    series.bucketCounts.forEach((n, i) => (counts[i]! += n));
  }
  return {
    calls,
    errors,
    ratePerSecond: calls / query.windowSeconds,
    errorRatio: calls === 0 ? 0 : errors / calls,
    meanMs: calls === 0 ? 0 : sumMs / calls,
    p95: quantileBucket(metrics.bounds, counts, 0.95),
  };
}
