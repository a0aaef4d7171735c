import { type Attributes, type AttributeValue, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { SpanRecord } from './trace-model';

// Jaeger UI's JSON (its "Download" / the v1 query API's {"data": [trace]}):
// Jaeger's own model, read back into span records the way Jaeger itself
// reads that model back into OTLP. Sources, jaegertracing/jaeger at
// 8498073ff (main, 2026-08-20; the lab pins 2.22.0):
// - the shape: internal/uimodel/model.go (Trace: traceID, spans, processes;
//   Span: traceID, spanID, parentSpanID (deprecated), operationName,
//   references, startTime and duration in microseconds, tags, logs,
//   processID or an embedded process; KeyValue: key, type, value with types
//   string, bool, int64, float64, binary), and the fixture
//   internal/uimodel/converter/v1/json/fixtures/ui_01.json (64-bit ids as 16
//   hex digits, int64 beyond 2^53 as a string, binary as base64);
// - the mapping back to OTLP: internal/storage/v2/elasticsearch/tracestore/
//   from_dbmodel.go: span kind from the `span.kind` tag (dbSpanKindToOTELSpanKind:
//   client, server, producer, consumer, internal), status from `error=true`
//   first, else `otel.status_code` (OK/ERROR) with `otel.status_description`
//   (setSpanStatus, extractStatusDescFromAttr), scope from `otel.scope.name`
//   and `otel.scope.version` (dbSpanToScope), event names from the log field
//   `event` (dbSpanLogsToSpanEvents); ids.go: ids shorter than 32 (trace) or
//   16 (span) hex digits are left-padded with zeros (convertTraceIDFromDB,
//   fromDbSpanId), and the parent is parentSpanID, else the first CHILD_OF
//   reference in the same trace, else the first FOLLOWS_FROM one
//   (getParentSpanId); other references become links.
// The tag names are the ones Jaeger writes from OTLP. Jaeger 2 builds this
// model with the contrib translator's ProtoFromTraces (internal/storage/v2/
// v1adapter/translator.go:21; open-telemetry/opentelemetry-collector-contrib
// pkg/translator/jaeger v0.155.0, go.mod:38); its traces_to_jaegerproto.go,
// read at contrib blob ebdf3b1d, writes `span.kind`, `otel.status_code`
// (OK/ERROR) plus `error=true` for an ERROR status, `otel.status_description`,
// `otel.scope.name`/`otel.scope.version`, `w3c.tracestate`, and the event
// name as the log field `event`: the keys to_dbmodel.go:23-28 and
// internal/telemetry/otelsemconv/semconv.go:43-52 name too. Translators from
// 2022 (contrib blob 0019dfab) wrote the scope as `otel.library.name`; it is
// read as the scope when `otel.scope.name` is absent.

export class JaegerUiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JaegerUiError';
  }
}

interface UiKeyValue {
  key?: unknown;
  type?: unknown;
  value?: unknown;
}

const KINDS: Record<string, SpanKind> = {
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/** Tags Jaeger turns back into span fields, not attributes. */
const FIELD_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'otel.scope.name',
  'otel.scope.version',
  'otel.library.name',
  'otel.library.version',
  'w3c.tracestate',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Left-pads a hex id as Jaeger does; undefined when it is not hex or too long. */
export function padHexId(value: unknown, digits: 16 | 32): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > digits || !/^[0-9a-fA-F]+$/.test(value)) return undefined;
  return value.toLowerCase().padStart(digits, '0');
}

function tagValue(tag: UiKeyValue): AttributeValue | undefined {
  const { type, value } = tag;
  if (type === 'bool') return value === true || value === 'true' ? true : value === false || value === 'false' ? false : undefined;
  if (type === 'int64' || type === 'float64') {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    return Number.isFinite(number) ? number : undefined;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

function tagsToAttributes(tags: unknown, where: string): Attributes {
  const out: Attributes = {};
  if (tags === undefined || tags === null) return out;
  if (!Array.isArray(tags)) throw new JaegerUiError(`${where} tags must be a list of {key, type, value}`);
  for (const tag of tags as UiKeyValue[]) {
    if (!isRecord(tag) || typeof tag.key !== 'string') throw new JaegerUiError(`${where} has a tag without a key`);
    const value = tagValue(tag);
    if (value === undefined) continue;
    Object.defineProperty(out, tag.key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function statusOf(tags: Attributes): SpanRecord['status'] {
  const description = typeof tags['otel.status_description'] === 'string' ? tags['otel.status_description'] : undefined;
  const withMessage = (code: SpanStatusCode) => (description ? { code, message: description } : { code });
  // The error tag is the last word on a Jaeger span's failure (setSpanStatus).
  if (tags.error === true) return withMessage(SpanStatusCode.ERROR);
  const code = typeof tags['otel.status_code'] === 'string' ? tags['otel.status_code'].toUpperCase() : undefined;
  if (code === 'ERROR') return withMessage(SpanStatusCode.ERROR);
  if (code === 'OK') return withMessage(SpanStatusCode.OK);
  return { code: SpanStatusCode.UNSET };
}

interface UiReference {
  refType?: unknown;
  traceID?: unknown;
  spanID?: unknown;
}

function parentOf(span: Record<string, unknown>, traceId: string, refs: UiReference[]): string | null {
  const direct = padHexId(span.parentSpanID, 16);
  if (direct && /[^0]/.test(direct)) return direct;
  const sameTrace = refs.filter((r) => padHexId(r.traceID, 32) === traceId);
  const ref = sameTrace.find((r) => r.refType === 'CHILD_OF') ?? sameTrace.find((r) => r.refType === 'FOLLOWS_FROM');
  return ref ? (padHexId(ref.spanID, 16) ?? null) : null;
}

/**
 * The span records of one trace of a Jaeger UI download. `firstIndex` is the
 * 1-based number of its first span in the whole file, for messages.
 */
export function recordsFromJaegerUiTrace(trace: Record<string, unknown>, traceNumber: number, firstIndex: number): SpanRecord[] {
  if (!Array.isArray(trace.spans)) {
    throw new JaegerUiError(`this looks like a Jaeger UI download but trace ${traceNumber} has no "spans" list`);
  }
  const processes = isRecord(trace.processes) ? trace.processes : {};
  return (trace.spans as unknown[]).map((raw, i) => {
    const n = firstIndex + i;
    if (!isRecord(raw)) throw new JaegerUiError(`span ${n} is not an object`);
    const spanId = padHexId(raw.spanID, 16);
    const label = spanId ?? (typeof raw.spanID === 'string' ? raw.spanID.slice(0, 40) : 'no id');
    if (!spanId) throw new JaegerUiError(`span ${n} (${label}) has a bad span id: expected up to 16 hex digits in "spanID"`);
    const traceId = padHexId(raw.traceID, 32);
    if (!traceId) throw new JaegerUiError(`span ${n} (${spanId}) has a bad trace id: expected up to 32 hex digits in "traceID"`);
    if (typeof raw.startTime !== 'number' || !Number.isSafeInteger(raw.startTime) || raw.startTime < 0) {
      throw new JaegerUiError(`span ${n} (${spanId}) has a bad start time: "startTime" must be whole microseconds since 1970`);
    }
    if (typeof raw.duration !== 'number' || !Number.isSafeInteger(raw.duration) || raw.duration < 0) {
      throw new JaegerUiError(`span ${n} (${spanId}) has a bad duration: "duration" must be whole microseconds, 0 or more`);
    }
    if (typeof raw.operationName !== 'string') throw new JaegerUiError(`span ${n} (${spanId}) has no "operationName"`);
    let process: unknown = raw.process;
    if (!isRecord(process)) {
      process = typeof raw.processID === 'string' ? processes[raw.processID] : undefined;
      if (!isRecord(process)) {
        throw new JaegerUiError(
          `this looks like a Jaeger UI download but span ${n} (${spanId}) names process ${JSON.stringify(raw.processID)}, which is not in the trace's "processes"`,
        );
      }
    }
    const proc = process as Record<string, unknown>;
    const service = typeof proc.serviceName === 'string' && proc.serviceName !== '' ? proc.serviceName : 'unknown_service';
    const resource: Attributes = { 'service.name': service, ...tagsToAttributes(proc.tags, `the process of span ${n}`) };
    const tags = tagsToAttributes(raw.tags, `span ${n} (${spanId})`);
    const attributes: Attributes = {};
    for (const [key, value] of Object.entries(tags)) {
      if (FIELD_TAGS.has(key) || (key === 'error' && value === true)) continue;
      Object.defineProperty(attributes, key, { value, enumerable: true, writable: true, configurable: true });
    }
    const refs = (Array.isArray(raw.references) ? raw.references : []).filter(isRecord) as UiReference[];
    const parentSpanId = parentOf(raw, traceId, refs);
    // As dbSpanRefsToSpanEvents: every reference but the parent's CHILD_OF is a link.
    const links = refs
      .filter((r) => !(r.refType === 'CHILD_OF' && padHexId(r.spanID, 16) === parentSpanId))
      .flatMap((r) => {
        const linkTrace = padHexId(r.traceID, 32);
        const linkSpan = padHexId(r.spanID, 16);
        return linkTrace && linkSpan ? [{ traceId: linkTrace, spanId: linkSpan }] : [];
      });
    const events = (Array.isArray(raw.logs) ? raw.logs : []).filter(isRecord).map((log, j) => {
      const fields = tagsToAttributes(log.fields, `log ${j + 1} of span ${n}`);
      const name = typeof fields.event === 'string' ? fields.event : '';
      delete fields.event;
      const timeUs = typeof log.timestamp === 'number' ? log.timestamp : (raw.startTime as number);
      return { name, timeUs, attributes: fields };
    });
    const kindTag = tags['span.kind'];
    return {
      traceId,
      spanId,
      parentSpanId,
      name: raw.operationName,
      kind: typeof kindTag === 'string' ? (KINDS[kindTag] ?? SpanKind.INTERNAL) : SpanKind.INTERNAL,
      service,
      startUs: raw.startTime,
      endUs: raw.startTime + raw.duration,
      status: statusOf(tags),
      attributes,
      resource,
      events,
      links,
      scope:
        typeof tags['otel.scope.name'] === 'string'
          ? tags['otel.scope.name']
          : typeof tags['otel.library.name'] === 'string'
            ? tags['otel.library.name']
            : '',
    };
  });
}
