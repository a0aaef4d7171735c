import type { Feedback, GradeResult, InputDescription, Question } from '../../course/question-types/registry.ts';
import { formatPercent } from '../../shared/format.ts';
import { viewOf } from './question-views.ts';
import { Html } from './views/Html.tsx';

// One question of a quiz: the prompt, the input its type's view draws
// (question-views.ts), and after a check the feedback that teaches. Pure
// view: the quiz island owns the state.

export interface QuestionViewState {
  question: Question;
  html: Record<string, string>;
  /** What the question's type asks for ("choose one") and what its input looks like, from build time. */
  hint: string;
  input: InputDescription;
  /** ids of choices or items in display order (seeded per learner). */
  order: string[] | null;
  draft: unknown;
  /** Result of the stored answer, when it is current and not reopened. */
  result: GradeResult | null;
  /** The response that result is for. */
  answered: unknown;
  attempts: number;
  stale: boolean;
  /** False before hydration and while the answer is being checked: inputs are shown but disabled. */
  live: boolean;
  checking: boolean;
  review: boolean;
  error: string | null;
}

interface Props extends QuestionViewState {
  /** An exam's question: answered without a check (the page has no key), saved as it changes. */
  exam?: boolean;
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

/** Plain feedback text, with `backticked` parts shown as code (queries, field names). */
function MessageText({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

/** The response a question starts with, before the learner touches it. */
export function startingResponse(question: Question, order: string[] | null, input: InputDescription): unknown {
  return viewOf(question).initial(question, order, input);
}

export function QuizQuestion(props: Props) {
  const { question: q, html, order, draft, result, answered, live, review, idPrefix, index, total, misconceptions, input } = props;
  const view = viewOf(q);
  const locked = result !== null;
  const base = `${idPrefix}-${q.id}`;
  const value = locked ? answered : (draft ?? view.initial(q, order, input));
  const canCheck = view.canCheck(value, input);

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
    <fieldset className="quiz-q" aria-describedby={`${base}-prompt`} ref={props.fieldsetRef ?? null} tabIndex={-1}>
      <legend>
        Question {index + 1} of {total} <span className="quiz-hint">({props.hint || 'answer below'})</span>
      </legend>
      <Html as="div" className="quiz-prompt" id={`${base}-prompt`} html={html['prompt']} />
      {props.stale ? (
        <p className="kit-notice">
          This question was changed after you answered it, so your earlier answer no longer counts. Please answer it again.
        </p>
      ) : null}
      <view.Input
        question={q}
        html={html}
        base={base}
        order={order}
        value={value}
        locked={locked}
        live={live && !props.checking}
        result={result}
        review={review}
        misconceptions={misconceptions}
        input={input}
        onDraft={props.onDraft}
        onCheck={props.onCheck}
      />
      {props.error ? <p className="kit-alert">{props.error}</p> : null}
      {live && !locked && !props.exam ? (
        <div className="quiz-actions">
          <button
            type="button"
            className="kit-button kit-button-primary"
            disabled={!canCheck}
            aria-busy={props.checking}
            onClick={props.onCheck}
          >
            Check answer
          </button>
        </div>
      ) : null}
      {result ? (
        <div
          className={`quiz-result quiz-result-${tone}`}
          ref={props.resultRef ?? null}
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
          {result.misconceptions.length && input.kind !== 'choices' ? (
            <p className="quiz-misconception">
              Common misconception: {result.misconceptions.map((id) => misconceptions[id] ?? id).join('; ')}.
            </p>
          ) : null}
          {review && view.reviewShowsKey ? (
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
