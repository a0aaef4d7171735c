// Reading a learner's trace file: each format a tool writes, and one clear
// message for each way a file can be wrong.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toOtlpJson } from '../../../src/sandbox/otlp-json';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { parseTraceFile, parseTraceFileSteps, type TraceFileProgress, type TraceFileResult } from '../../../src/sandbox/trace-file';
import { buildTrace, checkoutResource, checkoutSpans, dispatchSpans, jaegerUiTrace, traceId } from '../labs/hotrod-traces';

const VERIFY = join(import.meta.dirname, '../labs/fixtures/verify');
const readVerify = (file: string) => readFileSync(join(VERIFY, file), 'utf8');

function ok(result: TraceFileResult) {
  if (!result.ok) throw new Error(`expected the file to read, got: ${result.message}`);
  return result;
}
function problem(result: TraceFileResult) {
  if (result.ok) throw new Error('expected a problem, but the file read');
  return result;
}

const DISPATCH_ID = traceId('4bf92f3577b34da6', 1);
const dispatch = () => buildTrace(DISPATCH_ID, 1, dispatchSpans(123));

describe('formats', () => {
  it('reads the sandbox’s own OTLP JSON download', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 3 });
    const result = ok(parseTraceFile(toOtlpJson(run.spans)));
    expect(result.format).toBe('otlp-json');
    expect(result.records).toHaveLength(run.spans.length);
    expect(result.records.some((r) => r.status.code === SpanStatusCode.ERROR)).toBe(true);
    expect(result.description).toMatch(/^OTLP JSON: \d+ spans in 1 trace from \d+ services$/);
  });

  it('reads a Jaeger API v3 answer: 9 checkout spans, 3 traces, 2 errors', () => {
    const result = ok(parseTraceFile(readVerify('passing/responses/jaeger-v3-traces-checkout.json')));
    expect(result.format).toBe('jaeger-api-v3');
    expect(result.records).toHaveLength(9);
    expect(result.traceIds).toHaveLength(3);
    expect(result.records.filter((r) => r.status.code === SpanStatusCode.ERROR)).toHaveLength(2);
    expect(result.services).toEqual(['checkout-api']);
  });

  it('reads the v3 gateway’s answer with no spans as an empty answer, not as broken', () => {
    expect(problem(parseTraceFile('{"result":{}}'))).toMatchObject({ problem: 'empty', format: 'jaeger-api-v3' });
  });

  it('reads the collector file exporter’s JSON lines, one request per line', () => {
    const lines = [
      JSON.stringify({ resourceSpans: dispatch() }),
      JSON.stringify({ resourceSpans: buildTrace(traceId('0af7651916cd43dd', 1), 10, checkoutSpans('slow'), checkoutResource) }),
    ];
    const result = ok(parseTraceFile(`${lines.join('\n')}\n`));
    expect(result.format).toBe('collector-file');
    expect(result.records).toHaveLength(13);
    expect(result.traceIds).toHaveLength(2);
    expect(result.services).toContain('redis-manual');
  });

  it('reads Jaeger UI’s JSON download: kind, parent, status, scope, events and resource come back', () => {
    const text = JSON.stringify({ data: [jaegerUiTrace(traceId('0af7651916cd43dd', 1), 10, checkoutSpans('fail'), checkoutResource)] });
    const result = ok(parseTraceFile(text));
    expect(result.format).toBe('jaeger-ui');
    const byName = new Map(result.records.map((r) => [r.name, r]));
    const server = byName.get('GET /checkout/{cart_id}')!;
    const payment = byName.get('authorize_payment')!;
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanId).toBeNull();
    expect(server.scope).toBe('@opentelemetry/instrumentation-http');
    expect(server.attributes['http.response.status_code']).toBe(502);
    expect(server.attributes).not.toHaveProperty('span.kind');
    expect(payment.parentSpanId).toBe(server.spanId);
    expect(payment.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment authorization failed' });
    expect(payment.attributes).not.toHaveProperty('error');
    expect(payment.events).toEqual([
      expect.objectContaining({
        name: 'exception',
        attributes: { 'exception.type': 'PaymentDeclinedError', 'exception.message': 'demo payment decline' },
      }),
    ]);
    expect(payment.endUs - payment.startUs).toBe(81_000);
    expect(server.resource).toMatchObject({ 'service.name': 'checkout-api', 'k8s.deployment.name': 'checkout-api' });
  });

  it('pads 64-bit Jaeger ids to 32 and 16 hex digits, and follows the deprecated parentSpanID and otel.status_code', () => {
    const text = JSON.stringify({
      data: [
        {
          traceID: '00000000000000ab',
          spans: [
            {
              traceID: 'ab',
              spanID: '1',
              operationName: 'root',
              references: [],
              startTime: 1_000,
              duration: 50,
              tags: [{ key: 'otel.library.name', type: 'string', value: 'io.opentracing.old' }],
              logs: [],
              processID: 'p1',
            },
            {
              traceID: 'ab',
              spanID: '2',
              parentSpanID: '1',
              operationName: 'child',
              startTime: 1_010,
              duration: 5,
              tags: [
                { key: 'otel.status_code', type: 'string', value: 'ERROR' },
                { key: 'otel.status_description', type: 'string', value: 'boom' },
                { key: 'big', type: 'int64', value: '9007199254740993' },
              ],
              processID: 'p1',
            },
          ],
          processes: { p1: { serviceName: 'svc', tags: [{ key: 'host.name', type: 'string', value: 'h' }] } },
        },
      ],
    });
    const [root, child] = ok(parseTraceFile(text)).records;
    expect(root!.traceId).toBe('000000000000000000000000000000ab');
    expect(root!.spanId).toBe('0000000000000001');
    expect(child!.parentSpanId).toBe('0000000000000001');
    expect(child!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(child!.attributes.big).toBeGreaterThan(9e15);
    expect(root!.resource).toEqual({ 'service.name': 'svc', 'host.name': 'h' });
    // A 2022 translator's name for the scope.
    expect(root!.scope).toBe('io.opentracing.old');
    expect(root!.attributes).toEqual({});
  });
});

describe('one clear message per problem', () => {
  it('not JSON: names the line and column', () => {
    const result = problem(parseTraceFile('{\n  "resourceSpans": [\n    x\n  ]\n}'));
    expect(result.problem).toBe('not-json');
    expect(result.message).toMatch(/^not JSON \(line 3, column 5\): expected a value/);
  });

  it('an HTML page is not JSON, and says what it looks like', () => {
    expect(problem(parseTraceFile('<!doctype html><title>Jaeger UI</title>')).message).toMatch(/line 1, column 1.*HTML page/);
  });

  it('a file cut off mid-way is reported as truncated, with where it ends', () => {
    const full = readVerify('passing/responses/jaeger-v3-traces-checkout.json');
    const result = problem(parseTraceFile(full.slice(0, Math.floor(full.length / 2))));
    expect(result.problem).toBe('truncated');
    expect(result.message).toMatch(/^the file ends early \(line 1, column \d+\) with \d+ brackets still open/);
  });

  it('a collector file whose last line is cut off says so', () => {
    const line = JSON.stringify({ resourceSpans: dispatch() });
    const result = problem(parseTraceFile(`${line}\n${line}\n${line.slice(0, 300)}`));
    expect(result).toMatchObject({ problem: 'truncated', format: 'collector-file' });
    expect(result.message).toMatch(/last line \(3\) is cut off/);
  });

  it('JSON but not traces lists the formats it expected', () => {
    const result = problem(parseTraceFile('{"hello":"world"}'));
    expect(result.problem).toBe('not-traces');
    expect(result.message).toMatch(
      /^JSON but not traces: the top-level keys are "hello"; expected one of: OTLP JSON .*Jaeger query API v3.*file exporter.*Jaeger UI/,
    );
  });

  it('a saved Jaeger error answer is named as one', () => {
    const result = problem(parseTraceFile('{"error":{"httpCode":404,"message":"No traces found"}}\n'));
    expect(result.message).toBe(
      'JSON but not traces: this is an error answer from Jaeger’s query API (HTTP 404: No traces found), saved instead of a trace.',
    );
    // The v1 API's (and so Jaeger UI's) shape of an error.
    const v1 = problem(parseTraceFile('{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}'));
    expect(v1.message).toBe(
      'JSON but not traces: this is an error answer from Jaeger’s query API (trace not found), saved instead of a trace.',
    );
  });

  it('a Jaeger UI download without spans names the trace', () => {
    const result = problem(parseTraceFile('{"data":[{"traceID":"ab","processes":{}}]}'));
    expect(result).toMatchObject({ problem: 'incomplete', format: 'jaeger-ui' });
    expect(result.message).toMatch(/^this looks like a Jaeger UI download but trace 1 has no "spans" list/);
  });

  it('a span with a base64 trace id is numbered and explained', () => {
    const resourceSpans = dispatch();
    const spans = (resourceSpans[0] as { scopeSpans: { spans: { traceId: string }[] }[] }).scopeSpans[0]!.spans;
    spans[1]!.traceId = 'S/kvNXezTaajzpKdDg5HNg==';
    const result = problem(parseTraceFile(JSON.stringify({ resourceSpans })));
    expect(result.problem).toBe('bad-span');
    expect(result.message).toMatch(/^span 2 \(0000000000000102\) has a bad trace id: "S\/kvNXezTaajzpKdDg5HNg==" looks like base64/);
  });

  it('a span without a start time is numbered', () => {
    const text = readVerify('passing/responses/jaeger-v3-traces-checkout.json').replace(/"startTimeUnixNano":"\d+",/, '');
    expect(problem(parseTraceFile(text)).message).toMatch(
      /^span 1 \(0000000000000a01\) has a bad start time: "startTimeUnixNano" is missing/,
    );
  });

  it('an empty file, and a file over the limits, are refused plainly', () => {
    expect(problem(parseTraceFile(' \n'))).toMatchObject({ problem: 'empty', message: 'the file is empty.' });
    const text = readVerify('passing/responses/jaeger-v3-traces-checkout.json');
    expect(problem(parseTraceFile(text, { limits: { maxSpans: 5 } })).message).toMatch(/holds 9 spans; the page reads at most 5 spans/);
    expect(problem(parseTraceFile(text, { limits: { maxChars: 100 } })).problem).toBe('too-large');
  });
});

describe('incremental reading', () => {
  it('yields progress in steps and ends with the same records as the one-call form', () => {
    const resourceSpans = Array.from({ length: 120 }, (_, i) => buildTrace(traceId('5a', i + 1), i + 1, dispatchSpans(392))).flat();
    const text = JSON.stringify({ resourceSpans });
    const steps = parseTraceFileSteps(text, { chunkSpans: 500 });
    const progress: TraceFileProgress[] = [];
    let step = steps.next();
    while (!step.done) {
      progress.push(step.value);
      step = steps.next();
    }
    const result = ok(step.value);
    expect(result.records).toHaveLength(1_200);
    const converting = progress.filter((p) => p.phase === 'converting');
    expect(converting.length).toBeGreaterThanOrEqual(3);
    expect(converting.at(-1)).toEqual({ phase: 'converting', done: 1_200, total: 1_200 });
    const seen: number[] = [];
    ok(parseTraceFile(text, { chunkSpans: 500, onProgress: (p) => seen.push(p.done) }));
    expect(seen.at(-1)).toBe(1_200);
  });
});
