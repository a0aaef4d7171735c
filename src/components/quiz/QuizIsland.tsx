import { useId, useLayoutEffect, useMemo, useReducer, useRef } from 'react';
import { grade, gradeLoading, questionTypeReady } from '../../course/question-types/registry.ts';
import { formatPercent } from '../../shared/format.ts';
import {
  initialSession,
  keptDrafts,
  questionStatuses,
  sessionReducer,
  sessionScore,
  type SessionQuestion,
  type StoredAnswer,
} from '../../course/quiz-session.ts';
import { displayOrder } from '../../course/shuffle.ts';
import { useProgressStore } from './browser-store.ts';
import { ErrorBoundary } from '../kit/ErrorBoundary.tsx';
import { QuizQuestion, startingResponse } from './QuizQuestion.tsx';
import { StorageNotice } from './StorageNotice.tsx';
import type { QuizIslandProps, SelfStudyQuizProps } from '../../course/island-props.ts';
import { ExamQuiz } from './ExamQuiz.tsx';
import './panel.css';
import './quiz.css';
import { useStoredGraders } from './use-stored-graders.ts';

// Renders a quiz and dispatches what the learner does to the quiz session
// (src/course/quiz-session.ts). A type's grader, with its zod schemas and any
// engine it runs, loads when a question of that type is checked, or when a
// stored answer of that type has to be re-graded to be shown.

export default function QuizIsland(props: QuizIslandProps) {
  return <ErrorBoundary name="This quiz">{props.exam ? <ExamQuiz {...props} /> : <Quiz {...props} />}</ErrorBoundary>;
}

function Quiz(props: SelfStudyQuizProps) {
  const { bank, questions, misconceptions, passMark, headingLevel = 2 } = props;
  const { store, progress } = useProgressStore();
  const [session, dispatch] = useReducer(sessionReducer, undefined, initialSession);
  const idPrefix = `quiz-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const fieldsets = useRef(new Map<string, HTMLFieldSetElement>());
  const resultBoxes = useRef(new Map<string, HTMLDivElement>());
  const slots: SessionQuestion[] = useMemo(
    () => questions.map(({ question, hash, input }) => ({ id: question.id, hash, typed: input.kind === 'code' })),
    [questions],
  );
  const byId = useMemo(() => new Map(questions.map((q) => [q.question.id, q])), [questions]);
  const answers: Record<string, StoredAnswer> = progress?.answers ?? {};
  const storedTypes = questions.filter((q) => answers[q.question.id]?.hash === q.hash).map((q) => q.question.type);
  const graders = useStoredGraders(storedTypes);
  const live = progress !== null;

  // A layout effect: focus moves as soon as the DOM has changed, before the browser handles the next key press.
  useLayoutEffect(() => {
    const focus = session.focus;
    if (!focus) return;
    if (focus.to === 'result') {
      // A check can take a moment (its grader may still be loading): if the learner has moved on to
      // another question meanwhile, the result is announced but focus (and the scroll it brings) stays with them.
      const question = fieldsets.current.get(focus.id);
      const active = document.activeElement;
      const movedOn = active !== null && active !== document.body && !question?.contains(active);
      if (!movedOn) resultBoxes.current.get(focus.id)?.focus();
      return;
    }
    fieldsets.current.get(focus.id)?.focus();
  }, [session.focus]);

  const learnerId = progress?.learner.id ?? 'static';
  // Memoised: re-grading runs the engines, and typing in an answer box re-renders the quiz.
  // graders.loaded is a dependency because a loaded grader turns stored answers into results.
  const statuses = useMemo(
    () =>
      questionStatuses(session, slots, answers, (id, response) => {
        const q = byId.get(id)!.question;
        return questionTypeReady(q.type) ? grade(q, response) : null;
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `answers` is progress.answers
    [session, slots, progress, byId, graders.loaded],
  );
  const score = sessionScore(bank, slots, statuses, passMark);
  const waiting = statuses.some((s) => s.phase === 'waiting');

  async function check(index: number) {
    const { question, hash, input } = questions[index]!;
    if (session.checking.has(question.id)) return;
    const response = session.drafts[question.id] ?? startingResponse(question, displayOrder(question, learnerId), input);
    dispatch({ type: 'check', id: question.id });
    let result;
    try {
      result = await gradeLoading(question, response);
    } catch (error) {
      dispatch({
        type: 'rejected',
        id: question.id,
        index,
        why: `its checker could not load (${error instanceof Error ? error.message : String(error)})`,
      });
      return;
    }
    if (result.malformed) {
      dispatch({ type: 'rejected', id: question.id, index, why: result.malformed });
      return;
    }
    // Checking an answer is what counts the lesson as visited (see src/course/activity.ts).
    store.recordAnswer({
      bank: bank.id,
      lesson: bank.lesson,
      questionId: question.id,
      hash,
      response,
      score: result.score,
      correct: result.correct,
    });
    const settled = {
      ...session,
      checking: new Set<string>(),
      reopened: new Set([...session.reopened].filter((id) => id !== question.id)),
    };
    const after = sessionScore(
      bank,
      slots,
      questionStatuses(settled, slots, store.get().answers, (id, r) => {
        const q = byId.get(id)!.question;
        return questionTypeReady(q.type) ? grade(q, r) : null;
      }),
      passMark,
    );
    if (after.finished) store.recordQuizFinished(bank.id, after.standing.score);
    dispatch({ type: 'checked', id: question.id, index, result, completion: after.finished ? after.standing : null, passMark });
  }

  function retry(ids: string[], what: string) {
    dispatch({ type: 'retry', ids, what, keep: keptDrafts(slots, statuses, ids) });
  }

  const { standing, points, finished, missed } = score;
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section className="quiz not-content" aria-labelledby={`${idPrefix}-title`}>
      <Heading id={`${idPrefix}-title`} className="quiz-title">
        {bank.title}
      </Heading>
      <p className="kit-muted">
        {questions.length} question{questions.length === 1 ? '' : 's'} · pass mark {formatPercent(passMark)} · your answers stay in this
        browser
      </p>
      <p className="kit-muted quiz-self-study">Self-study quiz: its answer key is in this page, so it is for practice, not for a grade.</p>
      {live ? <StorageNotice notice={progress.notice} islandId={idPrefix} /> : null}
      {live && waiting && !graders.error ? <p className="kit-muted">Loading the checker for your earlier answers…</p> : null}
      {graders.error ? (
        <p className="kit-alert" role="alert">
          The checker for your earlier answers could not load ({graders.error}). Reload the page to try again.
        </p>
      ) : null}
      {questions.map(({ question, html, hint, input }, index) => {
        const s = statuses[index]!;
        const open = s.phase !== 'answered';
        return (
          <QuizQuestion
            key={question.id}
            idPrefix={idPrefix}
            index={index}
            total={questions.length}
            question={question}
            html={html}
            hint={hint}
            input={input}
            order={displayOrder(question, learnerId)}
            draft={session.drafts[question.id]}
            result={open ? null : s.result}
            answered={s.stored?.response}
            attempts={s.stored?.attempts ?? 0}
            stale={s.stale && open}
            live={live && s.phase !== 'waiting'}
            checking={s.phase === 'checking'}
            review={session.review}
            error={session.errors[question.id] ?? null}
            misconceptions={misconceptions}
            onDraft={(draft) => dispatch({ type: 'draft', id: question.id, draft })}
            onCheck={() => void check(index)}
            onRetry={() => retry([question.id], `Question ${index + 1} is open again.`)}
            fieldsetRef={(el) => {
              if (el) fieldsets.current.set(question.id, el);
              else fieldsets.current.delete(question.id);
            }}
            resultRef={(el) => {
              if (el) resultBoxes.current.set(question.id, el);
              else resultBoxes.current.delete(question.id);
            }}
          />
        );
      })}
      <div className="quiz-summary">
        {live ? (
          <p>
            <strong>
              Score: {points} of {standing.total} ({formatPercent(standing.score)})
            </strong>
            {finished ? (
              <span className={standing.passed ? 'quiz-pass' : 'quiz-fail'}>
                {' '}
                {standing.passed ? 'Passed.' : `Not passed yet: the pass mark is ${formatPercent(passMark)}.`}
              </span>
            ) : (
              <span className="kit-muted">
                {' '}
                {standing.answered} of {standing.total} answered.
              </span>
            )}
          </p>
        ) : null}
        {live && finished ? (
          <div className="quiz-actions">
            {missed.length ? (
              <button
                type="button"
                className="kit-button kit-button-primary"
                onClick={() => retry(missed, `Reopened ${missed.length} question${missed.length === 1 ? '' : 's'} you missed.`)}
              >
                Retry the {missed.length} missed
              </button>
            ) : null}
            <button
              type="button"
              className="kit-button"
              onClick={() =>
                retry(
                  questions.map((q) => q.question.id),
                  'All questions are open again.',
                )
              }
            >
              Retry all
            </button>
            <button type="button" className="kit-button" aria-pressed={session.review} onClick={() => dispatch({ type: 'review' })}>
              {session.review ? 'Hide the review' : 'Review every choice'}
            </button>
          </div>
        ) : null}
        <p className="sr-only" role="status" aria-live="polite">
          {session.announcement}
        </p>
      </div>
    </section>
  );
}
