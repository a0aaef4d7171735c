import type { Bar } from './waterfall-model';

// Where the waterfall's rows and labels go on screen, computed without any
// DOM: which rows a long list renders (the window around the scroll
// position), how far to scroll to bring a row into view, and where a bar
// and its duration label sit. TraceWaterfall.tsx only applies these.

/** Row height assumed before one has been measured (CSS sets it; phones get taller rows). */
export const ROW_PX = 36;
/** Lists longer than this render only the rows near the scroll position. */
export const VIRTUAL_FROM = 150;
/** Rows the scroll box shows at once when the list is virtual. */
export const VIEW_ROWS = 14;
/** Rows rendered beyond each edge of the box, so a quick scroll does not show blanks. */
export const OVERSCAN = 8;

export interface RowWindow {
  /** True when only part of the list is rendered. */
  readonly virtual: boolean;
  /** Index of the first rendered row. */
  readonly first: number;
  /** One past the last rendered row. */
  readonly last: number;
  /** Space above and below the rendered rows that stands in for the others, in px. */
  readonly padTop: number;
  readonly padBottom: number;
  /** Height of the scroll box in px (the view plus the sticky header row), when virtual. */
  readonly maxHeight: number | undefined;
}

/** The rows to render for a scroll position. */
export function rowWindow(rowCount: number, scrollTop: number, rowPx: number): RowWindow {
  if (rowCount <= VIRTUAL_FROM) return { virtual: false, first: 0, last: rowCount, padTop: 0, padBottom: 0, maxHeight: undefined };
  const first = Math.max(0, Math.floor(scrollTop / rowPx) - OVERSCAN);
  const last = Math.min(rowCount, Math.ceil((scrollTop + VIEW_ROWS * rowPx) / rowPx) + OVERSCAN);
  return { virtual: true, first, last, padTop: first * rowPx, padBottom: (rowCount - last) * rowPx, maxHeight: (VIEW_ROWS + 1) * rowPx };
}

/**
 * The scroll position that shows row `index` with the least movement: unchanged
 * when it is in view already. The sticky header row covers the top row's height
 * of the box, so a row is in view only below it.
 */
export function scrollToShow(index: number, rowPx: number, scrollTop: number, boxHeight: number): number {
  const top = index * rowPx;
  if (top < scrollTop) return top;
  if (top + 2 * rowPx > scrollTop + boxHeight) return top + 2 * rowPx - boxHeight;
  return scrollTop;
}

const pct = (n: number) => `${n.toFixed(3)}%`;

/** Where `at` percent of the timeline is, as CSS. */
export function percent(at: number): string {
  return pct(at);
}

/** A bar's place on the timeline as CSS; a zero-length span still gets a visible sliver. */
export function barPosition(bar: Bar): { left: string; width: string } {
  return { left: pct(bar.left), width: `max(${pct(bar.width)}, 2px)` };
}

/** The duration label goes after the bar when there is room, else before it, else inside its right end. */
export function durationLabelPosition(bar: Bar): { left: string } | { right: string } {
  const end = bar.left + bar.width;
  if (end < 72) return { left: `calc(${pct(end)} + 0.35rem)` };
  if (bar.left > 18) return { right: `calc(${pct(100 - bar.left)} + 0.35rem)` };
  return { right: `calc(${pct(100 - end)} + 0.35rem)` };
}
