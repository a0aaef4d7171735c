// One fetch from the browser to a tool on the learner's machine (a collector,
// Jaeger), with the failure told apart: cancelled, timed out, blocked by
// CORS, or nothing listening. Shared by send-to-collector.ts and
// jaeger-query.ts so both explain failures the same way.

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The second, opaque probe only has to see whether anything answers at all. */
export const PROBE_TIMEOUT_MS = 3_000;

export type Reached =
  { kind: 'response'; response: Response } | { kind: 'cancelled' } | { kind: 'timeout' } | { kind: 'cors' } | { kind: 'unreachable' };

export interface ReachOptions {
  /** Aborts when the learner presses Cancel. */
  readonly signal?: AbortSignal | undefined;
  /** Gives up after this long: a port that accepts and never answers would otherwise hold the page forever. */
  readonly timeoutMs: number;
}

/**
 * Runs one request. A browser rejects fetch with the same TypeError whether
 * nothing is listening or the response lacked CORS headers, so on failure a
 * second, opaque `no-cors` GET tells the two apart: if it gets through, the
 * server is up and CORS is what blocked the first.
 */
export async function reach(fetchImpl: FetchLike, url: string, init: RequestInit, { signal, timeoutMs }: ReachOptions): Promise<Reached> {
  if (signal?.aborted) return { kind: 'cancelled' };
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, { ...init, signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
    return { kind: 'response', response };
  } catch {
    if (signal?.aborted) return { kind: 'cancelled' };
    if (deadline.aborted) return { kind: 'timeout' };
  }
  const probeDeadline = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  try {
    await fetchImpl(url, { method: 'GET', mode: 'no-cors', signal: signal ? AbortSignal.any([signal, probeDeadline]) : probeDeadline });
    return { kind: 'cors' };
  } catch {
    return signal?.aborted ? { kind: 'cancelled' } : { kind: 'unreachable' };
  }
}
