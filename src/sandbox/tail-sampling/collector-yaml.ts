import type { z } from 'zod';
import { LineCounter, isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node } from 'yaml';

// Reads one processor's settings out of collector YAML, the way a learner
// pastes it: the whole `processors:` block, the `tail_sampling:` block, or
// just its body. Every problem becomes one message with the line, the field
// path and how to fix it, like the collector's own config errors.

export interface ConfigError {
  /** "line 7, column 9: processors.tail_sampling.policies[0].latency.threshold_ms: …" */
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Dotted field path as the learner wrote it, e.g. `tail_sampling.policies[1].type`. */
  readonly path: string;
  /** The problem and its fix, without the position. */
  readonly detail: string;
}

export type ConfigResult<T> = { readonly ok: true; readonly config: T } | { readonly ok: false; readonly errors: readonly ConfigError[] };

export interface ProcessorSpec<S extends z.ZodType> {
  /** Component type as it appears in collector YAML, e.g. `tail_sampling` or `attributes`. */
  readonly type: string;
  readonly schema: S;
  /** Keys that show the text is the processor's body itself (e.g. `policies`). */
  readonly bodyKeys: readonly string[];
  /** Known field names, for "did you mean" on a typo. */
  readonly fieldNames: readonly string[];
}

type PathSegment = string | number;

/** Larger input is refused with a message before parsing, so no paste can stall a page or the grader. */
export const MAX_CONFIG_CHARS = 100_000;

function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

function suggestion(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a block of fields';
  return JSON.stringify(value);
}

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a text value',
  boolean: 'true or false',
  array: 'a list',
  object: 'a block of fields',
  record: 'a block of fields',
};

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** The deepest YAML node along the path, and the key node when the last step names a map key. */
function nodeAt(doc: Document, path: readonly PathSegment[], wantKey: string | undefined): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair || !isPair(pair)) break;
      if (pair.value === null || pair.value === undefined) return (pair.key as Node) ?? node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
    } else {
      break;
    }
  }
  if (wantKey !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === wantKey);
    if (pair && isPair(pair) && isScalar(pair.key)) return pair.key;
  }
  return (node as Node | undefined) ?? undefined;
}

function makeError(lineCounter: LineCounter, offset: number, path: string, detail: string): ConfigError {
  const { line, col } = lineCounter.linePos(offset);
  const where = `line ${line}, column ${col}`;
  return { message: path === '' ? `${where}: ${detail}` : `${where}: ${path}: ${detail}`, line, column: col, path, detail };
}

function issueDetail(issue: z.core.$ZodIssue, body: unknown, fieldNames: readonly string[]): string {
  if (issue.code === 'unrecognized_keys') {
    // A schema's own message written for this key (a real setting the engine
    // does not run) says more than "unknown field".
    if (issue.keys.some((key) => issue.message.includes(`\`${key}\``))) return issue.message;
    return issue.keys
      .map((key) => {
        const near = suggestion(key, fieldNames);
        // A known name in the wrong place is an indentation problem, not a typo.
        if (near === key) return `\`${key}\` does not belong at this level; check its indentation`;
        return near
          ? `unknown field \`${key}\`; did you mean \`${near}\`?`
          : `unknown field \`${key}\`; remove it or check its indentation`;
      })
      .join('; ');
  }
  // Messages written in the schemas already say what to do.
  if (!issue.message.startsWith('Invalid input')) return issue.message;
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
    const got = valueAt(body, issue.path as PathSegment[]);
    if (got === undefined) return `this field is required: write ${expected} here`;
    return `expected ${expected}, got ${describeValue(got)}`;
  }
  return issue.message;
}

function findProcessor(js: unknown, type: string, bodyKeys: readonly string[]): { prefix: PathSegment[]; body: unknown } | string {
  const isId = (key: string) => key === type || key.startsWith(`${type}/`);
  if (js === null || typeof js !== 'object' || Array.isArray(js)) {
    return `expected a \`processors:\` block, a \`${type}:\` block or its fields; got ${describeValue(js)}`;
  }
  const top = js as Record<string, unknown>;
  const search = (map: Record<string, unknown>, prefix: PathSegment[]) => {
    const ids = Object.keys(map).filter(isId);
    if (ids.length > 1) return `several ${type} processors (${ids.join(', ')}); paste one at a time`;
    const id = ids[0];
    return id === undefined ? undefined : { prefix: [...prefix, id], body: map[id] ?? {} };
  };
  const processors = top['processors'];
  if (processors !== null && typeof processors === 'object' && !Array.isArray(processors)) {
    const found = search(processors as Record<string, unknown>, ['processors']);
    if (found) return found;
  }
  const direct = search(top, []);
  if (direct) return direct;
  if (bodyKeys.some((key) => key in top)) return { prefix: [], body: top };
  return `no \`${type}\` processor found: paste the \`processors:\` block, the \`${type}:\` block, or its fields (starting with \`${bodyKeys[0] ?? ''}:\`)`;
}

/**
 * The yaml parser reports a key indented deeper than the key above it
 * ("Nested mappings are not allowed in compact mappings") at the end of the
 * line ABOVE, where nothing is wrong. Point at the line that is over-indented
 * instead, and say which column it should start in.
 */
function overIndentedLine(text: string, code: string, at: { line: number; col: number } | undefined): ConfigError | undefined {
  if (code !== 'BLOCK_AS_IMPLICIT_KEY' || !at) return undefined;
  const lines = text.split('\n');
  const above = lines[at.line - 1] ?? '';
  const keyAbove = /^(\s*(?:-\s+)?)([^\s:#][^:#]*):/.exec(above);
  if (!keyAbove) return undefined;
  const expected = keyAbove[1]!.length + 1;
  for (let i = at.line; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const column = line.length - line.trimStart().length + 1;
    if (column <= expected) return undefined;
    const key = /^\s*([^\s:#][^:#]*):/.exec(line)?.[1] ?? line.trim();
    const detail =
      `\`${key}:\` starts in column ${column}, but \`${keyAbove[2]}:\` on line ${at.line} starts in column ${expected}: ` +
      `keys of one block start in the same column (remove ${column - expected} space${column - expected === 1 ? '' : 's'}), or nest it under a key that ends with \`:\``;
    return { message: `line ${i + 1}, column ${column}: ${detail}`, line: i + 1, column, path: '', detail };
  }
  return undefined;
}

export function readProcessorConfig<S extends z.ZodType>(text: string, spec: ProcessorSpec<S>): ConfigResult<z.output<S>> {
  if (text.length > MAX_CONFIG_CHARS) {
    const detail = `this configuration is ${Math.round(text.length / 1000)} kB; paste at most ${MAX_CONFIG_CHARS / 1000} kB (the processor's block, not a whole file of generated policies)`;
    return { ok: false, errors: [{ message: `line 1, column 1: ${detail}`, line: 1, column: 1, path: '', detail }] };
  }
  const lineCounter = new LineCounter();
  // `merge`: YAML merge keys (`<<: *defaults`), which the collector's own YAML parser accepts.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const located = overIndentedLine(text, yamlError.code, yamlError.linePos?.[0]);
    if (located) return { ok: false, errors: [located] };
    const position = yamlError.linePos?.[0] ?? { line: 1, col: 1 };
    const first = yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
    const detail = `YAML syntax: ${first}. Check the indentation (spaces, not tabs) and that every \`key:\` has a space after the colon`;
    return {
      ok: false,
      errors: [
        {
          message: `line ${position.line}, column ${position.col}: ${detail}`,
          line: position.line,
          column: position.col,
          path: '',
          detail,
        },
      ],
    };
  }
  // A list or a block as a key (`? [a, b]`) is valid YAML but never a collector field.
  let complexKey: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isCollection(pair.key) || isAlias(pair.key)) {
        complexKey = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey) {
    return {
      ok: false,
      errors: [
        makeError(
          lineCounter,
          complexKey.range?.[0] ?? 0,
          '',
          'a key here is a list or a block; collector fields are plain names followed by `:`',
        ),
      ],
    };
  }
  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [makeError(lineCounter, 0, '', detail)] };
  }
  const found = findProcessor(js, spec.type, spec.bodyKeys);
  if (typeof found === 'string') return { ok: false, errors: [makeError(lineCounter, 0, '', found)] };

  const parsed = spec.schema.safeParse(found.body);
  if (parsed.success) return { ok: true, config: parsed.data };
  // A typo'd key also makes the real key "missing": report the typo with its suggestion, once.
  const suggested = new Set<string>();
  for (const issue of parsed.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const key of issue.keys) {
      const near = suggestion(key, spec.fieldNames);
      if (near) suggested.add(formatPath([...(issue.path as PathSegment[]), near]));
    }
  }
  const issues = parsed.error.issues.filter(
    (issue) =>
      !(
        issue.code === 'invalid_type' &&
        suggested.has(formatPath(issue.path as PathSegment[])) &&
        valueAt(found.body, issue.path as PathSegment[]) === undefined
      ),
  );
  const errors = issues.map((issue) => {
    const relative = issue.path as PathSegment[];
    const full = [...found.prefix, ...relative];
    const wantKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const node = nodeAt(doc, full, wantKey);
    const offset = node?.range?.[0] ?? 0;
    const path = formatPath(wantKey === undefined ? full : [...full, wantKey]);
    return makeError(lineCounter, offset, path, issueDetail(issue, found.body, spec.fieldNames));
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, errors };
}
