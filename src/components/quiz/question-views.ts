import type { Question, QuestionType } from '../../course/question-types/registry.ts';
import { choiceView } from './views/ChoiceView.tsx';
import { codeView } from './views/CodeView.tsx';
import { fieldView } from './views/FieldView.tsx';
import { orderView } from './views/OrderView.tsx';
import type { QuestionView } from './views/view.ts';

// How each question type is answered on a page, keyed by type: TypeScript
// refuses a type from src/course/question-types/types.ts that has no view here.

type ViewOf<T extends QuestionType> = QuestionView<Extract<Question, { type: T }>>;

export const QUESTION_VIEWS: { [T in QuestionType]: ViewOf<T> } = {
  single: choiceView,
  multiple: choiceView,
  order: orderView,
  numeric: fieldView,
  text: fieldView,
  traceql: codeView,
  'sampling-policy': codeView,
  'sampling-threshold': fieldView,
};

export function viewOf(question: Question): QuestionView<Question> {
  return QUESTION_VIEWS[question.type] as unknown as QuestionView<Question>;
}
