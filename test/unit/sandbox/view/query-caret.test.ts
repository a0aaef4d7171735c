import { describe, expect, it } from 'vitest';
import { caretView, lineRange } from '../../../../src/sandbox/view/query-caret';
import { parseTraceQL } from '../../../../src/sandbox/traceql';

describe('caret under a query error', () => {
  it('points at the column the parser reports, on a one-line query', () => {
    const query = '{ status = }';
    const parsed = parseTraceQL(query);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const view = caretView(query, parsed.error);
    expect(view.line).toBe(parsed.error.line);
    expect(view.column).toBe(parsed.error.column);
    expect(view.lineText).toBe(query);
    expect(view.pad.length).toBe(parsed.error.column - 1);
    expect(view.marks.length).toBeGreaterThanOrEqual(1);
  });

  it('underlines the whole unknown word', () => {
    const view = caretView('{ foo }', { from: 2, to: 5 });
    expect(`${view.pad}${view.marks}`).toBe('  ^^^');
  });

  it('finds the line of an error on the second line and keeps tabs so the caret lines up', () => {
    const text = '{ status = error }\n\t>> { nme = "x" }';
    const from = text.indexOf('nme');
    const view = caretView(text, { from, to: from + 3 });
    expect(view.line).toBe(2);
    expect(view.lineText).toBe('\t>> { nme = "x" }');
    expect(view.pad).toBe('\t     ');
    expect(view.column).toBe(7);
    expect(view.marks).toBe('^^^');
  });

  it('marks the end of the text when something is missing there', () => {
    const view = caretView('{ status = ', { from: 11, to: 11 });
    expect(view.column).toBe(12);
    expect(view.pad).toHaveLength(11);
    expect(view.marks).toBe('^');
  });

  it('gives the offsets of a line, for selecting it in a text area', () => {
    const text = 'a: 1\nbb: 2\nccc: 3';
    expect(lineRange(text, 2)).toEqual({ start: 5, end: 10 });
    expect(text.slice(lineRange(text, 3).start, lineRange(text, 3).end)).toBe('ccc: 3');
    expect(lineRange(text, 9)).toEqual({ start: text.length, end: text.length });
  });
});
