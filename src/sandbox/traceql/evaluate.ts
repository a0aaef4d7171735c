import type { SpanRecord } from '../trace-model';
import type { Expr, GroupField, ScalarExpr, SpansetOp, StructuralOp, Value } from './ast';
import { spend } from './budget';
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
  spend(a.length + b.length);
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
  if (spansets.length === 1 && spansets[0]) {
    spend(spansets[0].spans.length);
    return [...spansets[0].spans];
  }
  let out: SpanRecord[] = [];
  for (const spanset of spansets) out = union(out, spanset.spans);
  return out;
}

function parentOf(record: SpanRecord, trace: IndexedTrace): SpanRecord | undefined {
  return record.parentSpanId === null ? undefined : trace.byId.get(record.parentSpanId);
}

/**
 * Calls `visit` on each ancestor, nearest first, until it returns true.
 * Malformed input never loops: no chain of parents is longer than the
 * trace, so a cycle stops after that many steps (and at the span itself).
 */
function someAncestor(record: SpanRecord, trace: IndexedTrace, visit: (ancestor: SpanRecord) => boolean): boolean {
  let current = parentOf(record, trace);
  for (let steps = 0; current && current !== record && steps < trace.spans.length; steps += 1) {
    spend(1);
    if (visit(current)) return true;
    current = parentOf(current, trace);
  }
  return false;
}

/** Every ancestor of any of `records`: each span is climbed from once, so the cost stays linear. */
function ancestorsOfAny(records: readonly SpanRecord[], trace: IndexedTrace): Set<SpanRecord> {
  const out = new Set<SpanRecord>();
  for (const record of records) {
    someAncestor(record, trace, (ancestor) => {
      if (out.has(ancestor)) return true;
      out.add(ancestor);
      return false;
    });
  }
  return out;
}

function countBy<K>(records: readonly SpanRecord[], key: (record: SpanRecord) => K | null): Map<K, number> {
  const out = new Map<K, number>();
  for (const record of records) {
    const k = key(record);
    if (k !== null) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/**
 * For `left OP right`: which right-hand spans stand in the relation to some
 * left-hand span (b is a child of some a for `>`, and so on), and which
 * left-hand spans take part. Linear in the spans (the tree depth for `>>`
 * and `<<`), never a loop over pairs.
 */
function relation(
  op: StructuralOp,
  left: readonly SpanRecord[],
  right: readonly SpanRecord[],
  trace: IndexedTrace,
): {
  rightHit: (b: SpanRecord) => boolean;
  leftHit: (a: SpanRecord) => boolean;
} {
  spend(left.length + right.length);
  switch (op) {
    case '>': {
      const leftIds = new Set(left.map((a) => a.spanId));
      const rightParents = new Set(right.map((b) => b.parentSpanId));
      return {
        rightHit: (b) => b.parentSpanId !== null && leftIds.has(b.parentSpanId),
        leftHit: (a) => rightParents.has(a.spanId),
      };
    }
    case '<': {
      const leftParents = new Set(left.map((a) => a.parentSpanId));
      const rightIds = new Set(right.map((b) => b.spanId));
      return {
        rightHit: (b) => leftParents.has(b.spanId),
        leftHit: (a) => a.parentSpanId !== null && rightIds.has(a.parentSpanId),
      };
    }
    case '>>': {
      const leftSet = new Set(left);
      const aboveRight = ancestorsOfAny(right, trace);
      return {
        rightHit: (b) => someAncestor(b, trace, (ancestor) => leftSet.has(ancestor)),
        leftHit: (a) => aboveRight.has(a),
      };
    }
    case '<<': {
      const rightSet = new Set(right);
      const aboveLeft = ancestorsOfAny(left, trace);
      return {
        rightHit: (b) => aboveLeft.has(b),
        leftHit: (a) => someAncestor(a, trace, (ancestor) => rightSet.has(ancestor)),
      };
    }
    case '~': {
      // Siblings: same parent, not the same span.
      const leftSet = new Set(left);
      const rightSet = new Set(right);
      const leftByParent = countBy(left, (a) => a.parentSpanId);
      const rightByParent = countBy(right, (b) => b.parentSpanId);
      const others = (record: SpanRecord, counts: Map<string, number>, own: Set<SpanRecord>) =>
        record.parentSpanId !== null && (counts.get(record.parentSpanId) ?? 0) - (own.has(record) ? 1 : 0) > 0;
      return {
        rightHit: (b) => others(b, leftByParent, leftSet),
        leftHit: (a) => others(a, rightByParent, rightSet),
      };
    }
  }
}

/**
 * Structural operators return right-hand spans related to some left-hand
 * span; `&` forms also return the left-hand spans taking part; `!` forms
 * return right-hand spans with no such relation.
 */
function structural(op: SpansetOp, left: readonly SpanRecord[], right: readonly SpanRecord[], trace: IndexedTrace): SpanRecord[] {
  const base = (op.startsWith('&') || op.startsWith('!') ? op.slice(1) : op) as StructuralOp;
  const { rightHit, leftHit } = relation(base, left, right, trace);
  if (op.startsWith('!')) return right.filter((b) => !rightHit(b));
  const rightHits = right.filter(rightHit);
  if (!op.startsWith('&')) return rightHits;
  const leftHits = left.filter(leftHit);
  return union(leftHits, rightHits);
}

function aggregate(expr: Extract<ScalarExpr, { kind: 'aggregate' }>, spans: readonly SpanRecord[], trace: IndexedTrace): number {
  spend(1);
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
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '%':
          return a % b;
        case '^':
          return a ** b;
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
    spend(spanset.spans.length * fields.length);
    for (const record of spanset.spans) {
      const values = fields.map((group) => evalField(group.field, record, trace));
      const key = groupKey(values);
      const existing = groups.get(key);
      if (existing) existing.spans.push(record);
      else groups.set(key, { values, spans: [record] });
    }
    for (const { values, spans } of groups.values()) {
      // Each new spanset carries the groups so far: count copying them, or a chain of by() grows without bound.
      spend(1 + spanset.groups.length + fields.length);
      out.push({
        spans,
        groups: [...spanset.groups, ...fields.map((group, i) => ({ label: group.label, value: values[i] ?? { type: 'nil' as const } }))],
      });
    }
  }
  return out;
}

export function evalExpr(expr: Expr, input: readonly Spanset[], trace: IndexedTrace): Spanset[] {
  switch (expr.kind) {
    case 'filter': {
      const condition = expr.condition;
      spend(input.length);
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
