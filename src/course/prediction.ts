import type { PredictionRecord } from '../schemas/progress.ts';
import {
  PredictionResponseSchema,
  type FactValue,
  type Prediction,
  type PredictionResponse,
  type RunFacts,
} from '../schemas/prediction.ts';

// Predict, then reveal: the learner commits first; the explanation unlocks only
// after a commit, and the committed prediction stays beside it. Where the bank
// gives a `check`, a sandbox run's facts say which choice they support.

/** Where a learner stands on one prediction: nothing committed, committed, or revealed. */
export type Phase = 'open' | 'committed' | 'revealed';

/**
 * The phase of a stored prediction. A prediction committed to another version
 * of the question (its hash changed) is open again. The progress store keeps
 * the record and refuses to change it once revealed.
 */
export function predictionPhase(record: PredictionRecord | undefined, hash: string): Phase {
  if (!record || record.hash !== hash) return 'open';
  return record.revealedAt ? 'revealed' : 'committed';
}

/** Why a response cannot be committed, or null when it can. */
export function responseProblem(prediction: Prediction, response: unknown): string | null {
  const parsed = PredictionResponseSchema.safeParse(response);
  if (!parsed.success) return prediction.kind === 'choice' ? 'choose one of the answers first' : 'write your prediction first';
  const r = parsed.data;
  if (prediction.kind === 'choice') {
    if (!('choice' in r)) return 'choose one of the answers first';
    if (!prediction.choices.some((c) => c.id === r.choice)) return `"${r.choice}" is not one of the answers`;
  } else if (!('text' in r)) {
    return 'write your prediction first';
  }
  return null;
}

export interface CheckVerdict {
  fact: keyof RunFacts;
  /** The value the run produced. */
  value: FactValue;
  /** The choice whose expected value the run matches, or null if none does. */
  supportedChoice: string | null;
  /** Whether the run supports the bank's answer (false means the scenario and the bank disagree). */
  confirmsAnswer: boolean;
  /** Whether the learner's committed choice is the one the run supports; null without a committed choice. */
  held: boolean | null;
  message: string;
  checkedAt?: string;
}

function sameValue(a: FactValue, b: FactValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = [...a].sort();
    const y = [...b].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

function showValue(v: FactValue): string {
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  return v === null ? 'none' : String(v);
}

const FACT_WORDS: Record<keyof RunFacts, string> = {
  traceCount: 'traces',
  spanCount: 'spans',
  slowestChildSpan: 'slowest child span',
  errorSpans: 'spans with ERROR status',
  rootStatusCode: 'root span status code',
  orphanSpans: 'spans whose parent is missing',
};

/**
 * Judges a sandbox run against a prediction's `check`: which choice the facts
 * support, and whether the learner's committed prediction held.
 */
export function judgeCheck(prediction: Prediction, facts: RunFacts, response?: PredictionResponse): CheckVerdict | null {
  if (prediction.kind !== 'choice' || !prediction.check) return null;
  const { fact, expect } = prediction.check;
  const value = facts[fact] as FactValue;
  const supportedChoice = Object.entries(expect).find(([, v]) => sameValue(v, value))?.[0] ?? null;
  const committed = response && 'choice' in response ? response.choice : null;
  const held = committed === null ? null : committed === supportedChoice;
  const label = (id: string | null) => prediction.choices.find((c) => c.id === id)?.text ?? id ?? '';
  const observed = `The run shows ${FACT_WORDS[fact]}: ${showValue(value)}.`;
  let message: string;
  if (supportedChoice === null) message = `${observed} None of the answers predicted that.`;
  else if (held === null) message = `${observed} That matches "${label(supportedChoice)}".`;
  else if (held) message = `${observed} That matches your prediction, "${label(committed)}": it held.`;
  else message = `${observed} That matches "${label(supportedChoice)}", not your prediction "${label(committed)}".`;
  return { fact, value, supportedChoice, confirmsAnswer: supportedChoice === prediction.answer, held, message };
}
