// A stable fingerprint of what a question asks and what counts as right.
// Progress and exports store it beside each answer, so editing one question
// marks only that question's answer as stale. Feedback, explanations,
// misconception tags, outcomes and display flags are left out: fixing a typo
// in feedback must not throw away a learner's answer. The hash is computed the
// same way in node (build, grade command) and in the browser.

import { fnv1a64Hex } from '../shared/fnv.ts';

const IGNORED_KEYS = new Set(['explanation', 'feedback', 'misconception', 'outcome', 'wrongAnswers', 'shuffle', 'starter']);

function normaliseString(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** JSON with sorted keys, undefined dropped and strings normalised: equal content, equal text. */
export function canonicalJson(value: unknown, ignore: ReadonlySet<string> = new Set()): string {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(normaliseString(value));
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, ignore)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== undefined && !ignore.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, ignore)}`);
    return `{${entries.join(',')}}`;
  }
  return 'null';
}

/** Content hash of a question or prediction (any object with the bank's fields). */
export function contentHash(item: object): string {
  return fnv1a64Hex(canonicalJson(item, IGNORED_KEYS));
}
