import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { QueryError } from './ast';
import { runTraceQL } from './run';
import type { TraceQLResult } from './run';
import { indexTraces } from './trace-index';
import type { TraceIndex } from './trace-index';

// A `traceql` question is graded by what the learner's query matches on a
// fixed dataset, compared with what the reference query matches: any
// equivalent query is right, whatever its spelling.

export interface TraceQLGrade {
  readonly score: 0 | 1;
  readonly correct: boolean;
  readonly feedback: string;
  /** The learner's query did not run (syntax, unsupported construct, bad regex). */
  readonly error: QueryError | undefined;
  readonly missingTraces: readonly string[];
  readonly extraTraces: readonly string[];
  /** Traces both match, but with different spans. */
  readonly spanDifferences: readonly {
    readonly traceId: string;
    readonly missingSpans: readonly string[];
    readonly extraSpans: readonly string[];
  }[];
}

function grade(partial: Partial<TraceQLGrade> & Pick<TraceQLGrade, 'correct' | 'feedback'>): TraceQLGrade {
  return {
    score: partial.correct ? 1 : 0,
    error: undefined,
    missingTraces: [],
    extraTraces: [],
    spanDifferences: [],
    ...partial,
  };
}

function short(id: string): string {
  return id.slice(0, 8);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sameSeries(a: Extract<TraceQLResult, { kind: 'metrics' }>, b: Extract<TraceQLResult, { kind: 'metrics' }>): boolean {
  const key = (s: (typeof a.series)[number]) => JSON.stringify(s.labels.map((l) => l.value));
  const bySeries = new Map(b.series.map((s) => [key(s), s.values]));
  if (a.fn !== b.fn && !(a.unit === b.unit)) return false;
  if (a.series.length !== b.series.length) return false;
  return a.series.every((s) => {
    const other = bySeries.get(key(s));
    return (
      other !== undefined &&
      other.length === s.values.length &&
      s.values.every((v, i) => {
        const w = other[i];
        return v === w || (v !== null && w !== null && w !== undefined && Math.abs(v - w) <= 1e-9 * Math.max(1, Math.abs(v)));
      })
    );
  });
}

/**
 * Grades a learner's TraceQL query against a reference query on the same
 * spans: right when both match the same traces and, in each, the same spans.
 * `compareSpans: false` grades on traces only (for "find the traces" questions).
 */
export function gradeTraceQL(
  query: string,
  referenceQuery: string,
  spans: readonly ReadableSpan[] | TraceIndex,
  options: { readonly compareSpans?: boolean } = {},
): TraceQLGrade {
  const index = Array.isArray(spans) ? indexTraces(spans) : (spans as TraceIndex);
  const reference = runTraceQL(referenceQuery, index);
  if (!reference.ok) {
    return grade({
      correct: false,
      feedback: `The question's reference query does not run (${reference.error.message}); tell your instructor.`,
    });
  }
  const answer = runTraceQL(query, index);
  if (!answer.ok) {
    const where = `line ${answer.error.line}, column ${answer.error.column}`;
    return grade({ correct: false, error: answer.error, feedback: `Your query does not run (${where}): ${answer.error.message}` });
  }
  if (reference.kind === 'metrics' || answer.kind === 'metrics') {
    if (reference.kind !== answer.kind) {
      const expected =
        reference.kind === 'metrics'
          ? 'a metrics query (ending in a function such as `rate()` or `count_over_time()`)'
          : 'a search query that returns traces';
      return grade({ correct: false, feedback: `This question asks for ${expected}.` });
    }
    if (reference.kind === 'metrics' && answer.kind === 'metrics' && sameSeries(answer, reference)) {
      return grade({
        correct: true,
        feedback: `Right: your query produces the same ${plural(answer.series.length, 'series')} as the reference.`,
      });
    }
    return grade({
      correct: false,
      feedback:
        'Your metrics query runs, but its series differ from the expected ones: check the spanset filter, the function and the `by()` labels.',
    });
  }

  const expected = new Map(reference.traces.map((t) => [t.traceId, t]));
  const got = new Map(answer.traces.map((t) => [t.traceId, t]));
  const missingTraces = [...expected.keys()].filter((id) => !got.has(id));
  const extraTraces = [...got.keys()].filter((id) => !expected.has(id));
  const spanDifferences: { traceId: string; missingSpans: string[]; extraSpans: string[] }[] = [];
  if (options.compareSpans ?? true) {
    for (const [traceId, want] of expected) {
      const have = got.get(traceId);
      if (!have) continue;
      const haveSet = new Set(have.spanIds);
      const wantSet = new Set(want.spanIds);
      const missingSpans = want.spanIds.filter((id) => !haveSet.has(id));
      const extraSpans = have.spanIds.filter((id) => !wantSet.has(id));
      if (missingSpans.length || extraSpans.length) spanDifferences.push({ traceId, missingSpans, extraSpans });
    }
  }
  const correct = missingTraces.length === 0 && extraTraces.length === 0 && spanDifferences.length === 0;
  if (correct) {
    return grade({ correct, feedback: `Right: your query matches the same ${plural(expected.size, 'trace')} and spans as the reference.` });
  }
  const parts: string[] = [];
  if (missingTraces.length) {
    const names = missingTraces.slice(0, 3).map((id) => `${short(id)} (${expected.get(id)?.rootName ?? 'no root span'})`);
    parts.push(`it misses ${plural(missingTraces.length, 'trace')} it should find: ${names.join(', ')}`);
  }
  if (extraTraces.length) {
    const names = extraTraces.slice(0, 3).map((id) => `${short(id)} (${got.get(id)?.rootName ?? 'no root span'})`);
    parts.push(`it also matches ${plural(extraTraces.length, 'trace')} it should not: ${names.join(', ')}`);
  }
  if (spanDifferences.length) {
    parts.push(
      `in ${plural(spanDifferences.length, 'trace')} it finds the right trace but highlights different spans (conditions inside one \`{ }\` must hold on the same span; structural operators return the right-hand side)`,
    );
  }
  return grade({ correct, feedback: `Not yet: ${parts.join('; ')}.`, missingTraces, extraTraces, spanDifferences });
}
