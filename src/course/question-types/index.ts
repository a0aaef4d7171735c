import { z } from 'astro/zod';
import {
  MultipleQuestionSchema,
  NumericQuestionSchema,
  OrderQuestionSchema,
  SingleQuestionSchema,
  TextQuestionSchema,
} from '../../schemas/question.ts';
import type { GradeResult, Problem, QuestionTypeDef, ResponseInput } from './define.ts';
import { malformedResult } from './malformed.ts';
import { multiple } from './multiple.ts';
import { numeric } from './numeric.ts';
import { order } from './order.ts';
import { single } from './single.ts';
import { text } from './text.ts';

// The registry of question types. To add one (e.g. `traceql`): write
// src/course/question-types/<type>.ts exporting a defineQuestionType(...) whose
// schema extends QuestionBaseSchema with `type: z.literal('<type>')`, then add
// its schema to QuestionSchema and the definition to questionTypes below.

export const QuestionSchema = z.discriminatedUnion('type', [
  SingleQuestionSchema,
  MultipleQuestionSchema,
  OrderQuestionSchema,
  NumericQuestionSchema,
  TextQuestionSchema,
]);
export type Question = z.output<typeof QuestionSchema>;
export type QuestionInput = z.input<typeof QuestionSchema>;
export type QuestionType = Question['type'];

export const questionTypes: { [T in QuestionType]: QuestionTypeDef<Extract<Question, { type: T }>, unknown> } = {
  single: single as QuestionTypeDef<Extract<Question, { type: 'single' }>, unknown>,
  multiple: multiple as QuestionTypeDef<Extract<Question, { type: 'multiple' }>, unknown>,
  order: order as QuestionTypeDef<Extract<Question, { type: 'order' }>, unknown>,
  numeric: numeric as QuestionTypeDef<Extract<Question, { type: 'numeric' }>, unknown>,
  text: text as QuestionTypeDef<Extract<Question, { type: 'text' }>, unknown>,
};

function defOf(question: Question): QuestionTypeDef<Question, unknown> {
  return questionTypes[question.type] as QuestionTypeDef<Question, unknown>;
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
  return defOf(question).check(question);
}

export function answerKey(question: Question): string {
  return defOf(question).answerKey(question);
}

/** How the quiz island asks for a response to a type without a built-in view. */
export function responseInput(question: Question): ResponseInput | undefined {
  return defOf(question).input;
}

export function rightResponse(question: Question): unknown {
  return defOf(question).rightResponse(question);
}

export type { Feedback, GradeResult, Problem, QuestionTypeDef, ResponseInput, WrongPick } from './define.ts';
export { defineQuestionType } from './define.ts';
