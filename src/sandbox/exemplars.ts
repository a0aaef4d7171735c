import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { recordOf } from './tail-sampling/trace-data';

// Metrics → traces → logs. A request-latency histogram over root spans, the
// way a Prometheus histogram would record it, keeps one exemplar per bucket:
// the trace and span id of an observation that landed there. From the
// exemplar the learner opens the trace, and from the trace its logs.

/** The Prometheus client libraries' default buckets, in seconds. */
export const PROMETHEUS_DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Exemplar {
  readonly traceId: string;
  readonly spanId: string;
  /** The observed latency, in seconds. */
  readonly value: number;
  /** When the request ended, ms since the epoch. */
  readonly timestampMs: number;
  readonly spanName: string;
  readonly service: string;
}

export interface HistogramBucket {
  /** Upper bound in seconds (`le`); Infinity for the +Inf bucket. */
  readonly le: number;
  /** Observations in this bucket alone (le of the previous bucket < value <= le). */
  readonly count: number;
  /** Prometheus-style cumulative count (value <= le). */
  readonly cumulativeCount: number;
  /** The latest observation in this bucket, as client libraries keep it; undefined when empty. */
  readonly exemplar: Exemplar | undefined;
}

export interface LatencyHistogram {
  readonly buckets: readonly HistogramBucket[];
  readonly count: number;
  /** Sum of all observations, in seconds. */
  readonly sum: number;
}

export interface HistogramOptions {
  /** Upper bounds in seconds, ascending; +Inf is added. Default: Prometheus' defaults. */
  readonly bounds?: readonly number[];
}

/** Latency of each trace's root span (the request as the user saw it), with an exemplar per bucket. */
export function latencyHistogram(spans: readonly ReadableSpan[], options: HistogramOptions = {}): LatencyHistogram {
  const bounds = [...(options.bounds ?? PROMETHEUS_DEFAULT_BUCKETS)].filter((b) => Number.isFinite(b)).sort((a, b) => a - b);
  const les = [...new Set(bounds), Number.POSITIVE_INFINITY];
  const counts = les.map(() => 0);
  const exemplars: (Exemplar | undefined)[] = les.map(() => undefined);
  let count = 0;
  let sum = 0;
  for (const span of spans) {
    if (span.parentSpanContext !== undefined) continue;
    const record = recordOf(span);
    const value = (record.endUs - record.startUs) / 1e6;
    const index = les.findIndex((le) => value <= le);
    if (index < 0) continue;
    counts[index] = (counts[index] ?? 0) + 1;
    count += 1;
    sum += value;
    const current = exemplars[index];
    const timestampMs = record.endUs / 1000;
    if (!current || timestampMs >= current.timestampMs) {
      exemplars[index] = {
        traceId: record.traceId,
        spanId: record.spanId,
        value,
        timestampMs,
        spanName: record.name,
        service: record.service,
      };
    }
  }
  let cumulative = 0;
  const buckets = les.map((le, i) => {
    cumulative += counts[i] ?? 0;
    return { le, count: counts[i] ?? 0, cumulativeCount: cumulative, exemplar: exemplars[i] };
  });
  return { buckets, count, sum };
}

/** The fields of a structured log line that correlation needs. */
export interface CorrelatedLog {
  /** ISO 8601 text or ms since the epoch. */
  readonly timestamp: string | number;
  readonly trace_id?: string | undefined;
  readonly span_id?: string | undefined;
}

function timeOf(log: CorrelatedLog): number {
  return typeof log.timestamp === 'number' ? log.timestamp : Date.parse(log.timestamp);
}

/** The log lines written inside one trace, oldest first (ties keep their original order). */
export function logsForTrace<L extends CorrelatedLog>(logs: readonly L[], traceId: string): L[] {
  return logs
    .map((log, index) => ({ log, index, time: timeOf(log) }))
    .filter((entry) => entry.log.trace_id === traceId)
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((entry) => entry.log);
}
