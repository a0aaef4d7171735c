import { describe, expect, it } from 'vitest';
import { compareStrategies, sdkRatioSampler, simulateHeadSampling } from '../../../src/sandbox/head-sampling';
import { TraceBuilder, browseTrace, checkoutTrace } from './fixtures';

describe('head sampling with the SDK samplers', () => {
  it('parent-based: the root decides and every service follows, so traces are kept or dropped whole', () => {
    const run = simulateHeadSampling({ mode: 'parent-based', ratio: 0.25, requests: 400, seed: 3 });
    expect(run.totals.traces).toBe(400);
    expect(run.totals.broken).toBe(0);
    expect(run.totals.orphanSpans).toBe(0);
    expect(run.totals.complete + run.totals.dropped).toBe(400);
    expect(run.totals.complete / 400).toBeGreaterThan(0.18);
    expect(run.totals.complete / 400).toBeLessThan(0.32);
    // Only recorded spans reach the processor; the rest are counted with isRecording().
    expect(run.spans).toHaveLength(run.totals.recordedSpans);
    expect(run.totals.recordedSpans + run.totals.unsampledSpans).toBe(400 * 5);
  });

  it('parent-based: the sampled flag travels in traceparent (01 kept, 00 dropped)', () => {
    const run = simulateHeadSampling({ mode: 'parent-based', ratio: 0.5, requests: 50, seed: 4 });
    for (const trace of run.traces) {
      const flag = trace.shape === 'complete' ? '01' : '00';
      expect(trace.edges).toHaveLength(4);
      for (const edge of trace.edges) {
        expect(edge.traceparent).toMatch(new RegExp(`^00-${trace.traceId}-[0-9a-f]{16}-${flag}$`));
      }
    }
  });

  it('parent-based: a downstream service’s own ratio no longer matters', () => {
    const run = simulateHeadSampling({ mode: 'parent-based', ratio: 1, serviceRatios: { 'payment-api': 0 }, requests: 30, seed: 5 });
    expect(run.totals.complete).toBe(30);
  });

  it('independent ratios per service leave broken traces: missing spans and orphans', () => {
    const run = simulateHeadSampling({
      mode: 'independent',
      ratio: 0.5,
      serviceRatios: { 'api-gateway': 0.3, 'payment-api': 0.1, 'auth-service': 0.9 },
      requests: 400,
      seed: 3,
    });
    expect(run.totals.broken).toBeGreaterThan(200);
    expect(run.totals.orphanSpans).toBeGreaterThan(0);
    const broken = run.traces.find((t) => t.shape === 'broken' && t.orphanSpans > 0);
    expect(broken?.services.some((s) => s.recorded)).toBe(true);
    expect(broken?.services.some((s) => !s.recorded)).toBe(true);
  });

  it('always_on and always_off', () => {
    expect(simulateHeadSampling({ mode: 'parent-based', ratio: 'always_on', requests: 10 }).totals.complete).toBe(10);
    expect(simulateHeadSampling({ mode: 'parent-based', ratio: 'always_off', requests: 10 }).totals.dropped).toBe(10);
  });
});

describe('strategies side by side', () => {
  const builder = new TraceBuilder();
  for (let i = 0; i < 40; i += 1) builder.add(browseTrace(), i * 50);
  for (let i = 0; i < 5; i += 1) builder.add(checkoutTrace({ fail: true }), 2000 + i * 50);
  for (let i = 0; i < 5; i += 1) builder.add(checkoutTrace({ paymentMs: 700 }), 3000 + i * 50);
  const spans = builder.spans;
  const tail = `policies:
  - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
  - { name: slow, type: latency, latency: { threshold_ms: 500 } }
  - { name: some, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
`;

  const outcomes = compareStrategies(
    spans,
    [
      { kind: 'keep-all', name: 'Keep everything' },
      { kind: 'head', name: 'Head 10 %', ratio: 0.1 },
      { kind: 'tail', name: 'Tail: errors + slow + 10 %', policy: tail },
      { kind: 'hybrid', name: 'Head 50 %, then tail', headRatio: 0.5, policy: tail },
      { kind: 'tail', name: 'Broken YAML', policy: 'policies: [{ name: x, type: nope }]' },
    ],
    { slowThresholdMs: 500, volume: { requestsPerSecond: 100, bytesPerSpan: 500, retentionDays: 7 } },
  );
  const [all, head, tailOnly, hybrid, broken] = outcomes;

  it('keep-all keeps everything; its storage is the full volume', () => {
    expect(all).toMatchObject({
      traces: 50,
      tracesKept: 50,
      errorTraces: 5,
      errorTracesKept: 5,
      slowTraces: 5,
      slowTracesKept: 5,
      keptShare: 1,
    });
    // Spans per request is the dataset's average: (40 × 2 + 10 × 7) / 50 = 3; 100 req/s × 3 × 500 B × 86,400 s.
    expect(spans.length).toBe(150);
    expect(all?.volume?.keptBytesPerDay).toBeCloseTo(12_960_000_000, 0);
  });

  it('head ratio keeps whole traces chosen by trace id, blind to errors and latency', () => {
    const expected = [...new Set(spans.map((s) => s.spanContext().traceId))].filter(sdkRatioSampler(0.1)).length;
    expect(head?.tracesKept).toBe(expected);
    expect(head?.errorTracesKept).toBeLessThan(5);
  });

  it('tail keeps every error and slow trace and a sample of the rest', () => {
    expect(tailOnly?.errorTracesKept).toBe(5);
    expect(tailOnly?.slowTracesKept).toBe(5);
    expect(tailOnly?.tracesKept).toBeLessThan(30);
    expect(tailOnly?.volume?.keptBytesPerDay).toBeLessThan(all?.volume?.keptBytesPerDay ?? 0);
  });

  it('hybrid can only keep what the head kept', () => {
    expect(hybrid?.tracesKept).toBeLessThanOrEqual(tailOnly?.tracesKept ?? 0);
    expect(hybrid?.errorTracesKept).toBeLessThanOrEqual(5);
  });

  it('a strategy whose YAML does not load reports its errors', () => {
    expect(broken?.errors?.[0]?.detail).toMatch(/unknown policy type "nope"/);
    expect(broken?.tracesKept).toBe(0);
  });
});
