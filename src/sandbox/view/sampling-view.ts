import type { ChainService } from '../head-sampling';
import type { TailSamplingResult, TailSamplingTotals } from '../tail-sampling/simulate';
import type { TrafficRequest } from '../traffic';
import { formatCount, formatPercent } from '../../shared/format';
import { formatValue } from './format';

// What the sampling lab shows next to the engines' numbers: how big the
// tail-sampling buffer must be, how many traces each policy voted to keep,
// and quick edits of the learner's YAML.

/**
 * Where the head-sampling ratios start, one per service of the chain in call
 * order: different ratios, so independent samplers disagree and leave holes.
 * The lab draws its controls from this list before the simulator has loaded.
 */
export const HEAD_START_RATIOS: readonly { readonly service: ChainService; readonly ratio: string }[] = [
  { service: 'api-gateway', ratio: '0.5' },
  { service: 'checkout-api', ratio: '0.5' },
  { service: 'auth-service', ratio: '0.9' },
  { service: 'inventory-api', ratio: '0.5' },
  { service: 'payment-api', ratio: '0.2' },
];

/** A share typed by the learner ("0.25", "1", ".5"): a number from 0 to 1, or undefined. */
export function readShare(text: string): number | undefined {
  const cleaned = text.trim();
  if (!/^(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return value >= 0 && value <= 1 ? value : undefined;
}

/** Mean arrival rate of the traffic, in traces per second. */
export function tracesPerSecond(requests: readonly Pick<TrafficRequest, 'startUs'>[]): number {
  if (requests.length < 2) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const r of requests) {
    if (r.startUs < first) first = r.startUs;
    if (r.startUs > last) last = r.startUs;
  }
  const seconds = (last - first) / 1e6;
  return seconds > 0 ? (requests.length - 1) / seconds : 0;
}

export interface BufferAdvice {
  /** Traces that arrive during one decision_wait: the buffer must hold at least this many. */
  readonly needed: number;
  readonly numTraces: number;
  readonly enough: boolean;
  readonly text: string;
}

/** num_traces against rate × decision_wait: too small, and traces leave the buffer before their decision. */
export function bufferAdvice(decisionWaitMs: number, numTraces: number, perSecond: number): BufferAdvice {
  const needed = Math.ceil(perSecond * (decisionWaitMs / 1000));
  const enough = numTraces >= needed;
  const wait = decisionWaitMs >= 1000 ? `${formatValue(decisionWaitMs / 1000)} s` : `${formatValue(decisionWaitMs)} ms`;
  const text =
    `Traffic brings about ${formatValue(perSecond)} new traces per second; each waits ${wait} (decision_wait) for its decision, ` +
    `so about ${formatCount(needed)} traces are in the buffer at once. num_traces is ${formatCount(numTraces)}: ` +
    (enough ? 'enough.' : 'too small, so the oldest traces are pushed out before they are decided.');
  return { needed, numTraces, enough, text };
}

/** How many traces each policy voted to keep (a trace counts for every policy that matched it), in config order. */
export function policyKeepCounts(
  policyNames: readonly string[],
  result: TailSamplingResult,
): { name: string; voted: number; vetoed: number }[] {
  const voted = new Map(policyNames.map((name) => [name, 0]));
  const vetoed = new Map(policyNames.map((name) => [name, 0]));
  for (const trace of result.traces) {
    for (const name of trace.matchedPolicies) voted.set(name, (voted.get(name) ?? 0) + 1);
    if (trace.vetoedBy !== undefined) vetoed.set(trace.vetoedBy, (vetoed.get(trace.vetoedBy) ?? 0) + 1);
  }
  return policyNames.map((name) => ({ name, voted: voted.get(name) ?? 0, vetoed: vetoed.get(name) ?? 0 }));
}

export interface TotalsRow {
  readonly label: string;
  readonly value: string;
  /** Plain words for the number, or why it matters. */
  readonly detail: string;
}

/** The tail-sampling totals as the lab's result rows. */
export function tailTotalsRows(totals: TailSamplingTotals, slowThresholdMs: number): TotalsRow[] {
  const of = (kept: number, all: number) => `${formatCount(kept)} of ${formatCount(all)}`;
  const share = (kept: number, all: number) => (all ? formatPercent(kept / all) : '–');
  return [
    { label: 'Traces kept', value: of(totals.tracesKept, totals.traces), detail: share(totals.tracesKept, totals.traces) },
    { label: 'Spans kept', value: of(totals.spansKept, totals.spans), detail: share(totals.spansKept, totals.spans) },
    {
      label: 'Error traces kept',
      value: of(totals.errorTracesKept, totals.errorTraces),
      detail:
        totals.errorTraces === totals.errorTracesKept
          ? 'every failure survives'
          : `${formatCount(totals.errorTraces - totals.errorTracesKept)} failures lost`,
    },
    {
      label: `Slow traces kept (≥ ${formatCount(slowThresholdMs)} ms)`,
      value: of(totals.slowTracesKept, totals.slowTraces),
      detail:
        totals.slowTraces === totals.slowTracesKept
          ? 'every slow request survives'
          : `${formatCount(totals.slowTraces - totals.slowTracesKept)} slow requests lost`,
    },
    {
      label: 'Dropped by the buffer',
      value: formatCount(totals.droppedByBuffer),
      detail: totals.blockedArrivals
        ? `none, but senders waited ${formatCount(totals.blockedArrivals)} times for room (block_on_overflow)`
        : totals.droppedByBuffer
          ? 'pushed out of a full buffer (num_traces) before any decision'
          : 'none: the buffer was big enough',
    },
    {
      label: 'Decided on part of the trace',
      value: formatCount(totals.decidedOnPartialTrace),
      detail: totals.decidedOnPartialTrace
        ? `spans still arriving after decision_wait ran out (${formatCount(totals.lateSpans)} late spans)`
        : 'none: every trace was complete when decided',
    },
  ];
}

/**
 * Sets the first `key: value` line of a YAML text to a new value, keeping
 * indentation and any comment. Returns undefined when the key is not there,
 * so the caller can tell the learner where to add it.
 */
export function setYamlScalar(text: string, key: string, value: string): string | undefined {
  const pattern = new RegExp(`^(\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[ \\t]*)([^#\\n]*?)([ \\t]*(#.*)?)$`, 'm');
  if (!pattern.test(text)) return undefined;
  return text.replace(pattern, (_, head: string, _old: string, tail: string) => `${head}${value}${tail}`);
}
