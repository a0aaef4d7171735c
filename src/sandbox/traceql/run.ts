import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Query, QueryError } from './ast';
import { spend, WORK_LIMIT, withWorkLimit, WorkLimitExceeded } from './budget';
import { evalTrace, matchedSpans } from './evaluate';
import { displayValue, evalField } from './fields';
import { evaluateMetrics } from './metrics';
import { MetricsSeriesLimit } from './metrics';
import type { MetricsResult } from './metrics';
import { parseTraceQL } from './parse';
import { indexTraces } from './trace-index';
import type { TraceIndex } from './trace-index';
import { formatCount } from '../../shared/format';

type Display = string | number | boolean | null;

export interface TraceQLMatch {
  readonly traceId: string;
  readonly rootName: string | undefined;
  readonly rootServiceName: string | undefined;
  /** Trace start in ms since the Unix epoch, and its whole duration. */
  readonly startMs: number;
  readonly durationMs: number;
  /** Every matched span, in start order: highlight these in the waterfall. */
  readonly spanIds: readonly string[];
  /** The spansets left at the end, with their by() group values. */
  readonly spansets: readonly {
    readonly spanIds: readonly string[];
    readonly groups: readonly { readonly label: string; readonly value: Display }[];
  }[];
  /** select() columns per matched span id. */
  readonly selected: Readonly<Record<string, Readonly<Record<string, Display>>>>;
}

export type TraceQLResult =
  | {
      readonly ok: true;
      readonly kind: 'search';
      readonly traces: readonly TraceQLMatch[];
      readonly matchedSpans: number;
      readonly tracesSearched: number;
      readonly warnings: readonly string[];
    }
  | ({ readonly ok: true; readonly kind: 'metrics'; readonly warnings: readonly string[] } & MetricsResult)
  | { readonly ok: false; readonly error: QueryError };

export interface TraceQLOptions {
  /** Step of metrics queries in ms; chosen from the data's time range when absent. */
  readonly stepMs?: number;
  /** Evaluation steps one query may take (default WORK_LIMIT); past it the query stops with a message. */
  readonly workLimit?: number;
}

function isIndex(input: readonly ReadableSpan[] | TraceIndex): input is TraceIndex {
  return !Array.isArray(input);
}

/**
 * Runs a TraceQL query over spans (or a prepared index of them). Never
 * throws: syntax errors, constructs outside the subset and bad regular
 * expressions come back as `{ ok: false, error }` with a position.
 */
export function runTraceQL(query: string, input: readonly ReadableSpan[] | TraceIndex, options: TraceQLOptions = {}): TraceQLResult {
  const parsed = parseTraceQL(query);
  if (!parsed.ok) return parsed;
  let index: TraceIndex | undefined;
  try {
    index = isIndex(input) ? input : indexTraces(input);
    const ready = index;
    return withWorkLimit(options.workLimit ?? WORK_LIMIT, () => evaluate(parsed.query, parsed.warnings, ready, options));
  } catch (error) {
    const whole = { from: 0, to: query.length, line: 1, column: 1 };
    if (error instanceof WorkLimitExceeded) {
      const spans = index?.spanCount ?? 0;
      return {
        ok: false,
        error: {
          kind: 'invalid',
          ...whole,
          message:
            `This query needs more than ${formatCount(error.limit)} evaluation steps over the ${formatCount(spans)} spans here, ` +
            'the most the playground does for one query, so it was stopped before it could freeze the page. ' +
            'Make it cheaper: fewer conditions or pipeline stages, fewer `by()` groups, or a first spanset that keeps fewer spans.',
        },
      };
    }
    if (error instanceof MetricsSeriesLimit) return { ok: false, error: { kind: 'invalid', ...whole, message: error.message } };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind: 'invalid', ...whole, message: `Internal error while running the query: ${detail}` } };
  }
}

function evaluate(query: Query, warnings: readonly string[], index: TraceIndex, options: TraceQLOptions): TraceQLResult {
  if (query.kind === 'metrics') {
    return { ok: true, kind: 'metrics', warnings, ...evaluateMetrics(query, index, options.stepMs) };
  }
  const { expr, selects } = query;
  const traces: TraceQLMatch[] = [];
  let spanTotal = 0;
  for (const trace of index.traces) {
    const spansets = evalTrace(expr, trace);
    if (spansets.length === 0) continue;
    const spans = matchedSpans(spansets).sort((a, b) => a.startUs - b.startUs);
    if (spans.length === 0) continue;
    spanTotal += spans.length;
    for (const spanset of spansets) spend(spanset.spans.length + spanset.groups.length);
    const selected: Record<string, Record<string, Display>> = {};
    if (selects.length > 0) {
      // A column costs a field read and a value built for display.
      spend(spans.length * selects.length);
      for (const record of spans) {
        selected[record.spanId] = Object.fromEntries(selects.map((s) => [s.label, displayValue(evalField(s.field, record, trace))]));
      }
    }
    traces.push({
      traceId: trace.traceId,
      rootName: trace.root?.name,
      rootServiceName: trace.root?.service,
      startMs: trace.startUs / 1000,
      durationMs: (trace.endUs - trace.startUs) / 1000,
      spanIds: spans.map((record) => record.spanId),
      spansets: spansets.map((spanset) => ({
        spanIds: spanset.spans.map((record) => record.spanId),
        groups: spanset.groups.map((group) => ({ label: group.label, value: displayValue(group.value) })),
      })),
      selected,
    });
  }
  return { ok: true, kind: 'search', traces, matchedSpans: spanTotal, tracesSearched: index.traces.length, warnings };
}
