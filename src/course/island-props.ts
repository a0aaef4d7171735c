import type { ActivityKind } from './activity.ts';
import type { InputDescription, PublicQuestion, Question } from './question-types/registry.ts';
import type { BankOutline } from './scoring.ts';
import type { Prediction } from '../schemas/prediction.ts';

/** Props of QuizIsland, shaped at build time by build-data.ts: a self-study quiz with its key, or an exam without it. */
export type QuizIslandProps = SelfStudyQuizProps | ExamQuizProps;

interface QuizPropsBase {
  bank: { id: string; title: string; lesson: string };
  passMark: number;
  /** Heading level of the quiz title. */
  headingLevel?: 2 | 3;
}

/** `hint` and `input`: what the question's type asks for and how it is answered, known at build time so the page can draw it before the type's grader loads. */
export interface QuizSlot<Q> {
  question: Q;
  hash: string;
  html: Record<string, string>;
  hint: string;
  input: InputDescription;
}

/** An exam: each question in its public form (examQuestion), its HTML without feedback, explanation or key. */
export interface ExamQuizProps extends QuizPropsBase {
  exam: true;
  questions: QuizSlot<PublicQuestion>[];
}

export interface SelfStudyQuizProps extends QuizPropsBase {
  exam: false;
  questions: QuizSlot<Question>[];
  /** Labels of the misconceptions this bank's answers name. */
  misconceptions: Record<string, string>;
}

export interface PredictionIslandProps {
  prediction: Prediction;
  lesson: string;
  hash: string;
  html: Record<string, string>;
}

export interface ProgressIslandProps {
  banks: BankOutline[];
  predictions: { id: string; lesson: string; hash: string }[];
  /** Pages in course order; `kinds`: what the page can record (none: not in the visited count). */
  lessons: { slug: string; title: string; href: string; kinds: ActivityKind[] }[];
  passMark: number;
  requireLearnerId: boolean;
  course: { title: string; url: string };
  /** Lab checklist items, when the lab page defines them: id → label. */
  labItems?: { id: string; label: string }[];
}
