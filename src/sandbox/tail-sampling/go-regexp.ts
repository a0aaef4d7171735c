// Collector configs hold Go (RE2) regular expressions. The common subset is
// the same in JavaScript; these are the spellings that differ and that
// learners meet in collector docs: leading flag groups such as `(?i)`,
// named groups `(?P<name>…)`, and the `\A` / `\z` anchors.

export type GoRegExpResult = { ok: true; regexp: RegExp } | { ok: false; message: string };

export function compileGoRegExp(pattern: string): GoRegExpResult {
  let source = pattern;
  let flags = '';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading?.[1]) {
    if (leading[1].includes('U')) {
      return { ok: false, message: 'the `U` (ungreedy) flag has no JavaScript equivalent here; write lazy quantifiers such as `.*?` instead' };
    }
    flags = [...new Set(leading[1])].join('');
    source = source.slice(leading[0].length);
  }
  source = source.replaceAll('(?P<', '(?<').replaceAll('\\A', '^').replaceAll('\\z', '$');
  try {
    return { ok: true, regexp: new RegExp(source, flags) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    return { ok: false, message: `${JSON.stringify(pattern)} is not a valid regular expression (${detail})` };
  }
}
