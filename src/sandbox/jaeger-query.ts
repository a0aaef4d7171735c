import '../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { type FetchLike, reach } from './fetch-diagnosis';
import { parseTraceFile } from './trace-file';
import type { SpanRecord } from './trace-model';

/*
 * A client for Jaeger's query API v3, for a page that reads the learner's own
 * traces from the lab's Jaeger. Pure apart from the fetch it is given.
 *
 * API (every call resolves, never rejects; failures carry one message)
 *   listServices(client): JaegerAnswer<string[]>
 *   findTraces(client, search): JaegerAnswer<JaegerTraces>
 *   getTrace(client, traceId): JaegerAnswer<JaegerTraces>
 *   findTracesUrl(baseUrl, search) / getTraceUrl(baseUrl, traceId): the URLs
 *     asked (findTracesUrl throws on a search traceSearchSchema refuses;
 *     findTraces checks the search first and answers invalid-input)
 *   client = { baseUrl, fetch?, origin?, signal?, timeoutMs? }
 *
 * Failures (reason): invalid-input, unreachable (nothing answers, or the
 * port-forward is not running), cors (Jaeger answered but the browser hid
 * the answer), timeout, cancelled, no-traces (Jaeger's 404), bad-request
 * (Jaeger's 400, with Jaeger's own message), http (any other status),
 * not-jaeger (a 2xx that is not a Jaeger answer).
 *
 * Checked against jaegertracing/jaeger at 8498073ff (main, 2026-08-20; the
 * lab pins 2.22.0), cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/:
 * - http_gateway.go: routes GET /api/v3/services, /api/v3/traces and
 *   /api/v3/traces/{trace_id}; traces come as {"result": OTLP JSON}
 *   (returnTrace), services as {"services": [...]} (getServices); an empty
 *   result, for a search or for one trace id, is 404 with
 *   {"error":{"httpCode":404,"message":"No traces found"}} (returnTraces),
 *   and errors are written by http.Error, so the body is that JSON plus a
 *   newline with Content-Type text/plain (tryHandleError); a malformed
 *   parameter is 400 "malformed parameter <name>: <why>" (tryParamError).
 * - query_parser.go: query.serviceName, query.startTimeMin and
 *   query.startTimeMax (both required, RFC 3339, min before max),
 *   query.searchDepth (default 100), query.durationMin (Go's
 *   time.ParseDuration, e.g. "500ms").
 * labs/tracing/verify.sh asks the same URLs, parameters in the same order.
 * The query server's HTTP settings are confighttp.ServerConfig
 * (jaegerquery/config.go:13), so its CORS origins are
 * extensions.jaeger_query.http.cors.allowed_origins.
 */

export const DEFAULT_JAEGER_URL = 'http://localhost:16686';
export const JAEGER_PORT_FORWARD = 'kubectl -n tracing port-forward svc/jaeger 16686:16686';
export const JAEGER_TIMEOUT_MS = 15_000;
/** Traces a search reads at most, as verify.sh's SEARCH_DEPTH. */
export const DEFAULT_SEARCH_DEPTH = 20;

export interface JaegerClient {
  /** Where Jaeger's UI and query API answer, e.g. http://localhost:16686 (a base path is kept). */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  /** The page's origin, named in the CORS advice. */
  readonly origin?: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export type JaegerFailureReason =
  'invalid-input' | 'unreachable' | 'cors' | 'timeout' | 'cancelled' | 'no-traces' | 'bad-request' | 'http' | 'not-jaeger';

export type JaegerAnswer<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: JaegerFailureReason; readonly status?: number; readonly message: string };

export interface JaegerTraces {
  readonly records: SpanRecord[];
  readonly traceIds: readonly string[];
  readonly services: readonly string[];
}

/** Go's time.ParseDuration units, as query.durationMin takes them. */
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

export const traceSearchSchema = z
  .object({
    service: z.string().trim().min(1, 'Choose a service: Jaeger searches one service at a time.'),
    startMin: z.date(),
    startMax: z.date(),
    searchDepth: z.number().int().min(1).max(1_000).optional(),
    /** A Go duration such as "500ms" or "1.5s". */
    durationMin: z.string().regex(GO_DURATION, 'Write the shortest duration as Jaeger reads it, such as 500ms or 1.5s.').optional(),
  })
  .refine((s) => s.startMin.getTime() < s.startMax.getTime(), { message: 'The start of the time range must be before its end.' });

export type TraceSearch = z.input<typeof traceSearchSchema>;

const TRACE_ID = /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/;

/** RFC 3339 in UTC, whole seconds, as verify.sh writes it. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function apiUrl(baseUrl: string, path: string): URL {
  const base = new URL(baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(path, base);
}

export function findTracesUrl(baseUrl: string, search: TraceSearch): string {
  const s = traceSearchSchema.parse(search);
  const url = apiUrl(baseUrl, 'api/v3/traces');
  const params = new URLSearchParams({
    'query.serviceName': s.service,
    'query.startTimeMin': rfc3339(s.startMin),
    'query.startTimeMax': rfc3339(s.startMax),
    'query.searchDepth': String(s.searchDepth ?? DEFAULT_SEARCH_DEPTH),
  });
  if (s.durationMin) params.set('query.durationMin', s.durationMin);
  url.search = params.toString();
  return url.href;
}

export function getTraceUrl(baseUrl: string, traceId: string): string {
  return apiUrl(baseUrl, `api/v3/traces/${encodeURIComponent(traceId)}`).href;
}

type Failure = Extract<JaegerAnswer<never>, { ok: false }>;

function checkBase(baseUrl: string): Failure | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { ok: false, reason: 'invalid-input', message: `“${baseUrl}” is not a URL. Try ${DEFAULT_JAEGER_URL}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'invalid-input', message: `Use an http:// or https:// URL, such as ${DEFAULT_JAEGER_URL}.` };
  }
  return null;
}

/** Jaeger's own message from an error body ({"error":{"message"}}), if it has one. */
function jaegerMessage(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const error = (parsed as { error?: { message?: unknown } } | null)?.error;
    return typeof error?.message === 'string' ? error.message : undefined;
  } catch {
    return undefined;
  }
}

async function ask(client: JaegerClient, url: string, notFound: string): Promise<{ ok: true; body: string } | Failure> {
  const fetchImpl = client.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = client.timeoutMs ?? JAEGER_TIMEOUT_MS;
  const host = new URL(url).host;
  const origin = client.origin ?? (typeof location === 'undefined' ? 'this site' : location.origin);
  const reached = await reach(
    fetchImpl,
    url,
    { method: 'GET', headers: { Accept: 'application/json' } },
    { signal: client.signal, timeoutMs },
  );
  switch (reached.kind) {
    case 'cancelled':
      return { ok: false, reason: 'cancelled', message: 'The search was cancelled.' };
    case 'timeout':
      return {
        ok: false,
        reason: 'timeout',
        message: `No answer from ${host} within ${timeoutMs / 1000} s. Is the Jaeger pod behind your port-forward still running? kubectl -n tracing get pods`,
      };
    case 'cors':
      return {
        ok: false,
        reason: 'cors',
        message:
          `Jaeger at ${host} answered, but the browser blocked the answer: Jaeger’s query server does not allow requests from ${origin}. ` +
          'Add that origin to extensions.jaeger_query.http.cors.allowed_origins in Jaeger’s configuration and restart Jaeger, ' +
          'or download the trace from Jaeger UI and open the file here instead.',
      };
    case 'unreachable':
      return {
        ok: false,
        reason: 'unreachable',
        message: `Nothing answered at ${host}. Start the port-forward to Jaeger and leave it running: ${JAEGER_PORT_FORWARD}`,
      };
    case 'response':
      break;
  }
  const { response } = reached;
  const body = await response.text().catch(() => '');
  if (response.ok) return { ok: true, body };
  const said = jaegerMessage(body);
  if (response.status === 404) return { ok: false, reason: 'no-traces', status: 404, message: notFound };
  if (response.status === 400) {
    return {
      ok: false,
      reason: 'bad-request',
      status: 400,
      message: `Jaeger refused the request (HTTP 400): ${said ?? 'no reason given'}. Is the lab’s Jaeger the version in manifests/10-jaeger.yaml?`,
    };
  }
  return {
    ok: false,
    reason: 'http',
    status: response.status,
    message: `Jaeger answered HTTP ${response.status}${said ? `: ${said}` : ''}. See its log: kubectl -n tracing logs deployment/jaeger`,
  };
}

function notJaeger(url: string, what: string): Failure {
  return {
    ok: false,
    reason: 'not-jaeger',
    message: `The answer from ${new URL(url).host} is not ${what}. Is this Jaeger’s UI port (16686), and not HotROD’s or the collector’s?`,
  };
}

function tracesFrom(url: string, body: string): JaegerAnswer<JaegerTraces> {
  const read = parseTraceFile(body);
  if (!read.ok)
    return read.format === 'jaeger-api-v3'
      ? { ok: false, reason: 'not-jaeger', message: `Jaeger’s answer could not be read: ${read.message}` }
      : notJaeger(url, 'a Jaeger API v3 trace answer');
  if (read.format !== 'jaeger-api-v3') return notJaeger(url, 'a Jaeger API v3 trace answer');
  return { ok: true, value: { records: read.records, traceIds: read.traceIds, services: read.services } };
}

export async function listServices(client: JaegerClient): Promise<JaegerAnswer<string[]>> {
  const bad = checkBase(client.baseUrl);
  if (bad) return bad;
  const url = apiUrl(client.baseUrl, 'api/v3/services').href;
  const answer = await ask(client, url, 'Jaeger answered 404 for its list of services: is this Jaeger 2 (the v3 API)?');
  if (!answer.ok) return answer;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    const services = (parsed as { services?: unknown } | null)?.services;
    if (Array.isArray(services) && services.every((s) => typeof s === 'string')) return { ok: true, value: services };
  } catch {
    // Not JSON: reported below like any other answer that is not Jaeger's.
  }
  return notJaeger(url, 'Jaeger’s list of services');
}

export async function findTraces(client: JaegerClient, search: TraceSearch): Promise<JaegerAnswer<JaegerTraces>> {
  const bad = checkBase(client.baseUrl);
  if (bad) return bad;
  const checked = traceSearchSchema.safeParse(search);
  if (!checked.success)
    return { ok: false, reason: 'invalid-input', message: checked.error.issues[0]?.message ?? 'The search is not valid.' };
  const url = findTracesUrl(client.baseUrl, search);
  const answer = await ask(
    client,
    url,
    `No ${checked.data.service} trace in that time range${checked.data.durationMin ? ` lasting ${checked.data.durationMin} or more` : ''}. ` +
      'Send a request, wait about 15 s (the collector holds each trace for 10 s before deciding to keep it) and search again.',
  );
  return answer.ok ? tracesFrom(url, answer.body) : answer;
}

export async function getTrace(client: JaegerClient, traceId: string): Promise<JaegerAnswer<JaegerTraces>> {
  const bad = checkBase(client.baseUrl);
  if (bad) return bad;
  const id = traceId.trim().toLowerCase();
  if (!TRACE_ID.test(id)) {
    return {
      ok: false,
      reason: 'invalid-input',
      message: `“${traceId}” is not a trace id: a trace id is 32 hex digits (the second field of a traceparent).`,
    };
  }
  const url = getTraceUrl(client.baseUrl, id);
  const answer = await ask(
    client,
    url,
    `Jaeger has no trace ${id}. It may still be on its way (wait about 15 s), the collector’s tail sampling may have dropped it, ` +
      'or Jaeger was restarted (it keeps traces in memory only).',
  );
  return answer.ok ? tracesFrom(url, answer.body) : answer;
}
