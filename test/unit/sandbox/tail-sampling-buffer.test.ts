import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { runTailSampling } from '../../../src/sandbox/tail-sampling/simulate';
import type { TailSamplingResult } from '../../../src/sandbox/tail-sampling/simulate';
import { TraceBuilder, browseTrace } from './fixtures';
import { generateTraffic } from '../../../src/sandbox/traffic';
import type { SpanSpec } from './fixtures';

// decision_wait and num_traces over span arrival times: spans arrive when
// they end, the wait starts at a trace's first span, and a full buffer pushes
// out its oldest trace.

function run(yaml: string, builder: TraceBuilder): TailSamplingResult {
  const result = runTailSampling(yaml, builder.spans);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.result;
}

const keepAll = (settings: string) => `tail_sampling:\n${settings}  policies: [{ name: all, type: always_sample }]\n`;
const keepErrors = (settings: string) =>
  `tail_sampling:\n${settings}  policies: [{ name: errors, type: status_code, status_code: { status_codes: [ERROR] } }]\n`;

describe('num_traces', () => {
  it('drops the oldest undecided trace, unsampled, when a new trace arrives at a full buffer', () => {
    const b = new TraceBuilder();
    // Three traces within one decision_wait (10 s), one second apart.
    const ids = [0, 1000, 2000].map((at) => b.add(browseTrace(), at));
    const small = run(keepAll('  decision_wait: 10s\n  num_traces: 2\n'), b);
    expect(small.traces.map((t) => t.outcome)).toEqual(['dropped-by-buffer', 'sampled', 'sampled']);
    expect(small.traces[0]?.traceId).toBe(ids[0]);
    expect(small.traces[0]?.votes).toEqual([]);
    expect(small.totals.droppedByBuffer).toBe(1);
    expect(small.totals.tracesKept).toBe(2);

    const enough = run(keepAll('  decision_wait: 10s\n  num_traces: 3\n'), b);
    expect(enough.totals.droppedByBuffer).toBe(0);
    expect(enough.totals.tracesKept).toBe(3);
  });

  it('loses nothing when the oldest trace was already decided', () => {
    const b = new TraceBuilder();
    [0, 3000, 6000].map((at) => b.add(browseTrace(), at));
    // decision_wait 2 s: each trace is decided before the next one arrives.
    const result = run(keepAll('  decision_wait: 2s\n  num_traces: 1\n'), b);
    expect(result.totals.droppedByBuffer).toBe(0);
    expect(result.totals.tracesKept).toBe(3);
  });

  it('can lose an error trace that a policy would have kept', () => {
    const b = new TraceBuilder();
    const failing = b.add({ name: 'POST /pay', service: 'payment-api', at: 0, ms: 10, status: 'error' });
    for (let i = 1; i <= 5; i += 1) b.add(browseTrace(), i * 100);
    const result = run(keepErrors('  decision_wait: 5s\n  num_traces: 4\n'), b);
    const outcome = result.traces.find((t) => t.traceId === failing);
    expect(outcome?.outcome).toBe('dropped-by-buffer');
    expect(result.totals.errorTraces).toBe(1);
    expect(result.totals.errorTracesKept).toBe(0);
  });
});

describe('decision_wait', () => {
  // The root span ends last: its error is only known once the whole request is over (8 s here).
  const longRequest: SpanSpec = {
    name: 'POST /import',
    service: 'api-gateway',
    kind: SpanKind.SERVER,
    at: 0,
    ms: 8000,
    status: 'error',
    children: [
      { name: 'parse', service: 'checkout-api', at: 10, ms: 100 },
      { name: 'store', service: 'inventory-api', at: 200, ms: 200 },
    ],
  };

  it('counts from the first span of the trace and decides on the spans received so far', () => {
    const b = new TraceBuilder();
    const id = b.add(longRequest);
    const short = run(keepErrors('  decision_wait: 5s\n'), b);
    const outcome = short.traces.find((t) => t.traceId === id);
    // First span arrives at 110 ms; the decision falls at 5.11 s, before the erroring root ends at 8 s.
    expect(outcome?.firstArrivalMs).toBe(0);
    expect(outcome?.decidedAtMs).toBe(5000);
    expect(outcome?.spansAtDecision).toBe(2);
    expect(outcome?.lateSpans).toBe(1);
    expect(outcome?.outcome).toBe('not-sampled');
    expect(short.totals.decidedOnPartialTrace).toBe(1);

    const long = run(keepErrors('  decision_wait: 10s\n'), b);
    expect(long.traces.find((t) => t.traceId === id)?.outcome).toBe('sampled');
    expect(long.totals.decidedOnPartialTrace).toBe(0);
  });

  it('defaults to 30 s', () => {
    const b = new TraceBuilder();
    const id = b.add(longRequest);
    const result = run(keepErrors(''), b);
    const outcome = result.traces.find((t) => t.traceId === id);
    expect(outcome?.decidedAtMs).toBe(30_000);
    expect(outcome?.outcome).toBe('sampled');
  });

  it('late spans follow a "sampled" decision while the trace is still buffered', () => {
    const b = new TraceBuilder();
    const id = b.add(longRequest);
    const result = run(keepAll('  decision_wait: 1s\n'), b);
    const outcome = result.traces.find((t) => t.traceId === id);
    expect(outcome?.outcome).toBe('sampled');
    expect(outcome?.spansAtDecision).toBe(2);
    expect(outcome?.spansKept).toBe(3);
  });

  it('late spans of a trace already pushed out of the buffer start over with their own decision', () => {
    const b = new TraceBuilder();
    const id = b.add(longRequest);
    b.add(browseTrace(), 3000);
    // num_traces 1: the browse trace pushes the long request out after its decision at 1.1 s;
    // its root then arrives at 8 s as a new trace and is decided alone (an error, so kept).
    const result = run(keepErrors('  decision_wait: 1s\n  num_traces: 1\n'), b);
    const outcome = result.traces.find((t) => t.traceId === id);
    expect(outcome?.outcome).toBe('not-sampled');
    expect(outcome?.spansKept).toBe(1);
    expect(outcome?.lateSpans).toBe(1);
  });
});

describe('decision_cache', () => {
  it('late spans of a released trace follow the cached decision', () => {
    const b = new TraceBuilder();
    const id = b.add({
      name: 'POST /import',
      service: 'api-gateway',
      at: 0,
      ms: 8000,
      children: [{ name: 'parse', service: 'checkout-api', at: 10, ms: 100 }],
    });
    const result = run(keepAll('  decision_wait: 1s\n  decision_cache: { sampled_cache_size: 10 }\n'), b);
    const outcome = result.traces.find((t) => t.traceId === id);
    expect(outcome).toMatchObject({ outcome: 'sampled', spansAtDecision: 1, lateSpans: 1, spansKept: 2 });
  });
});

describe('sample_on_first_match', () => {
  // The processor puts drop policies first ("Dropped decision takes precedence
  // over all others, therefore we evaluate them first": contrib
  // tailsamplingprocessor processor.go), so stopping at the first keep never
  // skips a drop, wherever it is listed.
  it('stops at the first policy that samples, after the drop policies have had their say', () => {
    const b = new TraceBuilder();
    const health = b.add({ name: 'GET /health', service: 'api-gateway', at: 0, ms: 2, attributes: { 'http.route': '/health' } });
    const other = b.add({
      name: 'GET /products/{id}',
      service: 'api-gateway',
      at: 1,
      ms: 5,
      attributes: { 'http.route': '/products/{id}' },
    });
    const policies = `  policies:
    - { name: all, type: always_sample }
    - name: drop-health
      type: drop
      drop: { drop_sub_policy: [{ name: health, type: string_attribute, string_attribute: { key: http.route, values: [/health] } }] }
`;
    const normal = run(`tail_sampling:\n${policies}`, b);
    const firstMatch = run(`tail_sampling:\n  sample_on_first_match: true\n${policies}`, b);
    expect(normal.traces.find((t) => t.traceId === health)?.outcome).toBe('not-sampled');
    expect(firstMatch.traces.find((t) => t.traceId === health)?.outcome).toBe('not-sampled');
    expect(firstMatch.traces.find((t) => t.traceId === health)?.vetoedBy).toBe('drop-health');
    expect(firstMatch.traces.find((t) => t.traceId === other)?.votes).toEqual([
      { name: 'drop-health', decision: 'not-sampled' },
      { name: 'all', decision: 'sampled' },
    ]);
  });
});

describe('block_on_overflow', () => {
  it('makes senders wait for room in a full buffer instead of losing traces', () => {
    const spans = generateTraffic({ requests: 200, seed: 9 }).spans;
    const base = (extra: string) =>
      `tail_sampling:\n  decision_wait: 30s\n  num_traces: 20\n${extra}  policies:\n    - { name: all, type: always_sample }\n`;
    const evicting = runTailSampling(base(''), spans);
    const blocking = runTailSampling(base('  block_on_overflow: true\n'), spans);
    if (!evicting.ok || !blocking.ok) throw new Error('does not parse');
    expect(evicting.result.totals.droppedByBuffer).toBe(180);
    expect(blocking.result.totals.droppedByBuffer).toBe(0);
    expect(blocking.result.totals.tracesKept).toBe(200);
    expect(blocking.result.totals.blockedArrivals).toBe(180);
  });
});
