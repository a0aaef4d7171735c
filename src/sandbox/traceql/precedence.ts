import type { SyntaxNode } from '@lezer/common';

// Tempo's operator precedence, applied to the operands and operators the
// lezer tree holds. Grafana's editor grammar groups some chains differently
// from Tempo's own parser (its `expr.y`): there `&&` and `||` bind equally
// and from the left, `*` binds tighter than `+`, `^` groups from the right,
// `!x && y` negates only `x`, and the negated structural operators (`!>>`,
// `!~`…) bind like the other structural ones, tighter than `&&` and `|`. The
// converter flattens each unparenthesized chain into a sequence and regroups
// it here, so a query means what it means in Tempo.

export type ChainItem =
  | { readonly kind: 'operand'; readonly node: SyntaxNode }
  | { readonly kind: 'binary'; readonly op: string; readonly node: SyntaxNode }
  | { readonly kind: 'prefix'; readonly op: string; readonly from: number };

export type Shape =
  | { readonly kind: 'leaf'; readonly node: SyntaxNode; readonly from: number; readonly to: number }
  | {
      readonly kind: 'binary';
      readonly op: string;
      readonly opNode: SyntaxNode;
      readonly left: Shape;
      readonly right: Shape;
      readonly from: number;
      readonly to: number;
    }
  | { readonly kind: 'prefix'; readonly op: string; readonly operand: Shape; readonly from: number; readonly to: number };

export interface Levels {
  /** Binding level of a binary operator: higher binds tighter. */
  binary(op: string): number;
  rightAssociative(op: string): boolean;
  /** A prefix operator's level: it takes the operators that bind tighter than this. */
  prefix(op: string): number;
}

const FIELD_LEVEL: Readonly<Record<string, number>> = {
  '&&': 1,
  '||': 1,
  '=': 2,
  '!=': 2,
  '<': 2,
  '<=': 2,
  '>': 2,
  '>=': 2,
  '=~': 2,
  '!~': 2,
  '~': 2,
  '+': 3,
  '-': 3,
  '*': 5,
  '/': 5,
  '%': 5,
  '^': 6,
};

/** Inside `{ }` and in pipeline arithmetic, as Tempo's `%left`/`%right` lines order them. */
export const FIELD_LEVELS: Levels = {
  binary: (op) => FIELD_LEVEL[op] ?? 2,
  rightAssociative: (op) => op === '^',
  // `!` sits between `+` and `*`; a unary `-` binds like a binary one.
  prefix: (op) => (op === '!' ? 4 : 3),
};

/** Between spansets: `|` loosest, then `&&` and `||` together, then every structural operator. */
export const SPANSET_LEVELS: Levels = {
  binary: (op) => (op === '|' ? 0 : op === '&&' || op === '||' ? 1 : 2),
  rightAssociative: () => false,
  prefix: () => 0,
};

/**
 * Groups a flattened chain by precedence. The chain comes from a parse tree
 * in order, so it alternates operands and binary operators, with prefix
 * operators before operands. Left-associative runs loop rather than recurse.
 */
export function group(items: readonly ChainItem[], levels: Levels): Shape {
  let position = 0;
  const unary = (): Shape => {
    const item = items[position];
    position += 1;
    if (!item) throw new Error('operator chain ends early');
    if (item.kind === 'prefix') {
      const operand = climb(levels.prefix(item.op) + 1);
      return { kind: 'prefix', op: item.op, operand, from: item.from, to: operand.to };
    }
    if (item.kind === 'operand') return { kind: 'leaf', node: item.node, from: item.node.from, to: item.node.to };
    throw new Error(`operator ${item.op} where an operand belongs`);
  };
  const climb = (minLevel: number): Shape => {
    let left = unary();
    for (;;) {
      const item = items[position];
      if (!item || item.kind !== 'binary') return left;
      const level = levels.binary(item.op);
      if (level < minLevel) return left;
      position += 1;
      const right = climb(levels.rightAssociative(item.op) ? level : level + 1);
      left = { kind: 'binary', op: item.op, opNode: item.node, left, right, from: left.from, to: right.to };
    }
  };
  const shape = climb(Number.NEGATIVE_INFINITY);
  if (position !== items.length) throw new Error('operator chain has a stray operator');
  return shape;
}
