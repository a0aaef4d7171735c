import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { toConsoleJson } from '../../../src/sandbox/console-json';
import { fromOtlpJson, OtlpJsonError, toOtlpJson } from '../../../src/sandbox/otlp-json';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { toSpanRecords } from '../../../src/sandbox/trace-model';

type Json = Record<string, unknown>;

describe('OTLP/JSON export', () => {
  it('follows the OTLP JSON encoding: hex ids, integer enums, string nanosecond timestamps, one resource per service', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 5 });
    const body = JSON.parse(toOtlpJson(run.spans)) as { resourceSpans: Json[] };
    const services = body.resourceSpans.map((rs) => {
      const attrs = (rs.resource as { attributes: { key: string; value: Json }[] }).attributes;
      return attrs.find((a) => a.key === 'service.name')!.value.stringValue;
    });
    expect(new Set(services).size).toBe(services.length);
    let count = 0;
    for (const rs of body.resourceSpans) {
      for (const ss of rs.scopeSpans as { spans: Json[] }[]) {
        for (const span of ss.spans) {
          count += 1;
          expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
          if (span.parentSpanId !== undefined) expect(span.parentSpanId).toMatch(/^[0-9a-f]{16}$/);
          expect(Number.isInteger(span.kind)).toBe(true);
          expect(span.kind).toBeGreaterThanOrEqual(1);
          expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
          expect(span.endTimeUnixNano).toMatch(/^\d{19}$/);
          expect(Number.isInteger((span.status as Json).code)).toBe(true);
          for (const event of span.events as Json[]) expect(event.timeUnixNano).toMatch(/^\d{19}$/);
        }
      }
    }
    expect(count).toBe(run.spans.length);
  });

  it('round-trips: the ids, parents, kinds, times, status, attributes and events come back', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 5 });
    const original = toSpanRecords(run.spans);
    const back = fromOtlpJson(toOtlpJson(run.spans));
    const key = (r: { spanId: string }) => r.spanId;
    const sort = <T extends { spanId: string }>(list: T[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
    const strip = ({ links, ...rest }: (typeof original)[number]) => ({ ...rest, links: [...links] });
    expect(sort(back).map(strip)).toEqual(sort(original).map(strip));
    const authorize = back.find((r) => r.name === 'authorize_payment')!;
    expect(authorize.kind).toBe(SpanKind.INTERNAL);
    expect(authorize.events[0]!.attributes['exception.type']).toBe('PaymentDeclinedError');
  });

  it('reading OTLP/JSON names the field that breaks the encoding rules', () => {
    const good = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'GET /',
                  kind: 2,
                  startTimeUnixNano: '1748856600000000000',
                  endTimeUnixNano: '1748856600120000000',
                  status: { code: 0 },
                },
              ],
            },
          ],
        },
      ],
    };
    expect(fromOtlpJson(JSON.stringify(good))[0]).toMatchObject({ kind: SpanKind.SERVER, startUs: 1748856600000000 });
    const mutate = (path: (s: Json) => void) => {
      const copy = structuredClone(good) as unknown as { resourceSpans: { scopeSpans: { spans: Json[] }[] }[] };
      path(copy.resourceSpans[0]!.scopeSpans[0]!.spans[0]!);
      return JSON.stringify(copy);
    };
    expect(() => fromOtlpJson(mutate((s) => (s.traceId = 'CvdlGRbNQ92ESOshHIAxnA==')))).toThrow(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: must be 32 lowercase hex digits/,
    );
    expect(() => fromOtlpJson(mutate((s) => (s.startTimeUnixNano = 1748856600000000000)))).toThrow(
      /startTimeUnixNano: must be a decimal string/,
    );
    expect(() => fromOtlpJson(mutate((s) => (s.kind = 'SPAN_KIND_SERVER')))).toThrow(/kind: must be an integer from 0 to 5/);
    expect(() => fromOtlpJson('{')).toThrow(OtlpJsonError);
  });
});

describe('console exporter JSON', () => {
  it('prints a span the way ConsoleSpanExporter does', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 5 });
    const span = run.spans.find((s) => s.name === 'authorize_payment')!;
    const json = toConsoleJson(span);
    expect(json.name).toBe('authorize_payment');
    expect(json.id).toBe(span.spanContext().spanId);
    expect(json.traceId).toBe(span.spanContext().traceId);
    expect(json.parentSpanContext?.spanId).toBe(span.parentSpanContext?.spanId);
    expect(json.kind).toBe(SpanKind.INTERNAL);
    expect(json.status.code).toBe(2);
    expect(json.resource.attributes['service.name']).toBe('payment-api');
    expect(json.events[0]!.name).toBe('exception');
    // Microseconds since the epoch, and the duration in microseconds.
    expect(json.timestamp).toBeGreaterThan(1.7e15);
    expect(json.duration).toBeGreaterThan(1000);
    // It survives JSON (no class instances, no cycles).
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
