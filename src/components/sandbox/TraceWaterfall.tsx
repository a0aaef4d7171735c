import { type CSSProperties, type KeyboardEvent, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { EdgeRecord } from '../../sandbox/network';
import { spanDetails } from '../../sandbox/view/span-details';
import { withCopyableHeaders } from '../../sandbox/view/span-details-view';
import { formatDuration } from '../../shared/format';
import type { TraceTree } from '../../sandbox/trace-model';
import {
  parentRowIndex,
  type SpanKindName,
  type SpanRow,
  spanKindLegend,
  timelineWindows,
  timeTicks,
  type TraceRow,
  waterfallRows,
} from '../../sandbox/view/waterfall-model';
import { barPosition, durationLabelPosition, percent, ROW_PX, rowWindow, scrollToShow } from '../../sandbox/view/waterfall-window';
import { SpanDetailsPanel } from './SpanDetailsPanel';
import './sandbox.css';

export interface TraceWaterfallProps {
  /** Traces to show, e.g. `buildTraces(run.spans)`. */
  traces: readonly TraceTree[];
  /** Edge records of a sandbox run: the details panel shows the traceparent that carried each span in. */
  edges?: readonly EdgeRecord[];
  /** Span ids to mark as matches (e.g. a TraceQL result). */
  highlightSpanIds?: ReadonlySet<string>;
  /** One time axis for all traces (a run) or one per trace (search results). Default true. */
  sharedTimeline?: boolean;
  /** Start with every trace collapsed to its summary row (useful for many traces). */
  collapseTraces?: boolean;
  /** Accessible name of the grid. */
  label?: string;
}

// One small icon per span kind, drawn with the text colour. A bar marks the
// service's edge: a request arrives at it (server) or leaves from it
// (client); a dashed arrow is a message (producer, consumer); a ring is work
// inside the service (internal). The words are in the row's text for screen
// readers and in the legend.
function KindIcon({ kind }: { kind: SpanKindName }) {
  const edgeIn = kind === 'server' || kind === 'consumer';
  const message = kind === 'producer' || kind === 'consumer';
  return (
    <svg className={`sbx-kind sbx-kind-${kind}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      {kind === 'internal' ? (
        <circle cx="8" cy="8" r="4.25" fill="none" stroke="currentColor" strokeWidth="2" />
      ) : (
        <>
          <path d={edgeIn ? 'M14 2.5v11' : 'M2 2.5v11'} stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          <path
            d={edgeIn ? 'M1 8h9.5' : 'M5 8h8.5'}
            stroke="currentColor"
            strokeWidth="2"
            strokeDasharray={message ? '2.2 1.8' : undefined}
          />
          <path
            d={edgeIn ? 'M7.5 4.5 11 8l-3.5 3.5' : 'M11 4.5 14.5 8 11 11.5'}
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </>
      )}
    </svg>
  );
}

function TraceRowCells({ row }: { row: TraceRow }) {
  const t = row.trace;
  const errors = t.errors.length;
  return (
    <>
      <div role="gridcell" className="sbx-cell-name sbx-trace-name">
        <span className="sbx-chevron" aria-hidden="true">
          {row.expanded ? '▾' : '▸'}
        </span>
        <span>
          <strong>Trace {row.traceNumber}</strong> <code className="sbx-id">{t.traceId.slice(0, 12)}…</code>{' '}
          <span className="kit-muted">
            {t.nodes.length} spans, {t.services.length} services, {formatDuration(t.durationUs / 1000)}
          </span>
          {errors > 0 && (
            <span className="sbx-error-badge">
              <span aria-hidden="true">⚠ </span>
              {errors} error{errors === 1 ? '' : 's'}
            </span>
          )}
          {t.orphans.length > 0 && (
            <span className="sbx-tag">
              {' '}
              {t.orphans.length} orphan{t.orphans.length === 1 ? '' : 's'}
            </span>
          )}
        </span>
      </div>
      <div role="gridcell" className="sbx-cell-time">
        <div className="sbx-bar sbx-bar-trace" style={barPosition(row.bar)} />
      </div>
    </>
  );
}

function SpanRowCells({ row, highlighted, onToggle }: { row: SpanRow; highlighted: boolean; onToggle: () => void }) {
  const { node } = row;
  const critical = node.criticalUs > 0;
  return (
    <>
      <div
        role="gridcell"
        className="sbx-cell-name"
        style={{ '--sbx-level': row.level - 2 } as CSSProperties}
        title={`${node.span.service} ${node.span.name} (${row.spanKind.label})`}
      >
        <span
          className="sbx-chevron"
          aria-hidden="true"
          onClick={(event) => {
            event.stopPropagation();
            if (row.hasChildren) onToggle();
          }}
        >
          {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
        </span>
        <span className={`sbx-swatch sbx-svc-${row.colorIndex}`} aria-hidden="true" />
        <KindIcon kind={row.spanKind.name} />
        <span className="sbx-label">
          <span className="sbx-service">{node.span.service}</span> <span className="sbx-op">{node.span.name}</span>
        </span>
        <span className="sr-only">, {row.spanKind.label}</span>
        {node.isError && (
          <span className="sbx-error-badge">
            <span aria-hidden="true">⚠ </span>error
          </span>
        )}
        {node.isOrphan && <span className="sbx-tag">orphan</span>}
        {highlighted && <span className="sbx-tag sbx-tag-match">match</span>}
      </div>
      <div role="gridcell" className="sbx-cell-time">
        {row.gaps.map((gap, i) => (
          <div key={`g${i}`} className="sbx-gap" style={barPosition(gap)} />
        ))}
        <div className={`sbx-bar sbx-svc-${row.colorIndex}${node.isError ? ' sbx-bar-error' : ''}`} style={barPosition(row.bar)} />
        {row.critical.map((segment, i) => (
          <div key={`c${i}`} className="sbx-critical" style={barPosition(segment)} />
        ))}
        <span className="sbx-duration" style={durationLabelPosition(row.bar)}>
          {formatDuration(node.durationUs / 1000)}
        </span>
        <span className="sr-only">
          , starts at {formatDuration(node.offsetUs / 1000)}
          {critical ? `, on the critical path for ${formatDuration(node.criticalUs / 1000)}` : ''}
          {row.gaps.length > 0 ? `, ${row.gaps.length === 1 ? 'a gap' : `${row.gaps.length} gaps`} with no child span` : ''}
        </span>
      </div>
    </>
  );
}

/**
 * A Jaeger-like timeline: one row per span, indented by depth, a bar
 * placed by start offset and sized by duration. A treegrid: arrow keys
 * move between rows, Right/Left open and close, Enter shows details.
 */
export function TraceWaterfall({
  traces,
  edges = [],
  highlightSpanIds,
  sharedTimeline = true,
  collapseTraces = false,
  label = 'Trace waterfall',
}: TraceWaterfallProps) {
  const baseId = useId();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set(collapseTraces ? traces.map((t) => t.traceId) : []));
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [rowPx, setRowPx] = useState(ROW_PX);
  const focusPending = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);

  // New traces: forget selection and collapse state that belonged to the old ones.
  useEffect(() => {
    setCollapsed(new Set(collapseTraces ? traces.map((t) => t.traceId) : []));
    setSelectedKey(null);
    setFocusIndex(0);
  }, [traces, collapseTraces]);

  const rows = useMemo(() => waterfallRows(traces, { collapsed, sharedTimeline }), [traces, collapsed, sharedTimeline]);
  const windows = useMemo(() => timelineWindows(traces, sharedTimeline), [traces, sharedTimeline]);
  const firstWindow = traces[0] ? windows.get(traces[0].traceId) : undefined;
  const ticks = firstWindow && sharedTimeline ? timeTicks(firstWindow, 3) : [];
  const { virtual, first, last, padTop, padBottom, maxHeight } = rowWindow(rows.length, scrollTop, rowPx);
  const focus = Math.min(focusIndex, Math.max(0, rows.length - 1));

  useLayoutEffect(() => {
    const height = grid.current?.querySelector<HTMLElement>('[data-row]')?.getBoundingClientRect().height;
    if (height && Math.abs(height - rowPx) > 0.5) setRowPx(height);
  }, [rows, rowPx]);

  // A layout effect: focus moves as soon as the DOM has changed, before the browser handles the next key press.
  useLayoutEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-row="${focus}"]`)?.focus({ preventScroll: virtual });
  });

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    focusPending.current = true;
    setFocusIndex(target);
    const box = scroller.current;
    if (virtual && box) {
      box.scrollTop = scrollToShow(target, rowPx, box.scrollTop, box.clientHeight);
      setScrollTop(box.scrollTop);
    }
  };

  const toggle = (key: string, open?: boolean) => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      const isOpen = !next.has(key);
      if (open ?? !isOpen) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const rowKey = (row: (typeof rows)[number]) => (row.kind === 'trace' ? row.key : row.node.span.spanId);
  const expandable = (row: (typeof rows)[number]) => row.kind === 'trace' || row.hasChildren;

  const activate = (index: number) => {
    const row = rows[index];
    if (!row) return;
    if (row.kind === 'trace') toggle(row.key);
    else setSelectedKey(row.key);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number) => {
    const row = rows[index]!;
    const handled = () => {
      event.preventDefault();
      event.stopPropagation();
    };
    switch (event.key) {
      case 'ArrowDown':
        handled();
        moveTo(index + 1);
        break;
      case 'ArrowUp':
        handled();
        moveTo(index - 1);
        break;
      case 'Home':
        handled();
        moveTo(0);
        break;
      case 'End':
        handled();
        moveTo(rows.length - 1);
        break;
      case 'PageDown':
        handled();
        moveTo(index + 10);
        break;
      case 'PageUp':
        handled();
        moveTo(index - 10);
        break;
      case 'ArrowRight':
        handled();
        if (expandable(row) && !row.expanded) toggle(rowKey(row), true);
        else if (expandable(row)) moveTo(index + 1);
        break;
      case 'ArrowLeft':
        handled();
        if (expandable(row) && row.expanded) toggle(rowKey(row), false);
        else {
          const parent = parentRowIndex(rows, index);
          if (parent >= 0) moveTo(parent);
        }
        break;
      case 'Enter':
      case ' ':
        handled();
        activate(index);
        break;
      case 'Escape':
        if (selectedKey === null) break;
        handled();
        setSelectedKey(null);
        break;
      default:
    }
  };

  const selectedIndex = rows.findIndex((r) => r.kind === 'span' && r.key === selectedKey);
  const selectedRow = selectedIndex >= 0 ? (rows[selectedIndex] as SpanRow) : undefined;
  const details = selectedRow
    ? withCopyableHeaders(spanDetails(selectedRow.node, selectedRow.trace, edges), selectedRow.node.span.spanId, edges)
    : null;
  const kindLegend = useMemo(() => spanKindLegend(traces), [traces]);

  // Closing the details (button or Escape) puts focus back on the row that opened them.
  const closeDetails = () => {
    setSelectedKey(null);
    if (selectedIndex >= 0) moveTo(selectedIndex);
  };

  if (traces.length === 0) return <p className="kit-muted">No spans to show.</p>;

  return (
    <div className="sbx-waterfall">
      <p className="sbx-legend">
        <span className="sbx-legend-item">
          <span className="sbx-legend-bar" aria-hidden="true" /> span, coloured by service
        </span>
        <span className="sbx-legend-item">
          <span className="sbx-legend-critical" aria-hidden="true" /> critical path
        </span>
        <span className="sbx-legend-item">
          <span className="sbx-legend-gap" aria-hidden="true" /> gap: no child span
        </span>
        <span className="sbx-legend-item">
          <span className="sbx-error-badge">
            <span aria-hidden="true">⚠ </span>error
          </span>{' '}
          status ERROR
        </span>
      </p>
      {kindLegend.length > 0 && (
        <p className="sbx-legend sbx-legend-kinds">
          <span>Span kind:</span>
          {kindLegend.map((kind) => (
            <span key={kind.name} className="sbx-legend-item">
              <KindIcon kind={kind.name} /> {kind.meaning}
            </span>
          ))}
        </p>
      )}
      <div
        ref={scroller}
        className={`sbx-scroller${virtual ? ' sbx-scroller-virtual' : ''}`}
        style={maxHeight !== undefined ? { maxHeight: `${maxHeight}px` } : undefined}
        onScroll={virtual ? (event) => setScrollTop(event.currentTarget.scrollTop) : undefined}
      >
        <div ref={grid} role="treegrid" aria-label={label} aria-rowcount={rows.length + 1} className="sbx-grid">
          <div role="row" aria-rowindex={1} className="sbx-row sbx-row-head">
            <div role="columnheader" className="sbx-cell-name">
              Service and span
            </div>
            <div role="columnheader" className="sbx-cell-time">
              {ticks.length > 0 ? (
                <>
                  <span className="sr-only">Timeline, 0 to {ticks.at(-1)!.label}</span>
                  {ticks.map((tick, i) => (
                    <span
                      key={i}
                      aria-hidden="true"
                      className={i === 0 || i === ticks.length - 1 ? 'sbx-tick' : 'sbx-tick sbx-tick-mid'}
                      style={i === ticks.length - 1 ? { right: 0 } : { left: percent(tick.at) }}
                    >
                      {tick.label}
                    </span>
                  ))}
                </>
              ) : (
                'Timeline (each trace on its own scale)'
              )}
            </div>
          </div>
          <div role="rowgroup" style={virtual ? { paddingTop: padTop, paddingBottom: padBottom } : undefined}>
            {rows.slice(first, last).map((row, offset) => {
              const index = first + offset;
              const selected = row.kind === 'span' && row.key === selectedKey;
              const highlighted = row.kind === 'span' && (highlightSpanIds?.has(row.node.span.spanId) ?? false);
              const classes = [
                'sbx-row',
                row.kind === 'trace' ? 'sbx-row-trace' : '',
                selected ? 'sbx-row-selected' : '',
                highlighted ? 'sbx-row-match' : '',
                row.kind === 'span' && row.node.criticalUs > 0 ? 'sbx-row-critical' : '',
              ]
                .filter(Boolean)
                .join(' ');
              return (
                <div
                  key={row.key}
                  role="row"
                  data-row={index}
                  aria-rowindex={index + 2}
                  aria-level={row.level}
                  aria-expanded={expandable(row) ? row.expanded : undefined}
                  aria-selected={row.kind === 'span' ? selected : undefined}
                  tabIndex={index === focus ? 0 : -1}
                  className={classes}
                  onClick={() => {
                    setFocusIndex(index);
                    activate(index);
                  }}
                  onKeyDown={(event) => onKeyDown(event, index)}
                >
                  {row.kind === 'trace' ? (
                    <TraceRowCells row={row} />
                  ) : (
                    <SpanRowCells row={row} highlighted={highlighted} onToggle={() => toggle(row.node.span.spanId)} />
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <p className="sbx-hint">
        Keyboard: arrow keys move between rows, Right and Left open and close, Enter shows a span’s details, Escape closes them.
      </p>
      {details && <SpanDetailsPanel details={details} headingId={`${baseId}-details`} onClose={closeDetails} />}
    </div>
  );
}
