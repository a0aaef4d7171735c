import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { TailSamplingPolicy, TailSamplingSubPolicy } from '../../schemas/tail-sampling';
import { compileGoRegExp } from '../../shared/go-regexp';
import { probabilisticSampler } from './probabilistic';
import type { SpanRecord } from '../trace-model';

// One evaluator per policy type, following the contrib processor's
// internal/sampling package: status_code and the attribute policies look at
// every span (attribute policies at resources too), latency at the whole
// trace, probabilistic at the trace id only.

/**
 * A policy's vote. The `inverted-*` votes come from `invert_match`; the
 * processor still honours them (deprecated): an inverted "not sampled"
 * vetoes the trace like a drop does, and an inverted "sampled" only counts
 * when no policy voted a plain "not sampled".
 */
export type PolicyDecision = 'sampled' | 'not-sampled' | 'inverted-sampled' | 'inverted-not-sampled' | 'dropped';

/** What a policy sees: the spans of one trace received so far. */
export interface TraceView {
  readonly traceId: string;
  readonly spans: readonly SpanRecord[];
}

export type PolicyEvaluator = (trace: TraceView) => PolicyDecision;

/** The resource attributes of each distinct resource in the trace (the processor checks resources before spans). */
function resourcesOf(spans: readonly SpanRecord[]): Attributes[] {
  return [...new Set(spans.map((record) => record.resource))];
}

/**
 * The processor's hasResourceOrSpanWithCondition and its inverted twin:
 * without invert, sample when any resource or span matches; with invert,
 * "inverted not sampled" as soon as one matches, else "inverted sampled".
 */
function attributePolicy(
  invert: boolean,
  resourceMatches: (attrs: Attributes) => boolean,
  spanMatches: (attrs: Attributes) => boolean,
): PolicyEvaluator {
  return ({ spans }) => {
    const anyMatch = resourcesOf(spans).some(resourceMatches) || spans.some((record) => spanMatches(record.attributes));
    if (invert) return anyMatch ? 'inverted-not-sampled' : 'inverted-sampled';
    return anyMatch ? 'sampled' : 'not-sampled';
  };
}

function stringMatcher(values: readonly string[], regex: boolean): (value: string) => boolean {
  if (regex) {
    // Unanchored search, as Go's MatchString does.
    const patterns = values.map((value) => {
      const compiled = compileGoRegExp(value);
      return compiled.ok ? compiled.regexp : { test: () => false };
    });
    return (value) => patterns.some((pattern) => pattern.test(value));
  }
  const exact = new Set(values.filter((value) => value !== ''));
  return (value) => exact.has(value);
}

/** pdata's Value.Str(): the text of a string attribute, "" for any other type. */
function asStr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** pdata's Value.Int(): whole numbers are ints; any other type reads as 0. */
function asInt(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

const STATUS_CODES: Readonly<Record<'OK' | 'ERROR' | 'UNSET', SpanStatusCode>> = {
  OK: SpanStatusCode.OK,
  ERROR: SpanStatusCode.ERROR,
  UNSET: SpanStatusCode.UNSET,
};

function traceDurationMs(spans: readonly SpanRecord[]): number {
  if (spans.length === 0) return 0;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const record of spans) {
    if (record.startUs < start) start = record.startUs;
    if (record.endUs > end) end = record.endUs;
  }
  // time.Duration.Milliseconds() truncates.
  return Math.trunc((end - start) / 1000);
}

function compileBasic(policy: TailSamplingSubPolicy): PolicyEvaluator {
  switch (policy.type) {
    case 'always_sample':
      return () => 'sampled';
    case 'latency': {
      const { threshold_ms: lower, upper_threshold_ms: upper } = policy.latency;
      return ({ spans }) => {
        const duration = traceDurationMs(spans);
        // With an upper bound the lower bound is exclusive, as in the processor.
        const keep = upper === undefined || upper === 0 ? duration >= lower : duration > lower && duration <= upper;
        return keep ? 'sampled' : 'not-sampled';
      };
    }
    case 'status_code': {
      const wanted = new Set(policy.status_code.status_codes.map((code) => STATUS_CODES[code]));
      return ({ spans }) => (spans.some((record) => wanted.has(record.status.code)) ? 'sampled' : 'not-sampled');
    }
    case 'string_attribute': {
      const cfg = policy.string_attribute;
      const matches = stringMatcher(cfg.values, cfg.enabled_regex_matching ?? false);
      const key = cfg.key;
      return attributePolicy(
        cfg.invert_match ?? false,
        (attrs) => key in attrs && matches(asStr(attrs[key])),
        (attrs) => {
          const text = asStr(attrs[key]);
          return text !== '' && matches(text);
        },
      );
    }
    case 'numeric_attribute': {
      const cfg = policy.numeric_attribute;
      const min = cfg.min_value ?? Number.NEGATIVE_INFINITY;
      const max = cfg.max_value ?? Number.POSITIVE_INFINITY;
      const key = cfg.key;
      const inRange = (attrs: Attributes) => {
        if (!(key in attrs)) return false;
        const value = asInt(attrs[key]);
        return value >= min && value <= max;
      };
      return attributePolicy(cfg.invert_match ?? false, inRange, inRange);
    }
    case 'probabilistic': {
      const sample = probabilisticSampler(policy.probabilistic.sampling_percentage, policy.probabilistic.hash_salt ?? '');
      return ({ traceId }) => (sample(traceId) ? 'sampled' : 'not-sampled');
    }
  }
}

export function compilePolicy(policy: TailSamplingPolicy): PolicyEvaluator {
  if (policy.type === 'and') {
    const subs = policy.and.and_sub_policy.map(compileBasic);
    return (trace) => {
      for (const sub of subs) {
        const decision = sub(trace);
        if (decision === 'not-sampled' || decision === 'inverted-not-sampled') return 'not-sampled';
      }
      return 'sampled';
    };
  }
  if (policy.type === 'drop') {
    const subs = policy.drop.drop_sub_policy.map(compileBasic);
    return (trace) => {
      for (const sub of subs) {
        const decision = sub(trace);
        if (decision === 'not-sampled' || decision === 'inverted-not-sampled') return 'not-sampled';
      }
      return 'dropped';
    };
  }
  return compileBasic(policy);
}

export interface FinalDecision {
  readonly decision: 'sampled' | 'not-sampled';
  /** Policies that voted to keep the trace. */
  readonly matched: readonly string[];
  /** The drop policy, or invert_match policy, that overrode every vote to keep. */
  readonly vetoedBy: string | undefined;
}

/** The processor's makeDecision: drop wins, then an inverted "not sampled", then any "sampled". */
export function combineDecisions(votes: readonly { readonly name: string; readonly decision: PolicyDecision }[]): FinalDecision {
  const first = (decision: PolicyDecision) => votes.find((vote) => vote.decision === decision)?.name;
  const matched = votes.filter((vote) => vote.decision === 'sampled' || vote.decision === 'inverted-sampled').map((vote) => vote.name);
  const dropped = first('dropped');
  if (dropped !== undefined) return { decision: 'not-sampled', matched, vetoedBy: dropped };
  const inverted = first('inverted-not-sampled');
  if (inverted !== undefined) return { decision: 'not-sampled', matched, vetoedBy: inverted };
  if (first('sampled') !== undefined) return { decision: 'sampled', matched, vetoedBy: undefined };
  if (first('inverted-sampled') !== undefined && first('not-sampled') === undefined) {
    return { decision: 'sampled', matched, vetoedBy: undefined };
  }
  return { decision: 'not-sampled', matched, vetoedBy: undefined };
}
