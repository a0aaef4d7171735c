import { describe, expect, it } from 'vitest';
import { gradeSamplingPolicy } from '../../../src/sandbox/tail-sampling/grade';
import { gradeTraceQL } from '../../../src/sandbox/traceql/grade';
import { TraceBuilder, browseTrace, checkoutTrace, fixedDataset } from './fixtures';

describe('gradeTraceQL: graded by what the query matches', () => {
  const { spans, ids } = fixedDataset();
  const reference = '{ resource.service.name = "payment-api" && status = error }';

  it('any equivalent query is right', () => {
    for (const answer of [
      '{ resource.service.name = "payment-api" && status = error }',
      '{ status = error && .service.name = "payment-api" }',
      '{ resource.service.name =~ "pay.*" } | { status = error }',
      '{ status = error && resource.cloud.region = "eu-west-1" }',
    ]) {
      const grade = gradeTraceQL(answer, reference, spans);
      expect(grade.correct, answer).toBe(true);
      expect(grade.score).toBe(1);
    }
  });

  it('the right trace with different spans is not right, and says why', () => {
    const grade = gradeTraceQL('{ status = error }', reference, spans);
    expect(grade.correct).toBe(false);
    expect(grade.missingTraces).toEqual([]);
    expect(grade.spanDifferences).toHaveLength(1);
    expect(grade.spanDifferences[0]?.extraSpans).toHaveLength(2);
    expect(grade.feedback).toMatch(/highlights different spans/);
    expect(gradeTraceQL('{ status = error }', reference, spans, { compareSpans: false }).correct).toBe(true);
  });

  it('reports missing and extra traces by id and root name', () => {
    const grade = gradeTraceQL('{ duration > 250ms }', '{ status = error }', spans);
    expect(grade.missingTraces).toEqual([ids.fail]);
    expect(grade.extraTraces).toEqual([ids.slow, ids.browse2]);
    expect(grade.feedback).toContain(`${ids.fail.slice(0, 8)} (GET /checkout/{cart_id})`);
    expect(grade.feedback).toMatch(/also matches 2 traces it should not/);
  });

  it('a query that does not run gets its position and message', () => {
    const grade = gradeTraceQL('{ duration > 250ms } | count() by (resource.service.name)', reference, spans);
    expect(grade.correct).toBe(false);
    expect(grade.error?.kind).toBe('syntax');
    expect(grade.feedback).toMatch(/^Your query does not run \(line 1, column 32\)/);
  });

  it('metrics questions compare the series', () => {
    const metricsReference = '{ duration > 250ms } | count_over_time() by (resource.service.name)';
    expect(gradeTraceQL('{ span:duration > 250ms } | count_over_time() by (resource.service.name)', metricsReference, spans).correct).toBe(
      true,
    );
    expect(gradeTraceQL('{ duration > 250ms } | count_over_time() by (name)', metricsReference, spans).correct).toBe(false);
    expect(gradeTraceQL('{ duration > 250ms }', metricsReference, spans).feedback).toMatch(/asks for a metrics query/);
  });
});

describe('gradeSamplingPolicy: graded against stated requirements', () => {
  const builder = new TraceBuilder();
  for (let i = 0; i < 40; i += 1) builder.add(browseTrace(30), i * 20);
  for (let i = 0; i < 4; i += 1) builder.add(checkoutTrace({ fail: true }), 1000 + i * 20);
  for (let i = 0; i < 3; i += 1) builder.add(checkoutTrace({ paymentMs: 900 }), 2000 + i * 20);
  const spans = builder.spans;
  const requirements = { keepAllErrors: true, keepSlowerThanMs: 800, maxShareOfNormal: 0.2 };

  it('a policy that meets every requirement is right', () => {
    const grade = gradeSamplingPolicy(
      `processors:
  tail_sampling:
    policies:
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
      - { name: slow, type: latency, latency: { threshold_ms: 800 } }
      - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
`,
      requirements,
      spans,
    );
    expect(grade.results.map((r) => [r.requirement, r.passed])).toEqual([
      ['keepAllErrors', true],
      ['keepSlowerThanMs', true],
      ['maxShareOfNormal', true],
    ]);
    expect(grade.correct).toBe(true);
    expect(grade.score).toBe(1);
  });

  it('says which requirement failed, with numbers', () => {
    const grade = gradeSamplingPolicy(
      `policies:
  - { name: slow, type: latency, latency: { threshold_ms: 1000 } }
  - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 100 } }
`,
      { keepSlowerThanMs: 800, maxShareOfNormal: 0.2 },
      spans,
    );
    expect(grade.correct).toBe(false);
    const share = grade.results.find((r) => r.requirement === 'maxShareOfNormal');
    expect(share?.passed).toBe(false);
    // 100 % keeps all 44 traces that are not slow (40 browse + 4 failing checkouts).
    expect(share?.message).toBe('keeps 100% of normal traces (40 of 40); at most 20% is allowed');
    expect(grade.score).toBeCloseTo(0.5, 6);
  });

  it('errors lost to a small buffer count as missing errors', () => {
    const grade = gradeSamplingPolicy(
      'decision_wait: 30s\nnum_traces: 5\npolicies: [{ name: errors, type: status_code, status_code: { status_codes: [ERROR] } }]\n',
      { keepAllErrors: true },
      spans,
    );
    // All 47 traces arrive within decision_wait; the three slow checkouts arrive last and push out
    // the oldest buffered traces: the last browse trace and the first two failing checkouts.
    expect(grade.results[0]?.passed).toBe(false);
    expect(grade.results[0]?.message).toBe('keeps 2 of 4 traces with an error (2 lost because `num_traces` was full before the decision)');
  });

  it('a policy that misses the slow traces fails that requirement', () => {
    const grade = gradeSamplingPolicy(
      'policies: [{ name: errors, type: status_code, status_code: { status_codes: [ERROR] } }]\n',
      requirements,
      spans,
    );
    const slow = grade.results.find((r) => r.requirement === 'keepSlowerThanMs');
    expect(slow).toMatchObject({ passed: false, expected: 3, actual: 0 });
    expect(grade.feedback).toMatch(/^Not yet: it keeps 0 of 3 traces slower than 800 ms/);
  });

  it('YAML that does not load fails with the collector-style message', () => {
    const grade = gradeSamplingPolicy('policies:\n  - { name: slow, type: latency, latency: { threshold_ms: 1s } }\n', requirements, spans);
    expect(grade.correct).toBe(false);
    expect(grade.errors?.[0]?.message).toMatch(/^line 2, column \d+: field policies\[0\]\.latency\.threshold_ms: /);
  });
});
