import type { Span } from '@opentelemetry/api';
import type { ServiceName } from './topology';

export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** A structured log line as the simulated services write it, with the active trace and span ids. */
export interface LogRecord {
  /** ISO 8601, millisecond precision, UTC. */
  timestamp: string;
  severity: LogSeverity;
  service: ServiceName;
  message: string;
  /** 32 hex digits; the trace the line was written in. */
  trace_id: string;
  /** 16 hex digits; the span that was active. */
  span_id: string;
  attributes: Record<string, string | number | boolean>;
}

export function logRecord(
  timeUs: number,
  severity: LogSeverity,
  service: ServiceName,
  span: Span,
  message: string,
  attributes: Record<string, string | number | boolean> = {},
): LogRecord {
  const ctx = span.spanContext();
  return {
    timestamp: new Date(Math.floor(timeUs / 1000)).toISOString(),
    severity,
    service,
    message,
    trace_id: ctx.traceId,
    span_id: ctx.spanId,
    attributes,
  };
}
