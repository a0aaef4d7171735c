// The Markdown strings of a question or prediction, keyed by a stable path
// (`prompt`, `choices.two.feedback`, `wrongAnswers.0.feedback`), so a page can
// render them to HTML at build time and an island can find the HTML for any
// feedback the grader returns. Works for question types added later, too.

const MARKDOWN_KEYS = new Set(['prompt', 'explanation', 'text', 'feedback']);

export function markdownFields(item: object): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (value: unknown, path: string[]) => {
    if (Array.isArray(value)) {
      value.forEach((entry, i) => {
        const id =
          entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string'
            ? (entry as { id: string }).id
            : String(i);
        walk(entry, [...path, id]);
      });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'string' && MARKDOWN_KEYS.has(k)) out[[...path, k].join('.')] = v;
        else if (typeof v === 'object') walk(v, [...path, k]);
      }
    }
  };
  walk(item, []);
  return out;
}

/** Markdown reduced to plain text, for accessible names ("Move “Exemplar” up"). */
export function plainText(markdown: string): string {
  // Code spans keep their text as written (status_code keeps its underscore).
  const code: string[] = [];
  return markdown
    .replace(/`([^`]*)`/g, (_, c: string) => `\u0000${code.push(c) - 1}\u0000`)
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_~]/g, '')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => code[Number(i)] ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}
