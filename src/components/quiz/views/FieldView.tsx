import { fieldOf, textOf, type InputProps, type QuestionView } from './view.ts';

// A one-line answer (a number, a short text); Enter checks it.

interface FieldQuestion {
  type: string;
  unit?: string | undefined;
}

function FieldInput({ question, base, value, locked, live, input, onDraft, onCheck }: InputProps<FieldQuestion>) {
  const key = fieldOf(input);
  const inputId = `${base}-input`;
  return (
    <div className="quiz-field">
      <label htmlFor={inputId}>Your answer</label>
      <span className="quiz-field-row">
        <input
          id={inputId}
          className="kit-field"
          type="text"
          inputMode={input.kind === 'field' ? input.inputMode : 'text'}
          autoComplete="off"
          spellcheck={false}
          disabled={!live || locked}
          value={fieldText(value, key)}
          onChange={(e) => onDraft({ [key]: e.currentTarget.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && e.currentTarget.value.trim()) {
              e.preventDefault();
              onCheck();
            }
          }}
        />
        {question.unit ? <span className="quiz-unit">{question.unit}</span> : null}
      </span>
    </div>
  );
}

/** A stored numeric answer may be a number. */
function fieldText(value: unknown, key: string): string {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' ? String(v) : textOf(value, key);
}

export const fieldView: QuestionView<FieldQuestion> = {
  Input: FieldInput,
  initial: () => undefined,
  canCheck: (value, input) => fieldText(value, fieldOf(input)).trim() !== '',
  reviewShowsKey: true,
};
