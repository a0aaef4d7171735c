import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordOf } from '../tail-sampling/trace-data';

// What the collector's `spanmetrics` connector makes of spans (connector/
// spanmetricsconnector in open-telemetry/opentelemetry-collector-contrib;
// connector.go, factory.go, README.md): one series per service.name,
// span.name, span.kind and status.code; a `calls` counter and a `duration`
// histogram in milliseconds, both named under the default namespace
// `traces.span.metrics`. Kind and status read as the collector's traceutil
// writes them (`SPAN_KIND_SERVER`, `STATUS_CODE_ERROR`). Extra `dimensions`
// are left out: the course uses the defaults.

/** The connector's default explicit buckets, in ms (README "Configurations"). */
export const DEFAULT_DURATION_BUCKETS_MS: readonly number[] = [
  2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000,
];

export const SPANMETRICS_NAMESPACE = 'traces.span.metrics';

const KIND_NAMES: Readonly<Record<number, string>> = {
  [SpanKind.INTERNAL]: 'SPAN_KIND_INTERNAL',
  [SpanKind.SERVER]: 'SPAN_KIND_SERVER',
  [SpanKind.CLIENT]: 'SPAN_KIND_CLIENT',
  [SpanKind.PRODUCER]: 'SPAN_KIND_PRODUCER',
  [SpanKind.CONSUMER]: 'SPAN_KIND_CONSUMER',
};

const STATUS_NAMES: Readonly<Record<number, string>> = {
  [SpanStatusCode.UNSET]: 'STATUS_CODE_UNSET',
  [SpanStatusCode.OK]: 'STATUS_CODE_OK',
  [SpanStatusCode.ERROR]: 'STATUS_CODE_ERROR',
};

export interface SpanMetricsLabels {
  readonly 'service.name': string;
  readonly 'span.name': string;
  readonly 'span.kind': string;
  readonly 'status.code': string;
}

export interface SpanMetricsSeries {
  readonly labels: SpanMetricsLabels;
  /** `traces.span.metrics.calls`: spans counted. */
  readonly calls: number;
  /** `traces.span.metrics.duration`: counts per bucket (one more than the bounds: the last is +Inf). */
  readonly bucketCounts: readonly number[];
  readonly durationSumMs: number;
}

export interface SpanMetricsResult {
  readonly bounds: readonly number[];
  readonly series: readonly SpanMetricsSeries[];
}

/** The first bucket whose upper bound is at or above the value (Go's sort.SearchFloat64s). */
function bucketIndex(bounds: readonly number[], value: number): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (bounds[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function spanMetrics(spans: readonly ReadableSpan[], bounds: readonly number[] = DEFAULT_DURATION_BUCKETS_MS): SpanMetricsResult {
  const byKey = new Map<string, { labels: SpanMetricsLabels; calls: number; bucketCounts: number[]; durationSumMs: number }>();
  for (const span of spans) {
    const record = recordOf(span);
    const labels: SpanMetricsLabels = {
      'service.name': record.service,
      'span.name': record.name,
      'span.kind': KIND_NAMES[record.kind] ?? 'SPAN_KIND_UNSPECIFIED',
      'status.code': STATUS_NAMES[record.status.code] ?? 'STATUS_CODE_UNSET',
    };
    const key = [labels['service.name'], labels['span.name'], labels['span.kind'], labels['status.code']].join('\u0000');
    let series = byKey.get(key);
    if (!series) {
      series = { labels, calls: 0, bucketCounts: new Array<number>(bounds.length + 1).fill(0), durationSumMs: 0 };
      byKey.set(key, series);
    }
    const ms = Math.max(0, record.endUs - record.startUs) / 1000;
    series.calls += 1;
    series.durationSumMs += ms;
    series.bucketCounts[bucketIndex(bounds, ms)]! += 1;
  }
  return { bounds, series: [...byKey.values()] };
}
