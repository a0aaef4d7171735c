import type { Feedback } from '../../../course/question-types/registry.ts';
import { Html } from './Html.tsx';
import { arrayOf, textOf, type InputProps, type QuestionView } from './view.ts';

// Single and multiple choice: radio buttons or checkboxes, and after a check
// each picked choice (every choice in the review) says why it is right or wrong.

interface ChoiceQuestion {
  type: string;
  choices: { id: string }[];
}

const VERDICT_TEXT = {
  right: 'Correct',
  wrong: 'Incorrect',
  missed: 'Missed: this one is correct',
  skipped: 'Incorrect, and not picked',
} as const;

type ChoiceFeedback = Extract<Feedback, { kind: 'choice' }>;

function ChoiceFeedbackLine({
  f,
  html,
  misconceptions,
}: {
  f: ChoiceFeedback;
  html: Record<string, string>;
  misconceptions: Record<string, string>;
}) {
  const tone = f.verdict === 'right' ? 'right' : f.verdict === 'skipped' ? 'neutral' : 'wrong';
  return (
    <div className={`quiz-fb quiz-fb-${tone}`}>
      <span className="quiz-mark">{VERDICT_TEXT[f.verdict]}.</span> <Html html={html[`choices.${f.id}.feedback`]} />
      {f.misconception && (f.verdict === 'wrong' || f.verdict === 'missed') ? (
        <span className="quiz-misconception"> Common misconception: {misconceptions[f.misconception] ?? f.misconception}.</span>
      ) : null}
    </div>
  );
}

const picks = (value: unknown, multiple: boolean) => (multiple ? arrayOf(value, 'choices') : [textOf(value, 'choice')]);

function ChoiceInput({
  question,
  html,
  base,
  order,
  value,
  locked,
  live,
  result,
  review,
  misconceptions,
  input,
  onDraft,
}: InputProps<ChoiceQuestion>) {
  const multiple = input.kind === 'choices' && input.multiple;
  const picked = picks(value, multiple);
  const feedback = new Map((result?.feedback ?? []).filter((f): f is ChoiceFeedback => f.kind === 'choice').map((f) => [f.id, f]));
  const ids = order ?? question.choices.map((c) => c.id);
  return (
    <ul className="quiz-choices">
      {ids.map((id) => {
        const inputId = `${base}-${id}`;
        const f = feedback.get(id);
        const show = f && (f.selected || review);
        return (
          <li key={id} className={show ? `quiz-choice quiz-choice-${f.verdict}` : 'quiz-choice'}>
            <label htmlFor={inputId}>
              <input
                id={inputId}
                type={multiple ? 'checkbox' : 'radio'}
                name={base}
                value={id}
                disabled={!live || locked}
                checked={picked.includes(id)}
                onChange={(e) => {
                  if (!multiple) onDraft({ choice: id });
                  else {
                    const next = new Set(picked.filter(Boolean));
                    if (e.currentTarget.checked) next.add(id);
                    else next.delete(id);
                    onDraft({ choices: [...next] });
                  }
                }}
              />
              <Html html={html[`choices.${id}.text`]} />
            </label>
            {show ? <ChoiceFeedbackLine f={f} html={html} misconceptions={misconceptions} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

export const choiceView: QuestionView<ChoiceQuestion> = {
  Input: ChoiceInput,
  initial: () => undefined,
  canCheck: (value, input) => picks(value, input.kind === 'choices' && input.multiple).some(Boolean),
  reviewShowsKey: false,
};
