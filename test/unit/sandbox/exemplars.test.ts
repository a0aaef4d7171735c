import { describe, expect, it } from 'vitest';
import { PROMETHEUS_DEFAULT_BUCKETS, latencyHistogram, logsForTrace } from '../../../src/sandbox/exemplars';
import { TraceBuilder, browseTrace, checkoutTrace } from './fixtures';

describe('latency histogram with exemplars', () => {
  const builder = new TraceBuilder();
  const fast = builder.add(browseTrace(20), 0); // 0.02 s → le 0.025
  const fast2 = builder.add(browseTrace(22), 1000); // 0.022 s → le 0.025, later
  const normal = builder.add(checkoutTrace(), 2000); // 0.09 s → le 0.1
  const slow = builder.add(checkoutTrace({ paymentMs: 520 }), 3000); // 0.57 s → le 1
  const histogram = latencyHistogram(builder.spans);
  const bucket = (le: number) => histogram.buckets.find((b) => b.le === le);

  it('counts root spans only, into Prometheus default buckets plus +Inf', () => {
    expect(histogram.buckets.map((b) => b.le)).toEqual([...PROMETHEUS_DEFAULT_BUCKETS, Number.POSITIVE_INFINITY]);
    expect(histogram.count).toBe(4);
    expect(histogram.sum).toBeCloseTo(0.02 + 0.022 + 0.09 + 0.57, 6);
    expect([0.025, 0.1, 1].map((le) => bucket(le)?.count)).toEqual([2, 1, 1]);
    expect(bucket(0.5)?.cumulativeCount).toBe(3);
    expect(bucket(Number.POSITIVE_INFINITY)?.cumulativeCount).toBe(4);
  });

  it('keeps the latest observation of each bucket as its exemplar: the trace to open', () => {
    expect(bucket(0.025)?.exemplar?.traceId).toBe(fast2);
    expect(bucket(0.025)?.exemplar?.traceId).not.toBe(fast);
    expect(bucket(0.1)?.exemplar).toMatchObject({ traceId: normal, spanName: 'GET /checkout/{cart_id}', service: 'api-gateway' });
    expect(bucket(1)?.exemplar?.traceId).toBe(slow);
    expect(bucket(1)?.exemplar?.value).toBeCloseTo(0.57, 6);
    expect(bucket(0.005)?.exemplar).toBeUndefined();
  });

  it('takes custom bounds', () => {
    const custom = latencyHistogram(builder.spans, { bounds: [0.5, 0.1] });
    expect(custom.buckets.map((b) => [b.le, b.count])).toEqual([
      [0.1, 3],
      [0.5, 0],
      [Number.POSITIVE_INFINITY, 1],
    ]);
  });
});

describe('logs of a trace', () => {
  it('returns only the trace’s lines, oldest first, ties in their original order', () => {
    const logs = [
      { timestamp: '2025-06-02T09:00:00.050Z', trace_id: 'b', span_id: '1', message: 'other trace' },
      { timestamp: '2025-06-02T09:00:00.040Z', trace_id: 'a', span_id: '2', message: 'payment declined' },
      { timestamp: '2025-06-02T09:00:00.010Z', trace_id: 'a', span_id: '1', message: 'checkout started' },
      { timestamp: '2025-06-02T09:00:00.040Z', trace_id: 'a', span_id: '1', message: 'checkout failed' },
    ];
    expect(logsForTrace(logs, 'a').map((l) => l.message)).toEqual(['checkout started', 'payment declined', 'checkout failed']);
    expect(logsForTrace(logs, 'missing')).toEqual([]);
  });
});
