import { SpanKind } from '@opentelemetry/api';
import { formatDuration } from '../../shared/format';
import { SERVICE_NAMES } from '../topology';
import type { SpanNode, TraceTree } from '../trace-model';

// What the waterfall view draws, computed without any DOM: the rows (one
// per trace, then one per visible span), where each bar sits, and the
// time axis. The waterfall island only renders these.

export const SERVICE_COLOR_COUNT = 8;

/** A stable colour slot per service: the checkout services keep theirs, others hash. */
export function serviceColorIndex(service: string): number {
  const known = (SERVICE_NAMES as readonly string[]).indexOf(service);
  if (known >= 0) return known;
  let hash = 2166136261;
  for (let i = 0; i < service.length; i += 1) hash = Math.imul(hash ^ service.charCodeAt(i), 16777619);
  return (hash >>> 0) % SERVICE_COLOR_COUNT;
}

export type SpanKindName = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

/** How a row shows its span kind: an icon (chosen by `name`) and words for screen readers. */
export interface SpanKindView {
  name: SpanKindName;
  /** e.g. "client span": what the icon says, for those who cannot see it. */
  label: string;
  /** What the kind means, for the legend. */
  meaning: string;
}

const SPAN_KIND_VIEWS: Readonly<Record<SpanKind, SpanKindView>> = {
  [SpanKind.SERVER]: { name: 'server', label: 'server span', meaning: 'server: a request in' },
  [SpanKind.CLIENT]: { name: 'client', label: 'client span', meaning: 'client: a call out' },
  [SpanKind.PRODUCER]: { name: 'producer', label: 'producer span', meaning: 'producer: a message out' },
  [SpanKind.CONSUMER]: { name: 'consumer', label: 'consumer span', meaning: 'consumer: a message in' },
  [SpanKind.INTERNAL]: { name: 'internal', label: 'internal span', meaning: 'internal: work inside' },
};

/** The kind a row shows; an unknown value reads as internal, as the SDK defaults. */
export function spanKindView(kind: SpanKind): SpanKindView {
  return SPAN_KIND_VIEWS[kind] ?? SPAN_KIND_VIEWS[SpanKind.INTERNAL];
}

/** One legend entry per kind present in the traces, in a fixed order. */
export function spanKindLegend(traces: readonly TraceTree[]): SpanKindView[] {
  const present = new Set<SpanKindName>();
  for (const trace of traces) for (const node of trace.nodes) present.add(spanKindView(node.span.kind).name);
  return [SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL]
    .map((kind) => SPAN_KIND_VIEWS[kind])
    .filter((view) => present.has(view.name));
}

/** The stretch of time a trace's bars are drawn against. */
export interface TimelineWindow {
  startUs: number;
  durationUs: number;
}

/** One window for all traces (a sandbox run, so trace 2 sits where it happened) or one per trace. */
export function timelineWindows(traces: readonly TraceTree[], shared: boolean): Map<string, TimelineWindow> {
  const windows = new Map<string, TimelineWindow>();
  if (traces.length === 0) return windows;
  const start = Math.min(...traces.map((t) => t.startUs));
  const end = Math.max(...traces.map((t) => t.endUs));
  for (const trace of traces) {
    windows.set(
      trace.traceId,
      shared
        ? { startUs: start, durationUs: Math.max(1, end - start) }
        : { startUs: trace.startUs, durationUs: Math.max(1, trace.durationUs) },
    );
  }
  return windows;
}

export interface Bar {
  /** Percent of the window width, 0..100. */
  left: number;
  width: number;
}

export function barFor(startUs: number, endUs: number, window: TimelineWindow): Bar {
  const left = ((startUs - window.startUs) / window.durationUs) * 100;
  const width = ((endUs - startUs) / window.durationUs) * 100;
  return { left: clamp(left, 0, 100), width: clamp(width, 0, 100 - clamp(left, 0, 100)) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export interface TraceRow {
  kind: 'trace';
  key: string;
  trace: TraceTree;
  /** 1-based position of the trace in the list. */
  traceNumber: number;
  level: 1;
  expanded: boolean;
  bar: Bar;
}

export interface SpanRow {
  kind: 'span';
  key: string;
  trace: TraceTree;
  node: SpanNode;
  /** aria-level: traces are level 1, their root spans level 2. */
  level: number;
  hasChildren: boolean;
  expanded: boolean;
  bar: Bar;
  /** Parts of the bar on the critical path. */
  critical: Bar[];
  /** Stretches with no child span (see trace-model findGaps). */
  gaps: Bar[];
  colorIndex: number;
  /** SERVER, CLIENT, …: a CLIENT and the SERVER span it called look alike without it. */
  spanKind: SpanKindView;
}

export type WaterfallRow = TraceRow | SpanRow;

export interface RowOptions {
  /** Keys (trace ids or span ids) of collapsed rows. */
  collapsed?: ReadonlySet<string>;
  sharedTimeline?: boolean;
}

/** The visible rows: each trace, then its spans depth first, skipping the children of collapsed rows. */
export function waterfallRows(traces: readonly TraceTree[], options: RowOptions = {}): WaterfallRow[] {
  const collapsed = options.collapsed ?? new Set<string>();
  const windows = timelineWindows(traces, options.sharedTimeline ?? true);
  const rows: WaterfallRow[] = [];
  traces.forEach((trace, index) => {
    const window = windows.get(trace.traceId)!;
    const traceOpen = !collapsed.has(trace.traceId);
    rows.push({
      kind: 'trace',
      key: trace.traceId,
      trace,
      traceNumber: index + 1,
      level: 1,
      expanded: traceOpen,
      bar: barFor(trace.startUs, trace.endUs, window),
    });
    if (!traceOpen) return;
    const gapsBySpan = new Map<string, Bar[]>();
    for (const gap of trace.gaps) {
      const list = gapsBySpan.get(gap.spanId) ?? [];
      list.push(barFor(gap.startUs, gap.endUs, window));
      gapsBySpan.set(gap.spanId, list);
    }
    const criticalBySpan = new Map<string, Bar[]>();
    for (const segment of trace.criticalPath) {
      const list = criticalBySpan.get(segment.spanId) ?? [];
      list.push(barFor(segment.startUs, segment.endUs, window));
      criticalBySpan.set(segment.spanId, list);
    }
    const visit = (node: SpanNode, level: number) => {
      const id = node.span.spanId;
      const open = !collapsed.has(id);
      rows.push({
        kind: 'span',
        key: `${trace.traceId}:${id}`,
        trace,
        node,
        level,
        hasChildren: node.children.length > 0,
        expanded: open,
        bar: barFor(node.span.startUs, node.span.endUs, window),
        critical: criticalBySpan.get(id) ?? [],
        gaps: gapsBySpan.get(id) ?? [],
        colorIndex: serviceColorIndex(node.span.service),
        spanKind: spanKindView(node.span.kind),
      });
      if (open) for (const child of node.children) visit(child, level + 1);
    };
    for (const root of trace.roots) visit(root, 2);
  });
  return rows;
}

/** Index of the row a "move to parent" key press goes to, or -1. */
export function parentRowIndex(rows: readonly WaterfallRow[], index: number): number {
  const level = rows[index]?.level ?? 1;
  for (let i = index - 1; i >= 0; i -= 1) if (rows[i]!.level < level) return i;
  return -1;
}

export interface Tick {
  /** Percent of the width. */
  at: number;
  label: string;
}

/** Evenly spaced labels for the time axis of a window. */
export function timeTicks(window: TimelineWindow, count = 4): Tick[] {
  return Array.from({ length: count + 1 }, (_, i) => ({
    at: (i / count) * 100,
    label: formatDuration((window.durationUs * i) / count / 1000),
  }));
}
