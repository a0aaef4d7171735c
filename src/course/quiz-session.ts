import type { GradeResult } from './question-types/define.ts';
import { quizStanding, type QuizStanding } from './scoring.ts';
import { formatPercent } from '../shared/format.ts';

// A quiz on a page, as a state machine with no DOM: what the learner has typed
// or picked, which questions are being checked, reopened or in error, the
// review switch and what a screen reader is told. The quiz island renders the
// state and dispatches events; the stored answers (the progress store) stay
// the record of what was answered, and every score comes from re-grading them.
//
// A question is in one of four phases:
//   answering: open, with a draft (never answered, reopened, or answered to an older version)
//   checking:  its grader is loading or running; inputs wait
//   answered:  a current stored answer, shown with its result
//   waiting:   a current stored answer whose grader has not loaded yet
// Events move it: check (answering → checking), checked (checking → answered),
// rejected (checking → answering, with why), retry (answered → answering).

export type Phase = 'answering' | 'checking' | 'answered' | 'waiting';

export interface SessionQuestion {
  id: string;
  hash: string;
  /** A typed answer (a query, a policy) comes back as it was when reopened; picks start afresh. */
  typed: boolean;
}

/** A learner's stored answer to a question, as far as the session needs it. */
export interface StoredAnswer {
  hash: string;
  response: unknown;
  attempts: number;
}

export interface SessionState {
  drafts: Readonly<Record<string, unknown>>;
  /** Answered questions the learner reopened. */
  reopened: ReadonlySet<string>;
  checking: ReadonlySet<string>;
  errors: Readonly<Record<string, string>>;
  review: boolean;
  announcement: string;
  /** Where focus goes after the next render: a reopened question or the feedback of a checked one; n makes each move new. */
  focus: { id: string; to: 'question' | 'result'; n: number } | null;
}

export type SessionEvent =
  | { type: 'draft'; id: string; draft: unknown }
  | { type: 'check'; id: string }
  | { type: 'checked'; id: string; index: number; result: GradeResult; completion: QuizStanding | null; passMark: number }
  | { type: 'rejected'; id: string; index: number; why: string }
  | { type: 'retry'; ids: readonly string[]; what: string; keep: Readonly<Record<string, unknown>> }
  | { type: 'review' };

export function initialSession(): SessionState {
  return { drafts: {}, reopened: new Set(), checking: new Set(), errors: {}, review: false, announcement: '', focus: null };
}

const without = <T>(set: ReadonlySet<T>, ...items: T[]): Set<T> => {
  const next = new Set(set);
  for (const item of items) next.delete(item);
  return next;
};

function omit<T>(record: Readonly<Record<string, T>>, ids: readonly string[]): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => !ids.includes(k)));
}

const nextFocus = (state: SessionState, id: string, to: 'question' | 'result') => ({ id, to, n: (state.focus?.n ?? 0) + 1 });

/** What a screen reader hears after a check: the verdict and, when it finished the quiz, the quiz's result. */
export function checkedMessage(index: number, result: GradeResult, completion: QuizStanding | null, passMark: number): string {
  const verdict = result.correct ? 'right' : result.score > 0 ? `partly right, ${formatPercent(result.score)}` : 'not right';
  let message = `Question ${index + 1}: ${verdict}.`;
  if (completion) {
    message += ` Quiz complete: ${formatPercent(completion.score)}, ${completion.passed ? 'passed' : 'not passed yet'} (pass mark ${formatPercent(passMark)}).`;
  }
  return message;
}

export function sessionReducer(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'draft':
      if (state.checking.has(event.id)) return state;
      return { ...state, drafts: { ...state.drafts, [event.id]: event.draft } };
    case 'check':
      if (state.checking.has(event.id)) return state;
      return { ...state, checking: new Set([...state.checking, event.id]) };
    case 'checked':
      return {
        ...state,
        checking: without(state.checking, event.id),
        reopened: without(state.reopened, event.id),
        errors: omit(state.errors, [event.id]),
        announcement: checkedMessage(event.index, event.result, event.completion, event.passMark),
        focus: nextFocus(state, event.id, 'result'),
      };
    case 'rejected':
      return {
        ...state,
        checking: without(state.checking, event.id),
        errors: { ...state.errors, [event.id]: `This answer could not be read: ${event.why}.` },
        announcement: `Question ${event.index + 1}: this answer could not be read.`,
      };
    case 'retry': {
      const first = event.ids[0];
      return {
        ...state,
        reopened: new Set([...state.reopened, ...event.ids]),
        drafts: { ...omit(state.drafts, event.ids), ...event.keep },
        errors: omit(state.errors, event.ids),
        review: false,
        announcement: event.what,
        focus: first ? nextFocus(state, first, 'question') : state.focus,
      };
    }
    case 'review':
      return { ...state, review: !state.review };
  }
}

/** A question's place in the session, given its stored answer and whether its grader is loaded. */
export function phaseOf(state: SessionState, question: SessionQuestion, stored: StoredAnswer | undefined, graderReady: boolean): Phase {
  if (state.checking.has(question.id)) return 'checking';
  const current = stored && stored.hash === question.hash;
  if (!current || state.reopened.has(question.id)) return 'answering';
  return graderReady ? 'answered' : 'waiting';
}

export interface QuestionStatus {
  id: string;
  phase: Phase;
  /** The stored answer, when it is to this version of the question. */
  stored: StoredAnswer | undefined;
  /** Answered to an older version of the question: it no longer counts. */
  stale: boolean;
  /** Today's grade of the current stored answer (null until its grader has loaded). */
  result: GradeResult | null;
}

/**
 * Every question's status: stored answers are re-graded with today's graders
 * (`grade` returns null while a type's grader is not loaded), never read from
 * the score stored with them.
 */
export function questionStatuses(
  state: SessionState,
  questions: readonly SessionQuestion[],
  answers: Readonly<Record<string, StoredAnswer>>,
  grade: (id: string, response: unknown) => GradeResult | null,
): QuestionStatus[] {
  return questions.map((q) => {
    const stored = answers[q.id];
    const current = stored && stored.hash === q.hash ? stored : undefined;
    const result = current ? grade(q.id, current.response) : null;
    return {
      id: q.id,
      phase: phaseOf(state, q, stored, result !== null),
      stored: current,
      stale: stored !== undefined && stored.hash !== q.hash,
      result,
    };
  });
}

export interface Score {
  standing: QuizStanding;
  /** Points as shown: the sum of question scores, to two decimals. */
  points: number;
  /** Every question answered and none reopened or being checked. */
  finished: boolean;
  /** Questions whose current answer is not fully right. */
  missed: string[];
}

export function sessionScore(
  bank: { id: string; title: string; lesson: string },
  questions: readonly SessionQuestion[],
  statuses: readonly QuestionStatus[],
  passMark: number,
): Score {
  const scores = new Map(statuses.map((s) => [s.id, s.result ? s.result.score : s.stale ? ('stale' as const) : null]));
  const standing = quizStanding(
    { ...bank, questions: questions.map((q) => ({ id: q.id, hash: q.hash })) },
    (id) => scores.get(id) ?? null,
    passMark,
  );
  const open = statuses.some((s) => s.phase === 'answering' || s.phase === 'checking');
  return {
    standing,
    points: Math.round(standing.score * standing.total * 100) / 100,
    finished: standing.answered === standing.total && !open,
    missed: statuses.filter((s) => s.result && !s.result.correct).map((s) => s.id),
  };
}

/** The drafts a retry keeps: a typed answer comes back as it was, to be corrected; picks start afresh. */
export function keptDrafts(questions: readonly SessionQuestion[], statuses: readonly QuestionStatus[], ids: readonly string[]) {
  const typed = new Set(questions.filter((q) => q.typed).map((q) => q.id));
  return Object.fromEntries(
    statuses.filter((s) => ids.includes(s.id) && typed.has(s.id) && s.stored).map((s) => [s.id, s.stored!.response]),
  );
}

// An exam (a bank with `exam: true`, or named in course.yaml's examBanks) has
// no key on the page, so nothing is checked: the learner answers, every answer
// is stored as it is given, and the exam is submitted once. Its phases:
//   answering:  answers can be given and changed; each is stored at once
//   confirming: "Submit the exam" was pressed; the learner confirms or goes back
//   submitted:  the progress store holds the submission time; answers are fixed
// Events: submit (answering → confirming), cancel (confirming → answering),
// confirmed (confirming → submitted, once the store has the time). Whether an
// exam is submitted is read from the store, so a reload or another tab agrees.

export type ExamPhase = 'answering' | 'confirming' | 'submitted';

export interface ExamState {
  confirming: boolean;
  announcement: string;
}

export type ExamEvent = { type: 'submit'; unanswered: number } | { type: 'cancel' } | { type: 'confirmed' };

export function initialExam(): ExamState {
  return { confirming: false, announcement: '' };
}

/** The question a confirmation asks, naming what is still unanswered. */
export function confirmQuestion(unanswered: number): string {
  const open = unanswered === 0 ? '' : ` ${unanswered} question${unanswered === 1 ? ' is' : 's are'} still unanswered.`;
  return `Submit the exam? You cannot change your answers afterwards.${open}`;
}

export function examReducer(state: ExamState, event: ExamEvent): ExamState {
  switch (event.type) {
    case 'submit':
      if (state.confirming) return state;
      return { confirming: true, announcement: confirmQuestion(event.unanswered) };
    case 'cancel':
      return { confirming: false, announcement: 'Not submitted: you can still change your answers.' };
    case 'confirmed':
      return { confirming: false, announcement: 'Submitted. Your instructor grades the exam.' };
  }
}

/** The exam's phase: submitted once the store has a submission time, whatever the page's state. */
export function examPhase(state: ExamState, submittedAt: string | undefined): ExamPhase {
  if (submittedAt) return 'submitted';
  return state.confirming ? 'confirming' : 'answering';
}

/** How many of the exam's questions have a stored answer to their current version. */
export function examAnswered(questions: readonly SessionQuestion[], answers: Readonly<Record<string, StoredAnswer>>): number {
  return questions.filter((q) => answers[q.id]?.hash === q.hash).length;
}
