import type { SpanRecord } from '../trace-model';
import type { Expr, GroupField, ScalarExpr, SpansetOp, StructuralOp, Value } from './ast';
import { compareValues, evalField, numericValue, truthy } from './fields';
import type { IndexedTrace } from './trace-index';

// Evaluation runs one trace at a time, as Tempo does. Each pipeline stage
// takes spansets (a trace starts as one spanset holding all its spans) and
// returns spansets; a trace matches when at least one non-empty spanset is
// left at the end.

export interface GroupValue {
  readonly label: string;
  readonly value: Value;
}

export interface Spanset {
  readonly spans: readonly SpanRecord[];
  /** Values of the by() fields that formed this spanset. */
  readonly groups: readonly GroupValue[];
}

function union(a: readonly SpanRecord[], b: readonly SpanRecord[]): SpanRecord[] {
  const seen = new Set(a);
  const out = [...a];
  for (const record of b) {
    if (!seen.has(record)) {
      seen.add(record);
      out.push(record);
    }
  }
  return out;
}

function flatten(spansets: readonly Spanset[]): SpanRecord[] {
  if (spansets.length === 1 && spansets[0]) return [...spansets[0].spans];
  let out: SpanRecord[] = [];
  for (const spanset of spansets) out = union(out, spanset.spans);
  return out;
}

function parentOf(record: SpanRecord, trace: IndexedTrace): SpanRecord | undefined {
  return record.parentSpanId === null ? undefined : trace.byId.get(record.parentSpanId);
}

/** Ancestors nearest first; stops on a cycle (malformed input never loops). */
function ancestors(record: SpanRecord, trace: IndexedTrace): SpanRecord[] {
  const out: SpanRecord[] = [];
  const seen = new Set<SpanRecord>([record]);
  let current = parentOf(record, trace);
  while (current && !seen.has(current)) {
    out.push(current);
    seen.add(current);
    current = parentOf(current, trace);
  }
  return out;
}

/** Does `b` stand in the relation to `a` (b is a child of a for `>`, and so on)? */
function related(op: StructuralOp, a: SpanRecord, b: SpanRecord, trace: IndexedTrace): boolean {
  switch (op) {
    case '>':
      return b.parentSpanId !== null && b.parentSpanId === a.spanId;
    case '<':
      return a.parentSpanId !== null && a.parentSpanId === b.spanId;
    case '>>':
      return ancestors(b, trace).includes(a);
    case '<<':
      return ancestors(a, trace).includes(b);
    case '~':
      return a !== b && a.parentSpanId !== null && a.parentSpanId === b.parentSpanId;
  }
}

/**
 * Structural operators return right-hand spans related to some left-hand
 * span; `&` forms also return the left-hand spans taking part; `!` forms
 * return right-hand spans with no such relation.
 */
function structural(op: SpansetOp, left: readonly SpanRecord[], right: readonly SpanRecord[], trace: IndexedTrace): SpanRecord[] {
  const base = (op.startsWith('&') || op.startsWith('!') ? op.slice(1) : op) as StructuralOp;
  if (op.startsWith('!')) return right.filter((b) => !left.some((a) => related(base, a, b, trace)));
  const rightHits = right.filter((b) => left.some((a) => related(base, a, b, trace)));
  if (!op.startsWith('&')) return rightHits;
  const leftHits = left.filter((a) => right.some((b) => related(base, a, b, trace)));
  return union(leftHits, rightHits);
}

function aggregate(expr: Extract<ScalarExpr, { kind: 'aggregate' }>, spans: readonly SpanRecord[], trace: IndexedTrace): number {
  if (expr.fn === 'count') return spans.length;
  const values: number[] = [];
  for (const record of spans) {
    const value = expr.field ? numericValue(evalField(expr.field, record, trace)) : undefined;
    if (value !== undefined) values.push(value);
  }
  if (values.length === 0) return Number.NaN;
  switch (expr.fn) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return values.reduce((a, b) => Math.min(a, b));
    case 'max':
      return values.reduce((a, b) => Math.max(a, b));
  }
}

export function evalScalar(expr: ScalarExpr, spans: readonly SpanRecord[], trace: IndexedTrace): number {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'aggregate':
      return aggregate(expr, spans, trace);
    case 'arith': {
      const a = evalScalar(expr.left, spans, trace);
      const b = evalScalar(expr.right, spans, trace);
      switch (expr.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '%': return a % b;
        case '^': return a ** b;
      }
    }
  }
}

function groupKey(values: readonly Value[]): string {
  return JSON.stringify(values);
}

function byStage(fields: readonly GroupField[], input: readonly Spanset[], trace: IndexedTrace): Spanset[] {
  const out: Spanset[] = [];
  for (const spanset of input) {
    const groups = new Map<string, { values: Value[]; spans: SpanRecord[] }>();
    for (const record of spanset.spans) {
      const values = fields.map((group) => evalField(group.field, record, trace));
      const key = groupKey(values);
      const existing = groups.get(key);
      if (existing) existing.spans.push(record);
      else groups.set(key, { values, spans: [record] });
    }
    for (const { values, spans } of groups.values()) {
      out.push({ spans, groups: [...spanset.groups, ...fields.map((group, i) => ({ label: group.label, value: values[i] ?? { type: 'nil' as const } }))] });
    }
  }
  return out;
}

export function evalExpr(expr: Expr, input: readonly Spanset[], trace: IndexedTrace): Spanset[] {
  switch (expr.kind) {
    case 'filter': {
      const condition = expr.condition;
      if (!condition) return input.filter((spanset) => spanset.spans.length > 0);
      const out: Spanset[] = [];
      for (const spanset of input) {
        const spans = spanset.spans.filter((record) => truthy(evalField(condition, record, trace)));
        if (spans.length > 0) out.push({ spans, groups: spanset.groups });
      }
      return out;
    }
    case 'pipe':
      return evalExpr(expr.stage, evalExpr(expr.input, input, trace), trace);
    case 'spansetOp': {
      const out: Spanset[] = [];
      for (const spanset of input) {
        const left = flatten(evalExpr(expr.left, [spanset], trace));
        const right = flatten(evalExpr(expr.right, [spanset], trace));
        let spans: SpanRecord[];
        if (expr.op === '&&') spans = left.length > 0 && right.length > 0 ? union(left, right) : [];
        else if (expr.op === '||') spans = union(left, right);
        else spans = structural(expr.op, left, right, trace);
        if (spans.length > 0) out.push({ spans, groups: spanset.groups });
      }
      return out;
    }
    case 'scalarFilter':
      return input.filter((spanset) => {
        const left = evalScalar(expr.left, spanset.spans, trace);
        const right = evalScalar(expr.right, spanset.spans, trace);
        if (Number.isNaN(left) || Number.isNaN(right)) return false;
        return compareValues(expr.op, { type: 'float', value: left }, { type: 'float', value: right });
      });
    case 'by':
      return byStage(expr.fields, input, trace);
    case 'select':
      return [...input];
    case 'coalesce': {
      const spans = flatten(input);
      return spans.length > 0 ? [{ spans, groups: [] }] : [];
    }
  }
}

/** The spansets a query's spanset part leaves for one trace. */
export function evalTrace(expr: Expr, trace: IndexedTrace): Spanset[] {
  return evalExpr(expr, [{ spans: trace.spans, groups: [] }], trace);
}

export function matchedSpans(spansets: readonly Spanset[]): SpanRecord[] {
  return flatten(spansets);
}
