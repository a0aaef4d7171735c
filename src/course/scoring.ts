// Quiz and module scores, the same for the progress page and the grade command.
// A quiz's score is the mean of its questions' scores, counting an unanswered
// question (or one answered before the question was edited) as 0. The module
// score is the mean over every question of every bank, so each question weighs
// the same wherever it sits. Pass: score ≥ pass mark.

export interface BankOutline {
  id: string;
  title: string;
  lesson: string;
  questions: { id: string; hash: string }[];
}

/** A question's score for this learner: a number, 'stale' (answered to another version), or null (unanswered). */
export type ScoreLookup = (questionId: string, hash: string) => number | 'stale' | null;

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

/** Floating-point safe percentage for display: 0.6667 → 66.7 */
export function percent(score: number): number {
  return Math.round(score * 1000) / 10;
}
