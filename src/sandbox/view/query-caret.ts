// Where a query error sits, drawn the way compilers do: the line, then a
// caret under the column the message is about.

export interface ErrorPosition {
  /** Offsets into the query text (to may equal from for "something is missing here"). */
  readonly from: number;
  readonly to: number;
}

export interface CaretView {
  /** 1-based line and column of `from`. */
  readonly line: number;
  readonly column: number;
  /** The text of that line. */
  readonly lineText: string;
  /** Spaces (tabs kept as tabs) that put the caret under the column. */
  readonly pad: string;
  /** One `^` per character of the marked stretch on that line, at least one. */
  readonly marks: string;
}

export function caretView(text: string, position: ErrorPosition): CaretView {
  const from = Math.max(0, Math.min(position.from, text.length));
  const to = Math.max(from, Math.min(position.to, text.length));
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const newline = text.indexOf('\n', lineStart);
  const lineEnd = newline === -1 ? text.length : newline;
  const lineText = text.slice(lineStart, lineEnd);
  const line = text.slice(0, lineStart).split('\n').length;
  const before = text.slice(lineStart, from);
  const pad = before.replace(/[^\t]/g, ' ');
  const width = Math.max(1, Math.min(to, lineEnd) - from);
  return { line, column: from - lineStart + 1, lineText, pad, marks: '^'.repeat(width) };
}

/** Offsets of the start and end of a 1-based line, for selecting it in a text area. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  let start = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', start);
    if (next === -1) return { start: text.length, end: text.length };
    start = next + 1;
  }
  const newline = text.indexOf('\n', start);
  return { start, end: newline === -1 ? text.length : newline };
}
