import { useId, useMemo, useReducer } from 'react';
import type { Question } from '../../course/question-types/registry.ts';
import { confirmQuestion, examAnswered, examPhase, examReducer, initialExam, type SessionQuestion } from '../../course/quiz-session.ts';
import { displayOrder } from '../../course/shuffle.ts';
import type { ExamQuizProps } from '../../course/island-props.ts';
import { useProgressStore } from './browser-store.ts';
import { QuizQuestion } from './QuizQuestion.tsx';
import { StorageNotice } from './StorageNotice.tsx';

// An exam on a page (src/course/quiz-session.ts, exam phases): the page has no
// key, so answers are stored as they are given, never checked; the exam is
// submitted once, after a confirmation, and then shows when, not how well.

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function ExamQuiz(props: ExamQuizProps) {
  const { bank, questions, headingLevel = 2 } = props;
  const { store, progress } = useProgressStore();
  const [exam, dispatch] = useReducer(examReducer, undefined, initialExam);
  const idPrefix = `quiz-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const slots: SessionQuestion[] = useMemo(
    () => questions.map(({ question, hash, input }) => ({ id: question.id, hash, typed: input.kind === 'code' })),
    [questions],
  );
  const answers = progress?.answers ?? {};
  const submittedAt = progress?.quizzes[bank.id]?.finishedAt;
  const phase = examPhase(exam, submittedAt);
  const answered = examAnswered(slots, answers);
  const live = progress !== null;
  const learnerId = progress?.learner.id ?? 'static';
  const Heading = headingLevel === 3 ? 'h3' : 'h2';

  function save(index: number, response: unknown) {
    const { question, hash } = questions[index]!;
    // Nothing is graded here: the score and verdict stored with an exam answer are 0 and false (the grade command grades).
    store.recordAnswer({ bank: bank.id, lesson: bank.lesson, questionId: question.id, hash, response, score: 0, correct: false });
  }

  function submit() {
    // The submission time is the quiz record's finishedAt; the score stays 0 because the page cannot grade.
    store.recordQuizFinished(bank.id, 0);
    dispatch({ type: 'confirmed' });
  }

  return (
    <section className="quiz not-content" aria-labelledby={`${idPrefix}-title`} data-exam="true">
      <Heading id={`${idPrefix}-title`} className="quiz-title">
        {bank.title}
      </Heading>
      <p className="kit-muted">
        Exam · {questions.length} question{questions.length === 1 ? '' : 's'} · your answers are saved in this browser as you give them;
        your instructor grades them from your export
      </p>
      {live ? <StorageNotice notice={progress.notice} islandId={idPrefix} /> : null}
      {questions.map(({ question, html, hint, input, hash }, index) => {
        const stored = answers[question.id];
        const current = stored?.hash === hash ? stored : undefined;
        // The views read only what the public form keeps (ids and text of choices and items, unit, starter).
        const shown = question as unknown as Question;
        return (
          <QuizQuestion
            key={question.id}
            exam
            idPrefix={idPrefix}
            index={index}
            total={questions.length}
            question={shown}
            html={html}
            hint={hint}
            input={input}
            order={displayOrder(shown, learnerId)}
            draft={current?.response}
            result={null}
            answered={current?.response}
            attempts={0}
            stale={stored !== undefined && !current && phase === 'answering'}
            live={live && phase === 'answering'}
            checking={false}
            review={false}
            error={null}
            misconceptions={{}}
            onDraft={(draft) => save(index, draft)}
            onCheck={() => undefined}
            onRetry={() => undefined}
          />
        );
      })}
      <div className="quiz-summary">
        {live && phase === 'submitted' && submittedAt ? (
          <p className="quiz-submitted">
            <strong>Submitted</strong> on <time dateTime={submittedAt}>{when(submittedAt)}</time>, with {answered} of {questions.length}{' '}
            answered. Your instructor grades the exam.
          </p>
        ) : null}
        {live && phase === 'answering' ? (
          <>
            <p>
              {answered} of {questions.length} answered.
            </p>
            <div className="quiz-actions">
              <button
                type="button"
                className="kit-button kit-button-primary"
                onClick={() => dispatch({ type: 'submit', unanswered: questions.length - answered })}
              >
                Submit the exam
              </button>
            </div>
          </>
        ) : null}
        {live && phase === 'confirming' ? (
          <div className="quiz-confirm" role="group" aria-label="Confirm the submission">
            <p>{confirmQuestion(questions.length - answered)}</p>
            <div className="quiz-actions">
              <button type="button" className="kit-button kit-button-primary" onClick={submit}>
                Yes, submit
              </button>
              <button type="button" className="kit-button" onClick={() => dispatch({ type: 'cancel' })}>
                Not yet
              </button>
            </div>
          </div>
        ) : null}
        <p className="sr-only" role="status" aria-live="polite">
          {exam.announcement}
        </p>
      </div>
    </section>
  );
}
