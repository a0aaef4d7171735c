import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { runTailSampling } from '../../../src/sandbox/tail-sampling/simulate';
import type { TraceOutcome } from '../../../src/sandbox/tail-sampling/simulate';
import { TraceBuilder, browseTrace, checkoutTrace, traceIdFor } from './fixtures';
import type { SpanSpec } from './fixtures';

// Each decision rule of the tail_sampling processor's README, on hand-built traces.

function decide(yaml: string, spans: readonly ReadableSpan[]): Map<string, TraceOutcome> {
  const run = runTailSampling(yaml, spans);
  if (!run.ok) throw new Error(run.errors.map((e) => e.message).join('\n'));
  return new Map(run.result.traces.map((t) => [t.traceId, t]));
}

function outcomeOf(yaml: string, spans: readonly ReadableSpan[], traceId: string): TraceOutcome['outcome'] {
  const outcome = decide(yaml, spans).get(traceId);
  if (!outcome) throw new Error(`no decision for ${traceId}`);
  return outcome.outcome;
}

const policy = (body: string) => `tail_sampling:\n  policies:\n${body}`;

describe('always_sample', () => {
  it('keeps every trace', () => {
    const b = new TraceBuilder();
    const ids = [b.add(checkoutTrace()), b.add(browseTrace(), 100)];
    const result = decide(policy('    - { name: all, type: always_sample }'), b.spans);
    expect(ids.map((id) => result.get(id)?.outcome)).toEqual(['sampled', 'sampled']);
    expect(result.get(ids[0] ?? '')?.spansKept).toBe(7);
  });
});

describe('status_code', () => {
  const yaml = policy('    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }');

  it('keeps a trace when any span, however deep, has the status', () => {
    const b = new TraceBuilder();
    const deepError: SpanSpec = {
      name: 'GET /a',
      service: 'api-gateway',
      at: 0,
      ms: 50,
      children: [
        {
          name: 'GET /b',
          service: 'checkout-api',
          at: 5,
          ms: 40,
          children: [{ name: 'SELECT', service: 'inventory-api', at: 10, ms: 5, status: 'error' }],
        },
      ],
    };
    const failing = b.add(deepError);
    const fine = b.add(browseTrace(), 200);
    expect(outcomeOf(yaml, b.spans, failing)).toBe('sampled');
    expect(outcomeOf(yaml, b.spans, fine)).toBe('not-sampled');
  });

  it('matches OK and UNSET when listed', () => {
    const b = new TraceBuilder();
    const unset = b.add(browseTrace());
    const ok = b.add({ name: 'GET /ok', service: 'api-gateway', at: 0, ms: 5, status: 'ok' }, 100);
    const onlyOk = policy('    - { name: ok, type: status_code, status_code: { status_codes: [OK] } }');
    expect(outcomeOf(onlyOk, b.spans, ok)).toBe('sampled');
    expect(outcomeOf(onlyOk, b.spans, unset)).toBe('not-sampled');
    const withUnset = policy('    - { name: unset, type: status_code, status_code: { status_codes: [UNSET] } }');
    expect(outcomeOf(withUnset, b.spans, unset)).toBe('sampled');
  });
});

describe('latency', () => {
  // The root ends after 100 ms, but an asynchronous consumer span runs on to 650 ms.
  const asyncTrace: SpanSpec = {
    name: 'POST /orders',
    service: 'api-gateway',
    kind: SpanKind.SERVER,
    at: 0,
    ms: 100,
    children: [{ name: 'process order.created', service: 'order-worker', kind: SpanKind.CONSUMER, at: 90, ms: 560 }],
  };

  it('measures the whole trace: latest end minus earliest start, across services', () => {
    const b = new TraceBuilder();
    const id = b.add(asyncTrace);
    // No single span lasts 620 ms, yet the trace does (650 ms).
    expect(outcomeOf(policy('    - { name: slow, type: latency, latency: { threshold_ms: 620 } }'), b.spans, id)).toBe('sampled');
    expect(outcomeOf(policy('    - { name: slow, type: latency, latency: { threshold_ms: 651 } }'), b.spans, id)).toBe('not-sampled');
  });

  it('keeps a trace exactly at threshold_ms (at or above)', () => {
    const b = new TraceBuilder();
    const id = b.add(browseTrace(300));
    expect(outcomeOf(policy('    - { name: slow, type: latency, latency: { threshold_ms: 300 } }'), b.spans, id)).toBe('sampled');
  });

  it('with upper_threshold_ms keeps only durations above threshold_ms and up to the upper bound', () => {
    const b = new TraceBuilder();
    const at100 = b.add(browseTrace(100), 0);
    const at300 = b.add(browseTrace(300), 1000);
    const at650 = b.add(asyncTrace, 2000);
    const yaml = policy('    - { name: band, type: latency, latency: { threshold_ms: 100, upper_threshold_ms: 500 } }');
    const result = decide(yaml, b.spans);
    expect(result.get(at100)?.outcome).toBe('not-sampled');
    expect(result.get(at300)?.outcome).toBe('sampled');
    expect(result.get(at650)?.outcome).toBe('not-sampled');
  });
});

describe('string_attribute', () => {
  it('matches span attributes', () => {
    const b = new TraceBuilder();
    const checkout = b.add(checkoutTrace());
    const browse = b.add(browseTrace(), 100);
    const yaml = policy('    - { name: payments, type: string_attribute, string_attribute: { key: http.route, values: [/payments] } }');
    expect(outcomeOf(yaml, b.spans, checkout)).toBe('sampled');
    expect(outcomeOf(yaml, b.spans, browse)).toBe('not-sampled');
  });

  it('matches resource attributes too (service.name)', () => {
    const b = new TraceBuilder();
    const checkout = b.add(checkoutTrace());
    const browse = b.add(browseTrace(), 100);
    const yaml = policy(
      '    - { name: pay-service, type: string_attribute, string_attribute: { key: service.name, values: [payment-api] } }',
    );
    expect(outcomeOf(yaml, b.spans, checkout)).toBe('sampled');
    expect(outcomeOf(yaml, b.spans, browse)).toBe('not-sampled');
  });

  it('matches exact values unless regex matching is enabled; regexes search anywhere in the value', () => {
    const b = new TraceBuilder();
    const checkout = b.add(checkoutTrace());
    const exact = policy('    - { name: p, type: string_attribute, string_attribute: { key: http.route, values: [check] } }');
    expect(outcomeOf(exact, b.spans, checkout)).toBe('not-sampled');
    const regex = policy(
      '    - { name: p, type: string_attribute, string_attribute: { key: http.route, values: [check], enabled_regex_matching: true } }',
    );
    expect(outcomeOf(regex, b.spans, checkout)).toBe('sampled');
    const anchored = policy(
      '    - { name: p, type: string_attribute, string_attribute: { key: http.route, values: ["^/payments$"], enabled_regex_matching: true } }',
    );
    expect(outcomeOf(anchored, b.spans, checkout)).toBe('sampled');
    const noMatch = policy(
      '    - { name: p, type: string_attribute, string_attribute: { key: http.route, values: ["^/health"], enabled_regex_matching: true } }',
    );
    expect(outcomeOf(noMatch, b.spans, checkout)).toBe('not-sampled');
  });

  it('invert_match keeps traces without the value and vetoes traces with it, even over always_sample', () => {
    const b = new TraceBuilder();
    const health = b.add({ name: 'GET /health', service: 'api-gateway', at: 0, ms: 2, attributes: { 'http.route': '/health' } });
    const browse = b.add(browseTrace(), 100);
    const invert =
      '    - { name: not-health, type: string_attribute, string_attribute: { key: http.route, values: [/health], invert_match: true } }';
    expect(outcomeOf(policy(invert), b.spans, browse)).toBe('sampled');
    expect(outcomeOf(policy(invert), b.spans, health)).toBe('not-sampled');
    const withAlways = decide(policy(`${invert}\n    - { name: all, type: always_sample }`), b.spans);
    expect(withAlways.get(health)?.outcome).toBe('not-sampled');
    expect(withAlways.get(health)?.vetoedBy).toBe('not-health');
    expect(withAlways.get(browse)?.outcome).toBe('sampled');
  });

  it('an inverted "sampled" does not keep a trace another policy declined', () => {
    const b = new TraceBuilder();
    const browse = b.add(browseTrace());
    const yaml = policy(
      '    - { name: not-health, type: string_attribute, string_attribute: { key: http.route, values: [/health], invert_match: true } }\n' +
        '    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }',
    );
    expect(outcomeOf(yaml, b.spans, browse)).toBe('not-sampled');
  });
});

describe('numeric_attribute', () => {
  it('keeps traces with a value between min_value and max_value, inclusive', () => {
    const b = new TraceBuilder();
    const failed = b.add(checkoutTrace({ fail: true }));
    const fine = b.add(checkoutTrace(), 1000);
    const yaml = policy(
      '    - { name: 5xx, type: numeric_attribute, numeric_attribute: { key: http.response.status_code, min_value: 500, max_value: 502 } }',
    );
    expect(outcomeOf(yaml, b.spans, failed)).toBe('sampled');
    expect(outcomeOf(yaml, b.spans, fine)).toBe('not-sampled');
  });

  it('accepts only one bound and reads resource attributes', () => {
    const b = new TraceBuilder({ 'api-gateway': { 'app.shard': 7 } });
    const id = b.add(browseTrace());
    expect(
      outcomeOf(policy('    - { name: shard, type: numeric_attribute, numeric_attribute: { key: app.shard, min_value: 5 } }'), b.spans, id),
    ).toBe('sampled');
    expect(
      outcomeOf(policy('    - { name: shard, type: numeric_attribute, numeric_attribute: { key: app.shard, max_value: 6 } }'), b.spans, id),
    ).toBe('not-sampled');
  });
});

describe('probabilistic', () => {
  function manyTraces(count: number): { spans: readonly ReadableSpan[]; ids: string[] } {
    const b = new TraceBuilder();
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push(b.add({ name: 'GET /', service: 'api-gateway', at: 0, ms: 1 }, i));
    return { spans: b.spans, ids };
  }
  const yaml = (pct: number, salt?: string) =>
    policy(
      `    - { name: some, type: probabilistic, probabilistic: { sampling_percentage: ${pct}${salt ? `, hash_salt: ${salt}` : ''} } }`,
    );
  const kept = (result: Map<string, TraceOutcome>) => [...result.values()].filter((t) => t.outcome === 'sampled').map((t) => t.traceId);

  it('keeps about the percentage, and the same traces every time', () => {
    const { spans } = manyTraces(2000);
    const first = kept(decide(yaml(25), spans));
    const second = kept(decide(yaml(25), spans));
    expect(first).toEqual(second);
    expect(first.length / 2000).toBeGreaterThan(0.22);
    expect(first.length / 2000).toBeLessThan(0.28);
  });

  it('a different hash_salt keeps a different set of traces', () => {
    const { spans } = manyTraces(1000);
    const a = new Set(kept(decide(yaml(50), spans)));
    const b = kept(decide(yaml(50, 'tier-two'), spans));
    const overlap = b.filter((id) => a.has(id)).length;
    // Independent halves overlap on about a quarter of the traces, not on all of them.
    expect(overlap / 1000).toBeGreaterThan(0.18);
    expect(overlap / 1000).toBeLessThan(0.32);
  });

  it('0 keeps nothing and 100 keeps everything', () => {
    const { spans } = manyTraces(200);
    expect(kept(decide(yaml(0), spans))).toHaveLength(0);
    expect(kept(decide(yaml(100), spans))).toHaveLength(200);
  });

  it('decides on the trace id alone', () => {
    const b = new TraceBuilder();
    const id = traceIdFor(42);
    b.add(checkoutTrace({ fail: true }), 0, id);
    const other = new TraceBuilder();
    other.add(browseTrace(), 0, id);
    expect(outcomeOf(yaml(50), b.spans, id)).toBe(outcomeOf(yaml(50), other.spans, id));
  });
});

describe('and', () => {
  it('samples only when every sub-policy samples', () => {
    const b = new TraceBuilder();
    const slowCheckout = b.add(checkoutTrace({ paymentMs: 520 }));
    const fastCheckout = b.add(checkoutTrace(), 1000);
    const slowBrowse = b.add(browseTrace(600), 2000);
    const yaml = policy(`    - name: slow-payments
      type: and
      and:
        and_sub_policy:
          - { name: route, type: string_attribute, string_attribute: { key: http.route, values: [/payments] } }
          - { name: slow, type: latency, latency: { threshold_ms: 500 } }`);
    const result = decide(yaml, b.spans);
    expect(result.get(slowCheckout)?.outcome).toBe('sampled');
    expect(result.get(fastCheckout)?.outcome).toBe('not-sampled');
    expect(result.get(slowBrowse)?.outcome).toBe('not-sampled');
  });
});

describe('drop', () => {
  const dropHealth = `    - name: drop-health
      type: drop
      drop:
        drop_sub_policy:
          - { name: health, type: string_attribute, string_attribute: { key: http.route, values: [/health] } }`;

  it('wins over every policy that voted to keep the trace', () => {
    const b = new TraceBuilder();
    const health = b.add({
      name: 'GET /health',
      service: 'api-gateway',
      at: 0,
      ms: 2,
      attributes: { 'http.route': '/health' },
      status: 'error',
    });
    const browse = b.add(browseTrace(), 100);
    const yaml = policy(
      `    - { name: all, type: always_sample }\n    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }\n${dropHealth}`,
    );
    const result = decide(yaml, b.spans);
    expect(result.get(health)?.outcome).toBe('not-sampled');
    expect(result.get(health)?.vetoedBy).toBe('drop-health');
    expect(result.get(health)?.matchedPolicies).toEqual(['all', 'errors']);
    expect(result.get(browse)?.outcome).toBe('sampled');
  });

  it('drops only when all of its sub-policies match', () => {
    const b = new TraceBuilder();
    const healthError = b.add({
      name: 'GET /health',
      service: 'api-gateway',
      at: 0,
      ms: 2,
      attributes: { 'http.route': '/health' },
      status: 'error',
    });
    const healthOk = b.add({ name: 'GET /health', service: 'api-gateway', at: 0, ms: 2, attributes: { 'http.route': '/health' } }, 100);
    const yaml = policy(`    - { name: all, type: always_sample }
    - name: drop-failing-health
      type: drop
      drop:
        drop_sub_policy:
          - { name: health, type: string_attribute, string_attribute: { key: http.route, values: [/health] } }
          - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }`);
    const result = decide(yaml, b.spans);
    expect(result.get(healthError)?.outcome).toBe('not-sampled');
    expect(result.get(healthOk)?.outcome).toBe('sampled');
  });
});

describe('several policies', () => {
  it('are OR-ed: a trace is kept when any policy samples it, and not when none does', () => {
    const b = new TraceBuilder();
    const failed = b.add(checkoutTrace({ fail: true }));
    const slow = b.add(checkoutTrace({ paymentMs: 520 }), 1000);
    const normal = b.add(checkoutTrace(), 2000);
    const yaml = policy(
      '    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }\n' +
        '    - { name: slow, type: latency, latency: { threshold_ms: 500 } }',
    );
    const result = decide(yaml, b.spans);
    expect(result.get(failed)?.matchedPolicies).toEqual(['errors']);
    expect(result.get(slow)?.matchedPolicies).toEqual(['slow']);
    expect([failed, slow, normal].map((id) => result.get(id)?.outcome)).toEqual(['sampled', 'sampled', 'not-sampled']);
  });

  it('count errors and slow traces kept in the totals', () => {
    const b = new TraceBuilder();
    b.add(checkoutTrace({ fail: true }));
    b.add(checkoutTrace({ paymentMs: 520 }), 1000);
    b.add(checkoutTrace(), 2000);
    b.add(browseTrace(), 3000);
    const run = runTailSampling(policy('    - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }'), b.spans, {
      slowThresholdMs: 500,
    });
    if (!run.ok) throw new Error('config should load');
    expect(run.result.totals).toMatchObject({
      traces: 4,
      tracesKept: 1,
      spans: 23,
      spansKept: 7,
      errorTraces: 1,
      errorTracesKept: 1,
      slowTraces: 1,
      slowTracesKept: 0,
      droppedByBuffer: 0,
    });
  });
});
