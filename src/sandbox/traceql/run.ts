import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { QueryError } from './ast';
import { evalTrace, matchedSpans } from './evaluate';
import { displayValue, evalField } from './fields';
import { evaluateMetrics } from './metrics';
import type { MetricsResult } from './metrics';
import { parseTraceQL } from './parse';
import { indexTraces } from './trace-index';
import type { TraceIndex } from './trace-index';

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
  readonly spansets: readonly { readonly spanIds: readonly string[]; readonly groups: readonly { readonly label: string; readonly value: Display }[] }[];
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
  try {
    const index = isIndex(input) ? input : indexTraces(input);
    if (parsed.query.kind === 'metrics') {
      return { ok: true, kind: 'metrics', warnings: parsed.warnings, ...evaluateMetrics(parsed.query, index, options.stepMs) };
    }
    const { expr, selects } = parsed.query;
    const traces: TraceQLMatch[] = [];
    let spanTotal = 0;
    for (const trace of index.traces) {
      const spansets = evalTrace(expr, trace);
      if (spansets.length === 0) continue;
      const spans = matchedSpans(spansets).sort((a, b) => a.startUs - b.startUs);
      if (spans.length === 0) continue;
      spanTotal += spans.length;
      const selected: Record<string, Record<string, Display>> = {};
      if (selects.length > 0) {
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
    return { ok: true, kind: 'search', traces, matchedSpans: spanTotal, tracesSearched: index.traces.length, warnings: parsed.warnings };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { kind: 'invalid', from: 0, to: query.length, line: 1, column: 1, message: `Internal error while running the query: ${detail}` } };
  }
}
