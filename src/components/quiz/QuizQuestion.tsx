import type { ReactNode } from 'react';
import { plainText } from '../../course/markdown-fields.ts';
import type { Feedback, GradeResult, Question, ResponseInput } from '../../course/question-types/registry.ts';
import { formatPercent } from '../../shared/format.ts';

// One question of a quiz: the prompt, the inputs for its type, and after a
// check the feedback that teaches. Pure view: the quiz island owns the state.

export interface QuestionViewState {
  question: Question;
  html: Record<string, string>;
  /** ids of choices or items in display order (seeded per learner). */
  order: string[] | null;
  draft: unknown;
  /** Result of the stored answer, when it is current and not reopened. */
  result: GradeResult | null;
  /** The response that result is for. */
  answered: unknown;
  attempts: number;
  stale: boolean;
  /** False before hydration: inputs are shown but disabled. */
  live: boolean;
  review: boolean;
  error: string | null;
  /** The answer box of a type without a built-in view (a TraceQL query, a YAML policy). */
  input?: ResponseInput;
}

interface Props extends QuestionViewState {
  idPrefix: string;
  index: number;
  total: number;
  misconceptions: Record<string, string>;
  onDraft(draft: unknown): void;
  onCheck(): void;
  onRetry(): void;
  fieldsetRef?: (el: HTMLFieldSetElement | null) => void;
  /** The feedback box: the quiz moves focus there after a check. */
  resultRef?: (el: HTMLDivElement | null) => void;
}

const HINT: Record<string, string> = {
  single: 'choose one',
  multiple: 'choose all that apply',
  order: 'put in order',
  numeric: 'a number',
  text: 'a short answer',
  traceql: 'write a TraceQL query',
  'sampling-policy': 'write a tail-sampling policy',
};

function Html({
  html,
  as: Tag = 'span',
  className,
  id,
}: {
  html: string | undefined;
  as?: 'span' | 'div';
  className?: string;
  id?: string;
}) {
  return <Tag id={id} className={className} dangerouslySetInnerHTML={{ __html: html ?? '' }} />;
}

const VERDICT_TEXT = {
  right: 'Correct',
  wrong: 'Incorrect',
  missed: 'Missed: this one is correct',
  skipped: 'Incorrect, and not picked',
} as const;

function ChoiceFeedbackLine({
  f,
  html,
  misconceptions,
}: {
  f: Extract<Feedback, { kind: 'choice' }>;
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

/** Plain feedback text, with `backticked` parts shown as code (queries, field names). */
function MessageText({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function textOf(value: unknown, key: string): string {
  return value && typeof value === 'object' && typeof (value as Record<string, unknown>)[key] === 'string'
    ? ((value as Record<string, string>)[key] ?? '')
    : '';
}

function arrayOf(value: unknown, key: string): string[] {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function QuizQuestion(props: Props) {
  const { question: q, html, order, draft, result, answered, live, review, idPrefix, index, total, misconceptions } = props;
  const locked = result !== null;
  const disabled = !live || locked;
  const base = `${idPrefix}-${q.id}`;
  const choiceFeedback = new Map(
    (result?.feedback ?? []).filter((f): f is Extract<Feedback, { kind: 'choice' }> => f.kind === 'choice').map((f) => [f.id, f]),
  );
  const input = props.input;

  let body: ReactNode;
  let canCheck = false;
  if (q.type === 'single' || q.type === 'multiple') {
    const multiple = q.type === 'multiple';
    const picked = locked
      ? multiple
        ? arrayOf(answered, 'choices')
        : [textOf(answered, 'choice')]
      : multiple
        ? arrayOf(draft, 'choices')
        : [textOf(draft, 'choice')];
    canCheck = picked.some(Boolean);
    const ids = order ?? q.choices.map((c) => c.id);
    body = (
      <ul className="quiz-choices">
        {ids.map((id) => {
          const inputId = `${base}-${id}`;
          const f = choiceFeedback.get(id);
          const show = f && (f.selected || review);
          return (
            <li key={id} className={show ? `quiz-choice quiz-choice-${f.verdict}` : 'quiz-choice'}>
              <label htmlFor={inputId}>
                <input
                  id={inputId}
                  type={multiple ? 'checkbox' : 'radio'}
                  name={base}
                  value={id}
                  disabled={disabled}
                  checked={picked.includes(id)}
                  onChange={(e) => {
                    if (!multiple) props.onDraft({ choice: id });
                    else {
                      const next = new Set(picked.filter(Boolean));
                      if (e.currentTarget.checked) next.add(id);
                      else next.delete(id);
                      props.onDraft({ choices: [...next] });
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
  } else if (q.type === 'order') {
    const ids = locked
      ? arrayOf(answered, 'order')
      : arrayOf(draft, 'order').length
        ? arrayOf(draft, 'order')
        : (order ?? q.items.map((i) => i.id));
    canCheck = true;
    const items = new Map((result?.feedback ?? []).filter((f) => f.kind === 'item').map((f) => [f.id, f]));
    const move = (from: number, to: number) => {
      const next = [...ids];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      props.onDraft({ order: next });
    };
    body = (
      <ol className="quiz-order" aria-label="Steps in your order">
        {ids.map((id, i) => {
          const item = q.items.find((x) => x.id === id)!;
          const f = items.get(id);
          const name = plainText(item.text);
          return (
            <li key={id} className={f ? (f.kind === 'item' && f.inOrder ? 'quiz-order-ok' : 'quiz-order-move') : undefined}>
              <Html html={html[`items.${id}.text`]} className="quiz-order-text" />
              {!locked ? (
                <span className="quiz-order-buttons">
                  <button
                    type="button"
                    className="kit-button"
                    disabled={!live || i === 0}
                    aria-label={`Move “${name}” up`}
                    onClick={() => move(i, i - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="kit-button"
                    disabled={!live || i === ids.length - 1}
                    aria-label={`Move “${name}” down`}
                    onClick={() => move(i, i + 1)}
                  >
                    ↓
                  </button>
                </span>
              ) : f && f.kind === 'item' ? (
                <span className={`quiz-fb quiz-fb-${f.inOrder ? 'right' : 'wrong'}`}>
                  <span className="quiz-mark">{f.inOrder ? 'In order' : `Belongs at step ${f.expected + 1}`}</span>
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
    );
  } else if (q.type === 'numeric' || q.type === 'text' || input) {
    const key = q.type === 'numeric' ? 'value' : q.type === 'text' ? 'text' : input!.field;
    const starter = 'starter' in q ? q.starter : undefined;
    const value = locked
      ? String((answered as Record<string, unknown> | null)?.[key] ?? '')
      : draft === undefined
        ? (starter ?? '')
        : textOf(draft, key);
    canCheck = value.trim() !== '';
    const inputId = `${base}-input`;
    const label = input?.label ?? 'Your answer';
    body = (
      <div className="quiz-field">
        <label htmlFor={inputId}>{label}</label>
        {input ? (
          <>
            <textarea
              id={inputId}
              className="kit-field kit-field-code"
              rows={Math.min(30, Math.max(input.rows ?? 4, value.split('\n').length + 1))}
              spellCheck={false}
              // Indentation carries meaning in YAML: long lines scroll instead of wrapping.
              wrap="off"
              autoCapitalize="off"
              autoComplete="off"
              disabled={disabled}
              value={value}
              aria-describedby={`${inputId}-hint`}
              onChange={(e) => props.onDraft({ [key]: e.currentTarget.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.currentTarget.value.trim()) {
                  e.preventDefault();
                  props.onCheck();
                }
              }}
            />
            <span id={`${inputId}-hint`} className="kit-muted">
              Runs on a fixed, seeded set of traces when you check it. Ctrl+Enter (⌘+Enter) checks.
            </span>
          </>
        ) : (
          <span className="quiz-field-row">
            <input
              className="kit-field"
              id={inputId}
              type="text"
              inputMode={q.type === 'numeric' ? 'decimal' : 'text'}
              autoComplete="off"
              spellCheck={false}
              disabled={disabled}
              value={value}
              onChange={(e) => props.onDraft({ [key]: e.currentTarget.value })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.currentTarget.value.trim()) {
                  e.preventDefault();
                  props.onCheck();
                }
              }}
            />
            {q.type === 'numeric' && q.unit ? <span className="quiz-unit">{q.unit}</span> : null}
          </span>
        )}
      </div>
    );
  } else {
    body = <p className="kit-muted">This kind of question cannot be answered on this page yet.</p>;
  }

  const messages = (result?.feedback ?? []).filter((f): f is Extract<Feedback, { kind: 'message' }> => f.kind === 'message');
  const tone = result ? (result.correct ? 'right' : result.score > 0 ? 'partial' : 'wrong') : null;
  const verdict = result
    ? result.correct
      ? 'Right.'
      : result.score > 0
        ? `Partly right: ${formatPercent(result.score)} of the marks.`
        : 'Not right.'
    : '';

  return (
    <fieldset className="quiz-q" aria-describedby={`${base}-prompt`} ref={props.fieldsetRef} tabIndex={-1}>
      <legend>
        Question {index + 1} of {total} <span className="quiz-hint">({HINT[q.type] ?? 'answer below'})</span>
      </legend>
      <Html as="div" className="quiz-prompt" id={`${base}-prompt`} html={html['prompt']} />
      {props.stale ? (
        <p className="kit-notice">
          This question was changed after you answered it, so your earlier answer no longer counts. Please answer it again.
        </p>
      ) : null}
      {body}
      {props.error ? <p className="kit-alert">{props.error}</p> : null}
      {live && !locked ? (
        <div className="quiz-actions">
          <button type="button" className="kit-button kit-button-primary" disabled={!canCheck} onClick={props.onCheck}>
            Check answer
          </button>
        </div>
      ) : null}
      {result ? (
        <div
          className={`quiz-result quiz-result-${tone}`}
          ref={props.resultRef}
          tabIndex={-1}
          role="group"
          aria-labelledby={`${base}-fbq ${base}-verdict`}
          aria-describedby={`${base}-why`}
        >
          <span hidden id={`${base}-fbq`}>
            Question {index + 1}:
          </span>
          <p className="quiz-verdict" id={`${base}-verdict`}>
            <strong>{verdict}</strong>
            {props.attempts > 1 ? <span className="kit-muted"> Attempt {props.attempts}.</span> : null}
          </p>
          {messages.map((m, i) => (
            <p key={i} className={`quiz-message quiz-message-${m.tone}`}>
              {m.source && html[m.source] ? <Html html={html[m.source]} /> : <MessageText text={m.text} />}
            </p>
          ))}
          {result.misconceptions.length && q.type !== 'single' && q.type !== 'multiple' ? (
            <p className="quiz-misconception">
              Common misconception: {result.misconceptions.map((id) => misconceptions[id] ?? id).join('; ')}.
            </p>
          ) : null}
          {review && (q.type === 'order' || q.type === 'numeric' || q.type === 'text' || input) ? (
            <div className="quiz-key">
              <strong>Right answer:</strong> <Html html={html['answerKey']} />
            </div>
          ) : null}
          <div className="quiz-explanation" id={`${base}-why`}>
            <strong>Why:</strong> <Html as="div" html={html['explanation']} />
          </div>
          <div className="quiz-actions">
            <button type="button" className="kit-button" onClick={props.onRetry}>
              Try this question again
            </button>
          </div>
        </div>
      ) : null}
    </fieldset>
  );
}
