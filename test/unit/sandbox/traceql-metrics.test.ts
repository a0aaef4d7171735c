import { describe, expect, it } from 'vitest';
import { chooseStepMs } from '../../../src/sandbox/traceql/metrics';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import type { TraceQLResult } from '../../../src/sandbox/traceql/run';
import { BASE_MS, fixedDataset } from './fixtures';

// Metrics queries over the fixed dataset with one-second steps: the five
// traces start at 0, 1, 2, 3 and 4 s, so each lands in its own step.
//   step 0 normal, 1 slow, 2 fail, 3 browse, 4 browse2

const { spans } = fixedDataset();

function metrics(query: string): Extract<TraceQLResult, { kind: 'metrics' }> {
  const result = runTraceQL(query, spans, { stepMs: 1000 });
  if (!result.ok) throw new Error(`${query}: ${result.error.message}`);
  if (result.kind !== 'metrics') throw new Error(`${query}: expected metrics`);
  return result;
}

function byLabel(result: Extract<TraceQLResult, { kind: 'metrics' }>): Record<string, (number | null)[]> {
  return Object.fromEntries(result.series.map((s) => [s.labels.map((l) => String(l.value)).join(','), [...s.values]]));
}

describe('metrics queries', () => {
  it('count_over_time() by (resource.service.name): spans over 250 ms per service and step', () => {
    const result = metrics('{ duration > 250ms } | count_over_time() by (resource.service.name)');
    expect(result.timestamps).toEqual([0, 1, 2, 3, 4].map((s) => BASE_MS + s * 1000));
    expect(result.unit).toBe('spans');
    expect(byLabel(result)).toEqual({
      'api-gateway': [0, 1, 0, 0, 1],
      'checkout-api': [0, 1, 0, 0, 0],
      'inventory-api': [0, 0, 0, 0, 1],
      'payment-api': [0, 2, 0, 0, 0],
    });
    expect(result.matchedSpans).toBe(6);
    expect(result.note).toMatch(/TraceQL metrics are enabled/);
  });

  it('rate() is spans per second', () => {
    const result = runTraceQL('{ status = error } | rate()', spans, { stepMs: 2000 });
    if (!result.ok || result.kind !== 'metrics') throw new Error('expected metrics');
    // The four error spans all start in the step from 2 s to 4 s.
    expect(result.series.map((s) => s.values)).toEqual([[0, 2, 0]]);
    expect(result.unit).toBe('spans/s');
  });

  it('avg_over_time(duration) by (name) reports seconds and leaves empty steps null', () => {
    const result = metrics('{ resource.service.name = "payment-api" } | avg_over_time(duration) by (name)');
    expect(result.unit).toBe('s');
    expect(byLabel(result)).toEqual({
      'POST /payments': [0.04, 0.52, 0.04, null, null],
      'POST bank-http': [0.036, 0.516, 0.036, null, null],
    });
  });

  it('min, max, sum and quantile over time', () => {
    expect(byLabel(metrics('{ rootName = "GET /products" } | max_over_time(duration)'))).toEqual({ '': [null, null, null, 0.025, 0.3] });
    expect(byLabel(metrics('{ rootName = "GET /products" } | min_over_time(duration)'))).toEqual({ '': [null, null, null, 0.021, 0.296] });
    expect(
      byLabel(metrics('{ kind = client } | sum_over_time(duration)'))['']?.map((v) => (v === null ? null : Math.round(v * 1000))),
    ).toEqual([46, 526, 46, null, null]);
    const quantiles = byLabel(metrics('{ rootName = "GET /products" } | quantile_over_time(duration, 0.5, 1)'));
    expect(quantiles['0.5']).toEqual([null, null, null, 0.023, 0.298]);
    expect(quantiles['1']).toEqual([null, null, null, 0.025, 0.3]);
  });

  it('topk keeps the highest series at each step', () => {
    // Per checkout step: payment-api has 2 such spans (payments, bank-http), inventory-api 1 (UPDATE stock).
    const query = '{ kind = client || resource.service.name = "payment-api" } | count_over_time() by (resource.service.name)';
    expect(byLabel(metrics(query))).toEqual({ 'inventory-api': [1, 1, 1, 0, 0], 'payment-api': [2, 2, 2, 0, 0] });
    // Steps 3 and 4 count 0 for both (a value, not a gap): the tie goes to the first series.
    expect(byLabel(metrics(`${query} | topk(1)`))).toEqual({
      'inventory-api': [null, null, null, 0, 0],
      'payment-api': [2, 2, 2, null, null],
    });
    expect(byLabel(metrics(`${query} | bottomk(1)`))).toEqual({ 'inventory-api': [1, 1, 1, 0, 0] });
  });

  it('a metrics query that matches no span says so with zero series and no error', () => {
    const result = metrics('{ name = "no such span" } | rate()');
    expect(result.series).toEqual([]);
    expect(result.matchedSpans).toBe(0);
  });

  it('the step is chosen from the data when not given', () => {
    const result = runTraceQL('{ } | rate()', spans);
    expect(result.ok && result.kind === 'metrics' && result.stepMs).toBe(200);
    expect(chooseStepMs(3_600_000)).toBe(120_000);
  });
});
