import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { DatasetSchema, KebabIdSchema, MarkdownSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { gradeTraceQL, runTraceQL, type TraceQLGrade } from '../../sandbox/traceql/index.ts';
import type { TraceIndex } from '../../sandbox/traceql/index.ts';
import { fnv1a64Hex } from '../../shared/fnv.ts';
import { gradingData, describeDataset, type GradingData } from './dataset.ts';
import { defineQuestionType, publicBase, type Feedback, type GradeResult, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';
import { Budget, unevaluatedResult } from './unevaluated.ts';
import { formatCount as count } from '../../shared/format.ts';

/** A wrong query learners are expected to write; recognised by what it matches, whatever its spelling. */
export const TraceQLWrongAnswerSchema = z.strictObject({
  query: z.string().trim().min(1),
  feedback: MarkdownSchema,
  misconception: KebabIdSchema.optional(),
});

export const TraceQLQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('traceql'),
  dataset: DatasetSchema,
  /** A query that finds exactly what the question asks for; any query with the same result is right. */
  reference: z.string().trim().min(1),
  /** spans: the same traces and, in each, the same spans; traces: the same traces. */
  compare: z.enum(['traces', 'spans']).default('spans'),
  /** Text the answer box starts with. */
  starter: z.string().optional(),
  wrongAnswers: z.array(TraceQLWrongAnswerSchema).default([]),
});
export type TraceQLQuestion = z.output<typeof TraceQLQuestionSchema>;

export const TraceQLResponseSchema = z.strictObject({ query: z.string() });
export type TraceQLResponse = z.output<typeof TraceQLResponseSchema>;

// A TraceQL question: the learner's query runs over the question's seeded
// traffic and is right when it finds what the reference query finds (the same
// traces, and with `compare: spans` the same spans in each), however it is
// spelt. A wrong query is told what it found instead, with examples.

// Grading one answer is bounded. A query longer than MAX_QUERY_LENGTH is not
// run at all (a real answer is under 200 characters). Regular expressions are
// RE2 (src/shared/go-regexp.ts), linear in the text, so `(.*)*x` costs what
// `.*x` costs. The cost of a query still grows with its operators and stages
// (150 `| by(name)` stages over 2,000 traces take seconds), and grading runs
// the learner's query more than once (against the reference and against each
// anticipated wrong answer): so all the runs for one answer share a time
// budget, checked between traces. It is a backstop, far above what any real
// answer takes, so the same answer is graded the same on a slow laptop and on
// the instructor's machine. When the engine refuses a query for needing too
// many evaluation steps (its own deterministic limit per run), that too is an
// answer that could not be evaluated.
export const MAX_QUERY_LENGTH = 2_000;
export const EVALUATION_BUDGET_MS = 5_000;
const OVER_WORK_LIMIT = /evaluation steps/;
const EXAMPLES = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ms(us: number): string {
  const value = us / 1000;
  return `${value < 10 ? value.toFixed(1) : String(Math.round(value * 10) / 10)} ms`;
}

function short(id: string): string {
  return id.slice(0, 8);
}

function options(q: TraceQLQuestion) {
  return { compareSpans: q.compare === 'spans' };
}

/** What the reference finds, for the counts in feedback. */
function expected(q: TraceQLQuestion, index: TraceIndex): { traces: number; spans: number } | null {
  const run = runTraceQL(q.reference, index);
  return run.ok && run.kind === 'search' ? { traces: run.traces.length, spans: run.matchedSpans } : null;
}

/** A trace as a learner can recognise it: id, route, how long, whether it failed. */
function describeTrace(data: GradingData, traceId: string): string {
  const trace = data.trace(traceId);
  if (!trace) return short(traceId);
  const root = trace.root ? trace.root.name : 'no root span';
  return `${short(traceId)} (${root}, ${ms(trace.endUs - trace.startUs)}, ${trace.hasError ? 'has an error span' : 'no error'})`;
}

const KIND_NAMES = ['internal', 'server', 'client', 'producer', 'consumer'] as const;

/** Spans by name, service and kind (a gateway's server and client spans share a name), counted. */
function describeSpans(data: GradingData, traceId: string, spanIds: readonly string[]): string {
  const trace = data.trace(traceId);
  const counts = new Map<string, number>();
  for (const id of spanIds) {
    const span = trace?.byId.get(id);
    const label = span ? `\`${span.name}\` (${span.service} ${KIND_NAMES[span.kind] ?? 'span'})` : short(id);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const entries = [...counts];
  const shown = entries.slice(0, EXAMPLES).map(([label, n]) => (n > 1 ? `${n} × ${label}` : label));
  const more = entries.slice(EXAMPLES).reduce((sum, [, n]) => sum + n, 0);
  return `${shown.join(', ')}${more > 0 ? ` and ${plural(more, 'more span')}` : ''}`;
}

function examples(data: GradingData, traceIds: readonly string[]): string {
  const shown = traceIds.slice(0, EXAMPLES).map((id) => describeTrace(data, id));
  return `${traceIds.length > shown.length ? 'for example ' : ''}${shown.join('; ')}`;
}

/** What a wrong (but running) query found, compared with what the question asks for. */
function mismatchFeedback(q: TraceQLQuestion, data: GradingData, g: TraceQLGrade): Feedback[] {
  const want = expected(q, data.index());
  const out: Feedback[] = [];
  if (want) {
    const found = want.traces - g.missingTraces.length + g.extraTraces.length;
    out.push({
      kind: 'message',
      tone: 'wrong',
      text: `Your query finds ${plural(found, 'trace')}; the question asks for ${plural(want.traces, 'trace')}${q.compare === 'spans' ? ` (${plural(want.spans, 'span')} in them)` : ''}.`,
    });
  }
  if (g.missingTraces.length) {
    out.push({
      kind: 'message',
      tone: 'info',
      text: `It misses ${plural(g.missingTraces.length, 'trace')} it should find: ${examples(data, g.missingTraces)}.`,
    });
  }
  if (g.extraTraces.length) {
    out.push({
      kind: 'message',
      tone: 'info',
      text: `It also finds ${plural(g.extraTraces.length, 'trace')} it should not: ${examples(data, g.extraTraces)}.`,
    });
  }
  if (g.spanDifferences.length) {
    const first = g.spanDifferences[0]!;
    const parts: string[] = [];
    if (first.extraSpans.length) parts.push(`it also returns ${describeSpans(data, first.traceId, first.extraSpans)}`);
    if (first.missingSpans.length) parts.push(`it leaves out ${describeSpans(data, first.traceId, first.missingSpans)}`);
    out.push({
      kind: 'message',
      tone: 'info',
      text:
        `In ${plural(g.spanDifferences.length, 'trace')} it finds the right trace but not the right spans: in ${short(first.traceId)} ${parts.join(', and ')}. ` +
        'Conditions inside one `{ }` must hold on the same span, and a structural operator such as `>>` returns the spans on its right.',
    });
  }
  return out;
}

/** One key per distinct result, so the item analysis counts equivalent wrong queries together. */
function resultKey(g: TraceQLGrade): string {
  const diff = {
    missing: [...g.missingTraces].sort(),
    extra: [...g.extraTraces].sort(),
    spans: g.spanDifferences.map((d) => [d.traceId, [...d.missingSpans].sort(), [...d.extraSpans].sort()]).sort(),
  };
  return `result:${fnv1a64Hex(JSON.stringify(diff))}`;
}

function oneLine(query: string): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/**
 * The index with a budget check before each trace. The engine walks
 * `index.traces` with for…of (run.ts for searches, metrics.ts for metrics), so
 * the check runs between traces; when time is up it throws, the engine turns
 * that into an error result, and `budget.exceeded` tells the two apart.
 */
function guardTraces(index: TraceIndex, budget: Budget): TraceIndex {
  const all = index.traces;
  const traces = all.slice();
  Object.defineProperty(traces, Symbol.iterator, {
    value: function* () {
      for (const trace of all) {
        budget.check();
        yield trace;
      }
    },
  });
  return { ...index, traces };
}

function runProblem(field: string, query: string, index: TraceIndex): Problem | null {
  const run = runTraceQL(query, index);
  if (run.ok) return null;
  return {
    field,
    problem: `does not run (line ${run.error.line}, column ${run.error.column}: ${run.error.message})`,
    fix: 'correct the query; it must parse with Grafana’s TraceQL grammar and use what the TraceQL playground on the backends page evaluates',
  };
}

export default defineQuestionType<TraceQLQuestion, TraceQLResponse, z.input<typeof TraceQLQuestionSchema>>({
  type: 'traceql',
  hint: 'write a TraceQL query',
  input: { kind: 'code', field: 'query', label: 'Your TraceQL query', rows: 3 },
  schema: TraceQLQuestionSchema,
  response: TraceQLResponseSchema,
  responseShape: '{ "query": "<TraceQL query>" }',
  check(q) {
    const data = gradingData(q.dataset);
    const index = data.index();
    const opts = options(q);
    const broken = runProblem('reference', q.reference, index);
    if (broken) return [broken];
    const problems: Problem[] = [];
    const reference = runTraceQL(q.reference, index);
    if (reference.ok && reference.kind === 'metrics') {
      problems.push({
        field: 'reference',
        problem: 'is a metrics query; a traceql question compares the traces and spans a search query finds',
        fix: 'write a search query such as `{ status = error }`, without a metrics function',
      });
      return problems;
    }
    if (reference.ok && reference.traces.length === 0) {
      problems.push({
        field: 'reference',
        problem: `finds no trace in the dataset (${describeDataset(q.dataset)}), so any query that finds nothing would be right`,
        fix: 'change the query, or the dataset (more requests, a higher errorRate or slowRate) so that it finds something',
      });
      return problems;
    }
    if (gradeTraceQL('{ }', q.reference, index, opts).correct) {
      problems.push({
        field: 'reference',
        problem: `finds every ${q.compare === 'spans' ? 'span of every trace' : 'trace'} in the dataset, so the empty query \`{ }\` is also right`,
        fix: 'narrow the query so that the question asks for something',
      });
    }
    if (q.starter !== undefined && q.starter.trim() !== '' && gradeTraceQL(q.starter, q.reference, index, opts).correct) {
      problems.push({
        field: 'starter',
        problem: 'is already a right answer',
        fix: 'start the box with a partial or a wrong query, or remove `starter`',
      });
    }
    q.wrongAnswers.forEach((w, i) => {
      const field = `wrongAnswers[${i}].query`;
      const wrongBroken = runProblem(field, w.query, index);
      if (wrongBroken) {
        problems.push(wrongBroken);
        return;
      }
      if (gradeTraceQL(w.query, q.reference, index, opts).correct) {
        problems.push({
          field,
          problem: 'finds the same as the reference, so it is a right answer and this feedback never shows',
          fix: 'remove it or change the query',
        });
        return;
      }
      const earlier = q.wrongAnswers.findIndex((o, j) => j < i && gradeTraceQL(w.query, o.query, index, opts).correct);
      if (earlier >= 0) {
        problems.push({
          field,
          problem: `finds the same as wrongAnswers[${earlier}], so only that entry's feedback ever shows`,
          fix: 'merge the two entries',
        });
      }
    });
    return problems;
  },
  grade(q, r) {
    if (r.query.trim() === '') return malformedResult('the query is empty');
    if (r.query.length > MAX_QUERY_LENGTH) {
      return unevaluatedResult(
        `the query is ${count(r.query.length)} characters long; the grader runs queries of up to ${count(MAX_QUERY_LENGTH)} characters`,
      );
    }
    const data = gradingData(q.dataset);
    // The dataset and its index are built once per process, outside the budget.
    const plain = data.index();
    const budget = new Budget(EVALUATION_BUDGET_MS);
    const index = guardTraces(plain, budget);
    const overBudget = () =>
      unevaluatedResult(
        `running it over the question's ${count(plain.traces.length)} traces took longer than ${EVALUATION_BUDGET_MS / 1000} s, the most one answer may take ` +
          '(long chains of `{ }` filters, structural operators or pipeline stages are slow); write a shorter query',
      );
    const opts = options(q);
    const g = gradeTraceQL(r.query, q.reference, index, opts);
    if (budget.exceeded) return overBudget();
    if (g.error && g.error.kind !== 'syntax' && OVER_WORK_LIMIT.test(g.error.message)) {
      return unevaluatedResult(
        `it needs more evaluation steps over the question's ${count(plain.spanCount)} spans than one query may take ` +
          '(long chains of pipeline stages, `by()` groups or structural operators are costly); write a shorter query',
      );
    }
    if (g.correct) {
      const want = expected(q, plain);
      const what = want
        ? `${plural(want.traces, 'trace')}${q.compare === 'spans' ? ` and, in them, the same ${plural(want.spans, 'span')}` : ''}`
        : 'result';
      return {
        score: 1,
        correct: true,
        feedback: [{ kind: 'message', tone: 'right', text: `Right: your query finds the same ${what} as the expected answer.` }],
        misconceptions: [],
        wrong: [],
      };
    }
    if (g.error) {
      return {
        score: 0,
        correct: false,
        feedback: [{ kind: 'message', tone: 'wrong', text: g.feedback }],
        misconceptions: [],
        wrong: [
          { key: `error:${g.error.kind}`, label: g.error.kind === 'syntax' ? 'a query that does not parse' : 'a query that does not run' },
        ],
      };
    }
    if (!g.missingTraces.length && !g.extraTraces.length && !g.spanDifferences.length) {
      // Not a difference in what was found: a metrics query where a search is asked for.
      return {
        score: 0,
        correct: false,
        feedback: [{ kind: 'message', tone: 'wrong', text: g.feedback }],
        misconceptions: [],
        wrong: [{ key: 'kind:metrics', label: 'a metrics query' }],
      };
    }
    const result: GradeResult = { score: 0, correct: false, feedback: mismatchFeedback(q, data, g), misconceptions: [], wrong: [] };
    const anticipated = q.wrongAnswers.findIndex((w) => gradeTraceQL(r.query, w.query, index, opts).correct);
    if (budget.exceeded) return overBudget();
    if (anticipated >= 0) {
      const w = q.wrongAnswers[anticipated]!;
      result.feedback.unshift({ kind: 'message', tone: 'wrong', text: w.feedback, source: `wrongAnswers.${anticipated}.feedback` });
      if (w.misconception) result.misconceptions.push(w.misconception);
      result.wrong.push({
        key: `anticipated:${anticipated}`,
        label: oneLine(w.query),
        ...(w.misconception ? { misconception: w.misconception } : {}),
      });
    } else {
      result.wrong.push({ key: resultKey(g), label: oneLine(r.query) });
    }
    return result;
  },
  answerKey(q) {
    const what = q.compare === 'spans' ? 'the same traces and, in each, the same spans' : 'the same traces';
    const code =
      q.reference.includes('\n') || q.reference.includes('`') ? `\n\n\`\`\`traceql\n${q.reference}\n\`\`\`` : ` \`${q.reference}\``;
    return `Any query that finds ${what} as${code}`;
  },
  rightResponse(q) {
    return { query: q.reference };
  },
  examQuestion(q) {
    return { ...publicBase(q), dataset: q.dataset, compare: q.compare, ...(q.starter === undefined ? {} : { starter: q.starter }) };
  },
});
