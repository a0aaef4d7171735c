// Text that comes from a learner's file (names, ids, answers, question ids, the
// file's own name) is shown to the instructor in a terminal and written to a
// spreadsheet. These helpers make such text inert and bounded wherever it is
// shown: control characters become visible escapes, so a name cannot clear the
// screen, rewrite a line with a carriage return, ring the bell or change the
// terminal's title; Unicode characters that reorder or hide text (bidi
// overrides, zero-width marks) are escaped the same way; and a value is cut to
// a width with an ellipsis, so a 50 MB name costs no more than a short one.
// Plain TypeScript, no DOM and no node: the grade command uses it, and so does
// the export reader (src/course/export.ts), which the progress page runs too.

/**
 * C0 controls (U+0000 to U+001F, including ESC, CR, LF, TAB, BEL), DEL, C1
 * controls (U+0080 to U+009F, including the 8-bit CSI U+009B), and the format
 * characters that reorder or hide text: soft hyphen, Arabic letter mark,
 * zero-width and direction marks, line and paragraph separators, bidi
 * embeddings, overrides and isolates, invisible operators, the BOM, and the
 * interlinear annotation controls. Lone surrogates are escaped too.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible escape of one unsafe character: `\n`, `\r`, `\t`, `\x1b` (ESC), `\x07` (BEL), `\u009b`, `\u202e`. */
function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Every unsafe character (see UNSAFE) replaced by a visible escape; the rest unchanged. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE_ALL, escapeOne);
}

/** As escapeControls, but TAB, LF and CR are kept (a CSV cell quotes them). */
export function escapeControlsKeepingLines(text: string): string {
  return text.replace(UNSAFE_ALL, (ch) => (ch === '\t' || ch === '\n' || ch === '\r' ? ch : escapeOne(ch)));
}

/** `text` cut to at most `max` characters (code points), ending in "…" when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === max - 1) {
      const rest = text.slice(out.length);
      return rest.length <= 2 && [...rest].length === 1 ? text : `${out}…`;
    }
    out += ch;
    count++;
  }
  return out;
}

/**
 * Learner text made safe for one terminal cell or one line: escaped, then cut
 * to `max` characters ending in "…" (never inside an escape). Only the start of
 * the text is looked at, so the cost does not grow with the text.
 */
export function displayText(text: string, max: number): string {
  const pieces: string[] = [];
  let length = 0;
  for (const ch of text) {
    const piece = UNSAFE.test(ch) ? escapeOne(ch) : ch;
    pieces.push(piece);
    length += piece.length;
    if (length > max) break;
  }
  if (length <= max) return pieces.join('');
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** A learner's value quoted inside one of our messages: `"…"`, escaped and cut to 80 characters. */
export function quoted(text: string, max = 80): string {
  return `"${displayText(text, max)}"`;
}

/**
 * A whole block of our own output made safe for a terminal, as a last pass:
 * every unsafe character but line breaks and tabs is escaped. Learner text is
 * escaped (and cut) where it is put into a line; this catches anything missed.
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_ALL, (ch) => (ch === '\n' || ch === '\t' ? ch : escapeOne(ch)));
}

/**
 * JSON text (from JSON.stringify) with the characters JSON leaves raw but a
 * terminal may act on (DEL, C1, bidi and zero-width characters, U+2028/9)
 * written as \u escapes: the same JSON value, safe to print.
 */
export function jsonTerminalSafe(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The bytes of a file name shown as text: valid UTF-8 decoded, each byte that is
 * not part of valid UTF-8 shown as `\xNN` (a Latin-1 "café.json" reads
 * `caf\xe9.json`), and control characters escaped.
 */
export function displayFileName(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = need > 0 && i + need <= bytes.length;
    for (let k = 1; ok && k < need; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok && need === 3) {
      const b1 = bytes[i + 1]!;
      ok = !(b === 0xe0 && b1 < 0xa0) && !(b === 0xed && b1 >= 0xa0); // overlong, surrogate
    }
    if (ok && need === 4) {
      const b1 = bytes[i + 1]!;
      ok = !(b === 0xf0 && b1 < 0x90) && !(b === 0xf4 && b1 >= 0x90); // overlong, above U+10FFFF
    }
    if (!ok) {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
      continue;
    }
    out += escapeControls(new TextDecoder().decode(bytes.subarray(i, i + need)));
    i += need;
  }
  return out;
}

/** Whether the bytes are valid UTF-8. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
