// The TraceQL subset the playground evaluates, as a tree built from the
// lezer parse tree of @grafana/lezer-traceql. Positions (from, to) point
// into the query text so messages can underline the construct.

export interface Located {
  readonly from: number;
  readonly to: number;
}

/** A compiled `=~` pattern (RE2, anchored at both ends). */
export interface TextMatcher {
  test(text: string): boolean;
}

export type StatusValue = 'ok' | 'error' | 'unset';
export type KindValue = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** A value a field or literal can have. Durations are in nanoseconds. */
export type Value =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'duration'; readonly value: number }
  | { readonly type: 'status'; readonly value: StatusValue }
  | { readonly type: 'kind'; readonly value: KindValue }
  | { readonly type: 'array'; readonly value: readonly Value[] }
  | { readonly type: 'nil' };

export type IntrinsicName =
  | 'name'
  | 'status'
  | 'statusMessage'
  | 'duration'
  | 'kind'
  | 'childCount'
  | 'spanId'
  | 'parentId'
  | 'rootName'
  | 'rootServiceName'
  | 'traceDuration'
  | 'traceId'
  | 'eventName'
  | 'instrumentationName';

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';
export type ArithOp = '+' | '-' | '*' | '/' | '%' | '^';

export type FieldExpr =
  | (Located & { readonly kind: 'literal'; readonly value: Value })
  | (Located & { readonly kind: 'intrinsic'; readonly name: IntrinsicName; readonly text: string })
  | (Located & {
      readonly kind: 'attribute';
      readonly scope: 'span' | 'resource' | 'unscoped';
      readonly key: string;
      readonly text: string;
    })
  | (Located & { readonly kind: 'logical'; readonly op: '&&' | '||'; readonly left: FieldExpr; readonly right: FieldExpr })
  | (Located & {
      readonly kind: 'compare';
      readonly op: CompareOp;
      readonly left: FieldExpr;
      readonly right: FieldExpr;
      readonly regex?: TextMatcher;
    })
  | (Located & { readonly kind: 'arith'; readonly op: ArithOp; readonly left: FieldExpr; readonly right: FieldExpr })
  | (Located & { readonly kind: 'not'; readonly operand: FieldExpr })
  | (Located & { readonly kind: 'negate'; readonly operand: FieldExpr });

export type ScalarExpr =
  | (Located & { readonly kind: 'number'; readonly value: number; readonly isDuration: boolean })
  | (Located & { readonly kind: 'aggregate'; readonly fn: 'count' | 'avg' | 'min' | 'max' | 'sum'; readonly field: FieldExpr | undefined })
  | (Located & { readonly kind: 'arith'; readonly op: ArithOp; readonly left: ScalarExpr; readonly right: ScalarExpr });

/** Spanset operators: logical (`&&`, `||`), structural, union structural (`&>>`…) and negated structural (`!>>`…). */
export type StructuralOp = '>' | '>>' | '<' | '<<' | '~';
export type SpansetOp = '&&' | '||' | StructuralOp | `&${StructuralOp}` | `!${StructuralOp}`;

export interface GroupField {
  readonly field: FieldExpr;
  /** As written, e.g. `resource.service.name`; used as the group's label. */
  readonly label: string;
}

export type Expr =
  | (Located & { readonly kind: 'filter'; readonly condition: FieldExpr | undefined })
  | (Located & { readonly kind: 'spansetOp'; readonly op: SpansetOp; readonly left: Expr; readonly right: Expr })
  | (Located & { readonly kind: 'pipe'; readonly input: Expr; readonly stage: Expr })
  | (Located & { readonly kind: 'scalarFilter'; readonly op: CompareOp; readonly left: ScalarExpr; readonly right: ScalarExpr })
  | (Located & { readonly kind: 'by'; readonly fields: readonly GroupField[] })
  | (Located & { readonly kind: 'select'; readonly fields: readonly GroupField[] })
  | (Located & { readonly kind: 'coalesce' });

export type MetricsFn =
  'rate' | 'count_over_time' | 'avg_over_time' | 'min_over_time' | 'max_over_time' | 'sum_over_time' | 'quantile_over_time';

export interface MetricsStage extends Located {
  readonly fn: MetricsFn;
  /** The value measured (absent for rate and count_over_time). */
  readonly field: GroupField | undefined;
  readonly quantiles: readonly number[];
  readonly by: readonly GroupField[];
  readonly top: { readonly fn: 'topk' | 'bottomk'; readonly k: number } | undefined;
}

export type Query =
  | { readonly kind: 'search'; readonly expr: Expr; readonly selects: readonly GroupField[] }
  | { readonly kind: 'metrics'; readonly expr: Expr; readonly metrics: MetricsStage };

export interface QueryError extends Located {
  /** syntax: the grammar rejects it; unsupported: valid TraceQL outside the playground's subset; invalid: parses but cannot run (a bad regex). */
  readonly kind: 'syntax' | 'unsupported' | 'invalid';
  readonly message: string;
  readonly line: number;
  readonly column: number;
}
