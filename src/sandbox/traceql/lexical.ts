import { formatCount } from '../../shared/format';
// What Tempo's lexer accepts and Grafana's editor grammar does not, and the
// limits the playground sets before it parses anything.
//
// Tempo reads numbers and strings with Go's scanner and strconv: `1e3` is a
// float, `1h30m` and `2d` are durations, "\n" and "\u00e9" are escapes. The
// lezer grammar (@grafana/lezer-traceql) only knows `250ms`, `3.5` and the
// escapes `\"` and `\\`. So the grammar parses a same-length copy of the query
// in which each such token Tempo accepts is replaced by one the grammar
// accepts; positions and the text the converter reads stay the original's.
// Tokens Tempo refuses (`0x10`, `1e308ms`, "\d") come back as problems with a
// message saying why, instead of a confusing error further on.

export const MAX_QUERY_LENGTH = 4000;
export const MAX_NESTING = 100;

/** Go's int (64-bit), which Tempo parses integers into. */
export const MAX_INT = 9223372036854775807n;
export const MAX_DURATION_TEXT = '2562047h47m16.854775807s';

export const INT_RANGE = 'TraceQL integers are 64-bit, from -9223372036854775808 to 9223372036854775807';
export const FLOAT_RANGE = 'TraceQL numbers are 64-bit floating point, up to about ±1.8e308';
export const DURATION_RANGE = `TraceQL durations run from 0 to ${MAX_DURATION_TEXT} (about 292 years, the most Go's time.Duration holds)`;

export interface LexicalProblem {
  readonly from: number;
  readonly to: number;
  readonly message: string;
  /** Start of the token holding the problem (a string's opening quote): the grammar's error, if any, starts there. */
  readonly anchor: number;
  /** A limit of the playground rather than something Tempo refuses. */
  readonly limit?: boolean;
}

export interface Prepared {
  /** Same length as the query: what the lezer grammar parses. */
  readonly text: string;
  readonly problem: LexicalProblem | undefined;
  /**
   * Where a stand-in is shorter than the word it replaces (`childCount`
   * becomes `name` and spaces): the end of the stand-in → the end of the
   * word, so the text of a node ending there is the whole word.
   */
  readonly extensions: ReadonlyMap<number, number>;
}

/** Intrinsics Tempo knows that the grammar does not, and the shorter one it parses in their place. */
const STAND_IN_INTRINSICS: ReadonlySet<string> = new Set(['childCount', 'span:childCount']);
const STAND_IN = 'name';

export type NumberValue =
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'duration'; readonly value: number };

export type NumberReading = NumberValue | { readonly type: 'range'; readonly message: string } | undefined;

const MAX_DURATION = 9223372036854775807n;
const GO_UNITS_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
// Prometheus units must come largest first, each at most once.
const PROM_UNITS: readonly (readonly [string, bigint])[] = [
  ['y', 365n * 24n * 3_600_000_000_000n],
  ['w', 7n * 24n * 3_600_000_000_000n],
  ['d', 24n * 3_600_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['m', 60_000_000_000n],
  ['s', 1_000_000_000n],
  ['ms', 1_000_000n],
];

function inRange(total: bigint): number | 'range' {
  return total > MAX_DURATION ? 'range' : Number(total);
}

/** Prometheus' model.ParseDuration: `1d12h`, `2w`, integers only; exact, as Go's uint64 arithmetic is. */
function promDuration(text: string): number | 'range' | undefined {
  const part = /(\d+)([a-zµμ]+)/y;
  let last = -1;
  let total = 0n;
  while (part.lastIndex < text.length) {
    const match = part.exec(text);
    if (!match?.[1] || !match[2]) return undefined;
    const position = PROM_UNITS.findIndex(([unit]) => unit === match[2]);
    if (position <= last) return undefined;
    last = position;
    total += BigInt(match[1]) * (PROM_UNITS[position]?.[1] ?? 0n);
  }
  return text === '' ? undefined : inRange(total);
}

/** Go's time.ParseDuration (without a sign, which TraceQL writes as an operator): `1h30m`, `1.5s`, `300ms`. */
function goDuration(text: string): number | 'range' | undefined {
  const part = /(\d*)(?:\.(\d*))?([^\d.]+)/y;
  let total = 0n;
  while (part.lastIndex < text.length) {
    const match = part.exec(text);
    if (!match || !match[3] || (match[1] === '' && !match[2])) return undefined;
    const unit = GO_UNITS_NS[match[3]];
    if (unit === undefined) return undefined;
    const fraction = match[2] ?? '';
    total += BigInt(match[1] || '0') * unit;
    if (fraction !== '') total += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
  }
  return text === '' ? undefined : inRange(total);
}

/** A duration as Tempo reads one (Prometheus style first, then Go's), in ns. */
export function tempoDuration(text: string): number | 'range' | undefined {
  if (!/^[\d.]/.test(text) || /^\d+$/.test(text)) return undefined;
  return promDuration(text) ?? goDuration(text);
}

/**
 * A number or duration token as Tempo reads it: an int (64-bit), a float
 * (Go's ParseFloat, exponents allowed) or a duration; `range` when Tempo
 * would refuse it as too large; undefined when it is not one at all.
 */
export function readNumber(text: string): NumberReading {
  if (/^\d+$/.test(text)) {
    if (BigInt(text) > MAX_INT) return { type: 'range', message: `\`${text}\` is out of range: ${INT_RANGE}.` };
    return { type: 'int', value: Number(text) };
  }
  if (/^\d+(?:\.\d*)?(?:[eE][+-]?\d+)?$/.test(text)) {
    const value = Number.parseFloat(text);
    if (!Number.isFinite(value)) return { type: 'range', message: `\`${text}\` is out of range: ${FLOAT_RANGE}.` };
    return { type: 'float', value };
  }
  const ns = tempoDuration(text);
  if (ns === 'range') return { type: 'range', message: `\`${text}\` is out of range: ${DURATION_RANGE}.` };
  if (ns !== undefined) return { type: 'duration', value: ns };
  return undefined;
}

function badNumberMessage(word: string): string {
  if (/^\d+(?:\.\d*)?[eE][+-]?\d+[a-zµμ]+$/.test(word)) {
    return (
      `\`${word}\` is not a duration TraceQL reads: a duration is digits and a unit, without an exponent ` +
      `(\`250ms\`, \`1.5s\`, \`1h30m\`, \`2d\`); ${DURATION_RANGE}.`
    );
  }
  if (/^\d+\.\d*[a-zµμ]*[dwy]/.test(word)) {
    return `\`${word}\` is not a duration TraceQL reads: days, weeks and years (\`d\`, \`w\`, \`y\`) take whole numbers, e.g. \`1d12h\` rather than \`1.5d\`.`;
  }
  if (/^\d+(?:\.\d*)?[a-zµμ]+(?:\d+(?:\.\d*)?[a-zµμ]+)*$/.test(word)) {
    return `\`${word}\` is not a duration TraceQL reads: the units are ns, us (or µs), ms, s, m, h, d, w and y, e.g. \`250ms\`, \`1h30m\` or \`2d\`.`;
  }
  return `\`${word}\` is not a number TraceQL reads: write decimal numbers such as \`42\`, \`3.5\` or \`1e3\`, and durations with a unit such as \`250ms\` or \`1h30m\`.`;
}

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Go's strconv.Unquote for a double-quoted string (quotes included): the
 * value, or where it goes wrong. Backquoted strings take no escapes.
 */
export function goUnquote(text: string): { ok: true; value: string } | { ok: false; at: number; length: number; message: string } {
  if (text.startsWith('`')) return { ok: true, value: text.slice(1, -1).replace(/\r/g, '') };
  let out = '';
  for (let i = 1; i < text.length - 1; i += 1) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      return {
        ok: false,
        at: i,
        length: 1,
        message:
          'A string in double quotes ends on its own line: close it with `"` before the line break, write `\\n` for a newline, or use backquotes (`…`) for text over several lines.',
      };
    }
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = text[i + 1] ?? '';
    const simple: Readonly<Record<string, string>> = {
      a: '\x07',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
      v: '\v',
      '\\': '\\',
      '"': '"',
    };
    const mapped = simple[next];
    if (mapped !== undefined) {
      out += mapped;
      i += 1;
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const digits = text.slice(i + 2, i + 2 + hexLength);
      const code = HEX.test(digits) && digits.length === hexLength ? Number.parseInt(digits, 16) : Number.NaN;
      if (Number.isNaN(code) || code > 0x10ffff || (next !== 'x' && code >= 0xd800 && code <= 0xdfff)) {
        return {
          ok: false,
          at: i,
          length: Math.min(2 + hexLength, text.length - 1 - i),
          message: `\`\\${next}\` needs exactly ${hexLength} hexadecimal digits${next === 'x' ? '' : ' naming a Unicode code point'}, e.g. \`${next === 'x' ? '\\x41' : next === 'u' ? '\\u00e9' : '\\U0001F600'}\`.`,
        };
      }
      out += String.fromCodePoint(code);
      i += 1 + hexLength;
      continue;
    }
    if (/[0-7]/.test(next)) {
      const digits = text.slice(i + 1, i + 4);
      const code = /^[0-7]{3}$/.test(digits) ? Number.parseInt(digits, 8) : Number.NaN;
      if (Number.isNaN(code) || code > 255) {
        return {
          ok: false,
          at: i,
          length: Math.min(4, text.length - 1 - i),
          message: 'An octal escape is a backslash and three octal digits up to `\\377`, e.g. `\\101`.',
        };
      }
      out += String.fromCharCode(code);
      i += 3;
      continue;
    }
    const shown = next === '' ? '\\' : `\\${next}`;
    return {
      ok: false,
      at: i,
      length: next === '' ? 1 : 2,
      message:
        `\`${shown}\` is not an escape TraceQL strings know (they are Go strings: \\n, \\t, \\", \\\\, \\u00e9…). ` +
        `For a regular expression's backslash, double it (\`"GET /api/\\\\d+"\`) or put the pattern in backquotes, where a backslash is literal.`,
    };
  }
  return { ok: true, value: out };
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_.:$µ"'`]/u.test(ch);
}

/** Can a number start at `i`, or is this digit inside a name such as `span.http.2xx` or `foo-1`? */
function numberCanStart(query: string, i: number): boolean {
  const before = query[i - 1];
  if (before === undefined) return true;
  if (before === '-') return !isWordChar(query[i - 2]);
  return !isWordChar(before);
}

/** The number-like word at `i`: digits, letters, dots, and a sign right after an exponent's `e`. */
function numberWord(query: string, i: number): string {
  let j = i;
  while (j < query.length) {
    const ch = query[j] ?? '';
    if (/[0-9A-Za-z_.µμ]/.test(ch)) j += 1;
    else if ((ch === '+' || ch === '-') && /^\d+(?:\.\d*)?[eE]$/.test(query.slice(i, j))) j += 1;
    else break;
  }
  return query.slice(i, j);
}

/**
 * Checks the limits and Tempo's lexical rules, and returns the text the
 * grammar should parse. Never throws.
 */
export function prepareQuery(query: string): Prepared {
  const extensions = new Map<number, number>();
  if (query.length > MAX_QUERY_LENGTH) {
    return {
      text: query,
      extensions,
      problem: {
        from: MAX_QUERY_LENGTH,
        to: query.length,
        anchor: MAX_QUERY_LENGTH,
        limit: true,
        message: `The query is ${formatCount(query.length)} characters long; the playground reads queries of up to ${formatCount(MAX_QUERY_LENGTH)} characters. Shorten it: a regular expression such as \`name =~ "GET /(a|b)"\` replaces many \`||\` conditions.`,
      },
    };
  }
  const chars = query.split('');
  let problem: LexicalProblem | undefined;
  const report = (found: LexicalProblem) => {
    if (!problem) problem = found;
  };
  const shadow = (from: number, text: string) => {
    for (let k = 0; k < text.length; k += 1) chars[from + k] = text[k] ?? '';
  };
  let depth = 0;
  let i = 0;
  while (i < query.length && !problem) {
    const ch = query[i] ?? '';
    if (ch === '/' && query[i + 1] === '/') {
      const end = query.indexOf('\n', i);
      i = end === -1 ? query.length : end + 1;
      continue;
    }
    if (ch === '/' && query[i + 1] === '*') {
      const end = query.indexOf('*/', i + 2);
      i = end === -1 ? query.length : end + 2;
      continue;
    }
    if (ch === '`') {
      const end = query.indexOf('`', i + 1);
      i = end === -1 ? query.length : end + 1;
      continue;
    }
    if (ch === '"') {
      // Find the closing quote: a backslash always takes the next character.
      let end = i + 1;
      while (end < query.length && query[end] !== '"') end += query[end] === '\\' ? 2 : 1;
      if (end >= query.length) break; // not closed: the grammar's error says so
      const literal = query.slice(i, end + 1);
      // A quoted part of an attribute name (span."a b") takes only \" and \\, as Tempo's lexer does.
      const attributePart = query[i - 1] === '.' || query[end + 1] === '.';
      if (!attributePart) {
        const unquoted = goUnquote(literal);
        if (!unquoted.ok) report({ from: i + unquoted.at, to: i + unquoted.at + unquoted.length, anchor: i, message: unquoted.message });
        else if (/\\[^"\\]/.test(literal)) shadow(i + 1, 'x'.repeat(literal.length - 2));
      }
      i = end + 1;
      continue;
    }
    if (ch === '(' || ch === '{' || ch === '[') {
      depth += 1;
      if (depth > MAX_NESTING) {
        report({
          from: i,
          to: i + 1,
          anchor: i,
          limit: true,
          message: `The query nests brackets more than ${MAX_NESTING} deep here; the playground reads up to ${MAX_NESTING} levels of \`(\` and \`{\`. Remove the extra parentheses: \`&&\` and \`||\` chains need none.`,
        });
      }
    } else if (ch === ')' || ch === '}' || ch === ']') {
      depth = Math.max(0, depth - 1);
    } else if (ch === '-' || (ch === '!' && !/[=~<>]/.test(query[i + 1] ?? ''))) {
      // A run of signs (`!!x`, `- -1`) nests like brackets do.
      let j = i;
      let signs = 0;
      while (j < query.length) {
        const c = query[j] ?? '';
        if (c === '-' || (c === '!' && !/[=~<>]/.test(query[j + 1] ?? ''))) signs += 1;
        else if (!/\s/.test(c)) break;
        j += 1;
      }
      if (depth + signs > MAX_NESTING) {
        report({
          from: i,
          to: j,
          anchor: i,
          limit: true,
          message: `The query stacks ${formatCount(signs)} \`!\` and \`-\` signs in a row here; the playground reads up to ${MAX_NESTING} levels of nesting, brackets and signs together.`,
        });
      }
      i = j;
      continue;
    } else if (/[A-Za-z_]/.test(ch) && !isWordChar(query[i - 1])) {
      const word = /[A-Za-z_]\w*(?::\w+)?/y;
      word.lastIndex = i;
      const found = word.exec(query)?.[0] ?? ch;
      if (STAND_IN_INTRINSICS.has(found) && !/[\w.:]/.test(query[i + found.length] ?? '')) {
        shadow(i, STAND_IN.padEnd(found.length, ' '));
        extensions.set(i + STAND_IN.length, i + found.length);
      }
      i += found.length;
      continue;
    } else if (/[0-9]/.test(ch) && numberCanStart(query, i)) {
      const word = numberWord(query, i);
      if (!/^\d+(?:\.\d+)?$/.test(word)) {
        const reading = readNumber(word);
        if (reading === undefined) report({ from: i, to: i + word.length, anchor: i, message: badNumberMessage(word) });
        else if (reading.type === 'duration' || (reading.type === 'range' && /[a-zµμ]$/.test(word)))
          shadow(i, `${'0'.repeat(word.length - 1)}s`);
        else shadow(i, '0'.repeat(word.length));
      }
      i += word.length;
      continue;
    }
    i += 1;
  }
  return { text: chars.join(''), problem, extensions };
}
