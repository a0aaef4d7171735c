import type { QuestionTypeDef } from './define.ts';

// The one list of question types. Every type is one module whose default
// export is its definition (define.ts); the list loads each on demand, so a
// page fetches a type's grader, with the engine it runs and the zod schemas it
// parses with, only when a question of that type is checked or re-graded.
// Node code (the build, the grade command, tests) loads them all up front
// through index.ts. The TypeScript types of a question below are derived from
// this list, as the zod union in index.ts is.
//
// To add a type: write src/course/question-types/<type>.ts (its definition
// must say what an exam page may ship of a question, `examQuestion`), add one
// line here, and give it a view in src/components/quiz/question-views.ts.

export const QUESTION_TYPES = {
  single: () => import('./single.ts'),
  multiple: () => import('./multiple.ts'),
  order: () => import('./order.ts'),
  numeric: () => import('./numeric.ts'),
  text: () => import('./text.ts'),
  traceql: () => import('./traceql.ts'),
  'sampling-policy': () => import('./sampling-policy.ts'),
  'sampling-threshold': () => import('./sampling-threshold.ts'),
} as const;

export type QuestionType = keyof typeof QUESTION_TYPES;

/** The definition a type's module exports. */
export type DefOf<T extends QuestionType> = Awaited<ReturnType<(typeof QUESTION_TYPES)[T]>>['default'];

type QuestionOfDef<D> = D extends QuestionTypeDef<infer Q, infer _R, infer _QIn> ? Q : never;
type InputOfDef<D> = D extends QuestionTypeDef<infer _Q, infer _R, infer QIn> ? QIn : never;

/** A question as validated from a bank (defaults filled in). */
export type Question = { [T in QuestionType]: QuestionOfDef<DefOf<T>> }[QuestionType];
/** A question as written in a bank. */
export type QuestionInput = { [T in QuestionType]: InputOfDef<DefOf<T>> }[QuestionType];

export function isQuestionType(type: string): type is QuestionType {
  return Object.hasOwn(QUESTION_TYPES, type);
}
