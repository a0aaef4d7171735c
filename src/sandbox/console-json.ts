import type { Attributes, HrTime, SpanKind, SpanStatus } from '@opentelemetry/api';
import { hrTimeToMicroseconds } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/**
 * A span as the SDK's ConsoleSpanExporter (2.x) prints it, so the sandbox
 * shows what the worked example's console shows: `id` is the span id,
 * `parentSpanContext.spanId` the parent's, `timestamp` and `duration` are
 * microseconds, `kind` and `status.code` are the API's enum numbers.
 */
export interface ConsoleSpanJson {
  resource: { attributes: Attributes };
  instrumentationScope: { name: string; version?: string };
  traceId: string;
  parentSpanContext?: { traceId: string; spanId: string; traceFlags: number; isRemote?: boolean };
  traceState?: string;
  name: string;
  id: string;
  kind: SpanKind;
  timestamp: number;
  duration: number;
  attributes: Attributes;
  status: SpanStatus;
  events: { name: string; attributes?: Attributes; time: HrTime; droppedAttributesCount?: number }[];
  links: { context: { traceId: string; spanId: string }; attributes?: Attributes }[];
}

export function toConsoleJson(span: ReadableSpan): ConsoleSpanJson {
  const ctx = span.spanContext();
  const parent = span.parentSpanContext;
  const traceState = ctx.traceState?.serialize();
  return {
    resource: { attributes: span.resource.attributes },
    instrumentationScope: {
      name: span.instrumentationScope.name,
      ...(span.instrumentationScope.version ? { version: span.instrumentationScope.version } : {}),
    },
    traceId: ctx.traceId,
    ...(parent
      ? {
          parentSpanContext: {
            traceId: parent.traceId,
            spanId: parent.spanId,
            traceFlags: parent.traceFlags,
            ...(parent.isRemote === undefined ? {} : { isRemote: parent.isRemote }),
          },
        }
      : {}),
    ...(traceState ? { traceState } : {}),
    name: span.name,
    id: ctx.spanId,
    kind: span.kind,
    timestamp: hrTimeToMicroseconds(span.startTime),
    duration: hrTimeToMicroseconds(span.duration),
    attributes: span.attributes,
    status: span.status,
    events: span.events.map((e) => ({ name: e.name, ...(e.attributes ? { attributes: e.attributes } : {}), time: e.time })),
    links: span.links.map((l) => ({
      context: { traceId: l.context.traceId, spanId: l.context.spanId },
      ...(l.attributes ? { attributes: l.attributes } : {}),
    })),
  };
}

/** Several spans as the console would show them, one pretty-printed object after another. */
export function formatConsoleJson(spans: readonly ReadableSpan[]): string {
  return spans.map((span) => JSON.stringify(toConsoleJson(span), null, 2)).join('\n');
}
