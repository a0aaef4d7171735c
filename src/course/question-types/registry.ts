import type { GradeResult, InputDescription, Problem, PublicQuestion, QuestionTypeDef } from './define.ts';
import { malformedResult } from './malformed.ts';
import { QUESTION_TYPES, type Question, type QuestionType } from './types.ts';

// The question types loaded so far, and what can be done with a question of a
// loaded type: grade a response, check the question, write its key. A page
// loads a type when a question of it is checked or a stored answer of it is
// re-graded (loadQuestionTypes); node code imports index.ts, which loads every
// type before anything runs.

type AnyDef = QuestionTypeDef<Question, unknown, unknown>;

const loaded = new Map<QuestionType, AnyDef>();
/** Words a malformed response's problem (response-problem.ts, loaded with the first type). */
let describeResponse: typeof import('./response-problem.ts').responseProblem | null = null;

/** Whether questions of this type can be graded now, without loading anything. */
export function questionTypeReady(type: QuestionType): boolean {
  return loaded.has(type);
}

/** Loads the definitions of the given types that are not loaded yet (with the engines they grade with). */
export async function loadQuestionTypes(types: Iterable<QuestionType>): Promise<void> {
  const missing = [...new Set(types)].filter((t) => !loaded.has(t));
  await Promise.all([
    describeResponse ? null : import('./response-problem.ts').then((m) => (describeResponse = m.responseProblem)),
    ...missing.map(async (type) => {
      const loader = QUESTION_TYPES[type] as (() => Promise<{ default: unknown }>) | undefined;
      if (!loader) throw new Error(`there is no question type "${String(type)}"`);
      loaded.set(type, (await loader()).default as AnyDef);
    }),
  ]);
}

/** A loaded type's definition (index.ts builds the bank schema from them once all are loaded). */
export function definitionOf(type: QuestionType): AnyDef | undefined {
  return loaded.get(type);
}

function notLoaded(question: Question): string {
  return `the grader for ${question.type} questions has not loaded (reload the page to try again)`;
}

/**
 * Grades a learner's response. Pure, never throws: a response of the wrong
 * shape (or any surprise inside a grader) scores 0 with a message saying why.
 */
export function grade(question: Question, response: unknown): GradeResult {
  const def = loaded.get(question.type);
  if (!def) return malformedResult(notLoaded(question));
  const parsed = def.response.safeParse(response, { reportInput: true });
  if (!parsed.success) {
    const problem = describeResponse?.(parsed.error, def.response);
    const detail = problem ? ` (${problem})` : '';
    const article = /^[aeiou]/i.test(question.type) ? 'an' : 'a';
    return malformedResult(`${article} ${question.type} question expects ${def.responseShape}${detail}`);
  }
  try {
    return def.grade(question, parsed.data);
  } catch (error) {
    return malformedResult(`grading failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Loads the question's type if need be, then grades (what a page does when a learner checks an answer). */
export async function gradeLoading(question: Question, response: unknown): Promise<GradeResult> {
  await loadQuestionTypes([question.type]);
  return grade(question, response);
}

export function checkQuestion(question: Question): Problem[] {
  const def = loaded.get(question.type);
  if (!def) return [{ field: 'type', problem: notLoaded(question), fix: 'import the registry from src/course/question-types/index.ts' }];
  return def.check(question);
}

export function answerKey(question: Question): string {
  return loaded.get(question.type)?.answerKey(question) ?? '';
}

/** What the learner is asked to do ("choose one"), or '' when the type is not loaded. */
export function hintOf(question: Question): string {
  return loaded.get(question.type)?.hint ?? '';
}

/** What the question's answer input looks like, or undefined when the type is not loaded. */
export function inputOf(question: Question): InputDescription | undefined {
  return loaded.get(question.type)?.input;
}

/** The question without its key, as an exam page ships it (every type says what that is). */
export function examQuestion(question: Question): PublicQuestion {
  const def = loaded.get(question.type);
  if (!def) throw new Error(notLoaded(question));
  return def.examQuestion(question);
}

export function rightResponse(question: Question): unknown {
  return loaded.get(question.type)?.rightResponse(question) ?? null;
}

export type { Feedback, GradeResult, InputDescription, Problem, PublicQuestion, QuestionTypeDef, WrongPick } from './define.ts';
export { defineQuestionType } from './define.ts';
export { isQuestionType, QUESTION_TYPES, type Question, type QuestionInput, type QuestionType } from './types.ts';
