import { z } from 'zod';
import { closestMatch } from './closest-match.ts';
import { fieldName } from './friendly-issue.ts';

// What one zod issue means to the person who wrote the input, as a problem and
// a fix. A message written in a schema already says it in the course's words
// and is kept; zod's own messages ("Invalid input: expected boolean, received
// string") are replaced with what to write instead.

export interface IssueWords {
  /** Every field name the input may hold, for "did you mean" on a misspelt one (see schemaFieldNames). */
  readonly knownFields: Iterable<string>;
  /** How to call an entry of a list, by the list's field name (`choices` → `choice`); default "entry". */
  readonly listNoun?: Readonly<Record<string, string>>;
  /** Problem and fix for a text that does not match a pattern, by the pattern's source. */
  readonly patterns?: Readonly<Record<string, (input: string) => { problem: string; fix: string }>>;
}

export interface DescribedIssue {
  readonly path: readonly PropertyKey[];
  /** An unknown field's name: the issue is about that key inside `path`. */
  readonly key?: string | undefined;
  readonly problem: string;
  readonly fix?: string | undefined;
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
    for (const key of ['element', 'innerType', 'in', 'out', 'valueType', 'left', 'right']) walk(def[key]);
    if (Array.isArray(def['options'])) for (const o of def['options']) walk(o);
  };
  walk(schema);
  return names;
}

/** A value from the input inside a message: as JSON, cut short. */
function shownValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function typeOf(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a block of fields';
  return `${typeof value} ${shownValue(value)}`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  array: 'a list',
  object: 'a block of fields',
  record: 'a block of fields',
};

const MISSING: Readonly<Record<string, string>> = { ...EXPECTED, string: 'its text' };

const HOW_TO_WRITE: Readonly<Record<string, string>> = {
  boolean: 'write true or false, without quotes',
  number: 'write a plain number, without quotes or a unit',
  int: 'write a whole number, without quotes or a unit',
  string: 'write text (quote it if it starts with a special character such as `*`, `{` or `-`)',
  array: 'write a list, one `- ` entry per line',
  object: 'write a block of `key: value` lines',
  record: 'write a block of `key: value` lines',
};

/** Whether the issue carries zod's own message rather than one a schema wrote. */
function zodWrote(issue: z.core.$ZodIssue): boolean {
  const made = z.locales.en().localeError(issue as unknown as z.core.$ZodRawIssue);
  return (typeof made === 'string' ? made : made?.message) === issue.message;
}

function inputOf(issue: z.core.$ZodIssue): unknown {
  return (issue as { input?: unknown }).input;
}

function unknownKey(key: string, words: IssueWords, schemaWrote: string | undefined): Omit<DescribedIssue, 'path'> {
  if (schemaWrote?.includes(`\`${key}\``)) return { key, problem: schemaWrote };
  const near = closestMatch(key, words.knownFields);
  // A known name in the wrong place is an indentation problem, not a typo.
  if (near === key) return { key, problem: `\`${key}\` does not belong at this level`, fix: 'check its indentation' };
  return near
    ? { key, problem: `unknown field \`${key}\`, did you mean \`${near}\`?`, fix: `rename it to \`${near}\`` }
    : { key, problem: `unknown field \`${key}\``, fix: 'remove it, or check its spelling and indentation' };
}

/** Problem and fix for one zod issue; an issue about several unknown keys gives one per key. */
function describe(issue: z.core.$ZodIssue, words: IssueWords): Omit<DescribedIssue, 'path'>[] {
  const key = String(issue.path[issue.path.length - 1] ?? '');
  const input = inputOf(issue);
  const own = zodWrote(issue) ? undefined : issue.message;
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => unknownKey(k, words, own));
  if (issue.code === 'invalid_format' && issue.format === 'regex' && typeof input === 'string') {
    const advice = words.patterns?.[issue.pattern ?? ''];
    if (advice) return [advice(input)];
  }
  if (own) return [{ problem: own }];
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined)
        return [{ problem: 'is missing', fix: `add \`${key}:\` with ${MISSING[issue.expected] ?? `a ${issue.expected}`}` }];
      return [
        {
          problem: `expected ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}, found ${typeOf(input)}`,
          fix: HOW_TO_WRITE[issue.expected] ?? `write a ${issue.expected}`,
        },
      ];
    case 'invalid_value':
      return [{ problem: `${shownValue(input)} is not allowed here`, fix: `use one of ${issue.values.map((v) => String(v)).join(', ')}` }];
    case 'invalid_union': {
      const extra = issue as unknown as { note?: string; discriminator?: string; options?: unknown[] };
      if (extra.note === 'No matching discriminator') {
        const options = (extra.options ?? []).map(String).join(', ');
        const tag = extra.discriminator ?? key;
        const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[tag] : input;
        return value === undefined
          ? [{ problem: `\`${tag}\` is missing`, fix: `add \`${tag}:\` with one of ${options}` }]
          : [{ problem: `unknown ${tag} ${shownValue(value)}`, fix: `use one of ${options}` }];
      }
      return [{ problem: `${shownValue(input)} does not match any allowed form`, fix: 'compare it with the examples in the guide' }];
    }
    case 'too_small': {
      if (issue.origin === 'array') {
        const noun = words.listNoun?.[key] ?? 'entry';
        const plural = noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`;
        return [
          {
            problem: `needs at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? noun : plural}`,
            fix: `add ${plural} to the list`,
          },
        ];
      }
      if (issue.origin === 'string') return [{ problem: 'is empty', fix: 'write the text, or remove the field if it is optional' }];
      return [
        { problem: `must be at least ${String(issue.minimum)}, found ${shownValue(input)}`, fix: `use ${String(issue.minimum)} or more` },
      ];
    }
    case 'too_big':
      return [{ problem: `must be at most ${String(issue.maximum)}, found ${shownValue(input)}`, fix: 'shorten or reduce it' }];
    default:
      return [{ problem: issue.message, fix: 'correct the value' }];
  }
}

/**
 * Every issue of a failed parse, described. Parse with `{ reportInput: true }`
 * so a message can quote what was written. A misspelt field also leaves the
 * real one "missing"; that second issue is dropped, since renaming fixes both.
 */
export function describeZodError(error: z.ZodError, words: IssueWords): DescribedIssue[] {
  const renamed = new Set<string>();
  for (const issue of error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const near = closestMatch(key, words.knownFields);
      if (near && near !== key) renamed.add(fieldName([...issue.path, near]));
    }
  }
  return error.issues
    .filter((issue) => !(issue.code === 'invalid_type' && inputOf(issue) === undefined && renamed.has(fieldName(issue.path))))
    .flatMap((issue) => describe(issue, words).map((d) => ({ ...d, path: issue.path })));
}
