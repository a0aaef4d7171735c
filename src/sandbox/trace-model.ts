import { type Attributes, type SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToMicros } from './time';

// The trace model behind the waterfall: raw span fields (SpanRecord) kept
// apart from what is derived from them (SpanNode, TraceTree). Pure functions,
// no framework, no DOM.

/** The fields of one finished span, copied out of the SDK's ReadableSpan. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** null for a root span. */
  readonly parentSpanId: string | null;
  readonly name: string;
  readonly kind: SpanKind;
  /** `service.name` of the resource that made the span. */
  readonly service: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly status: { readonly code: SpanStatusCode; readonly message?: string };
  readonly attributes: Attributes;
  readonly resource: Attributes;
  readonly events: readonly { readonly name: string; readonly timeUs: number; readonly attributes: Attributes }[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
  readonly scope: string;
}

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const ctx = span.spanContext();
  const service = span.resource.attributes['service.name'];
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: span.kind,
    service: typeof service === 'string' ? service : 'unknown_service',
    startUs: hrTimeToMicros(span.startTime),
    endUs: hrTimeToMicros(span.endTime),
    status: span.status.message === undefined ? { code: span.status.code } : { code: span.status.code, message: span.status.message },
    attributes: span.attributes,
    resource: span.resource.attributes,
    events: span.events.map((e) => ({ name: e.name, timeUs: hrTimeToMicros(e.time), attributes: e.attributes ?? {} })),
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
    scope: span.instrumentationScope.name,
  };
}

export function toSpanRecords(spans: readonly ReadableSpan[]): SpanRecord[] {
  return spans.map(toSpanRecord);
}

/** One span in its trace, with what the waterfall derives from the raw record. */
export interface SpanNode {
  readonly span: SpanRecord;
  readonly depth: number;
  readonly parent: SpanNode | null;
  readonly children: SpanNode[];
  /** Start relative to the start of the trace. */
  readonly offsetUs: number;
  readonly durationUs: number;
  /** Duration not covered by any child. */
  readonly selfUs: number;
  readonly isError: boolean;
  /** Has a parent id, but no span with that id is in the trace. */
  readonly isOrphan: boolean;
  /** Time this span contributes to the critical path (0 when it is not on it). */
  criticalUs: number;
}

export interface CriticalSegment {
  readonly spanId: string;
  readonly startUs: number;
  readonly endUs: number;
}

export interface Gap {
  readonly spanId: string;
  readonly service: string;
  readonly name: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly offsetUs: number;
  readonly durationUs: number;
  /** Share of the parent's duration the gap takes, 0..1. */
  readonly share: number;
}

export interface TraceTree {
  readonly traceId: string;
  /** Every span, depth first, siblings by start time: the rows of a waterfall. */
  readonly nodes: readonly SpanNode[];
  /** Root spans first, then orphans (each heads a subtree of its own). */
  readonly roots: readonly SpanNode[];
  /** The span with no parent id, if the trace has one. */
  readonly root: SpanNode | null;
  readonly startUs: number;
  readonly endUs: number;
  readonly durationUs: number;
  /** Services in order of first appearance in the rows. */
  readonly services: readonly string[];
  readonly errors: readonly SpanNode[];
  readonly orphans: readonly SpanNode[];
  readonly criticalPath: readonly CriticalSegment[];
  readonly gaps: readonly Gap[];
  readonly byId: ReadonlyMap<string, SpanNode>;
}

/** Groups spans by trace id, traces ordered by their earliest start. */
export function groupByTrace(records: readonly SpanRecord[]): SpanRecord[][] {
  const groups = new Map<string, SpanRecord[]>();
  for (const record of records) {
    const group = groups.get(record.traceId);
    if (group) group.push(record);
    else groups.set(record.traceId, [record]);
  }
  const earliest = (group: SpanRecord[]) => Math.min(...group.map((r) => r.startUs));
  return [...groups.values()]
    .map((group) => ({ group, start: earliest(group) }))
    .sort((a, b) => a.start - b.start)
    .map(({ group }) => group);
}

const byStart = (a: { span: SpanRecord }, b: { span: SpanRecord }) => a.span.startUs - b.span.startUs || a.span.endUs - b.span.endUs;

/** Intervals of [start, end] not covered by the given intervals (clipped to it). */
export function uncovered(start: number, end: number, covered: readonly (readonly [number, number])[]): [number, number][] {
  const clipped = covered
    .map(([s, e]) => [Math.max(s, start), Math.min(e, end)] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const free: [number, number][] = [];
  let cursor = start;
  for (const [s, e] of clipped) {
    if (s > cursor) free.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (end > cursor) free.push([cursor, end]);
  return free;
}

interface MutableNode {
  span: SpanRecord;
  depth: number;
  parent: MutableNode | null;
  children: MutableNode[];
  offsetUs: number;
  durationUs: number;
  selfUs: number;
  isError: boolean;
  isOrphan: boolean;
  criticalUs: number;
}

/** Builds the tree of one trace's spans (all with the same trace id). */
export function buildTrace(records: readonly SpanRecord[], gapOptions?: GapOptions): TraceTree {
  if (records.length === 0) throw new Error('buildTrace needs at least one span');
  const traceId = records[0]!.traceId;
  const startUs = Math.min(...records.map((r) => r.startUs));
  const endUs = Math.max(...records.map((r) => r.endUs));
  const byId = new Map<string, MutableNode>();
  for (const span of records) {
    if (byId.has(span.spanId)) continue; // a duplicate id: keep the first
    byId.set(span.spanId, {
      span,
      depth: 0,
      parent: null,
      children: [],
      offsetUs: span.startUs - startUs,
      durationUs: Math.max(0, span.endUs - span.startUs),
      selfUs: 0,
      isError: span.status.code === SpanStatusCode.ERROR,
      isOrphan: false,
      criticalUs: 0,
    });
  }
  const roots: MutableNode[] = [];
  const orphans: MutableNode[] = [];
  for (const node of byId.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent && parent !== node && !isAncestor(node, parent)) {
      node.parent = parent;
      parent.children.push(node);
    } else if (parentId) {
      node.isOrphan = true;
      orphans.push(node);
    } else {
      roots.push(node);
    }
  }
  roots.sort(byStart);
  orphans.sort(byStart);
  const nodes: MutableNode[] = [];
  const stack: MutableNode[] = [...roots, ...orphans].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.depth = node.parent ? node.parent.depth + 1 : 0;
    node.children.sort(byStart);
    const free = uncovered(
      node.span.startUs,
      node.span.endUs,
      node.children.map((c) => [c.span.startUs, c.span.endUs] as const),
    );
    node.selfUs = free.reduce((sum, [s, e]) => sum + e - s, 0);
    nodes.push(node);
    for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  const primary = roots[0] ?? [...orphans].sort((a, b) => b.durationUs - a.durationUs)[0] ?? null;
  const criticalPath = primary ? computeCriticalPath(primary) : [];
  for (const segment of criticalPath) byId.get(segment.spanId)!.criticalUs += segment.endUs - segment.startUs;
  const services: string[] = [];
  for (const node of nodes) if (!services.includes(node.span.service)) services.push(node.span.service);
  const tree: TraceTree = {
    traceId,
    nodes,
    roots: [...roots, ...orphans],
    root: roots[0] ?? null,
    startUs,
    endUs,
    durationUs: endUs - startUs,
    services,
    errors: nodes.filter((n) => n.isError),
    orphans,
    criticalPath,
    gaps: [],
    byId,
  };
  return { ...tree, gaps: findGaps(tree, gapOptions) };
}

function isAncestor(candidate: MutableNode, of: MutableNode): boolean {
  // Guards against parent cycles in malformed data.
  for (let p: MutableNode | null = of.parent; p; p = p.parent) if (p === candidate) return true;
  return false;
}

/** Builds one tree per trace id, ordered by start time. */
export function buildTraces(spans: readonly (ReadableSpan | SpanRecord)[], gapOptions?: GapOptions): TraceTree[] {
  const records = spans.map((s) => ('spanContext' in s ? toSpanRecord(s) : s));
  return groupByTrace(records).map((group) => buildTrace(group, gapOptions));
}

/**
 * The critical path: the chain of work that determined when the root
 * finished. Walking back from the end of a span, the child that finished
 * last (before the cursor) was what the span waited for; its own path is
 * followed, then the walk resumes before that child started. Children are
 * clipped to their parent, so work that outlives it (a message consumer)
 * is not on the request's path.
 */
export function computeCriticalPath(root: SpanNode): CriticalSegment[] {
  const segments: CriticalSegment[] = [];
  const walk = (node: SpanNode, from: number, to: number): void => {
    const kids = node.children
      .map((child) => ({ child, s: Math.max(child.span.startUs, from), e: Math.min(child.span.endUs, to) }))
      .filter((k) => k.e > k.s);
    let cursor = to;
    for (;;) {
      let next: (typeof kids)[number] | undefined;
      for (const k of kids) if (k.e <= cursor && (!next || k.e > next.e)) next = k;
      if (!next) {
        if (cursor > from) segments.push({ spanId: node.span.spanId, startUs: from, endUs: cursor });
        return;
      }
      if (cursor > next.e) segments.push({ spanId: node.span.spanId, startUs: next.e, endUs: cursor });
      walk(next.child, next.s, next.e);
      cursor = next.s;
    }
  };
  walk(root, root.span.startUs, root.span.endUs);
  return segments.sort((a, b) => a.startUs - b.startUs);
}

export interface GapOptions {
  /** Shortest gap worth reporting (default 20 ms). */
  minUs?: number;
  /** Smallest share of the parent's duration worth reporting (default 0.2). */
  minShare?: number;
}

/**
 * Stretches inside a parent span that none of its children cover: time the
 * service spent in code that made no spans (or waiting on something that
 * is not instrumented). Leaves are skipped: their time is their own work.
 */
export function findGaps(trace: Pick<TraceTree, 'nodes' | 'startUs'>, options: GapOptions = {}): Gap[] {
  const minUs = options.minUs ?? 20_000;
  const minShare = options.minShare ?? 0.2;
  const gaps: Gap[] = [];
  for (const node of trace.nodes) {
    if (node.children.length === 0 || node.durationUs === 0) continue;
    const free = uncovered(
      node.span.startUs,
      node.span.endUs,
      node.children.map((c) => [c.span.startUs, c.span.endUs] as const),
    );
    for (const [s, e] of free) {
      const durationUs = e - s;
      const share = durationUs / node.durationUs;
      if (durationUs >= minUs && share >= minShare) {
        gaps.push({
          spanId: node.span.spanId,
          service: node.span.service,
          name: node.span.name,
          startUs: s,
          endUs: e,
          offsetUs: s - trace.startUs,
          durationUs,
          share,
        });
      }
    }
  }
  return gaps;
}

/** Spans whose parent id names a span that is not among the given spans. */
export function findOrphans(records: readonly SpanRecord[]): SpanRecord[] {
  const ids = new Set(records.map((r) => r.spanId));
  return records.filter((r) => r.parentSpanId !== null && !ids.has(r.parentSpanId));
}

/** Error spans none of whose descendants is an error: where a failure started. */
export function errorOrigins(trace: Pick<TraceTree, 'errors'>): SpanNode[] {
  const hasErrorBelow = (node: SpanNode): boolean => node.children.some((c) => c.isError || hasErrorBelow(c));
  return trace.errors.filter((node) => !hasErrorBelow(node));
}

/** The longest span by self time: where the time went that no child explains. */
export function largestSelfTime(trace: Pick<TraceTree, 'nodes'>, includeRoots = false): SpanNode | null {
  let best: SpanNode | null = null;
  for (const node of trace.nodes) {
    if (!includeRoots && node.span.parentSpanId === null) continue;
    if (!best || node.selfUs > best.selfUs) best = node;
  }
  return best;
}
