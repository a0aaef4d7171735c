import { describe, expect, it } from 'vitest';
import { latencyHistogram, logsForTrace } from '../../../../src/sandbox/exemplars';
import { generateTraffic } from '../../../../src/sandbox/traffic';
import { bucketRange, histogramRows, leLabel, slowestExemplar } from '../../../../src/sandbox/view/exemplar-view';

describe('exemplar explorer views', () => {
  it('names bucket ranges the way a learner reads latency', () => {
    expect(bucketRange(0.005, undefined)).toBe('≤ 5 ms');
    expect(bucketRange(0.5, 0.25)).toBe('250 ms – 500 ms');
    expect(bucketRange(Number.POSITIVE_INFINITY, 10)).toBe('> 10 s');
    expect(leLabel(Number.POSITIVE_INFINITY)).toBe('+Inf');
  });

  it('marks slow buckets and leads from the slowest exemplar to a slow trace and its logs', () => {
    const traffic = generateTraffic({ requests: 600, seed: 9, slowRate: 0.1 });
    const rows = histogramRows(latencyHistogram(traffic.spans), 0.25);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(600);
    expect(Math.max(...rows.map((r) => r.fill))).toBe(1);
    expect(rows.filter((r) => r.slow).every((r) => r.le > 0.25)).toBe(true);
    const start = slowestExemplar(rows);
    expect(start?.exemplar).toBeDefined();
    const request = traffic.requests.find((r) => r.traceId === start!.exemplar!.traceId);
    expect(request?.slow).toBe(true);
    const logs = logsForTrace(traffic.logs, start!.exemplar!.traceId);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((l) => l.trace_id === start!.exemplar!.traceId && /^[0-9a-f]{16}$/.test(l.span_id))).toBe(true);
  });
});
