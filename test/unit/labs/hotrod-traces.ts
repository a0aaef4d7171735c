// HotROD- and checkout-shaped traces as Jaeger's query API v3 returns them,
// for verify.sh's recorded answers and the redaction test. Nothing here is
// invented from memory; each shape is taken from upstream source:
//
// - Span names, kinds, services and attributes: examples/hotrod in
//   jaegertracing/jaeger at 8498073ff (2026-08-20): services/frontend/
//   server.go:98-111 and best_eta.go:63-103, services/customer/client.go:36-38,
//   services/customer/server.go:64, services/customer/database.go:42-78,
//   services/driver/{client.go:50-53,server.go:66,redis.go:44-71},
//   services/route/{client.go:36-41,server.go:67}, pkg/log/spanlogger.go:51-57
//   (log lines become span events named by the message, fields as
//   attributes, plus `level`), pkg/tracing/init.go:53-69 (one resource per
//   service, schema 1.41.0). HTTP spans by otelhttp v0.69.0 (go.mod:104):
//   server "GET /route-pattern" with url.path and no url.query; client
//   "HTTP GET" with url.full, query included.
// - The encoding: the v3 gateway writes {"result": TracesData} where
//   TracesData is pdata's OTLP JSON (cmd/jaeger/internal/extension/
//   jaegerquery/internal/apiv3/http_gateway.go:105-144, internal/jptrace/
//   traces.go:50-53): hex ids, integer kind and status code, nanosecond
//   times and intValue as decimal strings, fields in pdata's order.
// - checkout-api: labs/worked-example/src/server.ts (span names, the
//   ERROR status of a failed payment, the ~600 ms slow cart).
import type { OtlpKeyValue } from '../../../src/sandbox/otlp-json';

type Value = string | number | boolean;

function kv(attributes: Record<string, Value>): OtlpKeyValue[] {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    value:
      typeof value === 'string'
        ? { stringValue: value }
        : typeof value === 'boolean'
          ? { boolValue: value }
          : Number.isInteger(value)
            ? { intValue: String(value) }
            : { doubleValue: value },
  }));
}

const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
type Kind = keyof typeof SPAN_KIND;

export interface SpanSpec {
  service: string;
  scope: string;
  name: string;
  kind: Kind;
  parent?: number;
  /** Offset and duration in milliseconds from the trace's start. */
  at: number;
  ms: number;
  attributes?: Record<string, Value>;
  events?: { at: number; name: string; attributes: Record<string, Value> }[];
  error?: string;
}

export interface TraceOptions {
  /**
   * The span id of a caller outside the trace: the learner's `traceparent`.
   * otelhttp's handler continues the incoming context, so the first server
   * span is the child of a span Jaeger never receives.
   */
  remoteParentSpanId?: string;
}

/** 2026-11-28T09:00:00Z in nanoseconds. */
const BASE_NS = 1_795_856_400_000_000_000n;

function nanos(traceIndex: number, ms: number): string {
  return String(BASE_NS + BigInt(traceIndex) * 60_000_000_000n + BigInt(Math.round(ms * 1_000_000)));
}

export function traceId(prefix: string, index: number): string {
  return `${prefix}${index.toString(16).padStart(32 - prefix.length, '0')}`;
}

function spanId(traceIndex: number, i: number): string {
  return `${(traceIndex * 256 + i + 1).toString(16).padStart(16, '0')}`;
}

const RESOURCE: Record<string, Record<string, Value>> = {};

export function resourceOf(service: string): Record<string, Value> {
  return (
    RESOURCE[service] ?? {
      'service.name': service,
      'telemetry.sdk.language': 'go',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '1.44.0',
      'host.name': 'hotrod-7c9d8f6b5-x2k4p',
      'os.type': 'linux',
    }
  );
}

/** One trace in pdata's OTLP JSON: one resourceSpans per service, in first-seen order. */
export function buildTrace(id: string, traceIndex: number, specs: SpanSpec[], resource = resourceOf, options: TraceOptions = {}) {
  const byService = new Map<string, Map<string, object[]>>();
  specs.forEach((spec, i) => {
    const scopes = byService.get(spec.service) ?? new Map<string, object[]>();
    byService.set(spec.service, scopes);
    const spans = scopes.get(spec.scope) ?? [];
    scopes.set(spec.scope, spans);
    spans.push({
      traceId: id,
      spanId: spanId(traceIndex, i),
      ...(spec.parent === undefined
        ? options.remoteParentSpanId === undefined
          ? {}
          : { parentSpanId: options.remoteParentSpanId }
        : { parentSpanId: spanId(traceIndex, spec.parent) }),
      name: spec.name,
      kind: SPAN_KIND[spec.kind],
      startTimeUnixNano: nanos(traceIndex, spec.at),
      endTimeUnixNano: nanos(traceIndex, spec.at + spec.ms),
      attributes: kv(spec.attributes ?? {}),
      ...(spec.events?.length
        ? { events: spec.events.map((e) => ({ timeUnixNano: nanos(traceIndex, e.at), name: e.name, attributes: kv(e.attributes) })) }
        : {}),
      // pdata leaves out an empty message; code 2 is STATUS_CODE_ERROR.
      status: spec.error === undefined ? {} : spec.error === '' ? { code: 2 } : { message: spec.error, code: 2 },
    });
  });
  return [...byService].map(([service, scopes]) => ({
    resource: { attributes: kv(resource(service)) },
    scopeSpans: [...scopes].map(([scope, spans]) => ({ scope: { name: scope }, spans })),
    schemaUrl: 'https://opentelemetry.io/schemas/1.41.0',
  }));
}

const OTELHTTP = 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp';
const OTELGRPC = 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc';

/** services/customer/database.go:42-63: the four customers and their locations. */
export const HOTROD_CUSTOMERS: Record<number, string> = { 123: '115,277', 392: '577,322', 567: '211,653', 731: '728,326' };

/** The spans of one `GET /dispatch?customer=N`, as HotROD makes them (one route call shown of the ten). */
export function dispatchSpans(customer: number): SpanSpec[] {
  const location = HOTROD_CUSTOMERS[customer] ?? '0,0';
  const dropoff = encodeURIComponent(location);
  const level = 'info';
  return [
    {
      service: 'frontend',
      scope: OTELHTTP,
      name: 'GET /dispatch',
      kind: 'server',
      at: 0,
      ms: 712,
      attributes: {
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'server.port': 8080,
        'network.peer.address': '127.0.0.1',
        'network.peer.port': 51234,
        'user_agent.original': 'curl/8.11.1',
        'client.address': '127.0.0.1',
        'url.path': '/dispatch',
        'network.protocol.version': '1.1',
        'http.route': '/dispatch',
        'http.response.status_code': 200,
      },
      events: [
        { at: 0.1, name: 'HTTP request received', attributes: { method: 'GET', url: `/dispatch?customer=${customer}&nonse=0.4182`, level } },
        { at: 0.2, name: 'Getting customer', attributes: { customer_id: customer, level } },
        { at: 312, name: 'Found customer', attributes: { level } },
        { at: 312.1, name: 'Finding nearest drivers', attributes: { location, level } },
        { at: 520, name: 'Finding route', attributes: { pickup: '577,322', dropoff: location, level } },
        { at: 711, name: 'Dispatch successful', attributes: { driver: 'T757183C', eta: '2m0s', level } },
      ],
    },
    {
      service: 'frontend',
      scope: OTELHTTP,
      name: 'HTTP GET',
      kind: 'client',
      parent: 0,
      at: 0.3,
      ms: 311,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `http://0.0.0.0:8081/customer?customer=${customer}`,
        'server.address': '0.0.0.0',
        'server.port': 8081,
        'network.protocol.version': '1.1',
        'http.response.status_code': 200,
      },
    },
    {
      service: 'customer',
      scope: OTELHTTP,
      name: 'GET /customer',
      kind: 'server',
      parent: 1,
      at: 0.5,
      ms: 310,
      attributes: { 'http.request.method': 'GET', 'url.path': '/customer', 'http.route': '/customer', 'http.response.status_code': 200 },
      events: [
        { at: 0.6, name: 'HTTP request received', attributes: { method: 'GET', url: `/customer?customer=${customer}`, level } },
        { at: 0.7, name: 'Loading customer', attributes: { customer_id: customer, level } },
      ],
    },
    {
      service: 'mysql',
      scope: 'mysql',
      name: 'SQL SELECT',
      kind: 'client',
      parent: 2,
      at: 0.8,
      ms: 309,
      attributes: {
        'db.system.name': 'mysql',
        'db.operation.name': 'SELECT',
        'service.peer.name': 'mysql',
        'db.query.text': `SELECT * FROM customer WHERE customer_id=${customer}`,
        request: '',
      },
      events: [{ at: 0.9, name: 'Acquired lock; 0 transactions waiting behind', attributes: { waiters: '[]', level } }],
    },
    { service: 'frontend', scope: OTELGRPC, name: 'driver.DriverService/FindNearest', kind: 'client', parent: 0, at: 312.2, ms: 207, attributes: { 'rpc.system.name': 'grpc', 'rpc.method': 'driver.DriverService/FindNearest' } },
    {
      service: 'driver',
      scope: OTELGRPC,
      name: 'driver.DriverService/FindNearest',
      kind: 'server',
      parent: 4,
      at: 312.5,
      ms: 206,
      attributes: { 'rpc.system.name': 'grpc', 'rpc.method': 'driver.DriverService/FindNearest' },
      events: [{ at: 312.6, name: 'Searching for nearby drivers', attributes: { location, level } }],
    },
    { service: 'redis-manual', scope: 'redis-manual', name: 'FindDriverIDs', kind: 'client', parent: 5, at: 312.7, ms: 20, attributes: { 'param.driver.location': location } },
    { service: 'redis-manual', scope: 'redis-manual', name: 'GetDriver', kind: 'client', parent: 5, at: 333, ms: 12, attributes: { 'param.driverID': 'T757183C', 'db.system.name': 'redis', 'db.operation.name': 'GET' } },
    {
      service: 'frontend',
      scope: OTELHTTP,
      name: 'HTTP GET',
      kind: 'client',
      parent: 0,
      at: 520.1,
      ms: 60,
      attributes: {
        'http.request.method': 'GET',
        'url.full': `http://0.0.0.0:8083/route?dropoff=${dropoff}&pickup=577%2C322`,
        'server.address': '0.0.0.0',
        'server.port': 8083,
        'network.protocol.version': '1.1',
        'http.response.status_code': 200,
      },
    },
    {
      service: 'route',
      scope: OTELHTTP,
      name: 'GET /route',
      kind: 'server',
      parent: 8,
      at: 520.3,
      ms: 59,
      attributes: { 'http.request.method': 'GET', 'url.path': '/route', 'http.route': '/route', 'http.response.status_code': 200 },
      events: [{ at: 520.4, name: 'HTTP request received', attributes: { method: 'GET', url: `/route?dropoff=${dropoff}&pickup=577%2C322`, level } }],
    },
  ];
}

export type Cart = 'normal' | 'slow' | 'fail';

/**
 * The worked example's `GET /checkout/{cart_id}` (labs/worked-example/src/server.ts): reserve_inventory
 * and authorize_payment run side by side; the slow cart's payment takes ~520 ms; the failing cart's
 * payment records PaymentDeclinedError and the server answers 502.
 */
export function checkoutSpans(cart: Cart): SpanSpec[] {
  const payMs = cart === 'slow' ? 521 : 81;
  const total = Math.max(51, payMs) + 4;
  const status = cart === 'fail' ? 502 : 200;
  return [
    {
      service: 'checkout-api',
      scope: '@opentelemetry/instrumentation-http',
      name: 'GET /checkout/{cart_id}',
      kind: 'server',
      at: 0,
      ms: total,
      attributes: {
        'http.request.method': 'GET',
        'url.scheme': 'http',
        'url.path': `/checkout/${cart}`,
        'http.route': '/checkout/{cart_id}',
        'http.response.status_code': status,
        ...(cart === 'fail' ? { 'error.type': '502' } : {}),
      },
      ...(cart === 'fail' ? { error: '' } : {}),
    },
    { service: 'checkout-api', scope: 'checkout-api', name: 'reserve_inventory', kind: 'internal', parent: 0, at: 1, ms: 51, attributes: { 'cart.id': cart, 'inventory.system': 'demo-postgres' } },
    {
      service: 'checkout-api',
      scope: 'checkout-api',
      name: 'authorize_payment',
      kind: 'internal',
      parent: 0,
      at: 1.1,
      ms: payMs,
      attributes: { 'payment.provider': 'demo-bank', 'payment.currency': 'USD', ...(cart === 'slow' ? { 'payment.slow_path': true } : {}) },
      ...(cart === 'fail'
        ? {
            error: 'payment authorization failed',
            events: [{ at: payMs, name: 'exception', attributes: { 'exception.type': 'PaymentDeclinedError', 'exception.message': 'demo payment decline' } }],
          }
        : {}),
    },
  ];
}

export function checkoutResource(service: string): Record<string, Value> {
  return {
    'service.name': service,
    'service.version': '1.0.0',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'k8s.namespace.name': 'default',
    'k8s.deployment.name': 'checkout-api',
  };
}

/** What GET /api/v3/traces answers when traces match: every trace's resourceSpans, concatenated. */
export function tracesResponse(traces: object[][]): string {
  return JSON.stringify({ result: { resourceSpans: traces.flat() } });
}

/** GET /api/v3/services (http_gateway.go:214-225; an empty store answers {"services":[]}). */
export function servicesResponse(services: string[]): string {
  return JSON.stringify({ services });
}

/**
 * What the collector's k8s_attributes processor adds to every resource of a
 * span that came from the HotROD pod: the four keys of
 * labs/tracing/manifests/20-otel-collector.yaml's `extract.metadata`, with
 * the pod of `host.name` above, the Deployment of manifests/30-hotrod.yaml
 * and the node kind names `<cluster>-control-plane` (cluster `tracing-lab`,
 * kind-config.yaml).
 */
export const HOTROD_K8S: Record<string, Value> = {
  'k8s.namespace.name': 'default',
  'k8s.deployment.name': 'hotrod',
  'k8s.pod.name': 'hotrod-7c9d8f6b5-x2k4p',
  'k8s.node.name': 'tracing-lab-control-plane',
};

/** HotROD's resource after the lab's collector: the SDK's attributes, then the pod's. */
export function labHotrodResource(service: string): Record<string, Value> {
  return { ...resourceOf(service), ...HOTROD_K8S };
}

/** checkout-api's resource after the lab's collector (the worked example's Deployment in namespace default). */
export function labCheckoutResource(service: string): Record<string, Value> {
  return {
    ...checkoutResource(service),
    'k8s.pod.name': 'checkout-api-5f7b9c8d4-q8r2m',
    'k8s.node.name': 'tracing-lab-control-plane',
  };
}

const UI_KIND: Record<Kind, string> = { internal: 'internal', server: 'server', client: 'client' };

function uiTags(attributes: Record<string, Value>) {
  return Object.entries(attributes).map(([key, value]) => ({
    key,
    type: typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int64' : 'float64',
    value,
  }));
}

/**
 * The same trace as Jaeger UI's JSON download ({"data": [trace]}), in
 * Jaeger's own model: internal/uimodel/model.go at 8498073ff (traceID,
 * spans, processes p1..pN, startTime and duration in microseconds). Jaeger 2
 * makes that model from OTLP with the contrib translator's ProtoFromTraces
 * (internal/storage/v2/v1adapter/translator.go:21; pkg/translator/jaeger
 * v0.155.0, go.mod:38), whose traces_to_jaegerproto.go (contrib blob
 * ebdf3b1d) writes `otel.scope.name` first, then the attributes, then
 * `span.kind`, `otel.status_code` and `error=true` for an ERROR status,
 * `otel.status_description`; span events become logs whose `event` field
 * is the name.
 */
export function jaegerUiTrace(id: string, traceIndex: number, specs: SpanSpec[], resource = resourceOf, options: TraceOptions = {}) {
  const processIds = new Map<string, string>();
  for (const spec of specs) if (!processIds.has(spec.service)) processIds.set(spec.service, `p${processIds.size + 1}`);
  const micros = (ms: number) => Number((BigInt(nanos(traceIndex, ms)) / 1000n).toString());
  const spans = specs.map((spec, i) => {
    const parent = spec.parent === undefined ? options.remoteParentSpanId : spanId(traceIndex, spec.parent);
    return {
      traceID: id,
      spanID: spanId(traceIndex, i),
      operationName: spec.name,
      references: parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID: id, spanID: parent }],
      startTime: micros(spec.at),
      duration: micros(spec.at + spec.ms) - micros(spec.at),
      tags: [
        ...uiTags({ 'otel.scope.name': spec.scope, ...(spec.attributes ?? {}), 'span.kind': UI_KIND[spec.kind] }),
        ...(spec.error === undefined
          ? []
          : uiTags({ 'otel.status_code': 'ERROR', error: true, ...(spec.error === '' ? {} : { 'otel.status_description': spec.error }) })),
      ],
      logs: (spec.events ?? []).map((e) => ({ timestamp: micros(e.at), fields: uiTags({ event: e.name, ...e.attributes }) })),
      processID: processIds.get(spec.service)!,
      warnings: null,
    };
  });
  const processes = Object.fromEntries(
    [...processIds].map(([service, pid]) => {
      const tags = Object.fromEntries(Object.entries(resource(service)).filter(([key]) => key !== 'service.name'));
      return [pid, { serviceName: service, tags: uiTags(tags) }];
    }),
  );
  return { traceID: id, spans, processes, warnings: null };
}
