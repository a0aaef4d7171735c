import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { grade, isRunnableType, loadQuestionTypes, questionTypeReady } from '../../course/question-types/registry.ts';
import { quizStanding } from '../../course/scoring.ts';
import { formatPercent } from '../../shared/format.ts';
import { displayOrder } from '../../course/shuffle.ts';
import type { Progress } from '../../schemas/progress.ts';
import { browserStore, useProgress } from './browser-store.ts';
import { ErrorBoundary } from '../kit/ErrorBoundary.tsx';
import { QuizQuestion } from './QuizQuestion.tsx';
import { StorageNotice } from './StorageNotice.tsx';
import type { QuizIslandProps } from '../../course/island-props.ts';
import './panel.css';
import './quiz.css';

export default function QuizIsland(props: QuizIslandProps) {
  return (
    <ErrorBoundary name="This quiz">
      <Quiz {...props} />
    </ErrorBoundary>
  );
}

/** Current (same hash) stored answers, re-graded with today's grading code (once its grader has loaded). */
function currentResults(props: QuizIslandProps, progress: Progress | null) {
  return props.questions.map(({ question, hash }) => {
    const stored = progress?.answers[question.id];
    const current = stored && stored.hash === hash ? stored : undefined;
    return {
      id: question.id,
      hash,
      stored: current,
      stale: stored !== undefined && stored.hash !== hash,
      result: current && questionTypeReady(question.type) ? grade(question, current.response) : null,
    };
  });
}

/**
 * Questions graded by running a sandbox engine (TraceQL, tail sampling) load
 * their grader when the quiz hydrates; until then the quiz waits, so a stored
 * answer is never shown as unanswered. 'loading' | 'ready' | why it failed.
 */
function useGraders(props: QuizIslandProps): string {
  const types = useMemo(() => [...new Set(props.questions.map((q) => q.question.type))], [props.questions]);
  const [state, setState] = useState(() => (types.some(isRunnableType) ? 'loading' : 'ready'));
  useEffect(() => {
    let active = true;
    loadQuestionTypes(types).then(
      () => active && setState('ready'),
      (error: unknown) => active && setState(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      active = false;
    };
  }, [types]);
  return state;
}

/** What a question's answer starts as: the displayed order, or the starter text of an answer box. */
function initialDraft(
  question: QuizIslandProps['questions'][number]['question'],
  input: QuizIslandProps['questions'][number]['input'],
  learnerId: string,
): unknown {
  if (question.type === 'order') return { order: displayOrder(question, learnerId) };
  if (input && 'starter' in question && question.starter !== undefined) return { [input.field]: question.starter };
  return undefined;
}

function standingOf(props: QuizIslandProps, results: ReturnType<typeof currentResults>) {
  const scores = new Map(results.map((r) => [r.id, r.result ? r.result.score : r.stale ? ('stale' as const) : null]));
  return quizStanding(
    { id: props.bank.id, title: props.bank.title, lesson: props.bank.lesson, questions: results.map((r) => ({ id: r.id, hash: r.hash })) },
    (id) => scores.get(id) ?? null,
    props.passMark,
  );
}

function Quiz(props: QuizIslandProps) {
  const { bank, questions, misconceptions, passMark, headingLevel = 2 } = props;
  const progress = useProgress();
  const graders = useGraders(props);
  const idPrefix = `quiz-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const [drafts, setDrafts] = useState<Record<string, unknown>>({});
  const [editing, setEditing] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [review, setReview] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  // Where focus goes after the next render: a reopened question, or the feedback of a checked one
  // (the Check answer button is gone by then, and focus would otherwise fall to the page).
  const [focus, setFocus] = useState<{ id: string; to: 'question' | 'result'; n: number } | null>(null);
  const fieldsets = useRef(new Map<string, HTMLFieldSetElement>());
  const resultBoxes = useRef(new Map<string, HTMLDivElement>());
  const live = progress !== null && graders !== 'loading';

  useEffect(() => {
    if (!focus) return;
    const target = focus.to === 'result' ? resultBoxes.current.get(focus.id) : fieldsets.current.get(focus.id);
    target?.focus();
  }, [focus]);

  const learnerId = progress?.learner.id ?? 'static';
  // Memoised: re-grading runs the engines, and typing in an answer box re-renders the quiz.
  // `graders` is a dependency because a loaded grader turns stored answers into results.
  const results = useMemo(() => currentResults(props, progress), [props, progress, graders]);
  const standing = standingOf(props, results);
  const finished = standing.answered === standing.total && editing.size === 0;
  const points = Math.round(standing.score * standing.total * 100) / 100;
  const missed = results.filter((r) => r.result && !r.result.correct).map((r) => r.id);

  function check(index: number) {
    const { question, hash, input } = questions[index]!;
    const response = drafts[question.id] ?? initialDraft(question, input, learnerId);
    const result = grade(question, response);
    if (result.malformed) {
      setErrors((e) => ({ ...e, [question.id]: `This answer could not be read: ${result.malformed}.` }));
      setAnnouncement(`Question ${index + 1}: this answer could not be read.`);
      return;
    }
    setErrors(({ [question.id]: _, ...rest }) => rest);
    const store = browserStore();
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
    setFocus((f) => ({ id: question.id, to: 'result', n: (f?.n ?? 0) + 1 }));
    const nextEditing = new Set(editing);
    nextEditing.delete(question.id);
    setEditing(nextEditing);
    const verdict = result.correct ? 'right' : result.score > 0 ? `partly right, ${formatPercent(result.score)}` : 'not right';
    let message = `Question ${index + 1}: ${verdict}.`;
    const after = standingOf(props, currentResults(props, store.get()));
    if (after.answered === after.total && nextEditing.size === 0) {
      store.recordQuizFinished(bank.id, after.score);
      message += ` Quiz complete: ${formatPercent(after.score)}, ${after.passed ? 'passed' : 'not passed yet'} (pass mark ${formatPercent(passMark)}).`;
    }
    setAnnouncement(message);
  }

  function reopen(ids: string[], what: string) {
    setEditing((prev) => new Set([...prev, ...ids]));
    // Choices start afresh; a query or configuration comes back as it was, to be corrected.
    const typed = new Set(questions.filter((q) => q.input).map((q) => q.question.id));
    const keep = results.filter((r) => ids.includes(r.id) && typed.has(r.id) && r.stored).map((r) => [r.id, r.stored!.response] as const);
    setDrafts((d) => ({ ...Object.fromEntries(Object.entries(d).filter(([k]) => !ids.includes(k))), ...Object.fromEntries(keep) }));
    setReview(false);
    setAnnouncement(what);
    if (ids[0]) setFocus((f) => ({ id: ids[0]!, to: 'question', n: (f?.n ?? 0) + 1 }));
  }

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
      {live ? <StorageNotice notice={progress.notice} islandId={idPrefix} /> : null}
      {progress !== null && graders === 'loading' ? (
        <p className="kit-muted">Loading the checker for the questions graded by running your answer…</p>
      ) : null}
      {graders !== 'loading' && graders !== 'ready' ? (
        <p className="kit-alert" role="alert">
          The checker for the questions graded by running your answer could not load ({graders}). Reload the page to try again.
        </p>
      ) : null}
      {questions.map(({ question, html }, index) => {
        const r = results[index]!;
        const { input } = questions[index]!;
        const open = !r.result || editing.has(question.id);
        return (
          <QuizQuestion
            key={question.id}
            idPrefix={idPrefix}
            index={index}
            total={questions.length}
            question={question}
            html={html}
            order={displayOrder(question, learnerId)}
            draft={drafts[question.id]}
            {...(input ? { input } : {})}
            result={open ? null : r.result}
            answered={r.stored?.response}
            attempts={r.stored?.attempts ?? 0}
            stale={r.stale && open}
            live={live}
            review={review}
            error={errors[question.id] ?? null}
            misconceptions={misconceptions}
            onDraft={(draft) => setDrafts((d) => ({ ...d, [question.id]: draft }))}
            onCheck={() => check(index)}
            onRetry={() => reopen([question.id], `Question ${index + 1} is open again.`)}
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
                onClick={() => reopen(missed, `Reopened ${missed.length} question${missed.length === 1 ? '' : 's'} you missed.`)}
              >
                Retry the {missed.length} missed
              </button>
            ) : null}
            <button
              type="button"
              className="kit-button"
              onClick={() =>
                reopen(
                  questions.map((q) => q.question.id),
                  'All questions are open again.',
                )
              }
            >
              Retry all
            </button>
            <button type="button" className="kit-button" aria-pressed={review} onClick={() => setReview((v) => !v)}>
              {review ? 'Hide the review' : 'Review every choice'}
            </button>
          </div>
        ) : null}
        <p className="sr-only" role="status" aria-live="polite">
          {announcement}
        </p>
      </div>
    </section>
  );
}
