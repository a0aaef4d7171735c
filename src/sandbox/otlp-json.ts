import { type Attributes, type AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SpanRecord } from './trace-model';

// OTLP/JSON, the body an OTLP/HTTP receiver takes at /v1/traces with
// `Content-Type: application/json`. The SDK's own serializer writes it;
// the reader below checks the JSON encoding rules of the OTLP
// specification (hex ids, integer enums, string nanosecond timestamps).

/** The run's spans as an OTLP/JSON ExportTraceServiceRequest. */
export function toOtlpJson(spans: readonly ReadableSpan[]): string {
  // The serializer returns UTF-8 bytes (undefined only if it cannot encode).
  const bytes = JsonTraceSerializer.serializeRequest([...spans]);
  if (!bytes) throw new Error('The OTLP serializer could not encode these spans.');
  return new TextDecoder().decode(bytes);
}

export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const UNIX_NANOS = /^\d+$/;

export class OtlpJsonError extends Error {
  constructor(path: string, problem: string) {
    super(`OTLP JSON ${path}: ${problem}`);
    this.name = 'OtlpJsonError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OtlpJsonError(path, 'must be an array');
  return value;
}

/** Timestamps are fixed64: nanoseconds from 0 to 2^64 − 1. */
const MAX_FIXED64 = 18446744073709551615n;
const MIN_INT64 = -9223372036854775808n;
const MAX_INT64 = 9223372036854775807n;
/** How deep arrays may nest inside an attribute value (the SDK writes flat arrays; protobuf decoders stop at about 100). */
export const MAX_VALUE_DEPTH = 100;

function nanosToMicros(value: unknown, path: string): number {
  // The encoding rules make 64-bit integers decimal strings, so no precision is lost.
  if (typeof value !== 'string' || !UNIX_NANOS.test(value)) {
    throw new OtlpJsonError(path, `must be a decimal string of nanoseconds, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  const nanos = BigInt(value);
  if (nanos > MAX_FIXED64) throw new OtlpJsonError(path, `is out of range: a fixed64 count of nanoseconds runs from 0 to ${MAX_FIXED64}`);
  return Number(nanos / 1000n);
}

function intValue(raw: unknown, path: string): number {
  const text = typeof raw === 'number' ? (Number.isInteger(raw) ? BigInt(raw).toString() : String(raw)) : raw;
  // An int64 is a decimal string (or a JSON number); exponent forms such as "1e3" are accepted when whole, as protobuf's JSON reader does.
  let whole: bigint | undefined;
  if (typeof text === 'string' && /^-?\d+$/.test(text)) whole = BigInt(text);
  else if (typeof text === 'string' && /^-?\d+(?:\.\d+)?[eE][+-]?\d+$/.test(text) && Number.isInteger(Number(text)))
    whole = BigInt(Number(text));
  if (whole === undefined) throw new OtlpJsonError(path, 'intValue must be an integer');
  if (whole < MIN_INT64 || whole > MAX_INT64)
    throw new OtlpJsonError(path, `intValue is out of range: an int64 runs from ${MIN_INT64} to ${MAX_INT64}`);
  return Number(whole);
}

function anyValue(value: unknown, path: string, depth = 0): AttributeValue {
  if (!isRecord(value)) throw new OtlpJsonError(path, 'must be an AnyValue object');
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (typeof value.doubleValue === 'number') return value.doubleValue;
  if (value.intValue !== undefined) return intValue(value.intValue, path);
  if (isRecord(value.arrayValue)) {
    if (depth >= MAX_VALUE_DEPTH)
      throw new OtlpJsonError(path, `nests arrays more than ${MAX_VALUE_DEPTH} levels deep; the sandbox reads up to ${MAX_VALUE_DEPTH}`);
    return list(value.arrayValue.values, `${path}.arrayValue.values`).map((v, i) =>
      anyValue(v, `${path}.arrayValue.values[${i}]`, depth + 1),
    ) as AttributeValue;
  }
  throw new OtlpJsonError(path, 'holds no value the sandbox reads (string, bool, int, double or array)');
}

function attributes(value: unknown, path: string): Attributes {
  const out: Attributes = {};
  list(value, path).forEach((kv, i) => {
    if (!isRecord(kv) || typeof kv.key !== 'string') throw new OtlpJsonError(`${path}[${i}]`, 'must be { key, value }');
    // Defined, not assigned: a key such as `__proto__` is an attribute name like any other.
    Object.defineProperty(out, kv.key, {
      value: anyValue(kv.value, `${path}[${i}].value`),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  });
  return out;
}

function enumValue(value: unknown, path: string, max: number): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new OtlpJsonError(path, `must be an integer from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Reads an OTLP/JSON trace request back into span records, checking the
 * encoding rules on the way; a violation throws an OtlpJsonError naming the
 * field. OTLP span kinds count from 1 (0 is unspecified); the API's from 0.
 */
export function fromOtlpJson(text: string): SpanRecord[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new OtlpJsonError('body', `is not JSON (${(error as Error).message})`);
  }
  if (!isRecord(root)) throw new OtlpJsonError('body', 'must be an object with resourceSpans');
  const records: SpanRecord[] = [];
  list(root.resourceSpans, 'resourceSpans').forEach((rs, r) => {
    const rPath = `resourceSpans[${r}]`;
    if (!isRecord(rs)) throw new OtlpJsonError(rPath, 'must be an object');
    const resource = attributes(isRecord(rs.resource) ? rs.resource.attributes : undefined, `${rPath}.resource.attributes`);
    const service = typeof resource['service.name'] === 'string' ? resource['service.name'] : 'unknown_service';
    list(rs.scopeSpans, `${rPath}.scopeSpans`).forEach((ss, s) => {
      const sPath = `${rPath}.scopeSpans[${s}]`;
      if (!isRecord(ss)) throw new OtlpJsonError(sPath, 'must be an object');
      const scope = isRecord(ss.scope) && typeof ss.scope.name === 'string' ? ss.scope.name : '';
      list(ss.spans, `${sPath}.spans`).forEach((span, i) => {
        const path = `${sPath}.spans[${i}]`;
        if (!isRecord(span)) throw new OtlpJsonError(path, 'must be an object');
        if (typeof span.traceId !== 'string' || !HEX_TRACE_ID.test(span.traceId)) {
          throw new OtlpJsonError(`${path}.traceId`, 'must be 32 lowercase hex digits (not base64)');
        }
        if (typeof span.spanId !== 'string' || !HEX_SPAN_ID.test(span.spanId)) {
          throw new OtlpJsonError(`${path}.spanId`, 'must be 16 lowercase hex digits (not base64)');
        }
        const parent = span.parentSpanId;
        if (parent !== undefined && parent !== '' && (typeof parent !== 'string' || !HEX_SPAN_ID.test(parent))) {
          throw new OtlpJsonError(`${path}.parentSpanId`, 'must be 16 lowercase hex digits or absent');
        }
        if (typeof span.name !== 'string') throw new OtlpJsonError(`${path}.name`, 'must be a string');
        const otlpKind = enumValue(span.kind, `${path}.kind`, 5);
        const status = isRecord(span.status) ? span.status : {};
        const code = enumValue(status.code, `${path}.status.code`, 2);
        records.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: typeof parent === 'string' && parent !== '' ? parent : null,
          name: span.name,
          kind: (otlpKind === 0 ? SpanKind.INTERNAL : otlpKind - 1) as SpanKind,
          service,
          startUs: nanosToMicros(span.startTimeUnixNano, `${path}.startTimeUnixNano`),
          endUs: nanosToMicros(span.endTimeUnixNano, `${path}.endTimeUnixNano`),
          status:
            typeof status.message === 'string' && status.message !== ''
              ? { code: code as SpanStatusCode, message: status.message }
              : { code: code as SpanStatusCode },
          attributes: attributes(span.attributes, `${path}.attributes`),
          resource,
          events: list(span.events, `${path}.events`).map((e, j) => {
            if (!isRecord(e) || typeof e.name !== 'string') throw new OtlpJsonError(`${path}.events[${j}]`, 'must have a name');
            return {
              name: e.name,
              timeUs: nanosToMicros(e.timeUnixNano, `${path}.events[${j}].timeUnixNano`),
              attributes: attributes(e.attributes, `${path}.events[${j}].attributes`),
            };
          }),
          links: list(span.links, `${path}.links`).map((l, j) => {
            if (!isRecord(l) || typeof l.traceId !== 'string' || typeof l.spanId !== 'string') {
              throw new OtlpJsonError(`${path}.links[${j}]`, 'must have traceId and spanId');
            }
            return { traceId: l.traceId, spanId: l.spanId };
          }),
          scope,
        });
      });
    });
  });
  return records;
}
