// Quiz and module scores, the same for the progress page and the grade command.
// A quiz's score is the mean of its questions' scores, counting an unanswered
// question (or one answered before the question was edited) as 0. The module
// score is the mean over every question of every bank, so each question weighs
// the same wherever it sits. Pass: score ≥ pass mark.
//
// Scores always come from grading the stored raw response again with the
// question as it is now (gradedLookup): a score written in the browser's
// storage or in an imported file is never used, so an edited file cannot pass.

export interface BankOutline {
  id: string;
  title: string;
  lesson: string;
  questions: { id: string; hash: string }[];
  /** An exam: graded by the instructor only, never scored by the site (its questions are not on the page). */
  exam?: boolean;
}

/** A question's score for this learner: a number, 'stale' (answered to another version), or null (unanswered). */
export type ScoreLookup = (questionId: string, hash: string) => number | 'stale' | null;

/** A stored answer as far as scoring needs it (a record of the progress store or an export). */
export interface StoredResponse {
  hash: string;
  response: unknown;
}

/**
 * A lookup that grades each stored response with `grade` (the same graders the
 * quiz and the grade command use) against the current question. A response to
 * another version of the question is 'stale'; a question that cannot be graded
 * here (unknown, or its grader not loaded: `grade` returns null) counts as unanswered.
 */
export function gradedLookup<Q>(
  answers: Readonly<Record<string, StoredResponse>>,
  questionFor: (id: string) => Q | undefined,
  grade: (question: Q, response: unknown) => { score: number } | null,
): ScoreLookup {
  const memo = new Map<string, number | null>();
  return (id, hash) => {
    const a = answers[id];
    if (!a) return null;
    if (a.hash !== hash) return 'stale';
    if (!memo.has(id)) {
      const q = questionFor(id);
      const result = q === undefined ? null : grade(q, a.response);
      const score = result && Number.isFinite(result.score) ? Math.min(1, Math.max(0, result.score)) : null;
      memo.set(id, score);
    }
    return memo.get(id)!;
  };
}

/** Fields of a question that are read by people, not by its grader. */
const PROSE = new Set(['prompt', 'explanation', 'feedback']);

/**
 * A question with its prose emptied (prompt, explanation, feedback), for a
 * page that grades but does not show questions (the progress page): a
 * fraction of the size, the same scores (a unit test checks every question).
 */
export function forGrading<Q>(question: Q): Q {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, PROSE.has(k) && typeof x === 'string' ? '' : strip(x)]))
        : v;
  return strip(question) as Q;
}

export interface QuizStanding {
  bank: string;
  title: string;
  lesson: string;
  total: number;
  answered: number;
  stale: number;
  score: number;
  passed: boolean;
}

export interface ModuleStanding {
  quizzes: QuizStanding[];
  total: number;
  answered: number;
  score: number;
  passed: boolean;
  passMark: number;
}

export function quizStanding(bank: BankOutline, lookup: ScoreLookup, passMark: number): QuizStanding {
  let sum = 0;
  let answered = 0;
  let stale = 0;
  for (const q of bank.questions) {
    const s = lookup(q.id, q.hash);
    if (s === 'stale') stale++;
    else if (s !== null) {
      answered++;
      sum += s;
    }
  }
  const total = bank.questions.length;
  const score = total ? sum / total : 0;
  return { bank: bank.id, title: bank.title, lesson: bank.lesson, total, answered, stale, score, passed: score >= passMark };
}

export function moduleStanding(banks: readonly BankOutline[], lookup: ScoreLookup, passMark: number): ModuleStanding {
  const quizzes = banks.map((b) => quizStanding(b, lookup, passMark));
  const total = quizzes.reduce((n, q) => n + q.total, 0);
  const answered = quizzes.reduce((n, q) => n + q.answered, 0);
  const points = quizzes.reduce((n, q) => n + q.score * q.total, 0);
  const score = total ? points / total : 0;
  return { quizzes, total, answered, score, passed: total > 0 && score >= passMark, passMark };
}
