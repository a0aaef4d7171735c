import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { groupTraces } from '../tail-sampling/trace-data';
import type { TraceData } from '../tail-sampling/trace-data';
import type { SpanRecord } from '../trace-model';

/** A trace with the lookups TraceQL needs: spans by id and children by parent. */
export interface IndexedTrace extends TraceData {
  readonly byId: ReadonlyMap<string, SpanRecord>;
  readonly children: ReadonlyMap<string, readonly SpanRecord[]>;
}

/** The dataset a query runs over; build it once and run many queries (grading does). */
export interface TraceIndex {
  readonly traces: readonly IndexedTrace[];
  readonly spanCount: number;
  /** Earliest span start and latest span start in the dataset (for metrics buckets). */
  readonly firstStartUs: number;
  readonly lastStartUs: number;
}

export function indexTrace(trace: TraceData): IndexedTrace {
  const byId = new Map<string, SpanRecord>();
  const children = new Map<string, SpanRecord[]>();
  for (const record of trace.spans) {
    byId.set(record.spanId, record);
    if (record.parentSpanId !== null) {
      const list = children.get(record.parentSpanId);
      if (list) list.push(record);
      else children.set(record.parentSpanId, [record]);
    }
  }
  return { ...trace, byId, children };
}

export function indexTraces(spans: readonly ReadableSpan[]): TraceIndex {
  const traces = groupTraces(spans).map(indexTrace);
  let firstStartUs = Number.POSITIVE_INFINITY;
  let lastStartUs = Number.NEGATIVE_INFINITY;
  for (const trace of traces) {
    for (const record of trace.spans) {
      if (record.startUs < firstStartUs) firstStartUs = record.startUs;
      if (record.startUs > lastStartUs) lastStartUs = record.startUs;
    }
  }
  if (!Number.isFinite(firstStartUs)) {
    firstStartUs = 0;
    lastStartUs = 0;
  }
  return { traces, spanCount: spans.length, firstStartUs, lastStartUs };
}
