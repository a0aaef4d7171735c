import type { z } from 'zod';
import { fieldName, formatIssue, issueDetail, type FriendlyIssue, type Position } from '../../shared/friendly-errors/friendly-issue.ts';
import { readLocatedYaml } from '../../shared/friendly-errors/located-yaml.ts';
import { describeZodError } from '../../shared/friendly-errors/zod-issue.ts';

// Reads one processor's settings out of collector YAML, the way a learner
// pastes it: the whole `processors:` block, the `tail_sampling:` block, or
// just its body. Every problem becomes one message with the line, the field
// path and how to fix it, in the site's one message shape (friendly-issue.ts).

export interface ConfigError {
  /** "line 7, column 25: field processors.tail_sampling.policies[0].latency.threshold_ms: …" */
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

/** `path`: the field the problem is about, an unknown key included (the message names the key itself). */
function configError(position: Position, issue: Omit<FriendlyIssue, 'position'>, path = issue.field ?? ''): ConfigError {
  return {
    message: formatIssue({ ...issue, position }),
    line: position.line,
    column: position.column,
    path,
    detail: issueDetail(issue),
  };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a block of fields';
  return JSON.stringify(value);
}

type Problem = Omit<FriendlyIssue, 'position'>;

function findProcessor(js: unknown, type: string, bodyKeys: readonly string[]): { prefix: PathSegment[]; body: unknown } | Problem {
  const isId = (key: string) => key === type || key.startsWith(`${type}/`);
  const paste = `paste the \`processors:\` block, the \`${type}:\` block, or its fields (starting with \`${bodyKeys[0] ?? ''}:\`)`;
  if (js === null || typeof js !== 'object' || Array.isArray(js)) {
    return { problem: `expected a \`processors:\` block, a \`${type}:\` block or its fields, found ${describeValue(js)}`, fix: paste };
  }
  const top = js as Record<string, unknown>;
  const search = (map: Record<string, unknown>, prefix: PathSegment[]) => {
    const ids = Object.keys(map).filter(isId);
    if (ids.length > 1) return { problem: `several ${type} processors (${ids.join(', ')})`, fix: 'paste one at a time' };
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
  return { problem: `no \`${type}\` processor found`, fix: paste };
}

export function readProcessorConfig<S extends z.ZodType>(text: string, spec: ProcessorSpec<S>): ConfigResult<z.output<S>> {
  const start = { line: 1, column: 1 };
  if (text.length > MAX_CONFIG_CHARS) {
    const problem = `this configuration is ${Math.round(text.length / 1000)} kB`;
    const fix = `paste at most ${MAX_CONFIG_CHARS / 1000} kB (the processor's block, not a whole file of generated policies)`;
    return { ok: false, errors: [configError(start, { problem, fix })] };
  }
  // `merge`: YAML merge keys (`<<: *defaults`), which the collector's own YAML parser accepts.
  const read = readLocatedYaml(text, { merge: true });
  if (!read.ok) return { ok: false, errors: [configError(read.issue.position, read.issue)] };
  const found = findProcessor(read.value, spec.type, spec.bodyKeys);
  if ('problem' in found) return { ok: false, errors: [configError(start, found)] };

  const parsed = spec.schema.safeParse(found.body, { reportInput: true });
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors = describeZodError(parsed.error, { knownFields: spec.fieldNames }).map((issue) => {
    const full = [...found.prefix, ...(issue.path as PathSegment[])];
    return configError(
      read.at(full, issue.key),
      { field: fieldName(full) || undefined, problem: issue.problem, fix: issue.fix },
      fieldName(issue.key === undefined ? full : [...full, issue.key]),
    );
  });
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, errors };
}
