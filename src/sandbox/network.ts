import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type LogRecord, type LogSeverity, logRecord } from './logs';
import type { Random } from '../shared/random';
import type { ServiceTracers } from './services';
import { NOW, type Sim, type Step, wait } from './sim';
import { microsToHrTime } from './time';
import { type ExternalPeer, SERVICES, type ServiceName } from './topology';

// How the simulated services talk: HTTP calls and messages whose trace
// context travels in a header carrier through the real W3C propagator.

export type EdgeRecordId = `${ServiceName}->${ServiceName | ExternalPeer}`;

/** What crossed one edge: the headers on the wire, and the spans on both sides. */
export interface EdgeRecord {
  id: EdgeRecordId;
  from: ServiceName;
  to: ServiceName | ExternalPeer;
  transport: 'http' | 'message';
  /** Exactly the headers (or message headers) the caller sent. */
  headers: Record<string, string>;
  /** Whether the caller injected trace context into them. */
  injected: boolean;
  /** The `traceparent` sent, when there was one. */
  traceparent?: string;
  /** The CLIENT or PRODUCER span on the caller's side. */
  callerSpanId: string;
  /** The SERVER or CONSUMER span that started from these headers (none for third parties). */
  calleeSpanId?: string;
}

export interface FlowEnv {
  readonly tracers: ServiceTracers;
  readonly random: Random;
  readonly propagator: W3CTraceContextPropagator;
  /** Edges whose caller does not inject trace context. */
  readonly brokenEdges: ReadonlySet<string>;
  /** Record every edge crossing (interactive runs); traffic leaves it off. */
  readonly edges: EdgeRecord[] | null;
  readonly logs: LogRecord[];
  /** Span names and routes use raw paths and ids instead of templates. */
  readonly highCardinality: boolean;
  /** Every span started, recorded or not (head sampling drops some before any processor). */
  spansStarted: number;
  /** Trace id of the request the gateway accepted last. */
  lastTraceId: string;
}

export function createFlowEnv(init: Omit<FlowEnv, 'propagator' | 'spansStarted' | 'lastTraceId'>): FlowEnv {
  return { ...init, propagator: new W3CTraceContextPropagator(), spansStarted: 0, lastTraceId: '' };
}

export function startSpan(
  env: FlowEnv,
  service: ServiceName,
  name: string,
  kind: SpanKind,
  timeUs: number,
  parent: Context,
  attributes: Attributes,
): Span {
  env.spansStarted += 1;
  return env.tracers[service].startSpan(name, { kind, startTime: microsToHrTime(timeUs), attributes }, parent);
}

export function endSpan(span: Span, timeUs: number): void {
  span.end(microsToHrTime(timeUs));
}

export function log(
  env: FlowEnv,
  timeUs: number,
  severity: LogSeverity,
  service: ServiceName,
  span: Span,
  message: string,
  attributes?: Record<string, string | number | boolean>,
): void {
  env.logs.push(logRecord(timeUs, severity, service, span, message, attributes));
}

/** A network hop: a fraction of a millisecond inside the cluster. */
export function networkHop(env: FlowEnv): Step {
  return wait(env.random.between(250, 900));
}

export interface HttpRequest {
  method: string;
  /** Route template, e.g. `/checkout/{cart_id}`. */
  route: string;
  /** The concrete path, e.g. `/checkout/c-1042`. */
  path: string;
}

/** The handler of an HTTP server: runs inside the server span and returns the status code. */
export type HttpHandler = (ctx: Context, span: Span) => Sim<number>;

function httpSpanName(env: FlowEnv, req: HttpRequest): string {
  return `${req.method} ${env.highCardinality ? req.path : req.route}`;
}

function setHttpStatus(span: Span, status: number, errorFrom: number): void {
  span.setAttribute('http.response.status_code', status);
  if (status >= errorFrom) {
    span.setAttribute('error.type', String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/** The server side of an HTTP request, starting from whatever context the headers carry. */
export function* httpServer(
  env: FlowEnv,
  service: ServiceName,
  headers: Record<string, string>,
  req: HttpRequest,
  scheme: 'http' | 'https',
  handler: HttpHandler,
  onStart?: (span: Span) => void,
): Sim<number> {
  const parent = env.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
  const info = SERVICES[service];
  const span = startSpan(env, service, httpSpanName(env, req), SpanKind.SERVER, yield NOW, parent, {
    'http.request.method': req.method,
    'http.route': env.highCardinality ? req.path : req.route,
    'url.path': req.path,
    'url.scheme': scheme,
    'server.address': info.host,
    'server.port': info.port,
    'network.protocol.version': '1.1',
  });
  onStart?.(span);
  const status = yield* handler(trace.setSpan(parent, span), span);
  // Server spans are errors on 5xx only: a 4xx is the client's mistake (semantic conventions).
  setHttpStatus(span, status, 500);
  endSpan(span, yield NOW);
  return status;
}

/**
 * An HTTP call from one of our services to another: CLIENT span, inject
 * (unless the edge is broken), network hop, SERVER span on the callee from
 * the extracted context, and back.
 */
export function* httpCall(
  env: FlowEnv,
  from: ServiceName,
  to: ServiceName,
  parent: Context,
  req: HttpRequest,
  handler: HttpHandler,
): Sim<number> {
  const target = SERVICES[to];
  const client = startSpan(env, from, httpSpanName(env, req), SpanKind.CLIENT, yield NOW, parent, {
    'http.request.method': req.method,
    'url.full': `http://${target.host}:${target.port}${req.path}`,
    'url.template': req.route,
    'server.address': target.host,
    'server.port': target.port,
  });
  const id: EdgeRecordId = `${from}->${to}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const injected = !env.brokenEdges.has(id);
  if (injected) env.propagator.inject(trace.setSpan(parent, client), headers, defaultTextMapSetter);
  const edge: EdgeRecord = {
    id,
    from,
    to,
    transport: 'http',
    headers: { ...headers },
    injected,
    ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    callerSpanId: client.spanContext().spanId,
  };
  env.edges?.push(edge);
  yield networkHop(env);
  const status = yield* httpServer(env, to, headers, req, 'http', handler, (server) => {
    edge.calleeSpanId = server.spanContext().spanId;
  });
  yield networkHop(env);
  // Client spans are errors on 4xx and 5xx alike.
  setHttpStatus(client, status, 400);
  endSpan(client, yield NOW);
  return status;
}

/**
 * A call to a third party that is not instrumented (the bank): the caller
 * still sends `traceparent`, but no span comes back from the other side.
 */
export function* externalHttpCall(
  env: FlowEnv,
  from: ServiceName,
  to: ExternalPeer,
  parent: Context,
  req: HttpRequest & { host: string },
  respond: () => Sim<number>,
): Sim<number> {
  const client = startSpan(env, from, httpSpanName(env, req), SpanKind.CLIENT, yield NOW, parent, {
    'http.request.method': req.method,
    'url.full': `https://${req.host}${req.path}`,
    'url.template': req.route,
    'server.address': req.host,
    'server.port': 443,
  });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  env.propagator.inject(trace.setSpan(parent, client), headers, defaultTextMapSetter);
  env.edges?.push({
    id: `${from}->${to}`,
    from,
    to,
    transport: 'http',
    headers: { ...headers },
    injected: true,
    ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    callerSpanId: client.spanContext().spanId,
  });
  const status = yield* respond();
  setHttpStatus(client, status, 400);
  endSpan(client, yield NOW);
  return status;
}

export interface Message {
  headers: Record<string, string>;
  body: Record<string, string | number>;
  sentUs: number;
}

export const ORDER_QUEUE = {
  system: 'rabbitmq',
  destination: 'order.created',
  host: 'rabbitmq',
  port: 5672,
} as const;

/**
 * PRODUCER span: send a message, injecting trace context into its headers
 * (unless broken). Named `send {destination}` as the messaging conventions
 * have it since v1.28.0, which renamed the operation type `publish` to `send`.
 */
export function* sendMessage(
  env: FlowEnv,
  from: ServiceName,
  to: ServiceName,
  parent: Context,
  messageId: string,
  body: Record<string, string | number>,
): Sim<Message> {
  const span = startSpan(env, from, `send ${ORDER_QUEUE.destination}`, SpanKind.PRODUCER, yield NOW, parent, {
    'messaging.system': ORDER_QUEUE.system,
    'messaging.destination.name': ORDER_QUEUE.destination,
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'send',
    'messaging.message.id': messageId,
    'server.address': ORDER_QUEUE.host,
    'server.port': ORDER_QUEUE.port,
  });
  const id: EdgeRecordId = `${from}->${to}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'message-id': messageId };
  const injected = !env.brokenEdges.has(id);
  if (injected) env.propagator.inject(trace.setSpan(parent, span), headers, defaultTextMapSetter);
  env.edges?.push({
    id,
    from,
    to,
    transport: 'message',
    headers: { ...headers },
    injected,
    ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    callerSpanId: span.spanContext().spanId,
  });
  yield wait(env.random.between(400, 1000));
  const sentUs = yield NOW;
  endSpan(span, sentUs);
  return { headers, body, sentUs };
}

/** CONSUMER span: process a message in the context extracted from its headers. */
export function* consume(
  env: FlowEnv,
  service: ServiceName,
  message: Message,
  handler: (ctx: Context, span: Span) => Sim<void>,
): Sim<void> {
  const parent = env.propagator.extract(ROOT_CONTEXT, message.headers, defaultTextMapGetter);
  const span = startSpan(env, service, `process ${ORDER_QUEUE.destination}`, SpanKind.CONSUMER, yield NOW, parent, {
    'messaging.system': ORDER_QUEUE.system,
    'messaging.destination.name': ORDER_QUEUE.destination,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.message.id': message.headers['message-id'] ?? '',
  });
  const edge = env.edges?.find((e) => e.transport === 'message' && e.headers['message-id'] === message.headers['message-id']);
  if (edge) edge.calleeSpanId = span.spanContext().spanId;
  yield* handler(trace.setSpan(parent, span), span);
  endSpan(span, yield NOW);
}

export interface DbQuery {
  operation: string;
  table: string;
  text: string;
}

/** CLIENT span for a PostgreSQL query (SQL carries no trace context). */
export function* dbQuery(
  env: FlowEnv,
  service: ServiceName,
  parent: Context,
  query: DbQuery,
  durationUs: number,
  failure?: { type: string; message: string },
): Sim<boolean> {
  const span = startSpan(env, service, `${query.operation} ${query.table}`, SpanKind.CLIENT, yield NOW, parent, {
    'db.system.name': 'postgresql',
    'db.namespace': 'shop',
    'db.operation.name': query.operation,
    'db.collection.name': query.table,
    'db.query.text': query.text,
    'server.address': 'postgres',
    'server.port': 5432,
  });
  const end = yield wait(durationUs);
  if (failure) {
    span.recordException({ name: failure.type, message: failure.message }, microsToHrTime(end));
    span.setAttribute('error.type', failure.type);
    span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
  }
  endSpan(span, end);
  return !failure;
}
