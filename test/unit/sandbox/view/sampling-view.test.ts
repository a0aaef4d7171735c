import { describe, expect, it } from 'vitest';
import { runTailSampling } from '../../../../src/sandbox/tail-sampling';
import { generateTraffic } from '../../../../src/sandbox/traffic';
import { HEAD_SAMPLING_CHAIN } from '../../../../src/sandbox/head-sampling';
import {
  bufferAdvice,
  HEAD_START_RATIOS,
  policyKeepCounts,
  setYamlScalar,
  tailTotalsRows,
  tracesPerSecond,
} from '../../../../src/sandbox/view/sampling-view';
import { formatPercent } from '../../../../src/shared/format';

const YAML = `processors:
  tail_sampling:
    num_traces: 50000
    decision_wait: 10s   # from the first span
    policies:
      - name: failures
        type: status_code
        status_code: { status_codes: [ERROR] }
      - name: slow-ones
        type: latency
        latency: { threshold_ms: 500 }
`;

describe('sampling lab views', () => {
  const traffic = generateTraffic({ requests: 400, seed: 5, requestsPerSecond: 20 });

  it('measures the traffic’s arrival rate', () => {
    const rate = tracesPerSecond(traffic.requests);
    expect(rate).toBeGreaterThan(15);
    expect(rate).toBeLessThan(25);
    expect(tracesPerSecond([])).toBe(0);
  });

  it('says when num_traces is too small for rate × decision_wait', () => {
    expect(bufferAdvice(10_000, 50_000, 20)).toMatchObject({ needed: 200, enough: true });
    const small = bufferAdvice(10_000, 100, 20);
    expect(small).toMatchObject({ needed: 200, enough: false });
    expect(small.text).toContain('too small');
    expect(bufferAdvice(500, 100, 20).text).toContain('500 ms');
  });

  it('and the engine agrees: a buffer below the advice drops traces, one above it drops none', () => {
    const rate = tracesPerSecond(traffic.requests);
    const needed = bufferAdvice(10_000, 1, rate).needed;
    const run = (numTraces: number) => {
      const result = runTailSampling(setYamlScalar(YAML, 'num_traces', String(numTraces))!, traffic.spans);
      if (!result.ok) throw new Error(result.errors[0]?.message);
      return result.result.totals.droppedByBuffer;
    };
    expect(run(Math.floor(needed / 2))).toBeGreaterThan(0);
    expect(run(needed * 2)).toBe(0);
  });

  it('counts each policy’s votes to keep, in config order', () => {
    const result = runTailSampling(YAML, traffic.spans);
    if (!result.ok) throw new Error('config');
    const counts = policyKeepCounts(['failures', 'slow-ones'], result.result);
    const errors = traffic.requests.filter((r) => r.error).length;
    expect(counts[0]).toEqual({ name: 'failures', voted: errors, vetoed: 0 });
    expect(counts[1]!.voted).toBe(result.result.totals.slowTraces);
  });

  it('writes the totals as rows a learner reads', () => {
    const result = runTailSampling(YAML, traffic.spans);
    if (!result.ok) throw new Error('config');
    const rows = tailTotalsRows(result.result.totals, 500);
    const t = result.result.totals;
    expect(rows[0]).toEqual({
      label: 'Traces kept',
      value: `${t.tracesKept} of ${t.traces}`,
      detail: formatPercent(t.tracesKept / t.traces),
    });
    expect(rows.find((r) => r.label === 'Error traces kept')?.detail).toBe('every failure survives');
    expect(rows.find((r) => r.label === 'Dropped by the buffer')?.value).toBe('0');
  });

  it('edits one YAML value in place, keeping indentation and comments', () => {
    const edited = setYamlScalar(YAML, 'decision_wait', '100ms');
    expect(edited).toContain('    decision_wait: 100ms   # from the first span\n');
    expect(setYamlScalar(YAML, 'num_traces', '20')).toContain('    num_traces: 20\n');
    expect(setYamlScalar('policies: []', 'num_traces', '20')).toBeUndefined();
  });
});

describe('head-sampling controls', () => {
  it('one starting ratio per service of the simulated chain, in call order, and not all equal (so traces break)', () => {
    expect(HEAD_START_RATIOS.map((r) => r.service)).toEqual(HEAD_SAMPLING_CHAIN.map((step) => step.service));
    expect(new Set(HEAD_START_RATIOS.map((r) => r.ratio)).size).toBeGreaterThan(1);
  });
});
