import { parser } from '@grafana/lezer-traceql';
import type { SyntaxNode } from '@lezer/common';
import { compileGoRegExp } from '../../shared/go-regexp';
import type {
  ArithOp,
  CompareOp,
  Expr,
  FieldExpr,
  GroupField,
  IntrinsicName,
  KindValue,
  MetricsFn,
  MetricsStage,
  Query,
  QueryError,
  ScalarExpr,
  SpansetOp,
  Value,
} from './ast';

// Query text → lezer tree (Grafana's own TraceQL grammar) → the subset's
// tree. Syntax errors are the grammar's error nodes; constructs the grammar
// accepts but the playground does not evaluate get a message naming them.

export type ParseResult =
  | { readonly ok: true; readonly query: Query; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly error: QueryError };

class Problem extends Error {
  constructor(
    readonly kind: QueryError['kind'],
    readonly from: number,
    readonly to: number,
    message: string,
  ) {
    super(message);
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text[i] === '\n') {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function makeError(query: string, kind: QueryError['kind'], from: number, to: number, message: string): QueryError {
  return { kind, from, to, message, ...lineAndColumn(query, from) };
}

function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function firstErrorNode(node: SyntaxNode): SyntaxNode | undefined {
  if (node.type.isError) return node;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    const found = firstErrorNode(child);
    if (found) return found;
  }
  return undefined;
}

const INTRINSIC_LIST = 'name, status, duration, kind, statusMessage, rootName, rootServiceName, traceDuration';

/** Brackets still open at the end, ignoring those inside strings. */
function unclosed(query: string): string | undefined {
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = 0; i < query.length; i += 1) {
    const ch = query[i] ?? '';
    if (quote) {
      if (ch === '\\' && quote === '"') i += 1;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '{' || ch === '(') stack.push(ch === '{' ? '}' : ')');
    else if ((ch === '}' || ch === ')') && stack[stack.length - 1] === ch) stack.pop();
  }
  if (quote) return quote;
  return stack[stack.length - 1];
}

function syntaxMessage(query: string, from: number, to: number): string {
  if (query.trim() === '') return 'The query is empty: start with a spanset such as `{ }` or `{ status = error }`.';
  const before = query.slice(0, from).trimEnd();
  const text = query.slice(from, Math.max(to, from)).trim();
  const rest = query.slice(from).trim();
  const word = /^[A-Za-z_][\w.]*/.exec(text || rest)?.[0];

  if (word === 'by' && /\)\s*$/.test(before) && /\b(count|avg|min|max|sum)\s*\(/.test(before)) {
    return (
      '`by (…)` cannot follow an aggregate: in TraceQL search `by()` is a pipeline stage of its own and an aggregate needs a comparison, ' +
      'e.g. `{ status = error } | by(resource.service.name) | count() > 1`. ' +
      'For a number per group over time, write a metrics query such as `{ duration > 250ms } | count_over_time() by (resource.service.name)`.'
    );
  }
  const open = unclosed(query);
  if (open === '"' || open === '`') return `A string is not closed: end it with ${open}.`;
  if (open && !/[)}]/.test(query.slice(from))) return `The query ends before it is complete: a closing \`${open}\` is missing.`;
  if (rest.startsWith('=') && /=\s*$/.test(before)) return 'TraceQL compares with a single `=`, not `==`.';
  const aggregate = /\b(count|avg|min|max|sum)\s*\([^)]*\)\s*$/.exec(before)?.[1];
  if (aggregate && (rest === '' || /^[|)]/.test(rest))) {
    return `In a pipeline \`${aggregate}()\` needs a comparison, e.g. \`| ${aggregate === 'count' ? 'count() > 1' : `${aggregate}(duration) > 100ms`}\`; for a number per step over time, use a metrics function such as \`${aggregate === 'count' ? 'count_over_time()' : `${aggregate}_over_time(duration)`}\`.`;
  }
  const stage = /\b(by|select)\s*\(\s*$/.exec(before)?.[1];
  if (stage && rest.startsWith(')')) return `\`${stage}()\` needs at least one field, e.g. \`${stage}(resource.service.name)\`.`;
  if (/(^|[\s{(])(span|resource)?\.\s*$/.test(before)) return 'An attribute name is missing after the `.`, e.g. `.http.route` or `span.http.route`.';
  if (rest === '' || from >= query.trimEnd().length) {
    if (open) return `The query ends before it is complete: a closing \`${open}\` is missing.`;
    const last = /(=~|!~|!=|>=|<=|&&|\|\||[=<>|~!+\-*/])\s*$/.exec(before)?.[1];
    if (last) return `The query ends after \`${last}\`: something must follow it.`;
    return 'The query ends before it is complete.';
  }
  if (word === 'and' || word === 'or' || word === 'AND' || word === 'OR') {
    return `TraceQL writes \`${word.toLowerCase() === 'and' ? '&&' : '||'}\` instead of \`${word}\`.`;
  }
  if (rest.startsWith("'")) return 'Strings in TraceQL use double quotes: "like this".';
  if (word && !/^(true|false|nil|ok|error|unset)$/.test(word)) {
    return (
      `\`${word}\` is not something TraceQL knows here. Attributes need a scope or a leading dot ` +
      `(\`span.${word}\`, \`resource.${word}\` or \`.${word}\`); intrinsics are ${INTRINSIC_LIST}.`
    );
  }
  const snippet = (text || rest).slice(0, 24);
  const lastOp = /(=~|!~|!=|>=|<=|[=<>])\s*$/.exec(before)?.[1];
  if (lastOp && to === from) return `A value is missing after \`${lastOp}\`, before \`${snippet}\`.`;
  return `Unexpected \`${snippet}\` here.`;
}

const UNSCOPED_INTRINSICS: Readonly<Record<string, IntrinsicName>> = {
  name: 'name',
  status: 'status',
  statusMessage: 'statusMessage',
  duration: 'duration',
  kind: 'kind',
  childCount: 'childCount',
  rootName: 'rootName',
  rootServiceName: 'rootServiceName',
  traceDuration: 'traceDuration',
  'span:name': 'name',
  'span:status': 'status',
  'span:statusMessage': 'statusMessage',
  'span:duration': 'duration',
  'span:kind': 'kind',
  'span:childCount': 'childCount',
  'span:id': 'spanId',
  'span:parentID': 'parentId',
  'trace:rootName': 'rootName',
  'trace:rootService': 'rootServiceName',
  'trace:duration': 'traceDuration',
  'trace:id': 'traceId',
};

const NUMERIC_INTRINSICS: ReadonlySet<IntrinsicName> = new Set(['duration', 'traceDuration', 'childCount']);

const KIND_WORDS: readonly KindValue[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

const DURATION_UNITS_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

export function parseDurationNs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const unit = DURATION_UNITS_NS[match[2]];
  return unit === undefined ? undefined : Number.parseFloat(match[1]) * unit;
}

function unquote(text: string): string {
  if (text.startsWith('`') && text.endsWith('`') && text.length >= 2) return text.slice(1, -1);
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) {
    return text.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
  }
  return text;
}

/** Attribute names may have quoted parts: span."with space" or span.a."b c". */
function attributeKey(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) => unquote(`"${inner}"`));
}

class Converter {
  readonly warnings: string[] = [];

  constructor(private readonly query: string) {}

  private text(node: SyntaxNode): string {
    return this.query.slice(node.from, node.to);
  }

  private unsupported(node: SyntaxNode, message: string): never {
    throw new Problem('unsupported', node.from, node.to, message);
  }

  private only(node: SyntaxNode): SyntaxNode {
    const [child] = kids(node);
    if (!child) throw new Problem('syntax', node.from, node.to, `Something is missing in \`${this.text(node)}\`.`);
    return child;
  }

  /** Steps through wrappers that hold a single child (parentheses, pipeline nodes). */
  private unwrap(node: SyntaxNode): SyntaxNode {
    let current = node;
    while (
      (current.name === 'SpansetPipelineExpression' || current.name === 'SpansetExpression' ||
        current.name === 'WrappedSpansetPipeline' || current.name === 'SpansetPipeline') &&
      kids(current).length === 1
    ) {
      current = this.only(current);
    }
    return current;
  }

  convertQuery(top: SyntaxNode): Query {
    const parts = kids(top);
    const main = parts.find((child) => child.name === 'SpansetPipelineExpression');
    if (!main) throw new Problem('syntax', 0, this.query.length, 'The query is empty: start with a spanset such as `{ }`.');
    if (parts.some((child) => child.name === 'WithHint')) this.warnings.push('Query hints (`with (…)`) tune Tempo’s search; they do not change the results here.');
    return this.splitMetrics(main);
  }

  /** A metrics function may only end the query (optionally followed by topk/bottomk). */
  private splitMetrics(node: SyntaxNode): Query {
    const { input, last } = this.lastStage(node);
    let top: MetricsStage['top'];
    let metricsNode = last;
    let metricsInput = input;
    if (last.name === 'MetricsAggregatorFunctions') {
      const [fnNode, kNode] = kids(last);
      const fn = fnNode ? this.text(fnNode) : '';
      const k = kNode ? Number.parseInt(this.text(kNode), 10) : Number.NaN;
      if ((fn !== 'topk' && fn !== 'bottomk') || !Number.isInteger(k) || k < 1) this.unsupported(last, `\`${this.text(last)}\` is not a topk/bottomk the playground can run.`);
      top = { fn, k };
      if (!input) this.unsupported(last, `\`${fn}()\` picks series from a metrics query, e.g. \`{ } | rate() by (resource.service.name) | ${fn}(3)\`.`);
      const inner = this.lastStage(input);
      metricsNode = inner.last;
      metricsInput = inner.input;
      if (metricsNode.name !== 'MetricsOperation') this.unsupported(last, `\`${fn}()\` must follow a metrics function such as \`rate()\` or \`count_over_time()\`.`);
    }
    if (metricsNode.name === 'MetricsOperation') {
      const expr: Expr = metricsInput ? this.expr(metricsInput) : { kind: 'filter', condition: undefined, from: 0, to: 0 };
      return { kind: 'metrics', expr, metrics: this.metrics(metricsNode, top) };
    }
    return { kind: 'search', expr: this.expr(node), selects: [] };
  }

  /** For `a | b | c`: the last stage `c` and the rest `a | b` (undefined when there is no pipe). */
  private lastStage(node: SyntaxNode): { input: SyntaxNode | undefined; last: SyntaxNode } {
    const unwrapped = this.unwrap(node);
    const parts = kids(unwrapped);
    if ((unwrapped.name === 'SpansetPipelineExpression' || unwrapped.name === 'SpansetExpression') && parts.length === 3 && parts[1]?.name === 'Pipe') {
      const [left, , right] = parts;
      if (left && right) return { input: left, last: this.unwrap(right) };
    }
    return { input: undefined, last: unwrapped };
  }

  expr(node: SyntaxNode): Expr {
    const { from, to } = node;
    switch (node.name) {
      case 'TraceQL':
      case 'WrappedSpansetPipeline':
      case 'SpansetPipeline':
        return this.expr(this.only(node));
      case 'SpansetPipelineExpression':
      case 'SpansetExpression': {
        const parts = kids(node);
        if (parts.length === 1 && parts[0]) return this.expr(parts[0]);
        const left = parts[0];
        const right = parts[parts.length - 1];
        if (!left || !right || parts.length > 3) throw new Problem('syntax', from, to, `Cannot read \`${this.text(node)}\`.`);
        const opText = parts.length === 3 && parts[1] ? this.text(parts[1]) : this.query.slice(left.to, right.from).trim();
        if (opText === '|') return { kind: 'pipe', input: this.expr(left), stage: this.stage(right), from, to };
        const op = this.spansetOp(opText, node);
        const leftExpr = this.expr(left);
        const rightExpr = this.expr(right);
        for (const [side, operand] of [[left, leftExpr], [right, rightExpr]] as const) {
          if (operand.kind === 'scalarFilter' || operand.kind === 'by' || operand.kind === 'select' || operand.kind === 'coalesce') {
            this.unsupported(side, `\`${this.text(side)}\` is a pipeline stage; combine it with \`${opText}\` only inside parentheses after a spanset, e.g. \`({ status = error } | count() > 1) ${opText} { }\`.`);
          }
        }
        return { kind: 'spansetOp', op, left: leftExpr, right: rightExpr, from, to };
      }
      case 'SpansetFilter': {
        const field = kids(node).find((child) => child.name === 'FieldExpression');
        const condition = field ? this.field(field) : undefined;
        if (condition && (condition.kind === 'intrinsic' || (condition.kind === 'literal' && condition.value.type !== 'bool'))) {
          this.warnings.push(`\`${this.text(node)}\` holds a value, not a condition, so it matches no span; write a comparison such as \`{ name = "GET /products" }\`.`);
        }
        return { kind: 'filter', condition, from, to };
      }
      case 'ScalarFilter':
      case 'GroupOperation':
      case 'SelectOperation':
      case 'CoalesceOperation':
        return this.stage(node);
      case 'MetricsOperation':
      case 'MetricsAggregatorFunctions':
        return this.unsupported(node, `\`${this.text(node)}\` turns spans into numbers over time, so it must be the last stage of the query.`);
      default:
        throw new Problem('syntax', from, to, `Unexpected \`${this.text(node)}\`.`);
    }
  }

  private spansetOp(text: string, node: SyntaxNode): SpansetOp {
    const ops: readonly SpansetOp[] = ['&&', '||', '>', '>>', '<', '<<', '~', '&>', '&>>', '&<', '&<<', '&~', '!>', '!>>', '!<', '!<<', '!~'];
    const found = ops.find((op) => op === text);
    if (!found) this.unsupported(node, `The spanset operator \`${text}\` is not one the playground knows.`);
    return found;
  }

  private stage(node: SyntaxNode): Expr {
    const target = this.unwrap(node);
    const { from, to } = target;
    switch (target.name) {
      case 'ScalarFilter': {
        const [left, op, right] = kids(target);
        if (!left || !op || !right) throw new Problem('syntax', from, to, `Cannot read \`${this.text(target)}\`.`);
        return { kind: 'scalarFilter', op: this.compareOp(op), left: this.scalar(left), right: this.scalar(right), from, to };
      }
      case 'GroupOperation':
        return { kind: 'by', fields: this.groupFields(target), from, to };
      case 'SelectOperation': {
        const args = kids(target).find((child) => child.name === 'SelectArgs');
        return { kind: 'select', fields: args ? this.groupFields(args) : [], from, to };
      }
      case 'CoalesceOperation':
        return { kind: 'coalesce', from, to };
      default:
        return this.expr(target);
    }
  }

  private groupFields(node: SyntaxNode): GroupField[] {
    const out: GroupField[] = [];
    for (const child of kids(node)) {
      if (child.name === 'SelectArgs') out.push(...this.groupFields(child));
      else if (child.name === 'FieldExpression' || child.name === 'IntrinsicField' || child.name === 'AttributeField') {
        out.push({ field: this.field(child), label: this.text(child).trim() });
      }
    }
    return out;
  }

  private compareOp(node: SyntaxNode): CompareOp {
    const text = this.text(node);
    const ops: readonly CompareOp[] = ['=', '!=', '>', '>=', '<', '<=', '=~', '!~'];
    const found = ops.find((op) => op === text);
    if (!found) this.unsupported(node, `\`${text}\` is not a comparison.`);
    return found;
  }

  private scalar(node: SyntaxNode): ScalarExpr {
    const { from, to } = node;
    const parts = kids(node);
    const negative = this.text(node).trimStart().startsWith('-');
    if (parts.length === 3 && parts[0] && parts[1] && parts[2]) {
      return { kind: 'arith', op: this.text(parts[1]) as ArithOp, left: this.scalar(parts[0]), right: this.scalar(parts[2]), from, to };
    }
    const [child] = parts;
    if (!child) throw new Problem('syntax', from, to, `Cannot read \`${this.text(node)}\`.`);
    switch (child.name) {
      case 'ScalarExpression':
        return this.scalar(child);
      case 'Aggregate': {
        const inner = kids(child);
        if (inner.length === 0) return { kind: 'aggregate', fn: 'count', field: undefined, from, to };
        const [fnNode, fieldNode] = inner;
        const fn = fnNode ? this.text(fnNode) : '';
        if (fn !== 'avg' && fn !== 'min' && fn !== 'max' && fn !== 'sum') this.unsupported(child, `\`${fn}\` is not an aggregate the playground knows.`);
        const field = fieldNode ? this.field(fieldNode) : undefined;
        if (field && ((field.kind === 'intrinsic' && !NUMERIC_INTRINSICS.has(field.name)) || (field.kind === 'literal' && field.value.type === 'string'))) {
          this.warnings.push(`\`${fn}()\` adds up numbers and durations; \`${this.text(fieldNode ?? child)}\` is not one, so the comparison never holds.`);
        }
        return { kind: 'aggregate', fn, field, from, to };
      }
      case 'Integer':
      case 'Float': {
        const value = Number.parseFloat(this.text(child));
        return { kind: 'number', value: negative ? -value : value, isDuration: false, from, to };
      }
      case 'Duration': {
        const ns = parseDurationNs(this.text(child));
        if (ns === undefined) throw new Problem('syntax', child.from, child.to, `\`${this.text(child)}\` is not a duration.`);
        return { kind: 'number', value: negative ? -ns : ns, isDuration: true, from, to };
      }
      case 'TemplateVariable':
        return this.unsupported(child, `\`${this.text(child)}\` is a Grafana dashboard variable; write the value itself here.`);
      default:
        throw new Problem('syntax', child.from, child.to, `Unexpected \`${this.text(child)}\`.`);
    }
  }

  field(node: SyntaxNode): FieldExpr {
    const { from, to } = node;
    switch (node.name) {
      case 'MetricsExpression':
        return this.field(this.only(node));
      case 'Static':
        return { kind: 'literal', value: this.literal(node), from, to };
      case 'IntrinsicField':
        return this.intrinsic(node);
      case 'AttributeField':
        return this.attribute(node);
      case 'FieldExpression':
        break;
      default:
        throw new Problem('syntax', from, to, `Unexpected \`${this.text(node)}\`.`);
    }
    const parts = kids(node);
    if (parts.length === 1 && parts[0]) {
      const child = parts[0];
      if (child.name !== 'FieldExpression') return this.field(child);
      const prefix = this.query.slice(from, child.from).trim();
      if (prefix === '!') return { kind: 'not', operand: this.field(child), from, to };
      if (prefix === '-') return { kind: 'negate', operand: this.field(child), from, to };
      return this.field(child);
    }
    const [leftNode, opNode, rightNode] = parts;
    if (parts.length !== 3 || !leftNode || !opNode || !rightNode) throw new Problem('syntax', from, to, `Cannot read \`${this.text(node)}\`.`);
    const opText = this.text(opNode);
    const left = this.field(leftNode);
    const right = this.field(rightNode);
    if (opText === '&&' || opText === '||') return { kind: 'logical', op: opText, left, right, from, to };
    if (opText === '=~' || opText === '!~') return this.regexCompare(opText, left, right, from, to);
    const compare: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];
    if (compare.includes(opText)) {
      this.checkTypes(left, right);
      return { kind: 'compare', op: opText as CompareOp, left, right, from, to };
    }
    const arith: readonly string[] = ['+', '-', '*', '/', '%', '^'];
    if (arith.includes(opText)) return { kind: 'arith', op: opText as ArithOp, left, right, from, to };
    return this.unsupported(opNode, `\`${opText}\` cannot combine two fields inside \`{ }\`.`);
  }

  private regexCompare(op: '=~' | '!~', left: FieldExpr, right: FieldExpr, from: number, to: number): FieldExpr {
    if (right.kind !== 'literal' || right.value.type !== 'string') {
      throw new Problem('unsupported', right.from, right.to, `\`${op}\` needs a regular expression in double quotes on its right, e.g. \`name =~ "GET .*"\`.`);
    }
    const compiled = compileGoRegExp(right.value.value);
    if (!compiled.ok) throw new Problem('invalid', right.from, right.to, compiled.message);
    // TraceQL regular expressions are anchored at both ends.
    const whole = compiled.regexp;
    const regex = { test: (text: string) => whole.testWhole(text) };
    return { kind: 'compare', op, left, right, regex, from, to };
  }

  private checkTypes(left: FieldExpr, right: FieldExpr): void {
    const pairs = [[left, right], [right, left]] as const;
    for (const [field, literal] of pairs) {
      if (field.kind !== 'intrinsic' || literal.kind !== 'literal') continue;
      const v = literal.value;
      if ((field.name === 'duration' || field.name === 'traceDuration') && (v.type === 'int' || v.type === 'float')) {
        this.warnings.push(`\`${field.text}\` is a duration: write a unit, e.g. \`${field.text} > ${v.value}ms\`; a plain number never matches.`);
      }
      if (field.name === 'status' && v.type === 'string') {
        this.warnings.push(`\`${field.text}\` takes the keywords ok, error or unset without quotes, e.g. \`${field.text} = error\`.`);
      }
      if (field.name === 'kind' && v.type === 'string') {
        this.warnings.push(`\`${field.text}\` takes keywords without quotes, e.g. \`${field.text} = server\`.`);
      }
    }
  }

  private literal(node: SyntaxNode): Value {
    const child = kids(node)[0];
    const text = this.text(child ?? node).trim();
    if (!child) {
      if (text === 'true' || text === 'false') return { type: 'bool', value: text === 'true' };
      if (text === 'nil') return { type: 'nil' };
      if (text === 'ok' || text === 'error' || text === 'unset') return { type: 'status', value: text };
      const kind = KIND_WORDS.find((word) => word === text);
      if (kind) return { type: 'kind', value: kind };
      throw new Problem('syntax', node.from, node.to, `Unexpected \`${text}\`.`);
    }
    switch (child.name) {
      case 'String':
        return { type: 'string', value: unquote(text) };
      case 'Integer':
        return { type: 'int', value: Number.parseInt(text, 10) };
      case 'Float':
        return { type: 'float', value: Number.parseFloat(text) };
      case 'Duration': {
        const ns = parseDurationNs(text);
        if (ns === undefined) throw new Problem('syntax', child.from, child.to, `\`${text}\` is not a duration.`);
        return { type: 'duration', value: ns };
      }
      case 'TemplateVariable':
        return this.unsupported(child, `\`${text}\` is a Grafana dashboard variable; write the value itself here.`);
      default:
        throw new Problem('syntax', child.from, child.to, `Unexpected \`${text}\`.`);
    }
  }

  private intrinsic(node: SyntaxNode): FieldExpr {
    const text = this.text(node).trim();
    const name = UNSCOPED_INTRINSICS[text];
    if (name) return { kind: 'intrinsic', name, text, from: node.from, to: node.to };
    if (text === 'parent') return this.unsupported(node, 'The `parent` field is outside the playground’s subset; use a structural operator such as `{ A } > { B }` instead.');
    const scope = text.split(':')[0];
    if (scope === 'event' || scope === 'link' || scope === 'instrumentation') {
      return this.unsupported(node, `\`${text}\` reads span ${scope === 'event' ? 'events' : scope === 'link' ? 'links' : 'instrumentation scopes'}, which the playground does not evaluate; it supports span and resource fields.`);
    }
    return this.unsupported(node, `\`${text}\` is not an intrinsic the playground evaluates; it knows ${INTRINSIC_LIST}.`);
  }

  private attribute(node: SyntaxNode): FieldExpr {
    const parts = kids(node);
    const text = this.text(node).trim();
    const identifier = parts.find((child) => child.name === 'Identifier');
    if (!identifier) throw new Problem('syntax', node.from, node.to, `\`${text}\` is missing the attribute name.`);
    const key = attributeKey(this.text(identifier).trim());
    const scopes = parts.filter((child) => child !== identifier).map((child) => child.name);
    const { from, to } = node;
    if (scopes.length === 0) return { kind: 'attribute', scope: 'unscoped', key, text, from, to };
    if (scopes.length === 1 && scopes[0] === 'Span') return { kind: 'attribute', scope: 'span', key, text, from, to };
    if (scopes.length === 1 && scopes[0] === 'Resource') return { kind: 'attribute', scope: 'resource', key, text, from, to };
    const scope = text.split('.')[0] ?? text;
    return this.unsupported(node, `\`${scope}.\` attributes are outside the playground’s subset; it evaluates \`span.\`, \`resource.\` and unscoped \`.\` attributes.`);
  }

  private metrics(node: SyntaxNode, top: MetricsStage['top']): MetricsStage {
    const inner = this.only(node);
    const parts = kids(inner);
    const byNode = parts.find((child) => child.name === 'GroupOperation');
    const by = byNode ? this.groupFields(byNode) : [];
    const { from, to } = node;
    switch (inner.name) {
      case 'MetricsOperationBasic': {
        const fn = this.text(parts[0] ?? inner).trim();
        if (fn !== 'rate' && fn !== 'count_over_time') return this.unsupported(inner, `\`${fn}()\` is not a metrics function the playground computes.`);
        return { fn, field: undefined, quantiles: [], by, top, from, to };
      }
      case 'MetricsOverTime': {
        const fn = this.text(parts[0] ?? inner).trim();
        const known: readonly MetricsFn[] = ['avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time'];
        const found = known.find((name) => name === fn);
        if (!found) return this.unsupported(inner, `\`${fn}()\` is not a metrics function the playground computes.`);
        const fieldNode = parts.find((child) => child.name === 'MetricsExpression');
        if (!fieldNode) throw new Problem('syntax', inner.from, inner.to, `\`${fn}()\` needs a field, e.g. \`${fn}(duration)\`.`);
        return { fn: found, field: { field: this.field(fieldNode), label: this.text(fieldNode).trim() }, quantiles: [], by, top, from, to };
      }
      case 'MetricsOperationQuantile': {
        const args = parts.find((child) => child.name === 'MetricsOperationQuantileArgs');
        const argParts = args ? kids(args) : [];
        const fieldNode = argParts.find((child) => child.name === 'MetricsExpression');
        const quantiles = argParts
          .filter((child) => child.name === 'MetricsOperationQuantileArgsType')
          .map((child) => Number.parseFloat(this.text(child)));
        if (!fieldNode || quantiles.length === 0) throw new Problem('syntax', inner.from, inner.to, 'Write `quantile_over_time(duration, 0.99)`: a field, then one or more quantiles.');
        const bad = quantiles.find((q) => !(q >= 0 && q <= 1));
        if (bad !== undefined) throw new Problem('invalid', inner.from, inner.to, `Quantiles are between 0 and 1; ${bad} is not.`);
        return { fn: 'quantile_over_time', field: { field: this.field(fieldNode), label: this.text(fieldNode).trim() }, quantiles, by, top, from, to };
      }
      case 'MetricsOperationHistogram':
        return this.unsupported(inner, '`histogram_over_time()` draws a heatmap in Grafana; the playground computes rate, count, avg, min, max, sum and quantile over time. Try `quantile_over_time(duration, 0.5, 0.9, 0.99)`.');
      case 'MetricsOperationCompare':
        return this.unsupported(inner, '`compare()` contrasts every attribute of two span groups and needs Tempo’s full metrics engine; the playground computes rate, count, avg, min, max, sum and quantile over time.');
      default:
        return this.unsupported(inner, `\`${this.text(inner)}\` is not a metrics function the playground computes.`);
    }
  }
}

/** Parses a TraceQL query. Never throws: errors come back with their position and a message. */
export function parseTraceQL(query: string): ParseResult {
  try {
    const tree = parser.parse(query);
    const errorNode = firstErrorNode(tree.topNode);
    if (errorNode) {
      return { ok: false, error: makeError(query, 'syntax', errorNode.from, errorNode.to, syntaxMessage(query, errorNode.from, errorNode.to)) };
    }
    const converter = new Converter(query);
    const parsed = converter.convertQuery(tree.topNode);
    const selects = parsed.kind === 'search' ? collectSelects(parsed.expr) : [];
    const result: Query = parsed.kind === 'search' ? { ...parsed, selects } : parsed;
    return { ok: true, query: result, warnings: [...new Set(converter.warnings)] };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, error: makeError(query, error.kind, error.from, error.to, error.message) };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: makeError(query, 'invalid', 0, query.length, `Internal error while reading the query: ${detail}`) };
  }
}

function collectSelects(expr: Expr): GroupField[] {
  switch (expr.kind) {
    case 'select':
      return [...expr.fields];
    case 'pipe':
      return [...collectSelects(expr.input), ...collectSelects(expr.stage)];
    case 'spansetOp':
      return [...collectSelects(expr.left), ...collectSelects(expr.right)];
    default:
      return [];
  }
}
