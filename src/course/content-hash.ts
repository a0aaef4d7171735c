// A stable fingerprint of what a question asks and what counts as right.
// Progress and exports store it beside each answer, so editing one question
// marks only that question's answer as stale. Feedback, explanations,
// misconception tags, outcomes and display flags are left out: fixing a typo
// in feedback must not throw away a learner's answer. The hash is computed the
// same way in node (build, grade command) and in the browser.

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

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a, 64 bits, over the UTF-8 bytes; 16 hex digits. */
export function fnv1a64(text: string): string {
  let h = FNV64_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV64_PRIME) & MASK64;
  }
  return h.toString(16).padStart(16, '0');
}

/** FNV-1a, 32 bits: a quick numeric seed. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Content hash of a question or prediction (any object with the bank's fields). */
export function contentHash(item: object): string {
  return fnv1a64(canonicalJson(item, IGNORED_KEYS));
}
