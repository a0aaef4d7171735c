import type { LearnerExport } from '../schemas/export.ts';

// Integrity signals for the grade command: exports whose responses are the
// same as another learner's, answer for answer and minute for minute. A flag
// is a reason to look, never a verdict: in a live class everyone answers at
// the same time, and strong learners agree because right answers agree.
//
// An item is one quiz answer (question id + the version it was answered in,
// its latest response, when it was given) or one committed prediction (id +
// version, response, when committed). Responses are compared after
// normalising: the set of choices (not the click order), text with case and
// spacing folded, a number as typed without surrounding space.
//
// Two learners' exports are
//   identical       when both answered the same items (at least one), with the
//                   same response AND the same time (to the millisecond) on
//                   every one: one file copied under another name;
//   near-identical  when, of the items either of them answered (at least
//                   minItems = 5), at least minShare = 90% were answered by both,
//                   the same way, within windowSeconds = 120 s of each other.

export interface SimilarityOptions {
  minItems: number;
  minShare: number;
  windowSeconds: number;
}

export const SIMILARITY: Readonly<SimilarityOptions> = { minItems: 5, minShare: 0.9, windowSeconds: 120 };

export interface ResponseItem {
  /** `q:<question id>@<hash>` or `p:<prediction id>@<hash>`. */
  key: string;
  /** The normalised response. */
  value: string;
  /** When it was given, as written in the file. */
  at: string;
  /** Graded wrong (score below 1), where known. */
  wrong: boolean;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** A response in a form where two learners' equal answers compare equal (`type`: the question type, when known). */
export function normalisedResponse(response: unknown, type?: string): string {
  if (!response || typeof response !== 'object' || Array.isArray(response)) return stable(response);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(response as Record<string, unknown>)) {
    if (k === 'choices' && Array.isArray(v) && type !== 'order') out[k] = [...v].map(String).sort();
    else if (typeof v === 'string') out[k] = k === 'value' ? v.trim() : fold(v);
    else out[k] = v;
  }
  return stable(out);
}

export interface ItemContext {
  /** The question's type, for normalising. */
  typeOf?: (questionId: string) => string | undefined;
  /** Whether a response is wrong (score below 1); unknown items count as not wrong. */
  isWrong?: (kind: 'question' | 'prediction', id: string, response: unknown) => boolean;
}

/** A learner's responses as comparable items. A question listed twice keeps its later entry (as grading does). */
export function responseItems(data: LearnerExport, context: ItemContext = {}): ResponseItem[] {
  const items = new Map<string, ResponseItem>();
  for (const a of data.answers) {
    const key = `q:${a.questionId}@${a.hash}`;
    items.set(key, {
      key,
      value: normalisedResponse(a.response, context.typeOf?.(a.questionId)),
      at: a.answeredAt,
      wrong: context.isWrong?.('question', a.questionId, a.response) ?? false,
    });
  }
  for (const p of data.predictions) {
    const key = `p:${p.id}@${p.hash}`;
    items.set(key, {
      key,
      value: normalisedResponse(p.response),
      at: p.committedAt,
      wrong: context.isWrong?.('prediction', p.id, p.response) ?? false,
    });
  }
  return [...items.values()];
}

export interface PairSimilarity {
  kind: 'identical' | 'near-identical';
  /** Items either learner answered. */
  items: number;
  /** Items both answered the same way within the time window (all of them when identical). */
  matching: number;
  /** Of the matching items, how many were wrong for both: the strongest sign of copying. */
  sharedWrong: number;
}

const instant = (at: string) => Date.parse(at);
const sameTime = (a: string, b: string) => a === b || (Number.isFinite(instant(a)) && instant(a) === instant(b));

/** How alike two learners' responses are, or null when they are neither identical nor near-identical. */
export function compareResponses(
  x: readonly ResponseItem[],
  y: readonly ResponseItem[],
  options: SimilarityOptions = SIMILARITY,
): PairSimilarity | null {
  const ys = new Map(y.map((i) => [i.key, i]));
  const keys = new Set([...x.map((i) => i.key), ...ys.keys()]);
  const total = keys.size;
  if (total === 0) return null;
  let identical = x.length === ys.size;
  let matching = 0;
  let sharedWrong = 0;
  for (const a of x) {
    const b = ys.get(a.key);
    if (!b || b.value !== a.value) {
      identical = false;
      continue;
    }
    if (!sameTime(a.at, b.at)) identical = false;
    const gap = Math.abs(instant(a.at) - instant(b.at)) / 1000;
    if (sameTime(a.at, b.at) || gap <= options.windowSeconds) {
      matching++;
      if (a.wrong && b.wrong) sharedWrong++;
    }
  }
  if (identical && matching === total) return { kind: 'identical', items: total, matching, sharedWrong };
  if (total >= options.minItems && matching / total >= options.minShare)
    return { kind: 'near-identical', items: total, matching, sharedWrong };
  return null;
}

export interface SimilarPair extends PairSimilarity {
  /** Indexes into the list of learners given. */
  a: number;
  b: number;
}

/** Every pair of learners whose responses are identical or near-identical. */
export function findSimilar(learners: readonly (readonly ResponseItem[])[], options: SimilarityOptions = SIMILARITY): SimilarPair[] {
  const pairs: SimilarPair[] = [];
  for (let a = 0; a < learners.length; a++) {
    for (let b = a + 1; b < learners.length; b++) {
      const found = compareResponses(learners[a]!, learners[b]!, options);
      if (found) pairs.push({ a, b, ...found });
    }
  }
  return pairs;
}

/** Learners linked by similar pairs, as groups of indexes (each sorted, groups in order of their first member). */
export function similarGroups(pairs: readonly SimilarPair[]): number[][] {
  const parent = new Map<number, number>();
  const find = (i: number): number => {
    const p = parent.get(i) ?? i;
    if (p === i) return i;
    const root = find(p);
    parent.set(i, root);
    return root;
  };
  for (const { a, b } of pairs) {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }
  const groups = new Map<number, number[]>();
  for (const i of new Set(pairs.flatMap((p) => [p.a, p.b]))) {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  }
  return [...groups.values()].map((g) => g.sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
}
