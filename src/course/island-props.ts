import type { ActivityKind } from './activity.ts';
import type { InputDescription, Question } from './question-types/registry.ts';
import type { BankOutline } from './scoring.ts';
import type { Prediction } from '../schemas/prediction.ts';

/** Props of QuizIsland, shaped at build time by build-data.ts. */
export interface QuizIslandProps {
  bank: { id: string; title: string; lesson: string };
  /** `hint` and `input`: what the question's type asks for and how it is answered, known at build time so the page can draw it before the type's grader loads. */
  questions: { question: Question; hash: string; html: Record<string, string>; hint: string; input: InputDescription }[];
  /** Labels of the misconceptions this bank's answers name. */
  misconceptions: Record<string, string>;
  passMark: number;
  /** Heading level of the quiz title. */
  headingLevel?: 2 | 3;
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
