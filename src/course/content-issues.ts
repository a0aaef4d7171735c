import type { z } from 'zod';

// Every problem in the course content becomes ONE line naming the file (and
// line), the question or prediction, the field, what is wrong and the fix:
//   content/quizzes/x.yaml:14: question "q-id", field choices[1].correct: expected true or false, found "yes". Fix: write true or false, without quotes.

export interface ContentIssue {
  file: string;
  line?: number;
  /** The question, prediction or misconception the problem is in. */
  item?: { kind: 'question' | 'prediction' | 'misconception'; id: string };
  field?: string;
  problem: string;
  fix: string;
}

export function formatIssue(issue: ContentIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  const parts = [issue.item ? `${issue.item.kind} "${issue.item.id}"` : '', issue.field ? `field ${issue.field}` : ''].filter(Boolean);
  const subject = parts.length ? `${parts.join(', ')}: ` : '';
  return `${where}: ${subject}${issue.problem}. Fix: ${issue.fix}.`;
}

/** ['choices', 1, 'correct'] → "choices[1].correct" */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** "choices[1].correct" → ['choices', 1, 'correct'] */
export function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(m[1]!);
  }
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${show(value)}`;
}

const HOW_TO_WRITE: Record<string, string> = {
  boolean: 'write true or false, without quotes',
  number: 'write a plain number, without quotes or a unit',
  string: 'write text (quote it if it starts with a special character such as `*`, `{` or `-`)',
  array: 'write a YAML list, one `- ` entry per line',
  object: 'write a mapping of `key: value` lines',
};

const MISSING_VALUE: Record<string, string> = {
  boolean: 'true or false',
  number: 'a number',
  string: 'its text',
  array: 'a list',
  object: 'a mapping',
};

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The known field closest to a misspelt one, if any is close. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/** Every field name a schema knows, for "did you mean" hints on misspelt fields. */
export function schemaFieldNames(schema: z.ZodType): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (s: unknown): void => {
    if (!s || typeof s !== 'object' || seen.has(s)) return;
    seen.add(s);
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def['type'] === 'object') {
      for (const [k, v] of Object.entries(def['shape'] as Record<string, unknown>)) {
        names.add(k);
        walk(v);
      }
    }
    for (const key of ['element', 'innerType', 'in', 'out', 'valueType']) walk(def[key]);
    if (Array.isArray(def['options'])) for (const o of def['options']) walk(o);
  };
  walk(schema);
  return names;
}

export interface ZodIssueContext {
  /** Field names the schema knows, for spelling hints. */
  knownFields: ReadonlySet<string>;
  /** Words for the fix of an empty list, by field name. */
  listNoun?: Record<string, string>;
}

/** Problem and fix for one zod issue (path handled by the caller). */
export function describeZodIssue(issue: z.core.$ZodIssue, ctx: ZodIssueContext): { problem: string; fix: string } {
  const key = String(issue.path[issue.path.length - 1] ?? '');
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) {
        return { problem: 'is missing', fix: `add \`${key}:\` with ${MISSING_VALUE[issue.expected] ?? `a ${issue.expected}`}` };
      }
      return {
        problem: `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, found ${typeOf(input)}`,
        fix: HOW_TO_WRITE[issue.expected] ?? `write a ${issue.expected}`,
      };
    }
    case 'unrecognized_keys': {
      const [first] = issue.keys;
      const guess = first ? closest(first, ctx.knownFields) : undefined;
      return {
        problem: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        fix: guess ? `did you mean \`${guess}\`? Rename it` : 'remove it; the allowed fields are listed in the instructor guide',
      };
    }
    case 'invalid_value':
      return {
        problem: `${show(input)} is not allowed here`,
        fix: `use one of ${issue.values.map((v) => String(v)).join(', ')}`,
      };
    case 'invalid_union': {
      const extra = issue as unknown as { note?: string; discriminator?: string; options?: unknown[] };
      if (extra.note === 'No matching discriminator') {
        const options = (extra.options ?? []).map(String).join(', ');
        const value =
          input && typeof input === 'object' && extra.discriminator ? (input as Record<string, unknown>)[extra.discriminator] : input;
        return value === undefined
          ? { problem: 'is missing', fix: `add \`${extra.discriminator ?? key}:\` with one of ${options}` }
          : { problem: `unknown ${extra.discriminator ?? key} ${show(value)}`, fix: `use one of ${options}` };
      }
      return { problem: `${show(input)} does not match any allowed form`, fix: 'compare it with the examples in the instructor guide' };
    }
    case 'too_small': {
      if (issue.origin === 'array') {
        const noun = ctx.listNoun?.[key] ?? 'entry';
        return {
          problem: `needs at least ${String(issue.minimum)} ${noun}${Number(issue.minimum) === 1 ? '' : 's'}`,
          fix: `add ${noun}s to the list`,
        };
      }
      if (issue.origin === 'string') return { problem: 'is empty', fix: 'write the text, or remove the field if it is optional' };
      return { problem: `must be at least ${String(issue.minimum)}, found ${show(input)}`, fix: `use ${String(issue.minimum)} or more` };
    }
    case 'too_big':
      return { problem: `must be at most ${String(issue.maximum)}, found ${show(input)}`, fix: 'shorten or reduce it' };
    case 'invalid_format': {
      if (typeof input === 'string' && issue.format === 'regex') {
        const suggestion = kebab(input);
        return {
          problem: `${show(input)} is not kebab-case`,
          fix: suggestion ? `use lower-case words joined by hyphens, such as "${suggestion}"` : 'use lower-case words joined by hyphens',
        };
      }
      return { problem: issue.message, fix: 'correct the value' };
    }
    default:
      return { problem: issue.message, fix: 'correct the value' };
  }
}
