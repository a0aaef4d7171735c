import { useId, useMemo, useRef, useState } from 'react';
import { exportFileName, learnerDiffers, mergeImport, parseExport, toExport, type ImportSummary } from '../../course/export.ts';
import { grade, questionTypeReady, type Question } from '../../course/question-types/registry.ts';
import { progressSummary } from '../../course/progress-summary.ts';
import type { QuizStanding } from '../../course/scoring.ts';
import { formatPercent } from '../../shared/format.ts';
import type { LearnerExport } from '../../schemas/export.ts';
import { emptyProgress } from '../../course/progress-store.ts';
import { ACTIVITY_LABELS, lessonStatuses } from '../../course/activity.ts';
import { useProgressStore } from './browser-store.ts';
import { downloadJson } from '../kit/download.ts';
import { ErrorBoundary } from '../kit/ErrorBoundary.tsx';
import { StorageNotice } from './StorageNotice.tsx';
import type { ProgressIslandProps } from '../../course/island-props.ts';
import './panel.css';
import './quiz.css';
import './progress.css';
import { useStoredGraders } from './use-stored-graders.ts';

/**
 * `questions`: every question of every bank by id, as the quiz pages grade them.
 * Scores are graded here from the stored responses; without the questions the
 * panel cannot grade and says so (it never shows a stored score).
 */
export type ProgressPanelProps = ProgressIslandProps & { questions?: Record<string, Question> };

export default function ProgressIsland(props: ProgressPanelProps) {
  return (
    <ErrorBoundary name="The progress panel">
      <ProgressView {...props} />
    </ErrorBoundary>
  );
}

const when = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const who = (l: { id: string; name: string }) => (l.name.trim() ? `${l.name.trim()} (learner id ${l.id})` : `learner id ${l.id}`);

function quizStatus(q: QuizStanding): string {
  if (q.answered === 0 && q.stale === 0) return 'Not started';
  if (q.answered < q.total) return 'In progress';
  return q.passed ? 'Passed' : 'Not passed yet';
}

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

// Until the browser's stored progress is read, the panel is drawn for a learner who has not
// started, so the page keeps its layout when the real numbers arrive.
const NOT_STARTED = emptyProgress('', new Date(0));

function ProgressView({ banks, predictions, lessons, passMark, requireLearnerId, course, labItems, questions }: ProgressPanelProps) {
  const { store, progress: stored } = useProgressStore();
  const progress = stored ?? NOT_STARTED;
  // Controls wait for the stored progress: a name typed or a reset pressed before then would be lost.
  const ready = stored !== null;
  const base = `progress-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');
  const [importResult, setImportResult] = useState<{ error?: string; summary?: ImportSummary; problems?: string[]; file?: string } | null>(
    null,
  );
  // A file whose learner differs from this browser's waits here for the learner's choice.
  const [pending, setPending] = useState<{ file: string; data: LearnerExport; problems: string[] } | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const pendingRef = useRef<HTMLParagraphElement>(null);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const restoreConfirmRef = useRef<HTMLButtonElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // The field keeps what is typed (spaces included); the store keeps it trimmed.
  const [name, setName] = useState<string | null>(null);
  const resetConfirmRef = useRef<HTMLButtonElement>(null);
  const resetRef = useRef<HTMLButtonElement>(null);

  // Scores are graded here from the stored responses, never read from storage or a file.
  const answeredTypes = Object.keys(progress.answers).flatMap((id) => (questions?.[id] ? [questions[id].type] : []));
  const graders = useStoredGraders(answeredTypes);
  const standing = useMemo(
    () =>
      progressSummary({ banks: banks.filter((b) => !b.exam), answers: progress.answers, questionFor: (id) => questions?.[id], passMark }),
    // graders.pending.length: a grader that finished loading turns stored answers into scores.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [progress, questions, banks, passMark, graders.pending.length],
  );
  const exams = banks.filter((b) => b.exam);
  const questionHash = useMemo(() => new Map(banks.flatMap((b) => b.questions.map((q) => [q.id, q.hash] as const))), [banks]);
  const predictionHash = useMemo(() => new Map(predictions.map((p) => [p.id, p.hash] as const)), [predictions]);
  // The backup slot is read again whenever the progress changes (an import or a restore, here or in another tab).
  const backup = useMemo(() => (stored ? store.backup() : null), [stored, store]);
  const lessonTitle = new Map(lessons.map((l) => [l.slug, l]));
  const committed = predictions.filter((p) => progress.predictions[p.id]?.hash === p.hash);
  // Only pages with something to record are counted; see src/course/activity.ts for the rule.
  const counted = lessons.filter((l) => l.kinds.length > 0);
  const uncounted = lessons.filter((l) => l.kinds.length === 0);
  const statuses = lessonStatuses(progress, counted, banks);
  const visited = statuses.filter((st) => st.done);
  const anything =
    Object.keys(progress.answers).length +
      Object.keys(progress.predictions).length +
      Object.keys(progress.visits).length +
      progress.lab.checked.length >
    0;

  function download() {
    const p = store.get();
    if (requireLearnerId && !p.learner.name.trim()) {
      setExportError('Type your name or student id first: your instructor needs it to match the file to you.');
      document.getElementById(`${base}-name`)?.focus();
      return;
    }
    setExportError(null);
    const now = new Date();
    const data = toExport(p, { now, course });
    const fileName = exportFileName(p, now);
    downloadJson(`${JSON.stringify(data, null, 2)}\n`, fileName);
    setStatus(`Downloaded ${fileName}.`);
  }

  async function importFile(file: File) {
    setPending(null);
    let parsed: ReturnType<typeof parseExport>;
    try {
      parsed = parseExport(await file.text());
    } catch (error) {
      parsed = { ok: false, error: `could not be read (${error instanceof Error ? error.message : String(error)})` };
    }
    if (!parsed.ok) {
      setImportResult({ error: `${file.name}: ${parsed.error}. Nothing was changed.`, file: file.name });
      setStatus('Import failed.');
      return;
    }
    if (learnerDiffers(store.get(), parsed.data)) {
      // Whose name and id this browser keeps is the learner's call, not the file's.
      setImportResult(null);
      setPending({ file: file.name, data: parsed.data, problems: parsed.problems });
      setStatus(`${file.name} belongs to another learner: choose whose name and id to keep.`);
      requestAnimationFrame(() => pendingRef.current?.focus());
      return;
    }
    runImport(file.name, parsed.data, parsed.problems, false);
  }

  function runImport(fileName: string, data: LearnerExport, problems: string[], adoptLearner: boolean) {
    setPending(null);
    const result = store.importWith((current) =>
      mergeImport(current, data, {
        now: new Date(),
        adoptLearner,
        currentHash: { question: (id) => questionHash.get(id), prediction: (id) => predictionHash.get(id) },
        // Stored scores are informative only; grade what can be graded now.
        grade: (id, response) => {
          const q = questions?.[id];
          return q && questionTypeReady(q.type) ? grade(q, response) : null;
        },
      }),
    );
    if (!result.ok) {
      setImportResult({ error: `${fileName}: ${result.error}.`, file: fileName });
      setStatus('Import failed.');
      return;
    }
    setName(null);
    setImportResult({ summary: result.summary, problems: [...problems, ...result.problems], file: fileName });
    setStatus(`Imported ${fileName}.`);
  }

  function restore() {
    const result = store.restoreBackup();
    setRestoring(false);
    if (!result.ok) {
      setRestoreError(`The backup was not restored: ${result.error}.`);
      setStatus('Restore failed.');
      return;
    }
    setRestoreError(null);
    setImportResult(null);
    setName(null);
    setStatus(`Restored the backup from ${when(result.savedAt)}. What was here before is now the backup.`);
    requestAnimationFrame(() => restoreRef.current?.focus());
  }

  function reset() {
    store.reset();
    setConfirming(false);
    setName(null);
    setImportResult(null);
    setStatus('Your progress was reset.');
    requestAnimationFrame(() => resetRef.current?.focus());
  }

  return (
    <section className="progress-panel not-content" aria-labelledby={`${base}-title`}>
      <h2 id={`${base}-title`} className="progress-title">
        Your scores
      </h2>
      <StorageNotice notice={progress.notice} islandId={base} />

      <div className="progress-module">
        {!questions ? (
          <p className="kit-alert" role="alert">
            Your answers cannot be graded on this page: it was built without the questions. Scores below count no answers.
          </p>
        ) : graders.error ? (
          <p className="kit-alert" role="alert">
            Some answers could not be graded: {graders.error}. Reload the page to try again.
          </p>
        ) : graders.pending.length ? (
          <p className="kit-muted" role="status">
            Grading your answers…
          </p>
        ) : null}
        <p>
          <strong>
            Module score: {formatPercent(standing.score)} ({standing.answered} of {standing.total} questions answered)
          </strong>{' '}
          {exams.length ? <span className="kit-muted">Self-study quizzes only: your instructor grades the exams. </span> : null}
          <span className={standing.passed ? 'quiz-pass' : 'kit-muted'}>
            {standing.passed ? 'Passed.' : `Pass mark: ${formatPercent(passMark)}.`}
          </span>
        </p>
        <div className="progress-table-wrap">
          <table className="progress-table">
            <caption className="sr-only">Quiz scores</caption>
            <thead>
              <tr>
                <th scope="col">Quiz</th>
                <th scope="col">Answered</th>
                <th scope="col">Score</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {standing.quizzes.map((q) => {
                const lesson = lessonTitle.get(q.lesson);
                return (
                  <tr key={q.bank}>
                    <th scope="row">{lesson ? <a href={lesson.href}>{lesson.title}</a> : q.title}</th>
                    <td>
                      {q.answered} of {q.total}
                      {q.stale ? <span className="kit-muted"> ({q.stale} changed since you answered)</span> : null}
                    </td>
                    <td>{formatPercent(q.score)}</td>
                    <td>{quizStatus(q)}</td>
                  </tr>
                );
              })}
              {exams.map((b) => {
                const lesson = lessonTitle.get(b.lesson);
                const answered = b.questions.filter((q) => progress.answers[q.id]?.hash === q.hash).length;
                const submittedAt = progress.quizzes[b.id]?.finishedAt;
                return (
                  <tr key={b.id} data-exam="true">
                    <th scope="row">{lesson ? <a href={lesson.href}>{lesson.title}</a> : b.title}</th>
                    <td>
                      {answered} of {b.questions.length}
                    </td>
                    <td>Exam</td>
                    <td>
                      {submittedAt ? `Submitted ${when(submittedAt)}, graded by your instructor` : answered ? 'In progress' : 'Not started'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>

      <div className="progress-grid">
        <div>
          <h3 className="progress-subtitle">Lessons visited</h3>
          <p className="kit-muted">
            A lesson counts as visited once you do something on it that this browser records: check an answer to one of its quiz questions,
            commit a prediction, or tick an item of the lab checklist. Opening a page or scrolling past its quiz does not count.
          </p>
          <ul className="progress-list">
            {counted.map((l, i) => {
              const st = statuses[i]!;
              const what = st.via.map((k) => ACTIVITY_LABELS[k]).join(', ');
              return (
                <li key={l.slug}>
                  <a href={l.href}>{l.title}</a>:{' '}
                  {st.done ? (
                    <span className="quiz-pass">
                      visited{st.at ? ` ${day(st.at)}` : ''} ({what})
                    </span>
                  ) : (
                    <span className="kit-muted">not yet</span>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            {visited.length} of {counted.length} lessons visited.
          </p>
          {uncounted.length ? (
            <p className="kit-muted">
              Not in the count, because nothing you do there is recorded:{' '}
              {uncounted.map((l, i) => (
                <span key={l.slug}>
                  {i ? ', ' : ''}
                  <a href={l.href}>{l.title}</a>
                </span>
              ))}
              .
            </p>
          ) : null}
        </div>
        <div>
          <h3 className="progress-subtitle">Predictions and lab</h3>
          <p>
            Predictions made: <strong>{committed.length}</strong> of {predictions.length}
            {committed.length ? ` (${committed.filter((p) => progress.predictions[p.id]?.revealedAt).length} revealed)` : ''}.
          </p>
          <p>
            Lab checklist:{' '}
            <strong>{labItems ? labItems.filter((i) => progress.lab.checked.includes(i.id)).length : progress.lab.checked.length}</strong>
            {labItems ? ` of ${labItems.length}` : ''} success criteria ticked.
          </p>
        </div>
      </div>

      <div className="progress-io">
        <h3 className="progress-subtitle">Hand in or move your answers</h3>
        <p className="kit-muted">
          The export holds your responses; your instructor grades them with the grade command. A self-study quiz&apos;s answer key is in its
          page, so its score is for practice; an exam&apos;s key is not on the site.
        </p>
        <div className="quiz-field">
          <label htmlFor={`${base}-name`}>
            Your name or student id{requireLearnerId ? ' (required for export)' : ' (optional, included in the export)'}
          </label>
          <input
            className="kit-field"
            disabled={!ready}
            id={`${base}-name`}
            type="text"
            autoComplete="name"
            value={name ?? progress.learner.name}
            maxLength={200}
            onChange={(e) => {
              setName(e.currentTarget.value);
              store.setLearnerName(e.currentTarget.value);
            }}
          />
          <p className="kit-muted">
            Learner id in this browser: <code>{progress.learner.id}</code>
          </p>
        </div>
        <div className="quiz-actions">
          <button disabled={!ready} type="button" className="kit-button kit-button-primary" onClick={download}>
            Export my answers (JSON)
          </button>
          <label className="kit-button progress-file">
            Import answers from a file
            <input
              disabled={!ready}
              type="file"
              accept=".json,application/json"
              className="sr-only"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (file) void importFile(file);
              }}
            />
          </label>
        </div>
        {exportError ? (
          <p className="kit-alert" role="alert">
            {exportError}
          </p>
        ) : null}
        {importResult?.error ? (
          <p className="kit-alert" role="alert">
            {importResult.error}
          </p>
        ) : null}
        {pending ? (
          <div className="kit-notice kit-with-actions" role="group" aria-labelledby={`${base}-whose`}>
            <p id={`${base}-whose`} tabIndex={-1} ref={pendingRef}>
              {pending.file} was exported by {who(pending.data.learner)}; this browser belongs to {who(progress.learner)}. Whose name and
              learner id should this browser use? The answers are merged either way.
            </p>
            <div className="quiz-actions">
              <button
                type="button"
                className="kit-button kit-button-primary"
                onClick={() => runImport(pending.file, pending.data, pending.problems, false)}
              >
                Keep this browser's
              </button>
              <button type="button" className="kit-button" onClick={() => runImport(pending.file, pending.data, pending.problems, true)}>
                Use the file's
              </button>
              <button
                type="button"
                className="kit-button"
                onClick={() => {
                  setPending(null);
                  setStatus('Import cancelled. Nothing was changed.');
                }}
              >
                Cancel the import
              </button>
            </div>
          </div>
        ) : null}
        {importResult?.summary ? (
          <div className="quiz-result quiz-result-right" role="status">
            <p>
              <strong>Imported {importResult.file}:</strong> {importResult.summary.taken.answers} answers,{' '}
              {importResult.summary.taken.predictions} predictions, {importResult.summary.taken.visits} lesson visits and{' '}
              {importResult.summary.taken.lab} lab items added or brought up to date.
              {importResult.summary.kept
                ? ` ${importResult.summary.kept} entries already in this browser were as recent or more complete, and were kept.`
                : ''}
              {importResult.summary.olderVersion
                ? ` ${importResult.summary.olderVersion} answers in the file were given to an earlier version of a question you have answered since; yours were kept.`
                : ''}
              {importResult.summary.learner === 'kept' ? ' Your name and learner id in this browser were kept.' : ''}
              {importResult.summary.learner === 'adopted' ? " This browser now uses the file's name and learner id." : ''} Your progress
              from before the import is kept as a backup (below).
            </p>
            {importResult.problems?.length ? (
              <>
                <p>These entries of the file could not be used and were skipped:</p>
                <ul>
                  {importResult.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
        <p className="kit-muted">
          The export holds your answers exactly as you gave them, when you gave them and how many tries they took, so an instructor can
          grade them. Nothing leaves this browser unless you send the file.
        </p>
      </div>

      <div className="progress-io progress-backup">
        <h3 className="progress-subtitle">Backup from before an import</h3>
        <p className="kit-muted">
          Importing merges the file into what this browser holds. Just before, the browser keeps a copy of your progress as it was. There is
          one backup: each import replaces it. Restoring it swaps it with your current progress, so you can switch back the same way.
        </p>
        {backup ? (
          !restoring ? (
            <p>
              Backup taken {when(backup.savedAt)}, before {backup.before === 'import' ? 'an import' : 'a restore'}:{' '}
              {Object.keys(backup.progress.answers).length} answers, {Object.keys(backup.progress.predictions).length} predictions.{' '}
              <button
                type="button"
                ref={restoreRef}
                className="kit-button"
                disabled={!ready}
                onClick={() => {
                  setRestoring(true);
                  requestAnimationFrame(() => restoreConfirmRef.current?.focus());
                }}
              >
                Restore this backup…
              </button>
            </p>
          ) : (
            <div className="kit-notice kit-with-actions" role="group" aria-labelledby={`${base}-restore-q`}>
              <p id={`${base}-restore-q`}>
                Replace your current progress with the backup taken {when(backup.savedAt)}? Your current progress becomes the backup, so
                nothing is lost.
              </p>
              <div className="quiz-actions">
                <button type="button" ref={restoreConfirmRef} className="kit-button kit-button-primary" onClick={restore}>
                  Yes, restore
                </button>
                <button
                  type="button"
                  className="kit-button"
                  onClick={() => {
                    setRestoring(false);
                    requestAnimationFrame(() => restoreRef.current?.focus());
                  }}
                >
                  Cancel
                </button>
              </div>
            </div>
          )
        ) : (
          <p className="kit-muted">No backup yet in this browser.</p>
        )}
        {restoreError ? (
          <p className="kit-alert" role="alert">
            {restoreError}
          </p>
        ) : null}
      </div>

      <div className="progress-reset">
        {!confirming ? (
          <button
            type="button"
            ref={resetRef}
            className="kit-button kit-button-danger"
            disabled={!ready || !anything}
            onClick={() => {
              setConfirming(true);
              requestAnimationFrame(() => resetConfirmRef.current?.focus());
            }}
          >
            Reset my progress…
          </button>
        ) : (
          <div className="kit-notice kit-with-actions" role="group" aria-labelledby={`${base}-reset-q`}>
            <p id={`${base}-reset-q`}>
              Delete all answers, predictions, visits and lab checks in this browser? Export them first if you may need them.
            </p>
            <div className="quiz-actions">
              <button disabled={!ready} type="button" ref={resetConfirmRef} className="kit-button kit-button-danger" onClick={reset}>
                Yes, reset
              </button>
              <button
                disabled={!ready}
                type="button"
                className="kit-button"
                onClick={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => resetRef.current?.focus());
                }}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}
