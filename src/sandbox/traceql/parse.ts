import { parser } from '@grafana/lezer-traceql';
import type { SyntaxNode, Tree } from '@lezer/common';
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
import { spend } from './budget';
import { goUnquote, prepareQuery, readNumber } from './lexical';
import { FIELD_LEVELS, group, SPANSET_LEVELS } from './precedence';
import type { ChainItem, Shape } from './precedence';

const REGEX_ANSWERS_KEPT = 10_000;

// Query text → lezer tree (Grafana's own TraceQL grammar) → the subset's
// tree. Syntax errors are the grammar's error nodes; constructs the grammar
// accepts but the playground does not evaluate get a message naming them.

export type ParseResult =
  { readonly ok: true; readonly query: Query; readonly warnings: readonly string[] } | { readonly ok: false; readonly error: QueryError };

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

const INTRINSIC_LIST =
  'name, status, duration, kind, statusMessage, childCount, rootName, rootServiceName, traceDuration, event:name, instrumentation:name';

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
  if (/(^|[\s{(])(span|resource)?\.\s*$/.test(before))
    return 'An attribute name is missing after the `.`, e.g. `.http.route` or `span.http.route`.';
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
  const compared = /\b(count|avg|min|max|sum)\s*\([^()]*\)\s*(=|!=|>=|<=|>|<)\s*$/.exec(before.slice(-200));
  if (compared) {
    return `After \`${compared[1]}()\` the comparison takes a number or a duration, e.g. \`| ${compared[1] === 'count' ? 'count() > 1' : `${compared[1]}(duration) > 100ms`}\`.`;
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
  // Tempo's intrinsics table (grafana/tempo docs/sources/tempo/traceql/construct-traceql-queries.md,
  // "Intrinsic fields"): the span's event names, and the name of the instrumentation scope that made it.
  'event:name': 'eventName',
  'instrumentation:name': 'instrumentationName',
};

const NUMERIC_INTRINSICS: ReadonlySet<IntrinsicName> = new Set(['duration', 'traceDuration', 'childCount']);

const KIND_WORDS: readonly KindValue[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function unquote(text: string): string {
  if (text.startsWith('`') && text.endsWith('`') && text.length >= 2) return text.slice(1, -1);
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) {
    const go = goUnquote(text);
    if (go.ok) return go.value;
    return text.slice(1, -1).replace(/\\(.)/g, (_, ch: string) => ch);
  }
  return text;
}

/** Attribute names may have quoted parts: span."with space" or span.a."b c". */
function attributeKey(text: string): string {
  return text.replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) => unquote(`"${inner}"`));
}

class Converter {
  readonly warnings: string[] = [];

  constructor(
    private readonly query: string,
    private readonly extensions: ReadonlyMap<number, number> = new Map(),
  ) {}

  /** A node's text in the query as written (a stand-in the grammar parsed reads as the word it stands for). */
  private text(node: { readonly from: number; readonly to: number }): string {
    return this.query.slice(node.from, this.extensions.get(node.to) ?? node.to);
  }

  /** Does `node` open with a parenthesis before its only child (a group rather than a wrapper)? */
  private parenthesized(node: SyntaxNode, child: SyntaxNode): boolean {
    return this.query.slice(node.from, child.from).trim() === '(';
  }

  // ---- Chains regrouped by Tempo's precedence (see precedence.ts) ----

  /** `a && b >> c | d` between spansets, as operands and operators in order. */
  private spansetChain(node: SyntaxNode, out: ChainItem[]): void {
    const parts = kids(node);
    if (node.name === 'SpansetPipelineExpression' || node.name === 'SpansetExpression') {
      if (parts.length >= 2) {
        const left = parts[0];
        const right = parts[parts.length - 1];
        if (!left || !right || parts.length > 3) throw new Problem('syntax', node.from, node.to, `Cannot read \`${this.text(node)}\`.`);
        const opNode = parts.length === 3 && parts[1] ? parts[1] : node;
        const op = parts.length === 3 && parts[1] ? this.text(parts[1]) : this.query.slice(left.to, right.from).trim();
        this.spansetChain(left, out);
        out.push({ kind: 'binary', op, node: opNode });
        this.spansetChain(right, out);
        return;
      }
      const [child] = parts;
      if (child && !this.parenthesized(node, child)) {
        this.spansetChain(child, out);
        return;
      }
    }
    out.push({ kind: 'operand', node });
  }

  private spansetShape(node: SyntaxNode): Shape {
    const items: ChainItem[] = [];
    this.spansetChain(node, items);
    return group(items, SPANSET_LEVELS);
  }

  private exprOf(shape: Shape): Expr {
    if (shape.kind === 'leaf') return this.expr(shape.node);
    if (shape.kind === 'prefix') return this.exprOf(shape.operand);
    const { from, to } = shape;
    if (shape.op === '|')
      return {
        kind: 'pipe',
        input: this.exprOf(shape.left),
        stage: shape.right.kind === 'leaf' ? this.stage(shape.right.node) : this.exprOf(shape.right),
        from,
        to,
      };
    const op = this.spansetOp(shape.op, shape.opNode);
    const left = this.exprOf(shape.left);
    const right = this.exprOf(shape.right);
    for (const [side, operand] of [
      [shape.left, left],
      [shape.right, right],
    ] as const) {
      if (operand.kind === 'scalarFilter' || operand.kind === 'by' || operand.kind === 'select' || operand.kind === 'coalesce') {
        throw new Problem(
          'unsupported',
          side.from,
          side.to,
          `\`${this.text(side)}\` is a pipeline stage; combine it with \`${shape.op}\` only inside parentheses after a spanset, e.g. \`({ status = error } | count() > 1) ${shape.op} { }\`.`,
        );
      }
    }
    return { kind: 'spansetOp', op, left, right, from, to };
  }

  /** `a || b && c`, `!a`, `x + y * z` inside \`{ }\`, as operands and operators in order. */
  private fieldChain(node: SyntaxNode, out: ChainItem[]): void {
    if (node.name === 'FieldExpression') {
      const parts = kids(node);
      if (parts.length === 3 && parts[0] && parts[1] && parts[2]) {
        this.fieldChain(parts[0], out);
        out.push({ kind: 'binary', op: this.text(parts[1]), node: parts[1] });
        this.fieldChain(parts[2], out);
        return;
      }
      const [child] = parts;
      if (parts.length === 1 && child) {
        const prefix = this.query.slice(node.from, child.from).trim();
        if (prefix === '!' || prefix === '-') {
          out.push({ kind: 'prefix', op: prefix, from: node.from });
          this.fieldChain(child, out);
          return;
        }
        if (prefix === '') {
          this.fieldChain(child, out);
          return;
        }
      }
    }
    out.push({ kind: 'operand', node });
  }

  private fieldOf(shape: Shape): FieldExpr {
    const { from, to } = shape;
    if (shape.kind === 'leaf') return this.fieldLeaf(shape.node);
    if (shape.kind === 'prefix') {
      const operand = this.fieldOf(shape.operand);
      return shape.op === '!' ? { kind: 'not', operand, from, to } : { kind: 'negate', operand, from, to };
    }
    const opText = shape.op;
    const left = this.fieldOf(shape.left);
    const right = this.fieldOf(shape.right);
    if (opText === '&&' || opText === '||') return { kind: 'logical', op: opText, left, right, from, to };
    if (opText === '=~' || opText === '!~') return this.regexCompare(opText, left, right, from, to);
    const compare: readonly string[] = ['=', '!=', '>', '>=', '<', '<='];
    if (compare.includes(opText)) {
      this.checkTypes(left, right);
      return { kind: 'compare', op: opText as CompareOp, left, right, from, to };
    }
    const arith: readonly string[] = ['+', '-', '*', '/', '%', '^'];
    if (arith.includes(opText)) return { kind: 'arith', op: opText as ArithOp, left, right, from, to };
    return this.unsupported(shape.opNode, `\`${opText}\` cannot combine two fields inside \`{ }\`.`);
  }

  /** Arithmetic between aggregates and numbers in a pipeline comparison. */
  private scalarChain(node: SyntaxNode, out: ChainItem[]): void {
    const parts = kids(node);
    if (node.name === 'ScalarExpression' && parts.length === 3 && parts[0] && parts[1] && parts[2]) {
      this.scalarChain(parts[0], out);
      out.push({ kind: 'binary', op: this.text(parts[1]), node: parts[1] });
      this.scalarChain(parts[2], out);
      return;
    }
    const [child] = parts;
    if (node.name === 'ScalarExpression' && parts.length === 1 && child?.name === 'ScalarExpression' && !this.parenthesized(node, child)) {
      this.scalarChain(child, out);
      return;
    }
    out.push({ kind: 'operand', node });
  }

  private scalarOf(shape: Shape): ScalarExpr {
    if (shape.kind === 'leaf') return this.scalarLeaf(shape.node);
    if (shape.kind === 'prefix') return this.scalarOf(shape.operand);
    return {
      kind: 'arith',
      op: shape.op as ArithOp,
      left: this.scalarOf(shape.left),
      right: this.scalarOf(shape.right),
      from: shape.from,
      to: shape.to,
    };
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
      (current.name === 'SpansetPipelineExpression' ||
        current.name === 'SpansetExpression' ||
        current.name === 'WrappedSpansetPipeline' ||
        current.name === 'SpansetPipeline') &&
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
    if (parts.some((child) => child.name === 'WithHint'))
      this.warnings.push('Query hints (`with (…)`) tune Tempo’s search; they do not change the results here.');
    return this.splitMetrics(main);
  }

  /** A metrics function may only end the query (optionally followed by topk/bottomk). */
  private splitMetrics(node: SyntaxNode): Query {
    const shape = this.spansetShape(node);
    const { input, last } = this.lastStage(shape);
    let top: MetricsStage['top'];
    let metricsNode = last;
    let metricsInput = input;
    if (last?.name === 'MetricsAggregatorFunctions') {
      const [fnNode, kNode] = kids(last);
      const fn = fnNode ? this.text(fnNode) : '';
      const kText = kNode ? this.text(kNode).trim() : '';
      const kReading = /^\d+$/.test(kText) ? readNumber(kText) : undefined;
      if (kReading?.type === 'range' && kNode) throw new Problem('syntax', kNode.from, kNode.to, kReading.message);
      const k = kReading?.type === 'int' ? kReading.value : Number.NaN;
      if (fn !== 'topk' && fn !== 'bottomk') this.unsupported(last, `\`${this.text(last)}\` is not a topk/bottomk the playground can run.`);
      if (!Number.isInteger(k) || k < 1)
        throw new Problem(
          'syntax',
          kNode?.from ?? last.from,
          kNode?.to ?? last.to,
          `\`${fn}()\` takes a whole number of series, 1 or more, e.g. \`${fn}(3)\`.`,
        );
      top = { fn, k };
      if (!input)
        this.unsupported(
          last,
          `\`${fn}()\` picks series from a metrics query, e.g. \`{ } | rate() by (resource.service.name) | ${fn}(3)\`.`,
        );
      const inner = this.lastStage(input);
      metricsNode = inner.last;
      metricsInput = inner.input;
      if (metricsNode?.name !== 'MetricsOperation')
        this.unsupported(last, `\`${fn}()\` must follow a metrics function such as \`rate()\` or \`count_over_time()\`.`);
    }
    if (metricsNode?.name === 'MetricsOperation') {
      const expr: Expr = metricsInput ? this.exprOf(metricsInput) : { kind: 'filter', condition: undefined, from: 0, to: 0 };
      return { kind: 'metrics', expr, metrics: this.metrics(metricsNode, top) };
    }
    return { kind: 'search', expr: this.exprOf(shape), selects: [] };
  }

  /** For `a | b | c`: the node of the last stage `c` (when it is a single stage) and the rest `a | b`. */
  private lastStage(shape: Shape): { input: Shape | undefined; last: SyntaxNode | undefined } {
    if (shape.kind === 'binary' && shape.op === '|') {
      return { input: shape.left, last: shape.right.kind === 'leaf' ? this.unwrap(shape.right.node) : undefined };
    }
    return { input: undefined, last: shape.kind === 'leaf' ? this.unwrap(shape.node) : undefined };
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
        return this.exprOf(this.spansetShape(node));
      }
      case 'SpansetFilter': {
        const field = kids(node).find((child) => child.name === 'FieldExpression');
        const condition = field ? this.field(field) : undefined;
        if (condition && (condition.kind === 'intrinsic' || (condition.kind === 'literal' && condition.value.type !== 'bool'))) {
          this.warnings.push(
            `\`${this.text(node)}\` holds a value, not a condition, so it matches no span; write a comparison such as \`{ name = "GET /products" }\`.`,
          );
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
        return this.unsupported(
          node,
          `\`${this.text(node)}\` turns spans into numbers over time, so it must be the last stage of the query.`,
        );
      default:
        throw new Problem('syntax', from, to, `Unexpected \`${this.text(node)}\`.`);
    }
  }

  private spansetOp(text: string, node: SyntaxNode): SpansetOp {
    const ops: readonly SpansetOp[] = [
      '&&',
      '||',
      '>',
      '>>',
      '<',
      '<<',
      '~',
      '&>',
      '&>>',
      '&<',
      '&<<',
      '&~',
      '!>',
      '!>>',
      '!<',
      '!<<',
      '!~',
    ];
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
    const items: ChainItem[] = [];
    this.scalarChain(node, items);
    return this.scalarOf(group(items, FIELD_LEVELS));
  }

  private scalarLeaf(node: SyntaxNode): ScalarExpr {
    const { from, to } = node;
    const parts = kids(node);
    const negative = this.text(node).trimStart().startsWith('-');
    const [child] = parts;
    if (parts.length !== 1) throw new Problem('syntax', from, to, `Cannot read \`${this.text(node)}\`.`);
    if (!child) throw new Problem('syntax', from, to, `Cannot read \`${this.text(node)}\`.`);
    switch (child.name) {
      case 'ScalarExpression':
        return this.scalar(child);
      case 'Aggregate': {
        const inner = kids(child);
        if (inner.length === 0) return { kind: 'aggregate', fn: 'count', field: undefined, from, to };
        const [fnNode, fieldNode] = inner;
        const fn = fnNode ? this.text(fnNode) : '';
        if (fn !== 'avg' && fn !== 'min' && fn !== 'max' && fn !== 'sum')
          this.unsupported(child, `\`${fn}\` is not an aggregate the playground knows.`);
        const field = fieldNode ? this.field(fieldNode) : undefined;
        if (
          field &&
          ((field.kind === 'intrinsic' && !NUMERIC_INTRINSICS.has(field.name)) ||
            (field.kind === 'literal' && field.value.type === 'string'))
        ) {
          this.warnings.push(
            `\`${fn}()\` adds up numbers and durations; \`${this.text(fieldNode ?? child)}\` is not one, so the comparison never holds.`,
          );
        }
        return { kind: 'aggregate', fn, field, from, to };
      }
      case 'Integer':
      case 'Float':
      case 'Duration': {
        const value = this.number(child);
        return { kind: 'number', value: negative ? -value.value : value.value, isDuration: value.type === 'duration', from, to };
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
      case 'FieldExpression': {
        const items: ChainItem[] = [];
        this.fieldChain(node, items);
        return this.fieldOf(group(items, FIELD_LEVELS));
      }
      default:
        throw new Problem('syntax', from, to, `Unexpected \`${this.text(node)}\`.`);
    }
  }

  /** An operand of a field chain: a value, a field, or a parenthesized group. */
  private fieldLeaf(node: SyntaxNode): FieldExpr {
    if (node.name !== 'FieldExpression') return this.field(node);
    const parts = kids(node);
    const [child] = parts;
    if (parts.length !== 1 || !child) throw new Problem('syntax', node.from, node.to, `Cannot read \`${this.text(node)}\`.`);
    return this.field(child);
  }

  private regexCompare(op: '=~' | '!~', left: FieldExpr, right: FieldExpr, from: number, to: number): FieldExpr {
    if (right.kind !== 'literal' || right.value.type !== 'string') {
      throw new Problem(
        'unsupported',
        right.from,
        right.to,
        `\`${op}\` needs a regular expression in double quotes on its right, e.g. \`name =~ "GET .*"\`.`,
      );
    }
    const compiled = compileGoRegExp(right.value.value);
    if (!compiled.ok) throw new Problem('invalid', right.from, right.to, compiled.message);
    // TraceQL regular expressions are anchored at both ends. Span names and
    // most attribute values repeat, so each answer is kept (up to a bound).
    const whole = compiled.regexp;
    const answers = new Map<string, boolean>();
    const regex = {
      test: (text: string) => {
        let answer = answers.get(text);
        if (answer === undefined) {
          // RE2 is linear in the text: a step per character (the slowest patterns measured cost about that).
          spend(1 + text.length);
          answer = whole.testWhole(text);
          if (answers.size < REGEX_ANSWERS_KEPT) answers.set(text, answer);
        }
        return answer;
      },
    };
    return { kind: 'compare', op, left, right, regex, from, to };
  }

  private checkTypes(left: FieldExpr, right: FieldExpr): void {
    const pairs = [
      [left, right],
      [right, left],
    ] as const;
    for (const [field, literal] of pairs) {
      if (field.kind !== 'intrinsic' || literal.kind !== 'literal') continue;
      const v = literal.value;
      if ((field.name === 'duration' || field.name === 'traceDuration') && (v.type === 'int' || v.type === 'float')) {
        this.warnings.push(
          `\`${field.text}\` is a duration: write a unit, e.g. \`${field.text} > ${v.value}ms\`; a plain number never matches.`,
        );
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
      case 'Float':
      case 'Duration':
        return this.number(child);
      case 'TemplateVariable':
        return this.unsupported(child, `\`${text}\` is a Grafana dashboard variable; write the value itself here.`);
      default:
        throw new Problem('syntax', child.from, child.to, `Unexpected \`${text}\`.`);
    }
  }

  /** A number or duration literal, read from the query as Tempo reads it (the grammar saw a stand-in of the same length). */
  private number(node: SyntaxNode): Extract<Value, { type: 'int' | 'float' | 'duration' }> {
    const text = this.text(node).trim();
    const reading = readNumber(text);
    if (reading === undefined) throw new Problem('syntax', node.from, node.to, `\`${text}\` is not a number or a duration.`);
    if (reading.type === 'range') throw new Problem('syntax', node.from, node.to, reading.message);
    return reading;
  }

  private intrinsic(node: SyntaxNode): FieldExpr {
    const text = this.text(node).trim();
    const name = UNSCOPED_INTRINSICS[text];
    if (name) return { kind: 'intrinsic', name, text, from: node.from, to: node.to };
    if (text === 'parent')
      return this.unsupported(
        node,
        'The `parent` field is outside the playground’s subset; use a structural operator such as `{ A } > { B }` instead.',
      );
    const scope = text.split(':')[0];
    if (scope === 'event' || scope === 'link' || scope === 'instrumentation') {
      return this.unsupported(
        node,
        scope === 'link'
          ? `\`${text}\` reads span links, which the playground does not evaluate; it supports span and resource fields, \`event:name\` and \`instrumentation:name\`.`
          : `\`${text}\` is outside the playground’s subset; of the ${scope} intrinsics it evaluates \`${scope}:name\`.`,
      );
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
    return this.unsupported(
      node,
      `\`${scope}.\` attributes are outside the playground’s subset; it evaluates \`span.\`, \`resource.\` and unscoped \`.\` attributes.`,
    );
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
        if (fn !== 'rate' && fn !== 'count_over_time')
          return this.unsupported(inner, `\`${fn}()\` is not a metrics function the playground computes.`);
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
        if (!fieldNode || quantiles.length === 0)
          throw new Problem(
            'syntax',
            inner.from,
            inner.to,
            'Write `quantile_over_time(duration, 0.99)`: a field, then one or more quantiles.',
          );
        const bad = quantiles.find((q) => !(q >= 0 && q <= 1));
        if (bad !== undefined) throw new Problem('invalid', inner.from, inner.to, `Quantiles are between 0 and 1; ${bad} is not.`);
        return {
          fn: 'quantile_over_time',
          field: { field: this.field(fieldNode), label: this.text(fieldNode).trim() },
          quantiles,
          by,
          top,
          from,
          to,
        };
      }
      case 'MetricsOperationHistogram':
        return this.unsupported(
          inner,
          '`histogram_over_time()` draws a heatmap in Grafana; the playground computes rate, count, avg, min, max, sum and quantile over time. Try `quantile_over_time(duration, 0.5, 0.9, 0.99)`.',
        );
      case 'MetricsOperationCompare':
        return this.unsupported(
          inner,
          '`compare()` contrasts every attribute of two span groups and needs Tempo’s full metrics engine; the playground computes rate, count, avg, min, max, sum and quantile over time.',
        );
      default:
        return this.unsupported(inner, `\`${this.text(inner)}\` is not a metrics function the playground computes.`);
    }
  }
}

/**
 * Runs the grammar. Lezer cuts a left-associative chain once it has made
 * 300 reductions of 2,000 characters or more from one start (a guard
 * against trees too deep to walk), which turns a long valid `a && b && …`
 * into a bogus syntax error. The query length limit already bounds the
 * depth of such a chain, so the guard's counter is reset before each step.
 */
function parseTree(text: string): Tree {
  const parse = parser.startParse(text);
  const internals = parse as unknown as { bigReductionCount?: number };
  for (;;) {
    if (typeof internals.bigReductionCount === 'number') internals.bigReductionCount = 0;
    const tree = parse.advance();
    if (tree) return tree;
  }
}

/** Parses a TraceQL query. Never throws: errors come back with their position and a message. */
export function parseTraceQL(query: string): ParseResult {
  try {
    const prepared = prepareQuery(query);
    const { problem } = prepared;
    if (problem?.limit) return { ok: false, error: makeError(query, 'unsupported', problem.from, problem.to, problem.message) };
    const tree = parseTree(prepared.text);
    const errorNode = firstErrorNode(tree.topNode);
    if (problem && (!errorNode || problem.anchor <= errorNode.from)) {
      return { ok: false, error: makeError(query, 'syntax', problem.from, problem.to, problem.message) };
    }
    if (errorNode) {
      return {
        ok: false,
        error: makeError(query, 'syntax', errorNode.from, errorNode.to, syntaxMessage(query, errorNode.from, errorNode.to)),
      };
    }
    const converter = new Converter(query, prepared.extensions);
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
