import type { z } from 'zod';

/** One line of feedback a learner sees after checking an answer. */
export type Feedback =
  | {
      kind: 'choice';
      id: string;
      selected: boolean;
      /** Whether this choice is one of the right answers. */
      isCorrect: boolean;
      /** right: picked and right; wrong: picked and wrong; missed: right but not picked; skipped: wrong and not picked. */
      verdict: 'right' | 'wrong' | 'missed' | 'skipped';
      feedback: string;
      misconception?: string;
    }
  | {
      kind: 'item';
      id: string;
      /** Where the learner put it and where it belongs (0-based). */
      position: number;
      expected: number;
      /** Part of the longest run the learner already has in the right relative order. */
      inOrder: boolean;
      feedback?: string;
    }
  | {
      kind: 'message';
      tone: 'right' | 'wrong' | 'partial' | 'info';
      text: string;
      /** Markdown field of the question the text comes from (e.g. `wrongAnswers.0.feedback`), so a page can show its rendered HTML. */
      source?: string;
    };

/** Something a learner chose that was wrong, for the instructor's item analysis. */
export interface WrongPick {
  /** Stable key to count identical picks by (a choice id, a normalised answer). */
  key: string;
  /** Readable form for the report. */
  label: string;
  misconception?: string;
}

export interface GradeResult {
  /** 0..1 */
  score: number;
  correct: boolean;
  feedback: Feedback[];
  /** Misconception ids the response shows (from wrong choices or anticipated wrong answers). */
  misconceptions: string[];
  wrong: WrongPick[];
  /** Set when the response did not have the shape this question type expects. */
  malformed?: string;
}

/** A build-time problem with one question: which field, what is wrong, how to fix it. */
export interface Problem {
  field: string;
  problem: string;
  fix: string;
}

/**
 * What a type's answer input looks like, so the page can draw it before the
 * grader loads and a browser test can fill it in: a list of choices, a list
 * to put in order, a one-line field, or a code box.
 */
export type InputDescription =
  | { kind: 'choices'; multiple: boolean }
  | { kind: 'order' }
  | { kind: 'field'; field: string; inputMode: 'decimal' | 'text' }
  | {
      kind: 'code';
      field: string;
      /** Label of the box, e.g. "Your TraceQL query". */
      label: string;
      rows?: number;
    };

/**
 * The contract every question type follows: one module under
 * src/course/question-types/ whose default export is a defineQuestionType(...),
 * listed once in types.ts. The same definition serves the build-time checks,
 * the browser quiz and the grade command, so a learner and an instructor
 * always see the same grading.
 */
export interface QuestionTypeDef<Q extends { id: string; type: string }, R, QIn = unknown> {
  type: Q['type'];
  /** zod schema of the question as written in a bank. */
  schema: z.ZodType<Q, QIn>;
  /** zod schema of a learner's response. */
  response: z.ZodType<R>;
  /** The expected response shape, for the message a malformed response gets. */
  responseShape: string;
  /** What the learner is asked to do, shown beside the question number ("choose one"). */
  hint: string;
  input: InputDescription;
  /** Semantic checks beyond shape (right answers, ids, regexes). */
  check(question: Q): Problem[];
  grade(question: Q, response: R): GradeResult;
  /** The right answer as Markdown, for the instructor's key and the learner's review. */
  answerKey(question: Q): string;
  /** A response that is fully right, where one can be written down (tests and the key's self-check use it). */
  rightResponse(question: Q): R | null;
  /**
   * The question as an exam page ships it: what the learner reads and answers
   * with, and nothing that tells what counts as right (right flags, feedback,
   * misconception tags, explanations, accepted or wrong answers, numbers,
   * reference solutions). An exam's content hash is computed over this form
   * too, so the hash cannot be tried against guessed keys.
   */
  examQuestion(question: Q): PublicQuestion;
}

/** A question without its key (QuestionTypeDef.examQuestion): the fields its view reads, never a grading field. */
export interface PublicQuestion {
  id: string;
  type: string;
  outcome: string;
  prompt: string;
  [field: string]: unknown;
}

/** What every public question keeps: its id, type, outcome and prompt. */
export function publicBase(q: { id: string; type: string; outcome: string; prompt: string }): PublicQuestion {
  return { id: q.id, type: q.type, outcome: q.outcome, prompt: q.prompt };
}

/** Choices as the learner sees them: id and text, in the authored order (the page shuffles them per learner). */
export function publicChoices(choices: readonly { id: string; text: string }[]): { id: string; text: string }[] {
  return choices.map((c) => ({ id: c.id, text: c.text }));
}

export function defineQuestionType<Q extends { id: string; type: string }, R, QIn = unknown>(
  def: QuestionTypeDef<Q, R, QIn>,
): QuestionTypeDef<Q, R, QIn> {
  return def;
}

export function clampScore(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.min(1, Math.max(0, score));
}

/** Ids that occur more than once, in first-seen order. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

export function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(', ');
}
