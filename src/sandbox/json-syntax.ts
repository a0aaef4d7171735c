// Where a JSON text stops being JSON. JSON.parse's messages differ between
// engines (V8 often names no position at all: `Unexpected token 'x', "…" is
// not valid JSON`), so a learner's file is scanned once more, only after
// JSON.parse failed, to give the same line and column in every browser and to
// tell a file that was cut off from one that is wrong.

export type JsonSyntax =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Index of the first character that cannot be JSON (the text's length when it ended early). */
      readonly offset: number;
      /** The text ended while a value, string or bracket was still open. */
      readonly truncated: boolean;
      /** A whole value was read and more text follows it: maybe one JSON value per line. */
      readonly afterValue: boolean;
      /** Brackets still open at the offset. */
      readonly openBrackets: number;
      /** What would have been valid there, for the message. */
      readonly expected: string;
    };

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Scans `text` as JSON (RFC 8259) without building anything; iterative, so deep nesting cannot overflow the stack. */
export function checkJsonSyntax(text: string): JsonSyntax {
  const stack: string[] = [];
  let i = 0;
  const fail = (expected: string, afterValue = false): JsonSyntax => ({
    ok: false,
    offset: Math.min(i, text.length),
    truncated: i >= text.length,
    afterValue,
    openBrackets: stack.length,
    expected,
  });
  const skipWhitespace = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i += 1;
  };
  // Returns false when the string is not closed or holds a bad escape or a raw control character.
  const scanString = (): boolean => {
    i += 1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i = Math.min(i + 6, text.length);
            return false;
          }
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          i += 1;
          return false;
        }
      } else {
        i += 1;
      }
    }
    return false;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skipWhitespace();
    if (state === 'value') {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i += 1;
        skipWhitespace();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i += 1;
          state = 'after';
        } else {
          state = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!scanString()) return fail('a closing quote (or a valid escape) in this string');
        state = 'after';
      } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
        NUMBER.lastIndex = i;
        const match = NUMBER.exec(text);
        if (!match) return fail('a number');
        i += match[0].length;
        state = 'after';
      } else {
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
        if (literal) {
          i += literal.length;
          state = 'after';
        } else {
          const partial = ['true', 'false', 'null'].some((word) => word.startsWith(text.slice(i)));
          if (partial && i < text.length) i = text.length;
          return fail('a value (an object, array, string, number, true, false or null)');
        }
      }
    } else if (state === 'key') {
      if (text[i] !== '"') return fail('a property name in double quotes');
      if (!scanString()) return fail('a closing quote (or a valid escape) in this property name');
      skipWhitespace();
      if (text[i] !== ':') return fail("':' after the property name");
      i += 1;
      state = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i >= text.length ? { ok: true } : fail('the end of the file after the value', true);
      const close = top === '{' ? '}' : ']';
      if (text[i] === ',') {
        i += 1;
        state = top === '{' ? 'key' : 'value';
        if (top === '{') skipWhitespace();
      } else if (text[i] === close) {
        stack.pop();
        i += 1;
      } else {
        return fail(`',' or '${close}'`);
      }
    }
  }
}

/** 1-based line and column (in characters) of an offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
