import { useId, useRef, useState } from 'react';
import { exportFileName, mergeImport, parseExport, toExport, type ImportSummary } from '../../course/export.ts';
import { moduleStanding, percent, type QuizStanding } from '../../course/scoring.ts';
import type { Progress } from '../../schemas/progress.ts';
import { emptyProgress } from '../../course/progress-store.ts';
import { ACTIVITY_LABELS, lessonStatuses } from '../../course/activity.ts';
import { browserStore, useProgress } from './browser-store.ts';
import { IslandErrorBoundary } from './IslandErrorBoundary.tsx';
import { StorageNotice } from './StorageNotice.tsx';
import type { ProgressIslandProps } from './types.ts';
import './quiz.css';

export default function ProgressIsland(props: ProgressIslandProps) {
  return (
    <IslandErrorBoundary name="The progress panel">
      <ProgressView {...props} />
    </IslandErrorBoundary>
  );
}

function lookupFor(progress: Progress) {
  return (id: string, hash: string) => {
    const a = progress.answers[id];
    if (!a) return null;
    return a.hash === hash ? a.score : ('stale' as const);
  };
}

function quizStatus(q: QuizStanding): string {
  if (q.answered === 0 && q.stale === 0) return 'Not started';
  if (q.answered < q.total) return 'In progress';
  return q.passed ? 'Passed' : 'Not passed yet';
}

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

// Until the browser's stored progress is read, the panel is drawn for a learner who has not
// started, so the page keeps its layout when the real numbers arrive.
const NOT_STARTED = emptyProgress('', new Date(0));

function ProgressView({ banks, predictions, lessons, passMark, requireLearnerId, course, labItems }: ProgressIslandProps) {
  const stored = useProgress();
  const progress = stored ?? NOT_STARTED;
  // Controls wait for the stored progress: a name typed or a reset pressed before then would be lost.
  const ready = stored !== null;
  const base = `progress-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');
  const [importResult, setImportResult] = useState<{ error?: string; summary?: ImportSummary; problems?: string[]; file?: string } | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  // The field keeps what is typed (spaces included); the store keeps it trimmed.
  const [name, setName] = useState<string | null>(null);
  const resetConfirmRef = useRef<HTMLButtonElement>(null);
  const resetRef = useRef<HTMLButtonElement>(null);

  const standing = moduleStanding(banks, lookupFor(progress), passMark);
  const lessonTitle = new Map(lessons.map((l) => [l.slug, l]));
  const committed = predictions.filter((p) => progress.predictions[p.id]?.hash === p.hash);
  // Only pages with something to record are counted; see src/course/activity.ts for the rule.
  const counted = lessons.filter((l) => l.kinds.length > 0);
  const uncounted = lessons.filter((l) => l.kinds.length === 0);
  const statuses = lessonStatuses(progress, counted, banks);
  const visited = statuses.filter((st) => st.done);
  const anything = Object.keys(progress.answers).length + Object.keys(progress.predictions).length + Object.keys(progress.visits).length + progress.lab.checked.length > 0;

  function download() {
    const store = browserStore();
    const p = store.get();
    if (requireLearnerId && !p.learner.name.trim()) {
      setExportError('Type your name or student id first: your instructor needs it to match the file to you.');
      document.getElementById(`${base}-name`)?.focus();
      return;
    }
    setExportError(null);
    const now = new Date();
    const data = toExport(p, { now, course });
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(p, now);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setStatus(`Downloaded ${a.download}.`);
  }

  async function importFile(file: File) {
    const parsed = parseExport(await file.text());
    if (!parsed.ok) {
      setImportResult({ error: `${file.name}: ${parsed.error}. Nothing was changed.`, file: file.name });
      setStatus('Import failed.');
      return;
    }
    const store = browserStore();
    const { progress: merged, summary } = mergeImport(store.get(), parsed.data, new Date());
    store.replace(merged);
    setName(null);
    setImportResult({ summary, problems: parsed.problems, file: file.name });
    setStatus(`Imported ${file.name}.`);
  }

  function reset() {
    browserStore().reset();
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
        <p>
          <strong>
            Module score: {percent(standing.score)}% ({standing.answered} of {standing.total} questions answered)
          </strong>{' '}
          <span className={standing.passed ? 'quiz-pass' : 'quiz-muted'}>
            {standing.passed ? 'Passed.' : `Pass mark: ${percent(passMark)}%.`}
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
                      {q.stale ? <span className="quiz-muted"> ({q.stale} changed since you answered)</span> : null}
                    </td>
                    <td>{percent(q.score)}%</td>
                    <td>{quizStatus(q)}</td>
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
          <p className="quiz-muted">
            A lesson counts as visited once you do something on it that this browser records: check an answer to one of its quiz questions, commit a
            prediction, or tick an item of the lab checklist. Opening a page or scrolling past its quiz does not count.
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
                    <span className="quiz-muted">not yet</span>
                  )}
                </li>
              );
            })}
          </ul>
          <p>
            {visited.length} of {counted.length} lessons visited.
          </p>
          {uncounted.length ? (
            <p className="quiz-muted">
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
            Lab checklist: <strong>{labItems ? labItems.filter((i) => progress.lab.checked.includes(i.id)).length : progress.lab.checked.length}</strong>
            {labItems ? ` of ${labItems.length}` : ''} success criteria ticked.
          </p>
        </div>
      </div>

      <div className="progress-io">
        <h3 className="progress-subtitle">Hand in or move your answers</h3>
        <div className="quiz-field">
          <label htmlFor={`${base}-name`}>Your name or student id{requireLearnerId ? ' (required for export)' : ' (optional, included in the export)'}</label>
          <input
            disabled={!ready}
            id={`${base}-name`}
            type="text"
            autoComplete="name"
            value={name ?? progress.learner.name}
            maxLength={200}
            onChange={(e) => {
              setName(e.currentTarget.value);
              browserStore().setLearnerName(e.currentTarget.value);
            }}
          />
          <p className="quiz-muted">
            Learner id in this browser: <code>{progress.learner.id}</code>
          </p>
        </div>
        <div className="quiz-actions">
          <button disabled={!ready} type="button" className="course-button course-button-primary" onClick={download}>
            Export my answers (JSON)
          </button>
          <label className="course-button progress-file">
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
          <p className="quiz-error" role="alert">
            {exportError}
          </p>
        ) : null}
        {importResult?.error ? (
          <p className="quiz-error" role="alert">
            {importResult.error}
          </p>
        ) : null}
        {importResult?.summary ? (
          <div className="quiz-result quiz-result-right" role="status">
            <p>
              <strong>Imported {importResult.file}:</strong> {importResult.summary.taken.answers} answers, {importResult.summary.taken.predictions} predictions,{' '}
              {importResult.summary.taken.visits} lesson visits and {importResult.summary.taken.lab} lab items.
              {importResult.summary.kept ? ` ${importResult.summary.kept} newer entries already in this browser were kept.` : ''}
            </p>
            {importResult.problems?.length ? (
              <>
                <p>These entries of the file could not be read and were skipped:</p>
                <ul>
                  {importResult.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </>
            ) : null}
          </div>
        ) : null}
        <p className="quiz-muted">
          The export holds your answers exactly as you gave them, when you gave them and how many tries they took, so an instructor can grade them. Nothing leaves this
          browser unless you send the file.
        </p>
      </div>

      <div className="progress-reset">
        {!confirming ? (
          <button
            type="button"
            ref={resetRef}
            className="course-button course-button-danger"
            disabled={!ready || !anything}
            onClick={() => {
              setConfirming(true);
              requestAnimationFrame(() => resetConfirmRef.current?.focus());
            }}
          >
            Reset my progress…
          </button>
        ) : (
          <div className="course-notice" role="group" aria-labelledby={`${base}-reset-q`}>
            <p id={`${base}-reset-q`}>Delete all answers, predictions, visits and lab checks in this browser? Export them first if you may need them.</p>
            <div className="quiz-actions">
              <button disabled={!ready} type="button" ref={resetConfirmRef} className="course-button course-button-danger" onClick={reset}>
                Yes, reset
              </button>
              <button disabled={!ready}
                type="button"
                className="course-button"
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
