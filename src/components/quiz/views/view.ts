import type { ReactNode } from 'react';
import type { GradeResult, InputDescription } from '../../../course/question-types/registry.ts';

/** What a question type's view is given: the island owns the state, the view draws the input and reports drafts. */
export interface InputProps<Q> {
  question: Q;
  html: Record<string, string>;
  /** Prefix for element ids, unique per question on the page. */
  base: string;
  /** ids of choices or items in display order (seeded per learner), where the type shuffles. */
  order: string[] | null;
  /** The draft, or the answered response once checked. */
  value: unknown;
  /** Checked: the answer shows with its feedback and cannot change. */
  locked: boolean;
  /** False before hydration and while an answer is being checked: inputs are shown but disabled. */
  live: boolean;
  result: GradeResult | null;
  review: boolean;
  misconceptions: Record<string, string>;
  input: InputDescription;
  onDraft(draft: unknown): void;
  onCheck(): void;
}

export interface QuestionView<Q> {
  Input: (props: InputProps<Q>) => ReactNode;
  /** The response before the learner touches anything: the displayed order, the starter text of a box. */
  initial(question: Q, order: string[] | null, input: InputDescription): unknown;
  /** Whether the response is enough to check. */
  canCheck(value: unknown, input: InputDescription): boolean;
  /** Whether the review adds the right answer below the feedback (a choice question's feedback already shows it). */
  reviewShowsKey: boolean;
}

export function textOf(value: unknown, key: string): string {
  return value && typeof value === 'object' && typeof (value as Record<string, unknown>)[key] === 'string'
    ? ((value as Record<string, string>)[key] ?? '')
    : '';
}

export function arrayOf(value: unknown, key: string): string[] {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The response field an answer box writes (`value`, `text`, `query`…). */
export function fieldOf(input: InputDescription): string {
  return input.kind === 'field' || input.kind === 'code' ? input.field : 'value';
}
