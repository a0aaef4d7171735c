import { describe, expect, it } from 'vitest';
import { runTraceQL } from '../../../../src/sandbox/traceql';
import { seriesLabel, traceqlSummary, errorHeading, cellValue } from '../../../../src/sandbox/view/traceql-view';
import { fixedDataset } from '../fixtures';

describe('TraceQL playground views', () => {
  const { spans } = fixedDataset();

  it('summarises a search in one sentence', () => {
    expect(traceqlSummary(runTraceQL('{ status = error }', spans))).toBe('1 trace matches out of 5, with 4 matched spans.');
    expect(traceqlSummary(runTraceQL('{ name = "nothing" }', spans))).toBe('No trace matches, out of 5 searched.');
  });

  it('says where a syntax error is', () => {
    const result = runTraceQL('{ status = }', spans);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(errorHeading(result.error)).toMatch(/^Syntax error at line 1, column \d+$/);
    expect(traceqlSummary(result)).toContain(result.error.message);
  });

  it('summarises and labels a metrics query', () => {
    const result = runTraceQL('{ } | count_over_time() by (resource.service.name)', spans);
    expect(result.ok && result.kind).toBe('metrics');
    if (!result.ok || result.kind !== 'metrics') return;
    expect(traceqlSummary(result)).toMatch(/^count_over_time: 5 series over \d+ steps of .+, from 25 matched spans\.$/);
    expect(result.series.map((s) => seriesLabel(s.labels))).toContain('{resource.service.name="payment-api"}');
    expect(seriesLabel([])).toBe('{}');
    expect(cellValue(null)).toBe('–');
    expect(cellValue(2.5)).toBe('2.5');
  });
});
