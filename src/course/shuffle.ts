import { fnv1a32 } from '../shared/fnv.ts';
import { mulberry32 } from '../shared/random.ts';

// Choice order is shuffled so position gives nothing away, but with a seed made
// of the learner's local id and the question id: the same learner sees the same
// order on every reload, and tests can predict it.

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
