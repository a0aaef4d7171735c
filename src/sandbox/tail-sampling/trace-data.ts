import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { toSpanRecord } from '../trace-model';
import type { SpanRecord } from '../trace-model';

// Spans grouped into traces for the analysis engines (tail sampling,
// TraceQL, exemplars, grading), over the sandbox's own span records.

/** One trace as a backend sees it: every span that carries its trace id. */
export interface TraceData {
  readonly traceId: string;
  /** In the order they were given (usually the order they ended). */
  readonly spans: readonly SpanRecord[];
  /** The span without a parent; undefined when the trace's start was lost (a broken edge). */
  readonly root: SpanRecord | undefined;
  /** Earliest start and latest end over all spans, µs since the epoch. */
  readonly startUs: number;
  readonly endUs: number;
  readonly hasError: boolean;
}

// Copying a span into a record costs more than the analyses themselves; the
// lab runs several strategies and queries over the same traffic, so each
// span is copied once.
const records = new WeakMap<ReadableSpan, SpanRecord>();

export function recordOf(span: ReadableSpan): SpanRecord {
  let record = records.get(span);
  if (!record) {
    record = toSpanRecord(span);
    records.set(span, record);
  }
  return record;
}

export function isErrorSpan(record: SpanRecord): boolean {
  return record.status.code === SpanStatusCode.ERROR;
}

export function traceFromRecords(traceId: string, spans: readonly SpanRecord[]): TraceData {
  let startUs = Number.POSITIVE_INFINITY;
  let endUs = Number.NEGATIVE_INFINITY;
  let hasError = false;
  let root: SpanRecord | undefined;
  for (const record of spans) {
    if (record.startUs < startUs) startUs = record.startUs;
    if (record.endUs > endUs) endUs = record.endUs;
    if (isErrorSpan(record)) hasError = true;
    if (root === undefined && record.parentSpanId === null) root = record;
  }
  if (spans.length === 0) {
    startUs = 0;
    endUs = 0;
  }
  return { traceId, spans, root, startUs, endUs, hasError };
}

/** Groups spans by trace id, traces in the order their first span appears. */
export function groupTraces(spans: readonly ReadableSpan[]): TraceData[] {
  const byId = new Map<string, SpanRecord[]>();
  for (const span of spans) {
    const record = recordOf(span);
    const list = byId.get(record.traceId);
    if (list) list.push(record);
    else byId.set(record.traceId, [record]);
  }
  return [...byId].map(([traceId, list]) => traceFromRecords(traceId, list));
}

/** Whole-trace duration in microseconds: latest end minus earliest start. */
export function traceDurationUs(trace: TraceData): number {
  return trace.endUs - trace.startUs;
}
