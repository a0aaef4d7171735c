import { SpanKind } from '@opentelemetry/api';
import type { TraceTree } from '../../../src/sandbox/trace-model';

/** A trace as indented lines "service name KIND", the way a waterfall shows its rows. */
export function outline(tree: TraceTree): string[] {
  return tree.nodes.map((n) => `${'  '.repeat(n.depth)}${n.span.service} ${n.span.name} ${SpanKind[n.span.kind]}`);
}
