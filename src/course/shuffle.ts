import { fnv1a32 } from './content-hash.ts';

// Choice order is shuffled so position gives nothing away, but with a seed made
// of the learner's local id and the question id: the same learner sees the same
// order on every reload, and tests can predict it.

/** mulberry32: a small, well-mixed 32-bit PRNG. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const out = [...items];
  const random = mulberry32(fnv1a32(seed));
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function shuffleSeed(learnerId: string, questionId: string): string {
  return `${learnerId}:${questionId}`;
}

interface Shufflable {
  id: string;
  type: string;
  shuffle?: boolean;
  choices?: readonly { id: string }[];
  items?: readonly { id: string }[];
}

/**
 * Display order of a question's choices (single, multiple) or items (order),
 * as ids; null for types without a list. An order question is never shown
 * already solved.
 */
export function displayOrder(question: Shufflable, learnerId: string): string[] | null {
  const list = question.type === 'order' ? question.items : question.choices;
  if (!list) return null;
  const ids = list.map((x) => x.id);
  if (question.shuffle === false) return ids;
  const shuffled = seededShuffle(ids, shuffleSeed(learnerId, question.id));
  if (question.type === 'order' && ids.length > 1 && shuffled.every((id, i) => id === ids[i])) {
    shuffled.push(shuffled.shift()!);
  }
  return shuffled;
}
