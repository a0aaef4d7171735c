import { useId, useLayoutEffect, useRef, useState } from 'react';
import { predictionPhase, responseProblem, type CheckVerdict } from '../../course/prediction.ts';
import type { PredictionResponse } from '../../schemas/prediction.ts';
import { useProgressStore } from './browser-store.ts';
import { ErrorBoundary } from '../kit/ErrorBoundary.tsx';
import { runPredictionCheck } from './run-check.ts';
import { StorageNotice } from './StorageNotice.tsx';
import type { PredictionIslandProps } from '../../course/island-props.ts';
import './panel.css';
import './quiz.css';
import './prediction.css';

export default function PredictionIsland(props: PredictionIslandProps) {
  return (
    <ErrorBoundary name="This prediction">
      <PredictionView {...props} />
    </ErrorBoundary>
  );
}

/** The first words of a prediction's question, as plain text, to tell predictions apart. */
function promptSummary(markdown: string): string {
  const text = markdown
    .replace(/[`*_#>[\]]/g, '')
    .replace(/\(([^)]*)\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 70 ? `${text.slice(0, 70).replace(/\s+\S*$/, '')}…` : text;
}

function Html({ html, as: Tag = 'span', className }: { html: string | undefined; as?: 'span' | 'div'; className?: string }) {
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html ?? '' }} />;
}

function PredictionView({ prediction: p, lesson, hash, html }: PredictionIslandProps) {
  const { store, progress } = useProgressStore();
  const base = `pred-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const [draft, setDraft] = useState<PredictionResponse | null>(null);
  const [changing, setChanging] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [checking, setChecking] = useState(false);
  const [verdict, setVerdict] = useState<CheckVerdict | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  // Each step replaces the button that was pressed, so focus is moved on to what the step
  // shows (otherwise it falls to the page): the committed prediction, the form, the answer, the verdict.
  const [focus, setFocus] = useState<{ to: 'mine' | 'form' | 'answer' | 'verdict'; n: number } | null>(null);
  const targets = {
    mine: useRef<HTMLDivElement>(null),
    form: useRef<HTMLFieldSetElement>(null),
    answer: useRef<HTMLDivElement>(null),
    verdict: useRef<HTMLParagraphElement>(null),
  };
  const live = progress !== null;
  const moveFocus = (to: 'mine' | 'form' | 'answer' | 'verdict') => setFocus((f) => ({ to, n: (f?.n ?? 0) + 1 }));

  // A layout effect: focus moves as soon as the DOM has changed, before the browser handles the next key press.
  useLayoutEffect(() => {
    if (focus) targets[focus.to].current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the refs themselves never change
  }, [focus]);

  const stored = progress?.predictions[p.id];
  const phase = predictionPhase(stored, hash);
  const record = phase === 'open' ? undefined : stored;
  const committed = record?.response;
  const revealed = phase === 'revealed';
  const editing = live && (phase === 'open' || (changing && phase === 'committed'));
  const current = editing ? (draft ?? (changing ? (committed ?? null) : null)) : (committed ?? null);
  const problem = current ? responseProblem(p, current) : 'empty';

  const choiceText = (id: string | undefined) => (p.kind === 'choice' ? p.choices.find((c) => c.id === id)?.text : undefined);
  const committedChoice = committed && 'choice' in committed ? committed.choice : undefined;
  const committedText = committed && 'text' in committed ? committed.text : undefined;

  function commit() {
    if (!current || problem) return;
    // Committing is what counts the lesson as visited (see src/course/activity.ts).
    store.commitPrediction(p.id, { lesson, hash, response: current });
    setChanging(false);
    setDraft(null);
    setAnnouncement('Prediction committed. You can now reveal the answer.');
    moveFocus('mine');
  }

  function reveal() {
    store.revealPrediction(p.id);
    setAnnouncement('Answer revealed next to your prediction.');
    moveFocus('answer');
  }

  async function check() {
    if (p.kind !== 'choice') return;
    setChecking(true);
    setCheckError(null);
    try {
      const v = await runPredictionCheck(p, committed);
      if (v) {
        setVerdict(v);
        store.recordCheck(p.id, { supportedChoice: v.supportedChoice, held: v.held });
        setAnnouncement(v.message);
        moveFocus('verdict');
      }
    } catch (error) {
      setCheckError(`The sandbox could not run this scenario: ${error instanceof Error ? error.message : String(error)}`);
      moveFocus('verdict');
    } finally {
      setChecking(false);
    }
  }

  const ids = p.kind === 'choice' ? p.choices.map((c) => c.id) : [];
  return (
    <section className="prediction not-content" aria-labelledby={`${base}-title`}>
      <p id={`${base}-title`} className="prediction-title">
        Predict, then reveal
        {/* Several predictions on a page: each region gets its own name from its question. */}
        <span className="sr-only">: {promptSummary(p.prompt)}</span>
      </p>
      {live ? <StorageNotice notice={progress.notice} islandId={base} /> : null}
      <Html as="div" className="quiz-prompt" html={html['prompt']} />
      {!live ? (
        // Before hydration (and without JavaScript): the choices as a list, the answer behind a native disclosure.
        <>
          {p.kind === 'choice' ? (
            <ul className="prediction-static">
              {p.choices.map((c) => (
                <li key={c.id}>
                  <Html html={html[`choices.${c.id}.text`]} />
                </li>
              ))}
            </ul>
          ) : null}
          <details className="prediction-details">
            <summary>Decide on your answer, then open the explanation</summary>
            {p.kind === 'choice' ? (
              <p>
                <strong>Answer:</strong> <Html html={html[`choices.${p.answer}.text`]} />
              </p>
            ) : (
              <p>
                <strong>A good answer:</strong> {p.answer}
              </p>
            )}
            <Html as="div" html={html['explanation']} />
          </details>
        </>
      ) : editing ? (
        <fieldset className="prediction-form" ref={targets.form} tabIndex={-1}>
          <legend className="sr-only">Your prediction</legend>
          {p.kind === 'choice' ? (
            <ul className="quiz-choices">
              {ids.map((id) => (
                <li key={id} className="quiz-choice">
                  <label htmlFor={`${base}-${id}`}>
                    <input
                      id={`${base}-${id}`}
                      type="radio"
                      name={base}
                      value={id}
                      checked={current !== null && 'choice' in current && current.choice === id}
                      onChange={() => setDraft({ choice: id })}
                    />
                    <Html html={html[`choices.${id}.text`]} />
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <div className="quiz-field">
              <label htmlFor={`${base}-text`}>Your prediction, in a sentence</label>
              <textarea
                className="kit-field"
                id={`${base}-text`}
                rows={3}
                maxLength={2000}
                value={current !== null && 'text' in current ? current.text : ''}
                onChange={(e) => setDraft({ text: e.currentTarget.value })}
              />
            </div>
          )}
          <div className="quiz-actions">
            <button type="button" className="kit-button kit-button-primary" disabled={problem !== null} onClick={commit}>
              Commit my prediction
            </button>
            {changing ? (
              <button
                type="button"
                className="kit-button"
                onClick={() => {
                  setChanging(false);
                  setDraft(null);
                  moveFocus('mine');
                }}
              >
                Keep my earlier prediction
              </button>
            ) : null}
          </div>
          <p className="kit-muted">The explanation unlocks once you have committed to an answer.</p>
        </fieldset>
      ) : (
        <div className={revealed ? 'prediction-compare' : undefined}>
          <div className="prediction-mine" ref={targets.mine} tabIndex={-1} role="group" aria-labelledby={`${base}-mine`}>
            <p className="prediction-label" id={`${base}-mine`}>
              Your prediction
            </p>
            <p className="prediction-value">{committedChoice ? <Html html={html[`choices.${committedChoice}.text`]} /> : committedText}</p>
            {!revealed ? (
              <div className="quiz-actions">
                <button type="button" className="kit-button kit-button-primary" onClick={reveal}>
                  Reveal the answer
                </button>
                <button
                  type="button"
                  className="kit-button"
                  onClick={() => {
                    setChanging(true);
                    moveFocus('form');
                  }}
                >
                  Change my prediction
                </button>
              </div>
            ) : null}
          </div>
          {revealed ? (
            <div className="prediction-answer" ref={targets.answer} tabIndex={-1} role="group" aria-labelledby={`${base}-answer`}>
              <p className="prediction-label" id={`${base}-answer`}>
                The answer
              </p>
              {p.kind === 'choice' ? (
                <>
                  <p className="prediction-value">
                    <Html html={html[`choices.${p.answer}.text`]} />
                  </p>
                  <p className={`quiz-fb quiz-fb-${committedChoice === p.answer ? 'right' : 'wrong'}`}>
                    <span className="quiz-mark">
                      {committedChoice === p.answer ? 'Your prediction was right.' : `You predicted “${choiceText(committedChoice)}”.`}
                    </span>{' '}
                    {committedChoice && html[`choices.${committedChoice}.feedback`] ? (
                      <Html html={html[`choices.${committedChoice}.feedback`]} />
                    ) : null}
                  </p>
                </>
              ) : (
                <p className="prediction-value">
                  <span className="kit-muted">A good answer: </span>
                  {p.answer}
                </p>
              )}
              <Html as="div" className="quiz-explanation" html={html['explanation']} />
            </div>
          ) : null}
        </div>
      )}
      {live && committed && p.kind === 'choice' && p.check ? (
        <div className="prediction-check">
          <button type="button" className="kit-button" disabled={checking} onClick={check}>
            {checking ? 'Running the scenario…' : 'Check it in the sandbox'}
          </button>
          {checkError ? (
            <p className="kit-alert prediction-check-verdict" ref={targets.verdict} tabIndex={-1}>
              {checkError}
            </p>
          ) : verdict ? (
            <p
              className={`quiz-fb quiz-fb-${verdict.held ? 'right' : 'wrong'} prediction-check-verdict`}
              ref={targets.verdict}
              tabIndex={-1}
            >
              {verdict.message}
            </p>
          ) : record?.check && record.check.held !== null ? (
            <p className="kit-muted">You checked this in the sandbox: your prediction {record.check.held ? 'held' : 'did not hold'}.</p>
          ) : null}
        </div>
      ) : null}
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
