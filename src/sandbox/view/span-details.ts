import { type AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { EdgeRecord } from '../network';
import { formatDuration } from '../../shared/format';
import type { SpanNode, TraceTree } from '../trace-model';

// The details panel of one span, as plain data: every field a learner can
// inspect, in the words the panel shows.

export const KIND_NAMES: Readonly<Record<SpanKind, string>> = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

export const STATUS_NAMES: Readonly<Record<SpanStatusCode, string>> = {
  [SpanStatusCode.UNSET]: 'UNSET',
  [SpanStatusCode.OK]: 'OK',
  [SpanStatusCode.ERROR]: 'ERROR',
};

export function formatAttributeValue(value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface DetailField {
  label: string;
  value: string;
  /** Ids and headers read better in a monospace font. */
  code?: boolean;
}

export interface SpanDetails {
  title: string;
  fields: DetailField[];
  attributes: [string, string][];
  resource: [string, string][];
  events: { name: string; at: string; attributes: [string, string][] }[];
}

const pairs = (attrs: Record<string, AttributeValue | undefined>): [string, string][] =>
  Object.keys(attrs)
    .sort()
    .map((k) => [k, formatAttributeValue(attrs[k])]);

export function spanDetails(node: SpanNode, trace: Pick<TraceTree, 'startUs'>, edges: readonly EdgeRecord[] = []): SpanDetails {
  const span = node.span;
  const status = STATUS_NAMES[span.status.code] + (span.status.message ? `: ${span.status.message}` : '');
  const fields: DetailField[] = [
    { label: 'Service', value: span.service },
    { label: 'Kind', value: KIND_NAMES[span.kind] ?? String(span.kind) },
    { label: 'Status', value: status },
    { label: 'Starts at', value: `${formatDuration((span.startUs - trace.startUs) / 1000)} into the trace` },
    { label: 'Duration', value: formatDuration(node.durationUs / 1000) },
    { label: 'Self time', value: `${formatDuration(node.selfUs / 1000)} (not covered by child spans)` },
    { label: 'Trace id', value: span.traceId, code: true },
    { label: 'Span id', value: span.spanId, code: true },
    {
      label: 'Parent span id',
      value:
        span.parentSpanId === null
          ? 'none: a root span'
          : node.isOrphan
            ? `${span.parentSpanId} (not in this trace: an orphan)`
            : span.parentSpanId,
      code: span.parentSpanId !== null,
    },
  ];
  const carriedIn = edges.find((e) => e.calleeSpanId === span.spanId);
  if (carriedIn) {
    fields.push({
      label: 'Came in with',
      value: carriedIn.traceparent
        ? `traceparent: ${carriedIn.traceparent} (from ${carriedIn.from})`
        : `no traceparent: ${carriedIn.from} did not inject one, so this span started a new trace`,
      code: Boolean(carriedIn.traceparent),
    });
  }
  for (const sent of edges.filter((e) => e.callerSpanId === span.spanId)) {
    fields.push({
      label: `Sent to ${sent.to}`,
      value: sent.traceparent ? `traceparent: ${sent.traceparent}` : 'no traceparent (context not injected)',
      code: Boolean(sent.traceparent),
    });
  }
  if (node.criticalUs > 0) fields.push({ label: 'Critical path', value: `${formatDuration(node.criticalUs / 1000)} of this span` });
  return {
    title: `${span.name} (${span.service})`,
    fields,
    attributes: pairs(span.attributes),
    resource: pairs(span.resource),
    events: span.events.map((e) => ({
      name: e.name,
      at: `${formatDuration((e.timeUs - trace.startUs) / 1000)} into the trace`,
      attributes: pairs(e.attributes),
    })),
  };
}
