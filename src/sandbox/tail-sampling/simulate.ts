import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { TAIL_SAMPLING_FIELD_NAMES, TailSamplingSchema } from '../../schemas/tail-sampling';
import type { TailSampling } from '../../schemas/tail-sampling';
import { readProcessorConfig } from './collector-yaml';
import type { ConfigError } from './collector-yaml';
import { combineDecisions, compilePolicy } from './policies';
import type { PolicyDecision } from './policies';
import type { SpanRecord } from '../trace-model';
import { recordOf, traceDurationUs, traceFromRecords } from './trace-data';

// The processor over time. Spans arrive when they end (an SDK exports a span
// once it has ended). The first span of a trace opens a buffer slot and
// starts the `decision_wait` clock; when it runs out, the policies judge the
// spans received so far. The buffer holds `num_traces` traces, decided or
// not; a new trace arriving at a full buffer pushes out the oldest, and a
// trace pushed out before its decision is lost unsampled. Spans arriving
// after the decision follow it while the trace is still buffered, and start
// a fresh trace (with its own decision) once it has been pushed out, unless
// a `decision_cache` remembers the decision: then a decided trace leaves the
// buffer at once and its late spans follow the cached decision.

export type TraceOutcomeKind = 'sampled' | 'not-sampled' | 'dropped-by-buffer';

export interface TraceOutcome {
  readonly traceId: string;
  readonly outcome: TraceOutcomeKind;
  /** Each policy's vote at decision time (empty when the buffer dropped the trace first). */
  readonly votes: readonly { readonly name: string; readonly decision: PolicyDecision }[];
  /** Policies that voted to keep the trace. */
  readonly matchedPolicies: readonly string[];
  /** The drop (or invert_match) policy that overrode the votes to keep. */
  readonly vetoedBy: string | undefined;
  readonly spanCount: number;
  readonly spansKept: number;
  /** Spans the policies saw; fewer than spanCount means the decision used part of the trace. */
  readonly spansAtDecision: number;
  /** Spans that arrived after the decision. */
  readonly lateSpans: number;
  readonly durationMs: number;
  readonly hasError: boolean;
  readonly isSlow: boolean;
  readonly rootName: string | undefined;
  readonly rootService: string | undefined;
  /** When the first span arrived, in ms since the first span of the whole input. */
  readonly firstArrivalMs: number;
  /** When the decision was made (same clock); undefined when dropped by the buffer. */
  readonly decidedAtMs: number | undefined;
}

export interface TailSamplingTotals {
  readonly traces: number;
  readonly tracesKept: number;
  readonly spans: number;
  readonly spansKept: number;
  readonly errorTraces: number;
  readonly errorTracesKept: number;
  readonly slowTraces: number;
  readonly slowTracesKept: number;
  /** Traces pushed out of a full buffer before their decision. */
  readonly droppedByBuffer: number;
  /** Traces decided before all of their spans had arrived. */
  readonly decidedOnPartialTrace: number;
  readonly lateSpans: number;
  /** New traces that found the buffer full with block_on_overflow on: their senders had to wait. */
  readonly blockedArrivals: number;
}

export interface TailSamplingResult {
  readonly traces: readonly TraceOutcome[];
  readonly totals: TailSamplingTotals;
  readonly slowThresholdMs: number;
}

export interface TailSamplingOptions {
  /** What counts as a slow trace in the totals; default 500 ms. */
  readonly slowThresholdMs?: number;
}

export const DEFAULT_SLOW_THRESHOLD_MS = 500;

interface Entry {
  readonly traceId: string;
  readonly firstArrivalUs: number;
  readonly spans: SpanRecord[];
  state: 'pending' | 'sampled' | 'not-sampled' | 'evicted';
  inBuffer: boolean;
  /** The first entry of a trace carries its outcome; later ones are late fragments. */
  readonly isFirst: boolean;
}

interface Tally {
  outcome: TraceOutcomeKind;
  votes: { name: string; decision: PolicyDecision }[];
  matched: readonly string[];
  vetoedBy: string | undefined;
  spansKept: number;
  spansAtDecision: number;
  lateSpans: number;
  decidedAtUs: number | undefined;
  firstArrivalUs: number;
  spans: SpanRecord[];
}

/** The processor's optional LRU caches of trace ids already decided (size 0: off). */
class DecisionCache {
  private readonly ids = new Map<string, true>();

  constructor(private readonly size: number) {}

  get enabled(): boolean {
    return this.size > 0;
  }

  remember(traceId: string): void {
    this.ids.delete(traceId);
    this.ids.set(traceId, true);
    if (this.ids.size > this.size) {
      const oldest = this.ids.keys().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
  }

  has(traceId: string): boolean {
    return this.ids.has(traceId);
  }
}

export function simulateTailSampling(
  config: TailSampling,
  spans: readonly ReadableSpan[],
  options: TailSamplingOptions = {},
): TailSamplingResult {
  const slowThresholdMs = options.slowThresholdMs ?? DEFAULT_SLOW_THRESHOLD_MS;
  // The processor evaluates drop policies before all others ("Dropped decision
  // takes precedence over all others, therefore we evaluate them first",
  // contrib tailsamplingprocessor processor.go), so with sample_on_first_match
  // a keep listed before a drop cannot stop the drop from being seen.
  const policies = [...config.policies]
    .sort((a, b) => Number(b.type === 'drop') - Number(a.type === 'drop'))
    .map((policy) => ({ name: policy.name, evaluate: compilePolicy(policy) }));
  const waitUs = config.decision_wait * 1000;
  const capacity = config.num_traces;

  const arrivals = spans.map(recordOf).sort((a, b) => a.endUs - b.endUs);
  const originUs = arrivals[0]?.endUs ?? 0;

  const tallies = new Map<string, Tally>();
  const live = new Map<string, Entry>();
  const buffer: Entry[] = [];
  let bufferHead = 0;
  let buffered = 0;
  const pending: Entry[] = [];
  let pendingHead = 0;
  let blockedArrivals = 0;
  const sampledCache = new DecisionCache(config.decision_cache?.sampled_cache_size ?? 0);
  const notSampledCache = new DecisionCache(config.decision_cache?.non_sampled_cache_size ?? 0);

  const leaveBuffer = (entry: Entry) => {
    entry.inBuffer = false;
    buffered -= 1;
    live.delete(entry.traceId);
  };

  const vote = (entry: Entry) => {
    const votes: { name: string; decision: PolicyDecision }[] = [];
    for (const policy of policies) {
      const decision = policy.evaluate(entry);
      votes.push({ name: policy.name, decision });
      if (config.sample_on_first_match && decision === 'sampled') break;
    }
    return votes;
  };

  const decide = (entry: Entry, nowUs: number) => {
    const votes = vote(entry);
    const final = combineDecisions(votes);
    entry.state = final.decision;
    // With a decision cache the processor forgets the spans right after deciding.
    const cache = final.decision === 'sampled' ? sampledCache : notSampledCache;
    if (cache.enabled) {
      cache.remember(entry.traceId);
      if (entry.inBuffer) leaveBuffer(entry);
    }
    const tally = tallies.get(entry.traceId);
    if (!tally) return;
    if (final.decision === 'sampled') tally.spansKept += entry.spans.length;
    if (entry.isFirst) {
      tally.outcome = final.decision;
      tally.votes = votes;
      tally.matched = final.matched;
      tally.vetoedBy = final.vetoedBy;
      tally.spansAtDecision = entry.spans.length;
      tally.decidedAtUs = nowUs;
    }
  };

  const runDecisionsDueBy = (nowUs: number) => {
    while (pendingHead < pending.length) {
      const entry = pending[pendingHead];
      if (!entry || entry.firstArrivalUs + waitUs > nowUs) break;
      pendingHead += 1;
      if (entry.state === 'pending') decide(entry, entry.firstArrivalUs + waitUs);
    }
  };

  for (const record of arrivals) {
    const nowUs = record.endUs;
    runDecisionsDueBy(nowUs);
    let tally = tallies.get(record.traceId);
    if (!tally) {
      tally = {
        outcome: 'not-sampled',
        votes: [],
        matched: [],
        vetoedBy: undefined,
        spansKept: 0,
        spansAtDecision: 0,
        lateSpans: 0,
        decidedAtUs: undefined,
        firstArrivalUs: nowUs,
        spans: [],
      };
      tallies.set(record.traceId, tally);
    }
    tally.spans.push(record);

    const entry = live.get(record.traceId);
    if (!entry && tally.spans.length > 1 && (sampledCache.has(record.traceId) || notSampledCache.has(record.traceId))) {
      tally.lateSpans += 1;
      if (sampledCache.has(record.traceId)) tally.spansKept += 1;
      continue;
    }
    if (entry) {
      if (entry.state === 'pending') {
        entry.spans.push(record);
        if (!entry.isFirst) tally.lateSpans += 1;
      } else {
        tally.lateSpans += 1;
        if (entry.state === 'sampled') tally.spansKept += 1;
      }
      continue;
    }
    if (buffered >= capacity && config.block_on_overflow) {
      // block_on_overflow: the receiver waits for room instead of evicting; the
      // senders see back-pressure, and no trace is lost in this buffer.
      blockedArrivals += 1;
    } else if (buffered >= capacity) {
      while (bufferHead < buffer.length && !buffer[bufferHead]?.inBuffer) bufferHead += 1;
      const oldest = buffer[bufferHead];
      bufferHead += 1;
      if (oldest) {
        leaveBuffer(oldest);
        if (oldest.state === 'pending') {
          oldest.state = 'evicted';
          const lost = tallies.get(oldest.traceId);
          if (lost && oldest.isFirst) lost.outcome = 'dropped-by-buffer';
        }
      }
    }
    const isFirst = tally.spans.length === 1;
    if (!isFirst) tally.lateSpans += 1;
    const created: Entry = { traceId: record.traceId, firstArrivalUs: nowUs, spans: [record], state: 'pending', inBuffer: true, isFirst };
    live.set(record.traceId, created);
    buffer.push(created);
    buffered += 1;
    pending.push(created);
  }
  runDecisionsDueBy(Number.POSITIVE_INFINITY);

  const traces: TraceOutcome[] = [];
  let tracesKept = 0;
  let spansKept = 0;
  let errorTraces = 0;
  let errorTracesKept = 0;
  let slowTraces = 0;
  let slowTracesKept = 0;
  let droppedByBuffer = 0;
  let partial = 0;
  let lateSpans = 0;
  for (const [traceId, tally] of tallies) {
    const trace = traceFromRecords(traceId, tally.spans);
    const durationMs = traceDurationUs(trace) / 1000;
    const isSlow = durationMs >= slowThresholdMs;
    const kept = tally.spansKept > 0;
    if (kept) tracesKept += 1;
    spansKept += tally.spansKept;
    if (trace.hasError) errorTraces += 1;
    if (trace.hasError && kept) errorTracesKept += 1;
    if (isSlow) slowTraces += 1;
    if (isSlow && kept) slowTracesKept += 1;
    if (tally.outcome === 'dropped-by-buffer') droppedByBuffer += 1;
    else if (tally.spansAtDecision < tally.spans.length) partial += 1;
    lateSpans += tally.lateSpans;
    traces.push({
      traceId,
      outcome: tally.outcome,
      votes: tally.votes,
      matchedPolicies: tally.matched,
      vetoedBy: tally.vetoedBy,
      spanCount: tally.spans.length,
      spansKept: tally.spansKept,
      spansAtDecision: tally.spansAtDecision,
      lateSpans: tally.lateSpans,
      durationMs,
      hasError: trace.hasError,
      isSlow,
      rootName: trace.root?.name,
      rootService: trace.root?.service,
      firstArrivalMs: (tally.firstArrivalUs - originUs) / 1000,
      decidedAtMs: tally.decidedAtUs === undefined ? undefined : (tally.decidedAtUs - originUs) / 1000,
    });
  }
  return {
    traces,
    slowThresholdMs,
    totals: {
      traces: traces.length,
      tracesKept,
      spans: arrivals.length,
      spansKept,
      errorTraces,
      errorTracesKept,
      slowTraces,
      slowTracesKept,
      droppedByBuffer,
      decidedOnPartialTrace: partial,
      lateSpans,
      blockedArrivals,
    },
  };
}

/** Reads a collector `tail_sampling` configuration from YAML, with line-numbered errors. */
export function parseTailSamplingYaml(yaml: string) {
  return readProcessorConfig(yaml, {
    type: 'tail_sampling',
    schema: TailSamplingSchema,
    bodyKeys: ['policies', 'decision_wait', 'num_traces'],
    fieldNames: TAIL_SAMPLING_FIELD_NAMES,
  });
}

export type TailSamplingRun =
  | { readonly ok: true; readonly config: TailSampling; readonly result: TailSamplingResult }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/** YAML in, decisions out: what the sampling lab and the graded question call. */
export function runTailSampling(yaml: string, spans: readonly ReadableSpan[], options: TailSamplingOptions = {}): TailSamplingRun {
  const parsed = parseTailSamplingYaml(yaml);
  if (!parsed.ok) return parsed;
  return { ok: true, config: parsed.config, result: simulateTailSampling(parsed.config, spans, options) };
}
