import { fieldOf, textOf, type InputProps, type QuestionView } from './view.ts';

// A code box for an answer that is run to grade it (a TraceQL query, a
// tail-sampling policy); Ctrl+Enter checks it.

interface CodeQuestion {
  type: string;
  starter?: string | undefined;
}

function CodeInput({ base, value, locked, live, input, onDraft, onCheck }: InputProps<CodeQuestion>) {
  const key = fieldOf(input);
  const text = textOf(value, key);
  const inputId = `${base}-input`;
  return (
    <div className="quiz-field">
      <label htmlFor={inputId}>{input.kind === 'code' ? input.label : 'Your answer'}</label>
      <textarea
        id={inputId}
        className="kit-field kit-field-code"
        rows={Math.min(30, Math.max((input.kind === 'code' ? input.rows : undefined) ?? 4, text.split('\n').length + 1))}
        spellcheck={false}
        // Indentation carries meaning in YAML: long lines scroll instead of wrapping.
        wrap="off"
        autoCapitalize="off"
        autoComplete="off"
        disabled={!live || locked}
        value={text}
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => onDraft({ [key]: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.currentTarget.value.trim()) {
            e.preventDefault();
            onCheck();
          }
        }}
      />
      <span id={`${inputId}-hint`} className="kit-muted">
        Runs on a fixed, seeded set of traces when you check it. Ctrl+Enter (⌘+Enter) checks.
      </span>
    </div>
  );
}

export const codeView: QuestionView<CodeQuestion> = {
  Input: CodeInput,
  initial: (question, _order, input) => (question.starter !== undefined ? { [fieldOf(input)]: question.starter } : undefined),
  canCheck: (value, input) => textOf(value, fieldOf(input)).trim() !== '',
  reviewShowsKey: true,
};
