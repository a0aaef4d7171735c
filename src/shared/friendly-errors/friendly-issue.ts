// The one shape of every message about a file or text a person wrote (a quiz
// bank, content/course.yaml, a collector config pasted into a lab). A learner's
// export lists skipped entries in its own lines, with the same wording of each
// problem (zod-issue.ts).
//
//   where: what, field: problem. Fix: fix.
//   content/quizzes/x.yaml:16:9: question "q-id", field choices[1]: unknown field `corect`, did you mean `correct`? Fix: rename it to `correct`.
//   line 7, column 25: field processors.tail_sampling.policies[0].latency.threshold_ms: `threshold_ms` is a whole number of milliseconds.
//
// Like Starlight's configuration errors (parseWithFriendlyErrors in @astrojs/starlight
// 0.42.4, dist/utils/error-map.js: one line per zod issue, the field path
// first, then the message), with the line and column in the file and a fix.

export interface Position {
  /** 1-based, as editors count. */
  readonly line: number;
  readonly column: number;
}

export interface FriendlyIssue {
  /** The file as the reader knows it; absent for text pasted into a page. */
  readonly file?: string | undefined;
  readonly position?: Position | undefined;
  /** The item the problem is in, e.g. `question "q-id"` or `answers[2] (question "q-id")`. */
  readonly subject?: string | undefined;
  /** The field inside it, e.g. `choices[1].correct`. */
  readonly field?: string | undefined;
  readonly problem: string;
  /** What to do about it, when the problem does not already say. */
  readonly fix?: string | undefined;
}

/** `file:line:column`, or `line L, column C` for pasted text, or just the file. */
export function issueWhere(issue: Pick<FriendlyIssue, 'file' | 'position'>): string {
  const { file, position } = issue;
  if (file) return position ? `${file}:${position.line}:${position.column}` : file;
  return position ? `line ${position.line}, column ${position.column}` : '';
}

/** The problem and its fix as one or two sentences, without the place. */
export function issueDetail(issue: Pick<FriendlyIssue, 'problem' | 'fix'>): string {
  const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);
  return issue.fix ? `${sentence(issue.problem)} Fix: ${sentence(issue.fix)}` : sentence(issue.problem);
}

/** The issue as one line: where, what, problem and fix. */
export function formatIssue(issue: FriendlyIssue): string {
  const what = [issue.subject, issue.field ? `field ${issue.field}` : undefined].filter(Boolean).join(', ');
  return [issueWhere(issue), what, issueDetail(issue)].filter(Boolean).join(': ');
}

/** ['choices', 1, 'correct'] → "choices[1].correct" */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** "choices[1].correct" → ['choices', 1, 'correct'] */
export function fieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}
