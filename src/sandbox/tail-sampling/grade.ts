import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ConfigError } from './collector-yaml';
import { runTailSampling } from './simulate';
import type { TailSamplingTotals } from './simulate';
import { formatPercent } from '../../shared/format';

// A `sampling-policy` question is graded by running the learner's
// tail_sampling YAML over a fixed dataset and checking what it keeps.

export interface SamplingRequirements {
  /** Every trace with an ERROR span must be kept. */
  readonly keepAllErrors?: boolean;
  /** Every trace longer than this (whole trace, ms) must be kept. */
  readonly keepSlowerThanMs?: number;
  /** At most this share (0..1) of normal traces (no error, not slow) may be kept. */
  readonly maxShareOfNormal?: number;
}

export interface RequirementResult {
  readonly requirement: keyof SamplingRequirements;
  readonly passed: boolean;
  /** What was expected and what the policy did, with numbers. */
  readonly message: string;
  readonly expected: number;
  readonly actual: number;
}

export interface SamplingPolicyGrade {
  readonly score: number;
  readonly correct: boolean;
  readonly feedback: string;
  readonly results: readonly RequirementResult[];
  /** Set when the YAML does not parse or validate. */
  readonly errors: readonly ConfigError[] | undefined;
  readonly totals: TailSamplingTotals | undefined;
}

export function gradeSamplingPolicy(yaml: string, requirements: SamplingRequirements, spans: readonly ReadableSpan[]): SamplingPolicyGrade {
  const slowMs = requirements.keepSlowerThanMs;
  const run = runTailSampling(yaml, spans, slowMs === undefined ? {} : { slowThresholdMs: slowMs });
  if (!run.ok) {
    return {
      score: 0,
      correct: false,
      feedback: `The configuration does not load: ${run.errors.map((e) => e.message).join(' ')}`,
      results: [],
      errors: run.errors,
      totals: undefined,
    };
  }
  const traces = run.result.traces;
  const kept = (t: (typeof traces)[number]) => t.spansKept > 0;
  const isSlow = (t: (typeof traces)[number]) => slowMs !== undefined && t.durationMs > slowMs;
  const results: RequirementResult[] = [];

  if (requirements.keepAllErrors) {
    const errors = traces.filter((t) => t.hasError);
    const keptErrors = errors.filter(kept).length;
    const lostToBuffer = errors.filter((t) => t.outcome === 'dropped-by-buffer').length;
    const passed = keptErrors === errors.length;
    results.push({
      requirement: 'keepAllErrors',
      passed,
      expected: errors.length,
      actual: keptErrors,
      message: passed
        ? `keeps all ${errors.length} traces with an error`
        : `keeps ${keptErrors} of ${errors.length} traces with an error` +
          (lostToBuffer ? ` (${lostToBuffer} lost because \`num_traces\` was full before the decision)` : ''),
    });
  }
  if (slowMs !== undefined) {
    const slow = traces.filter(isSlow);
    const keptSlow = slow.filter(kept).length;
    const passed = keptSlow === slow.length;
    results.push({
      requirement: 'keepSlowerThanMs',
      passed,
      expected: slow.length,
      actual: keptSlow,
      message: passed
        ? `keeps all ${slow.length} traces slower than ${slowMs} ms`
        : `keeps ${keptSlow} of ${slow.length} traces slower than ${slowMs} ms (the \`latency\` policy measures the whole trace and keeps it at or above \`threshold_ms\`)`,
    });
  }
  if (requirements.maxShareOfNormal !== undefined) {
    const normal = traces.filter((t) => !t.hasError && !isSlow(t));
    const keptNormal = normal.filter(kept).length;
    const share = normal.length ? keptNormal / normal.length : 0;
    const passed = share <= requirements.maxShareOfNormal;
    results.push({
      requirement: 'maxShareOfNormal',
      passed,
      expected: requirements.maxShareOfNormal,
      actual: share,
      message: passed
        ? `keeps ${formatPercent(share)} of normal traces (at most ${formatPercent(requirements.maxShareOfNormal)} allowed)`
        : `keeps ${formatPercent(share)} of normal traces (${keptNormal} of ${normal.length}); at most ${formatPercent(requirements.maxShareOfNormal)} is allowed`,
    });
  }
  const passedCount = results.filter((r) => r.passed).length;
  const correct = results.length > 0 && passedCount === results.length;
  const failed = results.filter((r) => !r.passed).map((r) => r.message);
  return {
    score: results.length ? passedCount / results.length : 0,
    correct,
    feedback: correct ? `Right: it ${results.map((r) => r.message).join('; ')}.` : `Not yet: it ${failed.join('; ')}.`,
    results,
    errors: undefined,
    totals: run.result.totals,
  };
}
