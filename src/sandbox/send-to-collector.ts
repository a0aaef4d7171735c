import { type FetchLike, reach } from './fetch-diagnosis';

// "Send to my collector": POST the run's OTLP/JSON to an OTLP/HTTP receiver
// the learner names, and say plainly why it failed when it does.

export const DEFAULT_COLLECTOR_URL = 'http://localhost:4318/v1/traces';

/**
 * How a learner reaches the lab's Jaeger from the browser. Jaeger, not the
 * lab's collector: Jaeger's OTLP receiver is the one whose CORS settings list
 * the course's origins (labs/tracing/manifests/10-jaeger.yaml).
 */
export const LAB_PORT_FORWARD = 'kubectl -n tracing port-forward svc/jaeger 4318:4318';

export type SendResult =
  | { ok: true; status: number; message: string; rejectedSpans: number }
  | { ok: false; reason: 'invalid-url'; message: string }
  | { ok: false; reason: 'unreachable'; message: string }
  | { ok: false; reason: 'cors'; message: string }
  | { ok: false; reason: 'http'; status: number; message: string }
  | { ok: false; reason: 'timeout'; message: string }
  | { ok: false; reason: 'cancelled'; message: string };

export interface SendOptions {
  /** Aborts the send when the learner presses Cancel. */
  readonly signal?: AbortSignal;
  /** Gives up after this long; a port that accepts and never answers would otherwise hold the page forever. */
  readonly timeoutMs?: number;
}

export const SEND_TIMEOUT_MS = 10_000;

function httpHint(status: number): string {
  if (status === 404) return 'Check the path: OTLP/HTTP takes traces at /v1/traces.';
  if (status === 405) return 'The URL answers but not to POST: is it the OTLP/HTTP port (4318) and the /v1/traces path?';
  if (status === 413) return 'The receiver refused a body this large.';
  if (status === 415) return 'The receiver does not take JSON here: check it is an OTLP/HTTP receiver.';
  if (status === 400) return 'The receiver could not read the body as OTLP/JSON.';
  if (status === 429 || status === 503) return 'The collector is overloaded or refusing data for now; try again shortly.';
  return 'See the collector’s own log for the reason.';
}

/** POSTs an OTLP/JSON body; `reach` tells a CORS block from nothing listening. */
export async function sendToCollector(
  url: string,
  otlpBody: string,
  fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
  origin: string = typeof location === 'undefined' ? 'this site' : location.origin,
  { signal, timeoutMs = SEND_TIMEOUT_MS }: SendOptions = {},
): Promise<SendResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid-url', message: `“${url}” is not a URL. Try ${DEFAULT_COLLECTOR_URL}.` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, reason: 'invalid-url', message: `Use an http:// or https:// URL, such as ${DEFAULT_COLLECTOR_URL}.` };
  }
  const reached = await reach(
    fetchImpl,
    target.href,
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: otlpBody },
    { signal, timeoutMs },
  );
  if (reached.kind === 'cancelled') {
    return { ok: false, reason: 'cancelled', message: 'Sending was cancelled; nothing is waiting for an answer any more.' };
  }
  if (reached.kind === 'timeout') {
    return {
      ok: false,
      reason: 'timeout',
      message:
        `No answer from ${target.host} within ${timeoutMs / 1000} s. Something accepted the connection but never replied: ` +
        'is this an OTLP/HTTP port, and is the pod behind your port-forward still running?',
    };
  }
  if (reached.kind === 'cors') {
    return {
      ok: false,
      reason: 'cors',
      message:
        `The collector at ${target.host} answered, but the browser blocked the response: its OTLP/HTTP receiver ` +
        `does not allow requests from ${origin}. Add that origin to receivers.otlp.protocols.http.cors.allowed_origins ` +
        'in the configuration of whatever receives the spans (in the lab, Jaeger’s) and restart it.',
    };
  }
  if (reached.kind === 'unreachable') {
    return {
      ok: false,
      reason: 'unreachable',
      message:
        `Nothing answered at ${target.host}. Check that the collector is running and that this port is reachable ` +
        `from your browser. For the lab cluster, forward Jaeger’s OTLP/HTTP port: ${LAB_PORT_FORWARD}`,
    };
  }
  const { response } = reached;
  if (!response.ok) {
    return {
      ok: false,
      reason: 'http',
      status: response.status,
      message: `The collector answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}. ${httpHint(response.status)}`,
    };
  }
  // A 2xx may still carry partial success: spans the receiver refused.
  let rejectedSpans = 0;
  try {
    const body: unknown = JSON.parse(await response.text());
    if (typeof body === 'object' && body !== null && 'partialSuccess' in body) {
      const partial = (body as { partialSuccess?: { rejectedSpans?: number | string } }).partialSuccess;
      rejectedSpans = Number(partial?.rejectedSpans ?? 0) || 0;
    }
  } catch {
    // An empty or non-JSON 2xx body means full success.
  }
  return {
    ok: true,
    status: response.status,
    rejectedSpans,
    message:
      rejectedSpans > 0
        ? `The collector accepted the request but rejected ${rejectedSpans} span(s).`
        : `Sent. The collector answered HTTP ${response.status}; look for the trace in your backend.`,
  };
}
