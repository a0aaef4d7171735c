import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { AttributeValue } from '@opentelemetry/api';
import type { SpanRecord } from '../trace-model';
import type { ArithOp, CompareOp, FieldExpr, KindValue, StatusValue, TextMatcher, Value } from './ast';
import { work, WorkLimitExceeded } from './budget';
import type { IndexedTrace } from './trace-index';

// Field values and comparisons with Tempo's rules: a missing attribute is
// nil and fails every comparison except `= nil`; values of different types
// never match; `=` on an array matches any element, `!=` none of them;
// a bare attribute inside `&&`/`||` counts as `= true`.

const NIL: Value = { type: 'nil' };

export function fromAttribute(value: AttributeValue | undefined): Value {
  if (value === undefined || value === null) return NIL;
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
  if (Array.isArray(value)) return { type: 'array', value: value.map((item) => fromAttribute(item ?? undefined)) };
  return NIL;
}

const STATUS: Readonly<Record<number, StatusValue>> = {
  [SpanStatusCode.UNSET]: 'unset',
  [SpanStatusCode.OK]: 'ok',
  [SpanStatusCode.ERROR]: 'error',
};

const KIND: Readonly<Record<number, KindValue>> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

function intrinsic(name: string, record: SpanRecord, trace: IndexedTrace): Value {
  switch (name) {
    case 'name':
      return { type: 'string', value: record.name };
    case 'status':
      return { type: 'status', value: STATUS[record.status.code] ?? 'unset' };
    case 'statusMessage':
      return record.status.message ? { type: 'string', value: record.status.message } : NIL;
    case 'duration':
      return { type: 'duration', value: (record.endUs - record.startUs) * 1000 };
    case 'kind':
      return { type: 'kind', value: KIND[record.kind] ?? 'unspecified' };
    case 'childCount':
      return { type: 'int', value: trace.children.get(record.spanId)?.length ?? 0 };
    case 'spanId':
      return { type: 'string', value: record.spanId };
    case 'parentId':
      return record.parentSpanId === null ? NIL : { type: 'string', value: record.parentSpanId };
    case 'rootName':
      return trace.root ? { type: 'string', value: trace.root.name } : NIL;
    case 'rootServiceName':
      return trace.root ? { type: 'string', value: trace.root.service } : NIL;
    case 'traceDuration':
      return { type: 'duration', value: (trace.endUs - trace.startUs) * 1000 };
    case 'traceId':
      return { type: 'string', value: trace.traceId };
    case 'eventName':
      // One span, many events: read as a list, so `=` matches when any event has the name (Tempo's array rule).
      return record.events.length === 0
        ? NIL
        : { type: 'array', value: record.events.map((event) => ({ type: 'string', value: event.name })) };
    case 'instrumentationName':
      return { type: 'string', value: record.scope };
    default:
      return NIL;
  }
}

function isNumeric(value: Value): value is Extract<Value, { type: 'int' | 'float' | 'duration' }> {
  return value.type === 'int' || value.type === 'float' || value.type === 'duration';
}

export function truthy(value: Value): boolean {
  return value.type === 'bool' && value.value;
}

function arith(op: ArithOp, a: Value, b: Value): Value {
  if (!isNumeric(a) || !isNumeric(b)) return NIL;
  const x = a.value;
  const y = b.value;
  let result: number;
  switch (op) {
    case '+':
      result = x + y;
      break;
    case '-':
      result = x - y;
      break;
    case '*':
      result = x * y;
      break;
    case '/':
      result = y === 0 ? Number.NaN : x / y;
      break;
    case '%':
      result = y === 0 ? Number.NaN : x % y;
      break;
    case '^':
      result = x ** y;
      break;
  }
  if (!Number.isFinite(result)) return NIL;
  if (a.type === 'duration' || b.type === 'duration') return { type: 'duration', value: result };
  return Number.isInteger(result) && a.type === 'int' && b.type === 'int'
    ? { type: 'int', value: result }
    : { type: 'float', value: result };
}

function numericFamily(value: Value): 'number' | 'duration' | undefined {
  if (value.type === 'int' || value.type === 'float') return 'number';
  if (value.type === 'duration') return 'duration';
  return undefined;
}

function comparePlain(op: CompareOp, a: Value, b: Value, regex: TextMatcher | undefined): boolean {
  if (op === '=~' || op === '!~') {
    if (a.type !== 'string' || !regex) return false;
    return regex.test(a.value) === (op === '=~');
  }
  let x: number | string | boolean;
  let y: number | string | boolean;
  const familyA = numericFamily(a);
  if (familyA !== undefined && familyA === numericFamily(b)) {
    x = (a as { value: number }).value;
    y = (b as { value: number }).value;
  } else if (a.type === 'string' && b.type === 'string') {
    x = a.value;
    y = b.value;
  } else if (
    (a.type === 'bool' && b.type === 'bool') ||
    (a.type === 'status' && b.type === 'status') ||
    (a.type === 'kind' && b.type === 'kind')
  ) {
    if (op === '=') return a.value === b.value;
    if (op === '!=') return a.value !== b.value;
    return false;
  } else {
    return false;
  }
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
  }
}

export function compareValues(op: CompareOp, a: Value, b: Value, regex?: TextMatcher): boolean {
  if (b.type === 'nil' || a.type === 'nil') {
    // `x = nil` holds when x is missing; `x != nil` when it is present; a missing x fails the rest.
    if (op === '=') return a.type === 'nil' && b.type === 'nil';
    if (op === '!=') return b.type === 'nil' && a.type !== 'nil';
    return false;
  }
  if (a.type === 'array') {
    const negative = op === '!=' || op === '!~';
    const positive: CompareOp = op === '!=' ? '=' : op === '!~' ? '=~' : op;
    const any = a.value.some((item) => comparePlain(positive, item, b, regex));
    return negative ? !any : any;
  }
  return comparePlain(op, a, b, regex);
}

/** The value of a field expression on one span. */
export function evalField(expr: FieldExpr, record: SpanRecord, trace: IndexedTrace): Value {
  if (++work.used > work.limit) throw new WorkLimitExceeded(work.limit);
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'intrinsic':
      return intrinsic(expr.name, record, trace);
    case 'attribute': {
      if (expr.scope === 'span') return fromAttribute(record.attributes[expr.key]);
      if (expr.scope === 'resource') return fromAttribute(record.resource[expr.key]);
      const own = record.attributes[expr.key];
      return fromAttribute(own !== undefined ? own : record.resource[expr.key]);
    }
    case 'logical': {
      const left = truthy(evalField(expr.left, record, trace));
      if (expr.op === '&&') return { type: 'bool', value: left && truthy(evalField(expr.right, record, trace)) };
      return { type: 'bool', value: left || truthy(evalField(expr.right, record, trace)) };
    }
    case 'compare':
      return {
        type: 'bool',
        value: compareValues(expr.op, evalField(expr.left, record, trace), evalField(expr.right, record, trace), expr.regex),
      };
    case 'arith':
      return arith(expr.op, evalField(expr.left, record, trace), evalField(expr.right, record, trace));
    case 'not':
      return { type: 'bool', value: !truthy(evalField(expr.operand, record, trace)) };
    case 'negate': {
      const value = evalField(expr.operand, record, trace);
      if (value.type === 'int' || value.type === 'float' || value.type === 'duration') return { ...value, value: -value.value };
      return NIL;
    }
  }
}

/** A number for aggregates and metrics: ints, floats and durations (in ns); anything else is undefined. */
export function numericValue(value: Value): number | undefined {
  return isNumeric(value) ? value.value : undefined;
}

/** A plain JSON value for display (group labels, select() columns). Durations show with a unit. */
export function displayValue(value: Value): string | number | boolean | null {
  switch (value.type) {
    case 'nil':
      return null;
    case 'duration':
      return formatNs(value.value);
    case 'array':
      return value.value.map((item) => String(displayValue(item))).join(', ');
    default:
      return value.value;
  }
}

export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)}s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)}ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toFixed(3)}µs`;
  return `${ns}ns`;
}
