import { ROOT_CONTEXT, SpanKind, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, Sampler } from '@opentelemetry/sdk-trace-base';
import type { TailSampling } from '../schemas/tail-sampling';
import { SpanCollector } from './collector';
import { SeededIdGenerator } from './seeded-ids';
import { probabilisticSampler } from './tail-sampling/probabilistic';
import { parseTailSamplingYaml, simulateTailSampling, DEFAULT_SLOW_THRESHOLD_MS } from './tail-sampling/simulate';
import type { ConfigError } from './tail-sampling/collector-yaml';
import { groupTraces, traceDurationUs } from './tail-sampling/trace-data';
import { DETERMINISTIC_START_MS } from './time';
import { computeVolume } from './volume';
import type { VolumeResult } from './volume';

// Head sampling decides when a trace starts, with the SDK's own samplers.
// Parent-based sampling lets the root decide and every later service follow
// the sampled flag in `traceparent`, so a trace is kept or dropped whole.
// Independent per-service ratios decide again in each service and leave
// traces with holes. A span that is not sampled never reaches a processor;
// it is counted here with isRecording().

/** The call chain the demonstration runs, caller before callee. */
export const HEAD_SAMPLING_CHAIN = [
  { service: 'api-gateway', span: 'GET /checkout/{cart_id}', calls: ['checkout-api'] },
  { service: 'checkout-api', span: 'GET /checkout', calls: ['auth-service', 'inventory-api', 'payment-api'] },
  { service: 'auth-service', span: 'GET /auth/verify', calls: [] },
  { service: 'inventory-api', span: 'POST /inventory/reserve', calls: [] },
  { service: 'payment-api', span: 'POST /payments', calls: [] },
] as const;

export type ChainService = (typeof HEAD_SAMPLING_CHAIN)[number]['service'];

export type HeadSamplerSetting = number | 'always_on' | 'always_off';

export interface HeadSamplingOptions {
  /**
   * parent-based: each service runs ParentBasedSampler with a ratio sampler
   * for roots (only api-gateway starts traces, so its ratio decides).
   * independent: each service runs its own TraceIdRatioBasedSampler and
   * ignores the caller's decision.
   */
  readonly mode: 'parent-based' | 'independent';
  /** The ratio every service uses unless `serviceRatios` says otherwise. */
  readonly ratio: HeadSamplerSetting;
  readonly serviceRatios?: Partial<Record<ChainService, HeadSamplerSetting>>;
  readonly requests: number;
  readonly seed?: number;
}

export interface HeadSampledTrace {
  readonly traceId: string;
  readonly services: readonly { readonly service: ChainService; readonly recorded: boolean }[];
  readonly recordedSpans: number;
  /** Spans started but not recorded (isRecording() was false). */
  readonly unsampledSpans: number;
  /** Recorded spans whose parent span was not recorded: they hang loose in a backend. */
  readonly orphanSpans: number;
  readonly shape: 'complete' | 'dropped' | 'broken';
  /** The traceparent header sent on each edge: its last field is the sampled flag (01 or 00). */
  readonly edges: readonly { readonly from: ChainService; readonly to: ChainService; readonly traceparent: string }[];
}

export interface HeadSamplingRun {
  readonly mode: HeadSamplingOptions['mode'];
  readonly traces: readonly HeadSampledTrace[];
  readonly totals: {
    readonly traces: number;
    readonly complete: number;
    readonly dropped: number;
    readonly broken: number;
    readonly recordedSpans: number;
    readonly unsampledSpans: number;
    readonly orphanSpans: number;
  };
  /** The recorded spans, as a backend would receive them. */
  readonly spans: readonly ReadableSpan[];
}

function samplerFor(setting: HeadSamplerSetting): Sampler {
  if (setting === 'always_on') return new AlwaysOnSampler();
  if (setting === 'always_off') return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(setting);
}

const HOP_MS = 2;
const WORK_MS = 6;

export function simulateHeadSampling(options: HeadSamplingOptions): HeadSamplingRun {
  const collector = new SpanCollector();
  const idGenerator = new SeededIdGenerator(options.seed ?? 1);
  const propagator = new W3CTraceContextPropagator();
  const tracers = new Map<ChainService, Tracer>();
  for (const step of HEAD_SAMPLING_CHAIN) {
    const setting = options.serviceRatios?.[step.service] ?? options.ratio;
    const own = samplerFor(setting);
    const sampler = options.mode === 'parent-based' ? new ParentBasedSampler({ root: own }) : own;
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': step.service, 'service.version': '1.0.0', 'deployment.environment': 'sandbox' }),
      sampler,
      idGenerator,
      spanProcessors: [collector],
    });
    tracers.set(step.service, provider.getTracer('head-sampling-demo'));
  }

  const traces: HeadSampledTrace[] = [];
  for (let request = 0; request < options.requests; request += 1) {
    const started: { service: ChainService; span: Span; recording: boolean; parentId: string | undefined }[] = [];
    const edges: { from: ChainService; to: ChainService; traceparent: string }[] = [];

    // Each service extracts the caller's context from headers and injects its own for the next hop.
    const serve = (service: ChainService, headers: Record<string, string>, startMs: number, parentId: string | undefined): number => {
      const step = HEAD_SAMPLING_CHAIN.find((s) => s.service === service);
      const tracer = tracers.get(service);
      if (!step || !tracer) return startMs;
      const context = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
      const span = tracer.startSpan(step.span, { kind: SpanKind.SERVER, startTime: startMs }, context);
      // Asked right away: an ended span no longer records, sampled or not.
      started.push({ service, span, recording: span.isRecording(), parentId });
      let now = startMs + WORK_MS;
      for (const callee of step.calls) {
        const outgoing: Record<string, string> = {};
        propagator.inject(trace.setSpan(ROOT_CONTEXT, span), outgoing, defaultTextMapSetter);
        edges.push({ from: service, to: callee, traceparent: outgoing['traceparent'] ?? '' });
        now = serve(callee, outgoing, now + HOP_MS, span.spanContext().spanId) + HOP_MS;
      }
      span.end(now);
      return now;
    };
    serve('api-gateway', {}, DETERMINISTIC_START_MS + request * 100, undefined);

    const recorded = started.filter((s) => s.recording);
    const recordedIds = new Set(recorded.map((s) => s.span.spanContext().spanId));
    const orphanSpans = recorded.filter((s) => s.parentId !== undefined && !recordedIds.has(s.parentId)).length;
    const shape = recorded.length === started.length ? 'complete' : recorded.length === 0 ? 'dropped' : 'broken';
    traces.push({
      traceId: started[0]?.span.spanContext().traceId ?? '',
      services: started.map((s) => ({ service: s.service, recorded: s.recording })),
      recordedSpans: recorded.length,
      unsampledSpans: started.length - recorded.length,
      orphanSpans,
      shape,
      edges,
    });
  }
  const count = (shape: HeadSampledTrace['shape']) => traces.filter((t) => t.shape === shape).length;
  return {
    mode: options.mode,
    traces,
    totals: {
      traces: traces.length,
      complete: count('complete'),
      dropped: count('dropped'),
      broken: count('broken'),
      recordedSpans: traces.reduce((n, t) => n + t.recordedSpans, 0),
      unsampledSpans: traces.reduce((n, t) => n + t.unsampledSpans, 0),
      orphanSpans: traces.reduce((n, t) => n + t.orphanSpans, 0),
    },
    spans: collector.spans,
  };
}

/** The SDK's TraceIdRatioBasedSampler as a decision per trace id (what a parent-based root decides). */
export function sdkRatioSampler(ratio: number): (traceId: string) => boolean {
  const sampler = new TraceIdRatioBasedSampler(ratio);
  return (traceId) => sampler.shouldSample(ROOT_CONTEXT, traceId).decision === SamplingDecision.RECORD_AND_SAMPLED;
}

/**
 * The same percentage in the SDK (head) and in the collector's probabilistic
 * policy (tail) keeps different traces: the hashes differ.
 */
export function compareRatioSchemes(traceIds: readonly string[], percentage: number, hashSalt = '') {
  const collectorKeeps = probabilisticSampler(percentage, hashSalt);
  const sdkKeeps = sdkRatioSampler(percentage / 100);
  let bySdk = 0;
  let byCollector = 0;
  let byBoth = 0;
  for (const traceId of traceIds) {
    const a = sdkKeeps(traceId);
    const b = collectorKeeps(traceId);
    if (a) bySdk += 1;
    if (b) byCollector += 1;
    if (a && b) byBoth += 1;
  }
  return { traces: traceIds.length, keptBySdk: bySdk, keptByCollector: byCollector, keptByBoth: byBoth };
}

// ---- Strategies side by side ------------------------------------------------

export type Strategy =
  | { readonly kind: 'keep-all'; readonly name: string }
  /** Parent-based head sampling: the root's ratio decision keeps or drops each trace whole. */
  | { readonly kind: 'head'; readonly name: string; readonly ratio: number }
  /** A collector tail_sampling configuration (YAML or already parsed). */
  | { readonly kind: 'tail'; readonly name: string; readonly policy: string | TailSampling }
  /** Head ratio in the SDK first, then the tail policy over what survived. */
  | { readonly kind: 'hybrid'; readonly name: string; readonly headRatio: number; readonly policy: string | TailSampling };

export interface StrategyOutcome {
  readonly name: string;
  readonly kind: Strategy['kind'];
  readonly traces: number;
  readonly tracesKept: number;
  readonly spans: number;
  readonly spansKept: number;
  readonly errorTraces: number;
  readonly errorTracesKept: number;
  readonly slowTraces: number;
  readonly slowTracesKept: number;
  /** Share of spans kept, 0..1. */
  readonly keptShare: number;
  /** Storage per day at the learner's traffic, when volume numbers are given. */
  readonly volume: VolumeResult | undefined;
  /** Set when the strategy's YAML does not parse; the counts are then zero. */
  readonly errors: readonly ConfigError[] | undefined;
}

export interface CompareOptions {
  readonly slowThresholdMs?: number;
  /** The learner's production numbers; spans per request defaults to the dataset's average. */
  readonly volume?: {
    readonly requestsPerSecond: number;
    readonly bytesPerSpan: number;
    readonly retentionDays: number;
    readonly spansPerRequest?: number;
  };
}

function resolvePolicy(policy: string | TailSampling): { ok: true; config: TailSampling } | { ok: false; errors: readonly ConfigError[] } {
  return typeof policy === 'string' ? parseTailSamplingYaml(policy) : { ok: true, config: policy };
}

/** Runs each strategy over the same spans and counts what survives. */
export function compareStrategies(
  spans: readonly ReadableSpan[],
  strategies: readonly Strategy[],
  options: CompareOptions = {},
): StrategyOutcome[] {
  const slowMs = options.slowThresholdMs ?? DEFAULT_SLOW_THRESHOLD_MS;
  const traces = groupTraces(spans);
  const facts = traces.map((t) => ({
    traceId: t.traceId,
    spans: t.spans.length,
    error: t.hasError,
    slow: traceDurationUs(t) / 1000 >= slowMs,
  }));
  const totalSpans = spans.length;
  const spansPerRequest = options.volume?.spansPerRequest ?? (traces.length ? totalSpans / traces.length : 0);

  const outcome = (strategy: Strategy, keptSpans: ReadonlyMap<string, number>, errors?: readonly ConfigError[]): StrategyOutcome => {
    let tracesKept = 0;
    let spansKept = 0;
    let errorTracesKept = 0;
    let slowTracesKept = 0;
    for (const f of facts) {
      const kept = keptSpans.get(f.traceId) ?? 0;
      if (kept === 0) continue;
      tracesKept += 1;
      spansKept += kept;
      if (f.error) errorTracesKept += 1;
      if (f.slow) slowTracesKept += 1;
    }
    const keptShare = totalSpans ? spansKept / totalSpans : 0;
    const volume = options.volume
      ? computeVolume({
          requestsPerSecond: options.volume.requestsPerSecond,
          spansPerRequest,
          bytesPerSpan: options.volume.bytesPerSpan,
          samplingShare: keptShare,
          retentionDays: options.volume.retentionDays,
        })
      : undefined;
    return {
      name: strategy.name,
      kind: strategy.kind,
      traces: facts.length,
      tracesKept,
      spans: totalSpans,
      spansKept,
      errorTraces: facts.filter((f) => f.error).length,
      errorTracesKept,
      slowTraces: facts.filter((f) => f.slow).length,
      slowTracesKept,
      keptShare,
      volume,
      errors,
    };
  };

  return strategies.map((strategy) => {
    const kept = new Map<string, number>();
    if (strategy.kind === 'keep-all' || strategy.kind === 'head') {
      const keeps = strategy.kind === 'head' ? sdkRatioSampler(strategy.ratio) : () => true;
      for (const t of traces) if (keeps(t.traceId)) kept.set(t.traceId, t.spans.length);
      return outcome(strategy, kept);
    }
    const resolved = resolvePolicy(strategy.policy);
    if (!resolved.ok) return outcome(strategy, kept, resolved.errors);
    let input = spans;
    if (strategy.kind === 'hybrid') {
      const headKeeps = sdkRatioSampler(strategy.headRatio);
      const keptIds = new Set(traces.filter((t) => headKeeps(t.traceId)).map((t) => t.traceId));
      input = spans.filter((span) => keptIds.has(span.spanContext().traceId));
    }
    const result = simulateTailSampling(resolved.config, input, { slowThresholdMs: slowMs });
    for (const t of result.traces) if (t.spansKept > 0) kept.set(t.traceId, t.spansKept);
    return outcome(strategy, kept);
  });
}
