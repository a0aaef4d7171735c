import { lineRange } from '../../sandbox/view/query-caret';

/** Focuses a text area and selects one line of it (the line an error names). */
export function selectLine(area: HTMLTextAreaElement | null, line: number): void {
  if (!area) return;
  const { start, end } = lineRange(area.value, line);
  area.focus();
  area.setSelectionRange(start, end);
  // Scroll the line into view inside the text area.
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

/** Ctrl+Enter or Cmd+Enter in a text area runs it. */
export function isRunShortcut(event: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey);
}
