import type { SpanNode, TraceTree } from './trace-model';

/*
 * Compares two traces of the same request (a fast one and a slow one, before
 * and after a change) and says where the difference went.
 *
 * API
 *   compareTraces(a, b): TraceComparison
 *     a is the reference ("before", "normal"), b the one being explained.
 *
 * Matching. Span ids differ between runs, so spans are matched by where they
 * sit: the path of (service, span name) from the root down to the span, and
 * at each step the ordinal among siblings with the same service and name
 * (siblings in start order, as the waterfall shows them). The third of three
 * `GET /route` calls under the same parent matches the third in the other
 * trace. A span whose parent changed is therefore a different span: it shows
 * as only in A and only in B.
 *
 * Structure. Spans only in A or only in B, and calls between services
 * (parent service → child service) only in A or only in B: what a broken
 * propagation or a new dependency looks like.
 *
 * Attribution. The total difference is the difference in the duration of the
 * two traces' main root spans (the root, or the longest orphan when the root
 * is missing, as trace-model's critical path picks it). It is split over the
 * spans by their time on the critical path: buildTrace gives every span the
 * time it spends on the chain of work that determined when the root finished
 * (criticalUs), and those times partition the root's interval, so they add up
 * to the root's duration exactly. A span's contribution is its critical time
 * in B minus its critical time in A (a span present in only one trace counts
 * with its whole critical time). The contributions therefore add up to the
 * total difference exactly, and a span that got slower off the critical path
 * (work in parallel that someone else waited longer for) contributes nothing,
 * which is what the customer felt. Duration and self-time differences of each
 * matched span are reported beside it.
 */

export interface SpanPathStep {
  readonly service: string;
  readonly name: string;
  /** 0 for the first sibling with this service and name, 1 for the second… */
  readonly ordinal: number;
}

export interface MatchedSpan {
  readonly key: string;
  readonly path: readonly SpanPathStep[];
  readonly a: SpanNode;
  readonly b: SpanNode;
  /** b − a. */
  readonly durationDeltaUs: number;
  readonly selfDeltaUs: number;
  readonly criticalDeltaUs: number;
}

export interface Contributor {
  readonly key: string;
  readonly path: readonly SpanPathStep[];
  readonly service: string;
  readonly name: string;
  /** Share of the total difference: critical time in b − critical time in a. */
  readonly deltaUs: number;
  readonly presence: 'both' | 'only-a' | 'only-b';
  readonly a: SpanNode | null;
  readonly b: SpanNode | null;
}

export interface ServiceEdge {
  readonly from: string;
  readonly to: string;
}

export interface TraceComparison {
  readonly a: { readonly traceId: string; readonly rootDurationUs: number };
  readonly b: { readonly traceId: string; readonly rootDurationUs: number };
  /** b's root duration − a's. */
  readonly totalDeltaUs: number;
  /** In a's row order. */
  readonly matched: readonly MatchedSpan[];
  readonly onlyInA: readonly SpanNode[];
  readonly onlyInB: readonly SpanNode[];
  readonly edgesOnlyInA: readonly ServiceEdge[];
  readonly edgesOnlyInB: readonly ServiceEdge[];
  /** Spans whose contribution is not zero, biggest (by size, either sign) first; they add up to totalDeltaUs. */
  readonly contributors: readonly Contributor[];
}

/** The span the critical path starts from, chosen as buildTrace chooses it. */
export function mainRoot(trace: Pick<TraceTree, 'root' | 'orphans'>): SpanNode | null {
  return trace.root ?? [...trace.orphans].sort((x, y) => y.durationUs - x.durationUs)[0] ?? null;
}

const stepKey = (step: SpanPathStep) => `${step.service}\u0001${step.name}\u0001${step.ordinal}`;

/** Every span of a trace by its position key, with its path. */
export function spansByPosition(trace: Pick<TraceTree, 'roots'>): Map<string, { node: SpanNode; path: SpanPathStep[] }> {
  const out = new Map<string, { node: SpanNode; path: SpanPathStep[] }>();
  const visit = (siblings: readonly SpanNode[], parentKey: string, parentPath: SpanPathStep[]) => {
    const seen = new Map<string, number>();
    for (const node of siblings) {
      const pair = `${node.span.service}\u0001${node.span.name}`;
      const ordinal = seen.get(pair) ?? 0;
      seen.set(pair, ordinal + 1);
      const step = { service: node.span.service, name: node.span.name, ordinal };
      const key = parentKey === '' ? stepKey(step) : `${parentKey}\u0002${stepKey(step)}`;
      const path = [...parentPath, step];
      out.set(key, { node, path });
      visit(node.children, key, path);
    }
  };
  visit(trace.roots, '', []);
  return out;
}

function serviceEdges(trace: Pick<TraceTree, 'nodes'>): Map<string, ServiceEdge> {
  const edges = new Map<string, ServiceEdge>();
  for (const node of trace.nodes) {
    const parent = node.parent;
    if (parent && parent.span.service !== node.span.service) {
      edges.set(`${parent.span.service}\u0001${node.span.service}`, { from: parent.span.service, to: node.span.service });
    }
  }
  return edges;
}

export function compareTraces(a: TraceTree, b: TraceTree): TraceComparison {
  const inA = spansByPosition(a);
  const inB = spansByPosition(b);
  const matched: MatchedSpan[] = [];
  const contributors: Contributor[] = [];
  const onlyInA: SpanNode[] = [];
  for (const [key, { node, path }] of inA) {
    const other = inB.get(key);
    const last = path.at(-1)!;
    if (other) {
      const criticalDeltaUs = other.node.criticalUs - node.criticalUs;
      matched.push({
        key,
        path,
        a: node,
        b: other.node,
        durationDeltaUs: other.node.durationUs - node.durationUs,
        selfDeltaUs: other.node.selfUs - node.selfUs,
        criticalDeltaUs,
      });
      contributors.push({
        key,
        path,
        service: last.service,
        name: last.name,
        deltaUs: criticalDeltaUs,
        presence: 'both',
        a: node,
        b: other.node,
      });
    } else {
      onlyInA.push(node);
      contributors.push({
        key,
        path,
        service: last.service,
        name: last.name,
        deltaUs: -node.criticalUs,
        presence: 'only-a',
        a: node,
        b: null,
      });
    }
  }
  const onlyInB: SpanNode[] = [];
  for (const [key, { node, path }] of inB) {
    if (inA.has(key)) continue;
    const last = path.at(-1)!;
    onlyInB.push(node);
    contributors.push({
      key,
      path,
      service: last.service,
      name: last.name,
      deltaUs: node.criticalUs,
      presence: 'only-b',
      a: null,
      b: node,
    });
  }
  const edgesA = serviceEdges(a);
  const edgesB = serviceEdges(b);
  const rootA = mainRoot(a);
  const rootB = mainRoot(b);
  const rootDuration = (root: SpanNode | null) => root?.durationUs ?? 0;
  return {
    a: { traceId: a.traceId, rootDurationUs: rootDuration(rootA) },
    b: { traceId: b.traceId, rootDurationUs: rootDuration(rootB) },
    totalDeltaUs: rootDuration(rootB) - rootDuration(rootA),
    matched,
    onlyInA,
    onlyInB,
    edgesOnlyInA: [...edgesA].filter(([key]) => !edgesB.has(key)).map(([, edge]) => edge),
    edgesOnlyInB: [...edgesB].filter(([key]) => !edgesA.has(key)).map(([, edge]) => edge),
    contributors: contributors.filter((c) => c.deltaUs !== 0).sort((x, y) => Math.abs(y.deltaUs) - Math.abs(x.deltaUs)),
  };
}
