import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { IdGenerator, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanCollector } from '../../../src/sandbox/collector';
import { createRandom } from '../../../src/shared/random';

// Hand-built traces made of real SDK spans: one BasicTracerProvider per
// service (its own resource), explicit start and end times, ids chosen by
// the test so expected results can be written down by hand.

export interface SpanSpec {
  readonly name: string;
  readonly service: string;
  /** Start relative to the trace's start, in ms. */
  readonly at: number;
  readonly ms: number;
  readonly kind?: SpanKind;
  readonly status?: 'ok' | 'error';
  readonly statusMessage?: string;
  readonly attributes?: Attributes;
  readonly children?: readonly SpanSpec[];
}

/** Trace ids come from the test when given, span ids count up: readable and unique. */
class ScriptedIds implements IdGenerator {
  next: string | undefined;
  private spanCounter = 0;
  private readonly random = createRandom(7);

  generateTraceId(): string {
    const id = this.next;
    this.next = undefined;
    if (id) return id;
    let out = '';
    for (let i = 0; i < 4; i += 1)
      out += Math.floor(this.random.next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    return out;
  }

  generateSpanId(): string {
    this.spanCounter += 1;
    return this.spanCounter.toString(16).padStart(16, '0');
  }
}

export const BASE_MS = Date.UTC(2025, 5, 2, 9, 0, 0);

export class TraceBuilder {
  private readonly ids = new ScriptedIds();
  private readonly collector = new SpanCollector();
  private readonly providers = new Map<string, BasicTracerProvider>();

  constructor(private readonly resourceExtras: Readonly<Record<string, Attributes>> = {}) {}

  private tracer(service: string) {
    let provider = this.providers.get(service);
    if (!provider) {
      provider = new BasicTracerProvider({
        resource: resourceFromAttributes({
          'service.name': service,
          'service.version': '1.4.2',
          'deployment.environment': 'test',
          ...this.resourceExtras[service],
        }),
        idGenerator: this.ids,
        spanProcessors: [this.collector],
      });
      this.providers.set(service, provider);
    }
    return provider.getTracer('course-fixtures');
  }

  private start(spec: SpanSpec, traceStartMs: number, parent: Span | undefined): void {
    const context = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = this.tracer(spec.service).startSpan(
      spec.name,
      { kind: spec.kind ?? SpanKind.INTERNAL, attributes: spec.attributes ?? {}, startTime: traceStartMs + spec.at },
      context,
    );
    for (const child of spec.children ?? []) this.start(child, traceStartMs, span);
    if (spec.status === 'error')
      span.setStatus({ code: SpanStatusCode.ERROR, ...(spec.statusMessage ? { message: spec.statusMessage } : {}) });
    if (spec.status === 'ok') span.setStatus({ code: SpanStatusCode.OK });
    span.end(traceStartMs + spec.at + spec.ms);
  }

  /** Adds one trace; returns its trace id. `startMs` is relative to BASE_MS. */
  add(root: SpanSpec, startMs = 0, traceId?: string): string {
    if (traceId) this.ids.next = traceId;
    const before = this.collector.spans.length;
    this.start(root, BASE_MS + startMs, undefined);
    const created = this.collector.spans[before];
    return created ? created.spanContext().traceId : '';
  }

  get spans(): readonly ReadableSpan[] {
    return this.collector.spans;
  }
}

export function traceIdFor(n: number): string {
  return `${n.toString(16).padStart(4, '0')}${'ab'.repeat(14)}`;
}

const http = (method: string, route: string, status: number): Attributes => ({
  'http.request.method': method,
  'http.route': route,
  'http.response.status_code': status,
});

/** A checkout trace through every service; payment's duration and outcome vary. */
export function checkoutTrace(options: { paymentMs?: number; fail?: boolean; customerEmail?: string } = {}): SpanSpec {
  const paymentMs = options.paymentMs ?? 40;
  const fail = options.fail ?? false;
  const checkoutMs = 30 + paymentMs + 10;
  return {
    name: 'GET /checkout/{cart_id}',
    service: 'api-gateway',
    kind: SpanKind.SERVER,
    at: 0,
    ms: checkoutMs + 10,
    attributes: http('GET', '/checkout/{cart_id}', fail ? 502 : 200),
    ...(fail ? { status: 'error' as const } : {}),
    children: [
      {
        name: 'GET /checkout',
        service: 'checkout-api',
        kind: SpanKind.SERVER,
        at: 5,
        ms: checkoutMs,
        attributes: {
          ...http('GET', '/checkout', fail ? 502 : 200),
          ...(options.customerEmail ? { 'user.email': options.customerEmail } : {}),
        },
        ...(fail ? { status: 'error' as const } : {}),
        children: [
          {
            name: 'GET /auth/verify',
            service: 'auth-service',
            kind: SpanKind.SERVER,
            at: 6,
            ms: 8,
            attributes: http('GET', '/auth/verify', 200),
          },
          {
            name: 'POST /inventory/reserve',
            service: 'inventory-api',
            kind: SpanKind.SERVER,
            at: 15,
            ms: 15,
            attributes: http('POST', '/inventory/reserve', 200),
            children: [
              {
                name: 'UPDATE stock',
                service: 'inventory-api',
                kind: SpanKind.CLIENT,
                at: 17,
                ms: 10,
                attributes: { 'db.system': 'postgresql' },
              },
            ],
          },
          {
            name: 'POST /payments',
            service: 'payment-api',
            kind: SpanKind.SERVER,
            at: 32,
            ms: paymentMs,
            attributes: http('POST', '/payments', fail ? 502 : 200),
            ...(fail ? { status: 'error' as const, statusMessage: 'card declined by bank' } : {}),
            children: [
              {
                name: 'POST bank-http',
                service: 'payment-api',
                kind: SpanKind.CLIENT,
                at: 34,
                ms: paymentMs - 4,
                attributes: { 'server.address': 'bank.example', 'http.response.status_code': fail ? 503 : 200 },
                ...(fail ? { status: 'error' as const } : {}),
              },
            ],
          },
        ],
      },
    ],
  };
}

export function browseTrace(ms = 25): SpanSpec {
  return {
    name: 'GET /products',
    service: 'api-gateway',
    kind: SpanKind.SERVER,
    at: 0,
    ms,
    attributes: http('GET', '/products', 200),
    children: [
      {
        name: 'GET /products',
        service: 'inventory-api',
        kind: SpanKind.SERVER,
        at: 2,
        ms: ms - 4,
        attributes: http('GET', '/products', 200),
      },
    ],
  };
}

/**
 * The fixed dataset of the TraceQL and grading tests: five traces whose
 * matches are worked out by hand in the tests.
 *   normal  checkout, payment 40 ms, total 90 ms
 *   slow    checkout, payment 520 ms, total 570 ms
 *   fail    checkout, payment ERROR (502), total 90 ms
 *   browse  GET /products, 25 ms
 *   browse2 GET /products, 300 ms
 */
export function fixedDataset(): { spans: readonly ReadableSpan[]; ids: Record<'normal' | 'slow' | 'fail' | 'browse' | 'browse2', string> } {
  const builder = new TraceBuilder({ 'payment-api': { 'cloud.region': 'eu-west-1' } });
  const ids = {
    normal: builder.add(checkoutTrace(), 0, traceIdFor(1)),
    slow: builder.add(checkoutTrace({ paymentMs: 520 }), 1000, traceIdFor(2)),
    fail: builder.add(checkoutTrace({ fail: true }), 2000, traceIdFor(3)),
    browse: builder.add(browseTrace(), 3000, traceIdFor(4)),
    browse2: builder.add(browseTrace(300), 4000, traceIdFor(5)),
  };
  return { spans: builder.spans, ids };
}
