import type { GradeResult } from './define.ts';

// An answer the grader would not run to the end: too long, or over the time
// one answer may take. It scores 0 with feedback saying why, grading goes on
// with the next answer, and the instructor's gradebook names it as "could not
// be evaluated" (its shape was right: it was too costly to run). `malformed`
// carries the reason too, so the quiz page treats it as it treats an answer it
// cannot read: it says why and does not record a 0 the learner could not avoid
// (a slow device), and the learner can shorten the answer and check again.

const KEY = 'unevaluated';
const PREFIX = 'could not be evaluated: ';

export function unevaluatedResult(reason: string): GradeResult {
  return {
    score: 0,
    correct: false,
    feedback: [{ kind: 'message', tone: 'wrong', text: `This answer could not be evaluated: ${reason}.` }],
    misconceptions: [],
    // The reason rides in the item analysis label, so the instructor sees it there too.
    wrong: [{ key: KEY, label: `${PREFIX}${reason}` }],
    malformed: reason,
  };
}

/** Why an answer was not evaluated, or undefined when it was. */
export function unevaluatedReason(result: GradeResult): string | undefined {
  const pick = result.wrong.find((w) => w.key === KEY && w.label.startsWith(PREFIX));
  return pick ? pick.label.slice(PREFIX.length) : undefined;
}

/** A number with thousands separators, as the limits are written in messages. */
/**
 * A wall-clock budget for evaluating one answer, checked by the engine's own
 * loop over the dataset's traces (see guardTraces in traceql.ts). Time is the
 * only limit that covers every construct; the size limits come first and are
 * exact, so an answer under them is stopped only when it is genuinely slow.
 */
export class Budget {
  private readonly deadline: number;
  exceeded = false;
  constructor(readonly ms: number) {
    this.deadline = performance.now() + ms;
  }
  /** Throws (and remembers) once the time is up. */
  check(): void {
    if (performance.now() > this.deadline) {
      this.exceeded = true;
      throw new Error(`over the grading budget of ${this.ms} ms`);
    }
  }
}
