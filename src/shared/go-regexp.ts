import { RE2JS, RE2JSException } from 're2js';

// Collector configs and TraceQL take Go regular expressions, which are RE2:
// linear-time (no catastrophic backtracking), with their own syntax and
// error messages. re2js is a port of RE2, so a learner's pattern is accepted
// or refused exactly as the collector and Tempo would, and no pattern can
// freeze a page or the grade command.

export interface GoRegExp {
  readonly source: string;
  /** Go's MatchString: a match anywhere in the text. */
  test(text: string): boolean;
  /** The whole text matches (TraceQL's `=~` is anchored at both ends). */
  testWhole(text: string): boolean;
  /**
   * Go's ReplaceAllStringFunc: every non-overlapping match, left to right,
   * except an empty match right after the previous match (so `.*` replaces
   * "abc" once, where a Java- or JavaScript-style replace would add a second,
   * empty match at the end).
   */
  replaceAll(text: string, replace: (match: string) => string): string;
}

export type GoRegExpResult = { ok: true; regexp: GoRegExp } | { ok: false; message: string };

function wrap(source: string, re: RE2JS): GoRegExp {
  return {
    source,
    test: (text) => re.test(text),
    testWhole: (text) => re.testExact(text),
    replaceAll(text, replace) {
      const matcher = re.matcher(text);
      let out = '';
      let lastEnd = 0;
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        out += text.slice(lastEnd, start);
        // Go's regexp.replaceAll: `if a[1] > lastMatchEnd || a[0] == 0`.
        if (end > lastEnd || start === 0) out += replace(text.slice(start, end));
        lastEnd = end;
      }
      return out + text.slice(lastEnd);
    },
  };
}

export function compileGoRegExp(pattern: string): GoRegExpResult {
  try {
    return { ok: true, regexp: wrap(pattern, RE2JS.compile(pattern)) };
  } catch (error) {
    // RE2's own wording, e.g. "error parsing regexp: missing closing ): `a(`".
    const detail = error instanceof RE2JSException ? error.message : String(error);
    return { ok: false, message: `${JSON.stringify(pattern)} is not a valid regular expression (${detail})` };
  }
}
