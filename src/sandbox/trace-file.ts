import { checkJsonSyntax, lineAndColumn } from './json-syntax';
import { JaegerUiError, recordsFromJaegerUiTrace } from './jaeger-ui-json';
import { fromOtlpJson, OtlpJsonError } from './otlp-json';
import type { SpanRecord } from './trace-model';

/*
 * Reads a trace file a learner has into span records, whatever tool wrote it.
 *
 * API
 *   parseTraceFile(text, { onProgress?, limits? }): TraceFileResult
 *     Reads the whole text at once. Never throws for a bad file: the result
 *     is { ok: true, records, format, ... } or { ok: false, problem, message }
 *     with ONE message meant for the learner.
 *   parseTraceFileSteps(text, { limits? }): Generator<TraceFileProgress, TraceFileResult>
 *     The same work cut into steps: each `next()` does one step (parsing the
 *     JSON, or converting about CHUNK_SPANS spans) and yields progress; the
 *     generator's return value is the result. An island drives it between
 *     frames (or a Web Worker drives it and posts the progress), so the page
 *     stays responsive. Parsing one JSON document is a single step
 *     (JSON.parse cannot be cut), so for large single-document files the
 *     step to move off the main thread is the first; a collector file is
 *     parsed line by line.
 *
 * Formats (TRACE_FILE_FORMATS):
 *   otlp-json       {"resourceSpans": [...]}: OTLP/JSON as an OTLP/HTTP receiver
 *                   takes it, and what the sandbox downloads (otlp-json.ts).
 *   jaeger-api-v3   {"result": {"resourceSpans": [...]}}: Jaeger's query API v3
 *                   (jaegertracing/jaeger at 8498073ff, cmd/jaeger/internal/
 *                   extension/jaegerquery/internal/apiv3/http_gateway.go:
 *                   returnTrace wraps pdata's OTLP JSON in GRPCGatewayWrapper's
 *                   "result"; snapshots/FindTraces.json). Its error answer
 *                   {"error": {"httpCode", "message"}} (tryHandleError) is
 *                   recognised and reported as such.
 *   collector-file  One ExportTraceServiceRequest per line: the Collector's
 *                   file exporter with its default `format: json`
 *                   (open-telemetry/opentelemetry-collector-contrib,
 *                   exporter/fileexporter: marshaller.go maps json to
 *                   ptrace.JSONMarshaler; file_writer.go exportMessageAsLine
 *                   writes each message followed by "\n", and buildExportFunc
 *                   switches to length-prefixed binary framing for `proto` or
 *                   for json with `compression` — those files are not text and
 *                   are refused as not JSON). Read at contrib blob commits
 *                   0efd491e (marshaller.go) and 07120cc8 (file_writer.go);
 *                   the lab pins contrib 0.162.0. A one-line file is plain OTLP
 *                   JSON and is reported as otlp-json.
 *   jaeger-ui       {"data": [{traceID, spans, processes}]}: Jaeger UI's JSON
 *                   download and the v1 query API's answer (structuredResponse
 *                   in jaegerquery/internal/http_handler.go; jaeger-ui-json.ts).
 *
 * Every OTLP span goes through fromOtlpJson, which holds the OTLP/JSON
 * encoding rules (hex ids, integer enums, decimal-string nanoseconds); the
 * check below only puts a span number and id in front of the problems a
 * learner most often meets (ids, times).
 */

export type TraceFileFormat = 'otlp-json' | 'jaeger-api-v3' | 'collector-file' | 'jaeger-ui';

/** How each format is named to the learner. */
export const TRACE_FILE_FORMATS: Readonly<Record<TraceFileFormat, string>> = {
  'otlp-json': 'OTLP JSON ({"resourceSpans": [...]})',
  'jaeger-api-v3': 'a Jaeger query API v3 answer ({"result": {"resourceSpans": [...]}})',
  'collector-file': 'the OpenTelemetry Collector file exporter’s JSON lines (one {"resourceSpans": [...]} per line)',
  'jaeger-ui': 'Jaeger UI’s JSON download ({"data": [{"traceID", "spans", "processes"}]})',
};

export interface TraceFileLimits {
  /** Longest text read, in characters (UTF-16 code units, as `text.length` counts them). */
  readonly maxChars: number;
  readonly maxSpans: number;
}

/**
 * 100,000 spans and 200 million characters. A 50,000-span HotROD-shaped
 * OTLP file is about 55 million characters (test/bench/trace-file.bench.ts), so both
 * limits leave room for twice that, while keeping the parsed copy well under
 * what a browser tab holds comfortably.
 */
export const TRACE_FILE_LIMITS: TraceFileLimits = { maxChars: 200_000_000, maxSpans: 100_000 };

/** Spans converted per step. */
export const CHUNK_SPANS = 5_000;

export type TraceFileProblem =
  'empty' | 'too-large' | 'not-json' | 'truncated' | 'not-traces' | 'incomplete' | 'bad-span' | 'too-many-spans';

export interface TraceFileProgress {
  readonly phase: 'parsing' | 'converting';
  /** Spans converted so far (lines read, for a collector file while parsing). */
  readonly done: number;
  /** Spans in the file when known, else lines. */
  readonly total: number;
}

export type TraceFileResult =
  | {
      readonly ok: true;
      readonly format: TraceFileFormat;
      /** "OTLP JSON: 12 spans in 2 traces from 5 services". */
      readonly description: string;
      readonly records: SpanRecord[];
      readonly traceIds: readonly string[];
      readonly services: readonly string[];
    }
  | { readonly ok: false; readonly problem: TraceFileProblem; readonly message: string; readonly format?: TraceFileFormat };

export interface TraceFileOptions {
  readonly limits?: Partial<TraceFileLimits>;
  /** Spans per step (default CHUNK_SPANS): smaller steps keep a page smoother, larger ones finish sooner. */
  readonly chunkSpans?: number;
  readonly onProgress?: (progress: TraceFileProgress) => void;
}

class FileProblem extends Error {
  constructor(
    readonly problem: TraceFileProblem,
    message: string,
    readonly format?: TraceFileFormat,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function describeChar(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const c = text[offset]!;
  if (c === '\n' || c === '\r') return 'the end of the line';
  return JSON.stringify(c);
}

/** The one message for a text JSON.parse refused: cut off, or where it stops being JSON. */
function syntaxProblem(text: string, lineOffset = 0): FileProblem {
  const syntax = checkJsonSyntax(text);
  if (syntax.ok) return new FileProblem('not-json', 'not JSON: the browser could not read it as JSON');
  const { line, column } = lineAndColumn(text, syntax.offset);
  const at = `line ${line + lineOffset}, column ${column}`;
  if (syntax.truncated && syntax.offset > 0) {
    const open = syntax.openBrackets > 0 ? ` with ${plural(syntax.openBrackets, 'bracket')} still open` : '';
    return new FileProblem(
      'truncated',
      `the file ends early (${at})${open}: it was cut off. Download or copy it again, and wait until the download has finished.`,
    );
  }
  const start = text.trimStart()[0];
  const hint = start === '<' ? ' This looks like an HTML page, not a trace file.' : '';
  return new FileProblem('not-json', `not JSON (${at}): expected ${syntax.expected}, found ${describeChar(text, syntax.offset)}.${hint}`);
}

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const BASE64_ID = /^[A-Za-z0-9+/]{10,22}={0,2}$/;

function idHint(value: unknown, digits: number): string {
  if (typeof value !== 'string') return value === undefined ? 'it is missing' : `it is ${JSON.stringify(value)}`;
  if (/^[0-9a-fA-F]+$/.test(value) && value.length === digits)
    return `"${value}" has capital letters; OTLP JSON writes ids in lowercase hex`;
  if (BASE64_ID.test(value) && !/^[0-9a-f]+$/.test(value)) {
    return `"${value}" looks like base64: OTLP JSON writes ids as ${digits} hex digits (a protobuf JSON encoder that does not follow OTLP's rule wrote this file)`;
  }
  return `"${value.slice(0, 40)}" is not ${digits} hex digits`;
}

function timeHint(value: unknown, field: string): string | null {
  if (value === undefined) return `"${field}" is missing`;
  if (typeof value === 'number') return `"${field}" is a number; OTLP JSON writes nanoseconds as a decimal string`;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    return `"${field}" is ${JSON.stringify(value)?.slice(0, 40)}, not nanoseconds since 1970`;
  return null;
}

/** The first problem of one OTLP span, numbered for the learner; null when the identity fields are fine. */
function otlpSpanProblem(span: unknown, n: number): string | null {
  if (!isRecord(span)) return `span ${n} is not an object`;
  if (typeof span.spanId !== 'string' || !HEX_SPAN_ID.test(span.spanId)) return `span ${n} has a bad span id: ${idHint(span.spanId, 16)}`;
  const id = span.spanId;
  if (typeof span.traceId !== 'string' || !HEX_TRACE_ID.test(span.traceId))
    return `span ${n} (${id}) has a bad trace id: ${idHint(span.traceId, 32)}`;
  const start = timeHint(span.startTimeUnixNano, 'startTimeUnixNano');
  if (start) return `span ${n} (${id}) has a bad start time: ${start}`;
  const end = timeHint(span.endTimeUnixNano, 'endTimeUnixNano');
  if (end) return `span ${n} (${id}) has a bad end time: ${end}`;
  if (BigInt(span.endTimeUnixNano as string) < BigInt(span.startTimeUnixNano as string)) return `span ${n} (${id}) ends before it starts`;
  return null;
}

function spansOf(resourceSpans: unknown): unknown[] {
  if (!isRecord(resourceSpans) || !Array.isArray(resourceSpans.scopeSpans)) return [];
  return resourceSpans.scopeSpans.flatMap((ss: unknown) => (isRecord(ss) && Array.isArray(ss.spans) ? (ss.spans as unknown[]) : []));
}

/** Converts a run of resourceSpans with fromOtlpJson, numbering problems from `firstSpan`. */
function convertOtlp(resourceSpans: unknown[], firstResource: number, firstSpan: number, where: string): SpanRecord[] {
  let n = firstSpan;
  for (const rs of resourceSpans) {
    for (const span of spansOf(rs)) {
      const problem = otlpSpanProblem(span, n);
      if (problem) throw new FileProblem('bad-span', `${where}${problem}.`);
      n += 1;
    }
  }
  try {
    return fromOtlpJson(JSON.stringify({ resourceSpans }));
  } catch (error) {
    if (!(error instanceof OtlpJsonError)) throw error;
    // Paths in the message count from this run's first resourceSpans.
    const message = error.message.replace(
      /^OTLP JSON resourceSpans\[(\d+)\]/,
      (_, i: string) => `resourceSpans[${Number(i) + firstResource}]`,
    );
    throw new FileProblem('bad-span', `${where}${message}.`);
  }
}

function checkList(value: unknown, format: TraceFileFormat, what: string): unknown[] {
  if (!Array.isArray(value)) throw new FileProblem('incomplete', `this looks like ${TRACE_FILE_FORMATS[format]} but ${what}`, format);
  return value;
}

const EXPECTED = `expected one of: ${Object.values(TRACE_FILE_FORMATS).join('; ')}`;

interface Classified {
  format: TraceFileFormat;
  resourceSpans?: unknown[];
  jaegerTraces?: unknown[];
}

/** Which format a parsed document is, or the one message saying why it is none. */
function classify(root: unknown): Classified {
  if (!isRecord(root)) {
    const what = Array.isArray(root) ? 'a list' : `a single ${root === null ? 'null' : typeof root}`;
    throw new FileProblem('not-traces', `JSON but not traces: the file holds ${what} at the top; ${EXPECTED}.`);
  }
  if ('resourceSpans' in root) {
    return { format: 'otlp-json', resourceSpans: checkList(root.resourceSpans, 'otlp-json', '"resourceSpans" is not a list') };
  }
  if ('result' in root) {
    if (!isRecord(root.result))
      throw new FileProblem(
        'incomplete',
        `this looks like ${TRACE_FILE_FORMATS['jaeger-api-v3']} but "result" is not an object`,
        'jaeger-api-v3',
      );
    // jsonpb leaves out an empty list, so {"result":{}} is an answer with no spans.
    const list = root.result.resourceSpans ?? [];
    return { format: 'jaeger-api-v3', resourceSpans: checkList(list, 'jaeger-api-v3', '"result.resourceSpans" is not a list') };
  }
  if (isRecord(root.error) && ('httpCode' in root.error || 'message' in root.error)) {
    const code = typeof root.error.httpCode === 'number' ? `HTTP ${root.error.httpCode}: ` : '';
    throw new FileProblem(
      'not-traces',
      `JSON but not traces: this is an error answer from Jaeger’s query API (${code}${String(root.error.message ?? '')}), saved instead of a trace.`,
    );
  }
  if ('data' in root) {
    // The v1 API's error answer: {"data": null, "errors": [{"code", "msg"}]}
    // (cmd/jaeger/internal/extension/jaegerquery/internal/http_handler.go:55-67 at 8498073ff).
    if (root.data === null && Array.isArray(root.errors)) {
      const first: unknown = root.errors[0];
      const msg = isRecord(first) && typeof first.msg === 'string' ? first.msg : 'no message';
      throw new FileProblem(
        'not-traces',
        `JSON but not traces: this is an error answer from Jaeger’s query API (${msg}), saved instead of a trace.`,
      );
    }
    return { format: 'jaeger-ui', jaegerTraces: checkList(root.data, 'jaeger-ui', '"data" is not a list of traces') };
  }
  if (Array.isArray(root.services))
    throw new FileProblem('not-traces', `JSON but not traces: this is Jaeger’s list of services; ${EXPECTED}.`);
  if ('resourceMetrics' in root || 'resourceLogs' in root) {
    const what = 'resourceMetrics' in root ? 'metrics' : 'logs';
    throw new FileProblem('not-traces', `JSON but not traces: this is OTLP ${what}; ${EXPECTED}.`);
  }
  const keys = Object.keys(root)
    .slice(0, 5)
    .map((k) => JSON.stringify(k))
    .join(', ');
  throw new FileProblem('not-traces', `JSON but not traces: the top-level keys are ${keys || 'none'}; ${EXPECTED}.`);
}

function summarise(format: TraceFileFormat, records: SpanRecord[]): TraceFileResult {
  if (records.length === 0) {
    return { ok: false, problem: 'empty', format, message: `this is ${TRACE_FILE_FORMATS[format]} but it holds no spans.` };
  }
  const traceIds = [...new Set(records.map((r) => r.traceId))];
  const services = [...new Set(records.map((r) => r.service))];
  const label = {
    'otlp-json': 'OTLP JSON',
    'jaeger-api-v3': 'Jaeger API v3 answer',
    'collector-file': 'Collector file exporter output',
    'jaeger-ui': 'Jaeger UI download',
  }[format];
  return {
    ok: true,
    format,
    description: `${label}: ${plural(records.length, 'span')} in ${plural(traceIds.length, 'trace')} from ${plural(services.length, 'service')}`,
    records,
    traceIds,
    services,
  };
}

function tooMany(count: number, limits: TraceFileLimits, format: TraceFileFormat): FileProblem {
  return new FileProblem(
    'too-many-spans',
    `this file holds ${count > limits.maxSpans ? plural(count, 'span') : 'more spans than that'}; the page reads at most ${plural(limits.maxSpans, 'span')}. Search for fewer traces (a shorter time range or a lower limit) and save again.`,
    format,
  );
}

function* convertResourceSpans(
  all: unknown[],
  format: TraceFileFormat,
  limits: TraceFileLimits,
  chunkSpans: number,
): Generator<TraceFileProgress, SpanRecord[]> {
  const total = all.reduce<number>((sum, rs) => sum + spansOf(rs).length, 0);
  if (total > limits.maxSpans) throw tooMany(total, limits, format);
  const records: SpanRecord[] = [];
  let start = 0;
  while (start < all.length) {
    let end = start;
    let spans = 0;
    while (end < all.length && (spans < chunkSpans || end === start)) {
      spans += spansOf(all[end]).length;
      end += 1;
    }
    const chunk = convertOtlp(all.slice(start, end), start, records.length + 1, '');
    for (const record of chunk) records.push(record);
    start = end;
    yield { phase: 'converting', done: records.length, total };
  }
  return records;
}

function* convertJaegerUi(traces: unknown[], limits: TraceFileLimits, chunkSpans: number): Generator<TraceFileProgress, SpanRecord[]> {
  const total = traces.reduce<number>((sum, t) => sum + (isRecord(t) && Array.isArray(t.spans) ? t.spans.length : 0), 0);
  if (total > limits.maxSpans) throw tooMany(total, limits, 'jaeger-ui');
  const records: SpanRecord[] = [];
  let sinceYield = 0;
  for (const [i, trace] of traces.entries()) {
    if (!isRecord(trace))
      throw new FileProblem(
        'incomplete',
        `this looks like ${TRACE_FILE_FORMATS['jaeger-ui']} but trace ${i + 1} is not an object`,
        'jaeger-ui',
      );
    let chunk: SpanRecord[];
    try {
      chunk = recordsFromJaegerUiTrace(trace, i + 1, records.length + 1);
    } catch (error) {
      if (error instanceof JaegerUiError)
        throw new FileProblem(/^this looks like/.test(error.message) ? 'incomplete' : 'bad-span', `${error.message}.`, 'jaeger-ui');
      throw error;
    }
    for (const record of chunk) records.push(record);
    sinceYield += chunk.length;
    if (sinceYield >= chunkSpans) {
      sinceYield = 0;
      yield { phase: 'converting', done: records.length, total };
    }
  }
  yield { phase: 'converting', done: records.length, total };
  return records;
}

/** Line by line: each non-blank line is one ExportTraceServiceRequest. */
function* convertLines(text: string, limits: TraceFileLimits, chunkSpans: number): Generator<TraceFileProgress, SpanRecord[]> {
  const lines = text.split('\n');
  const records: SpanRecord[] = [];
  let sinceYield = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    const where = `line ${i + 1}: `;
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      const problem = syntaxProblem(line, i);
      const last = lines.slice(i + 1).every((l) => l.trim() === '');
      if (problem.problem === 'truncated' && last) {
        throw new FileProblem(
          'truncated',
          `the file ends early: its last line (${i + 1}) is cut off. If the collector is still writing the file, copy it again once it has flushed; otherwise remove that line.`,
          'collector-file',
        );
      }
      throw new FileProblem(problem.problem, `${where}${problem.message}`, 'collector-file');
    }
    if (!isRecord(request) || !('resourceSpans' in request)) {
      const what =
        isRecord(request) && 'resourceMetrics' in request ? 'holds metrics (resourceMetrics), not traces' : 'has no "resourceSpans"';
      throw new FileProblem(
        'incomplete',
        `this looks like ${TRACE_FILE_FORMATS['collector-file']} but ${where.slice(0, -2)} ${what}`,
        'collector-file',
      );
    }
    const resourceSpans = checkList(
      request.resourceSpans,
      'collector-file',
      `${where.slice(0, -2)} has a "resourceSpans" that is not a list`,
    );
    const count = resourceSpans.reduce<number>((sum, rs) => sum + spansOf(rs).length, 0);
    if (records.length + count > limits.maxSpans) throw tooMany(records.length + count, limits, 'collector-file');
    const chunk = convertOtlp(resourceSpans, 0, records.length + 1, where);
    for (const record of chunk) records.push(record);
    sinceYield += chunk.length;
    if (sinceYield >= chunkSpans) {
      sinceYield = 0;
      yield { phase: 'parsing', done: i + 1, total: lines.length };
    }
  }
  yield { phase: 'parsing', done: lines.length, total: lines.length };
  return records;
}

/** The reading cut into steps; see the header. */
export function* parseTraceFileSteps(
  input: string,
  options: Pick<TraceFileOptions, 'limits' | 'chunkSpans'> = {},
): Generator<TraceFileProgress, TraceFileResult> {
  const limits: TraceFileLimits = { ...TRACE_FILE_LIMITS, ...options.limits };
  const chunkSpans = Math.max(1, options.chunkSpans ?? CHUNK_SPANS);
  try {
    if (input.length > limits.maxChars) {
      throw new FileProblem(
        'too-large',
        `this file is ${(input.length / 1e6).toFixed(0)} million characters; the page reads files up to ${(limits.maxChars / 1e6).toFixed(0)} million. Save fewer traces and try again.`,
      );
    }
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.trim() === '') throw new FileProblem('empty', 'the file is empty.');
    let root: unknown;
    let parsed = true;
    try {
      root = JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (!parsed) {
      const syntax = checkJsonSyntax(text);
      // A whole value, then a line break and another object: JSON lines.
      if (
        !syntax.ok &&
        syntax.afterValue &&
        text[syntax.offset] === '{' &&
        /\n\s*$/.test(text.slice(Math.max(0, syntax.offset - 100), syntax.offset))
      ) {
        const records = yield* convertLines(text, limits, chunkSpans);
        return summarise('collector-file', records);
      }
      throw syntaxProblem(text);
    }
    yield { phase: 'parsing', done: 0, total: 0 };
    const found = classify(root);
    const records = found.resourceSpans
      ? yield* convertResourceSpans(found.resourceSpans, found.format, limits, chunkSpans)
      : yield* convertJaegerUi(found.jaegerTraces ?? [], limits, chunkSpans);
    return summarise(found.format, records);
  } catch (error) {
    if (error instanceof FileProblem) {
      return error.format
        ? { ok: false, problem: error.problem, message: error.message, format: error.format }
        : { ok: false, problem: error.problem, message: error.message };
    }
    throw error;
  }
}

/** Reads a whole trace file in one call, reporting progress as it goes. */
export function parseTraceFile(text: string, options: TraceFileOptions = {}): TraceFileResult {
  const { onProgress, ...stepOptions } = options;
  const steps = parseTraceFileSteps(text, stepOptions);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
  }
}
