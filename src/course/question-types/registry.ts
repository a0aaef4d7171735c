import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import {
  MultipleQuestionSchema,
  NumericQuestionSchema,
  OrderQuestionSchema,
  SamplingPolicyQuestionSchema,
  SingleQuestionSchema,
  TextQuestionSchema,
  TraceQLQuestionSchema,
} from '../../schemas/question.ts';
import type { GradeResult, Problem, QuestionTypeDef, ResponseInput } from './define.ts';
import { malformedResult } from './malformed.ts';
import { multiple } from './multiple.ts';
import { numeric } from './numeric.ts';
import { order } from './order.ts';
import { single } from './single.ts';
import { text } from './text.ts';

// The registry of question types, as a page loads it: the built-in types at
// once, and the types graded by running a sandbox engine (traceql,
// sampling-policy) only when a quiz asks such a question, because their
// engines are large. Node code (the build, the grade command, tests) imports
// index.ts instead, which provides every type up front.
//
// To add a built-in type: write src/course/question-types/<type>.ts exporting
// a defineQuestionType(...), add its schema (src/schemas/question.ts) to
// QuestionSchema and the definition to builtIn. A type that runs an engine
// goes into `runnable` and is provided by index.ts.

export const QuestionSchema = z.discriminatedUnion('type', [
  SingleQuestionSchema,
  MultipleQuestionSchema,
  OrderQuestionSchema,
  NumericQuestionSchema,
  TextQuestionSchema,
  TraceQLQuestionSchema,
  SamplingPolicyQuestionSchema,
]);
export type Question = z.output<typeof QuestionSchema>;
export type QuestionInput = z.input<typeof QuestionSchema>;
export type QuestionType = Question['type'];

type DefOf<T extends QuestionType> = QuestionTypeDef<Extract<Question, { type: T }>, unknown>;

/** Types graded by running a sandbox engine over a seeded dataset. */
export type RunnableType = 'traceql' | 'sampling-policy';
type BuiltInType = Exclude<QuestionType, RunnableType>;

const builtIn: { [T in BuiltInType]: DefOf<T> } = {
  single: single as DefOf<'single'>,
  multiple: multiple as DefOf<'multiple'>,
  order: order as DefOf<'order'>,
  numeric: numeric as DefOf<'numeric'>,
  text: text as DefOf<'text'>,
};

const runnable: { [T in RunnableType]?: DefOf<T> } = {};

const loaders: { [T in RunnableType]: () => Promise<DefOf<T>> } = {
  traceql: () => import('./traceql.ts').then((m) => m.traceql as DefOf<'traceql'>),
  'sampling-policy': () => import('./sampling-policy.ts').then((m) => m.samplingPolicy as DefOf<'sampling-policy'>),
};

export function isRunnableType(type: QuestionType): type is RunnableType {
  return type in loaders;
}

/** Registers a runnable type's definition (index.ts does this for node; pages call loadQuestionTypes). */
export function provideQuestionType<T extends RunnableType>(type: T, def: DefOf<T>): void {
  (runnable as Record<RunnableType, DefOf<RunnableType>>)[type] = def as unknown as DefOf<RunnableType>;
}

/** Whether questions of this type can be graded now. */
export function questionTypeReady(type: QuestionType): boolean {
  return !isRunnableType(type) || runnable[type] !== undefined;
}

/** Loads the graders of the given types that are not loaded yet (with their engines). */
export async function loadQuestionTypes(types: Iterable<QuestionType>): Promise<void> {
  const missing = [...new Set(types)].filter((t): t is RunnableType => !questionTypeReady(t));
  await Promise.all(missing.map(async (type) => provideQuestionType(type, await loaders[type]())));
}

function defOf(question: Question): QuestionTypeDef<Question, unknown> | undefined {
  const def = isRunnableType(question.type) ? runnable[question.type] : builtIn[question.type];
  return def as QuestionTypeDef<Question, unknown> | undefined;
}

function notLoaded(question: Question): string {
  return `the grader for ${question.type} questions has not loaded (reload the page to try again)`;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') return `unexpected field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type') return `${where}expected ${issue.expected}`;
  return `${where}${issue.message}`;
}

/**
 * Grades a learner's response. Pure, never throws: a response of the wrong
 * shape (or any surprise inside a grader) scores 0 with a message saying why.
 */
export function grade(question: Question, response: unknown): GradeResult {
  const def = defOf(question);
  if (!def) return malformedResult(notLoaded(question));
  const parsed = def.response.safeParse(response);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const detail = first ? ` (${describeIssue(first)})` : '';
    const article = /^[aeiou]/i.test(question.type) ? 'an' : 'a';
    return malformedResult(`${article} ${question.type} question expects ${def.responseShape}${detail}`);
  }
  try {
    return def.grade(question, parsed.data);
  } catch (error) {
    return malformedResult(`grading failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function checkQuestion(question: Question): Problem[] {
  const def = defOf(question);
  if (!def) return [{ field: 'type', problem: notLoaded(question), fix: 'import the registry from src/course/question-types/index.ts' }];
  return def.check(question);
}

export function answerKey(question: Question): string {
  return defOf(question)?.answerKey(question) ?? '';
}

/** How the quiz island asks for a response to a type without a built-in view. */
export function responseInput(question: Question): ResponseInput | undefined {
  return defOf(question)?.input;
}

export function rightResponse(question: Question): unknown {
  return defOf(question)?.rightResponse(question) ?? null;
}

export type { Feedback, GradeResult, Problem, QuestionTypeDef, ResponseInput, WrongPick } from './define.ts';
export { defineQuestionType } from './define.ts';
