import { type ReactNode, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TraceQLMatch, TraceQLResult } from '../../sandbox/traceql';
import { formatCount, formatDuration } from '../../shared/format';
import { shortId } from '../../sandbox/view/format';
import { caretView } from '../../sandbox/view/query-caret';
import { errorHeading, traceqlSummary } from '../../sandbox/view/traceql-view';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { engineStatus, useEngine } from '../sandbox/use-engine';
import { MetricsChart } from './MetricsChart';
import { isRunShortcut } from './text-area';
import { useMounted, useTraffic } from './use-traffic';
import '../sandbox/sandbox.css';
import './analysis.css';

export interface TraceQLPlaygroundIslandProps {
  /** Simulated requests to search (each one trace). Default 2,000. */
  requests?: number;
  /** Seed of the traffic: the same seed gives the same traces. Default 7. */
  seed?: number;
  /** The query in the box at first (run as soon as the traffic is ready). */
  initialQuery?: string;
  /** Visible title and accessible name of the playground. */
  title?: string;
  /** The description the Astro wrapper renders (readable without JavaScript). */
  children?: ReactNode;
}

export const TRACEQL_EXAMPLES: readonly { query: string; what: string }[] = [
  { query: '{ status = error }', what: 'spans with status ERROR' },
  { query: '{ resource.service.name = "payment-api" && duration > 300ms }', what: 'slow payment-api spans' },
  { query: '{ span.http.route = "/checkout/{cart_id}" } >> { status = error }', what: 'errors below the checkout route' },
  { query: '{ status = error } | by(resource.service.name) | count() > 1', what: 'services with more than one error in a trace' },
  { query: '{ } | count_over_time() by (resource.service.name)', what: 'a metrics query: spans per service over time' },
];

const PAGE = 50;

function QueryError({ id, query, result }: { id: string; query: string; result: Extract<TraceQLResult, { ok: false }> }) {
  const caret = caretView(query, result.error);
  return (
    <div id={id} className="kit-alert">
      <p>
        <strong>{errorHeading(result.error)}</strong>
      </p>
      <pre className="anl-caret" aria-hidden="true">
        {caret.lineText}
        {'\n'}
        {caret.pad}
        <span className="anl-caret-marks">{caret.marks}</span>
      </pre>
      <p>{result.error.message}</p>
    </div>
  );
}

function ResultItem({
  match,
  pressed,
  hasError,
  onOpen,
}: {
  match: TraceQLMatch;
  pressed: boolean;
  hasError: boolean;
  onOpen: () => void;
}) {
  const spans = match.spanIds.length;
  return (
    <li>
      <button type="button" className="kit-button anl-result" aria-pressed={pressed} onClick={onOpen}>
        <span className="anl-result-root">
          {match.rootServiceName ?? 'no root span'}
          {match.rootName ? `: ${match.rootName}` : ''}
        </span>
        <span>{formatDuration(match.durationMs)}</span>
        <span className="anl-result-meta">
          Trace <code>{shortId(match.traceId, 12)}</code>, {spans} matched {spans === 1 ? 'span' : 'spans'}
          {hasError ? (
            <>
              {' '}
              <span className="anl-tag anl-tag-error">error</span>
            </>
          ) : null}
        </span>
      </button>
    </li>
  );
}

function Playground({
  requests = 2000,
  seed = 7,
  initialQuery = TRACEQL_EXAMPLES[0]!.query,
  title = 'TraceQL playground',
  children,
}: TraceQLPlaygroundIslandProps) {
  const id = useId();
  const mounted = useMounted();
  // The parser, the evaluator and the simulated traffic arrive with the first query.
  const engine = useEngine(() => import('./traceql-engine'));
  const search = engine.engine;
  const traffic = useTraffic(search?.generateTraffic ?? null, { requests, seed });
  const index = useMemo(() => (search && traffic ? search.indexTraces(traffic.spans) : null), [search, traffic]);
  const [query, setQuery] = useState(initialQuery);
  const [ran, setRan] = useState<{ query: string; result: TraceQLResult } | null>(null);
  // The query waiting for the engine and the traffic (or for the next render).
  const [queued, setQueued] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const traceHeading = useRef<HTMLHeadingElement>(null);
  const focusTrace = useRef(false);

  // Every query goes through `queued`: it runs once the engine and the traffic are there, at once when they already are.
  const run = (text: string) => {
    setQueued(text);
    if (!search) void engine.load();
  };

  useEffect(() => {
    if (!search || !index || queued === null) return;
    setQueued(null);
    setRan({ query: queued, result: search.runTraceQL(queued, index) });
    setOpenId(null);
    setShown(PAGE);
  }, [search, index, queued]);

  // A layout effect: focus moves as soon as the DOM has changed, before the browser handles the next key press.
  useLayoutEffect(() => {
    if (focusTrace.current && openId) {
      focusTrace.current = false;
      traceHeading.current?.focus();
    }
  }, [openId]);

  const result = ran?.result ?? null;
  const traceById = useMemo(() => new Map(index?.traces.map((t) => [t.traceId, t]) ?? []), [index]);
  const openMatch = result?.ok && result.kind === 'search' ? result.traces.find((t) => t.traceId === openId) : undefined;
  const openTrees = useMemo(() => {
    const trace = openId ? traceById.get(openId) : undefined;
    return trace && search ? search.buildTraces(trace.spans) : [];
  }, [openId, traceById, search]);
  const highlight = useMemo(() => new Set(openMatch?.spanIds ?? []), [openMatch]);
  const Waterfall = search?.TraceWaterfall;

  const errorId = `${id}-error`;
  const summary = !mounted
    ? ''
    : engine.state.status === 'failed'
      ? engineStatus(engine.state, 'the TraceQL engine')
      : engine.state.status === 'loading'
        ? `Loading the TraceQL engine and ${formatCount(requests)} simulated requests…`
        : queued !== null && !index
          ? `Preparing ${formatCount(requests)} simulated requests…`
          : result
            ? traceqlSummary(result)
            : `Run the query, or an example, to search ${formatCount(requests)} simulated requests.`;
  const edited = ran !== null && ran.query !== query;

  return (
    <section className="anl not-content" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <div>
        <p className="anl-label" id={`${id}-examples`}>
          Examples
        </p>
        <ul className="anl-examples" aria-labelledby={`${id}-examples`}>
          {TRACEQL_EXAMPLES.map((example) => (
            <li key={example.query}>
              <button
                type="button"
                className="kit-button"
                disabled={!mounted}
                title={example.what}
                aria-label={`Run example: ${example.query} (${example.what})`}
                onClick={() => {
                  setQuery(example.query);
                  run(example.query);
                }}
              >
                {example.query}
              </button>
            </li>
          ))}
        </ul>
      </div>
      <form
        className="anl-stack"
        onSubmit={(event) => {
          event.preventDefault();
          run(query);
        }}
      >
        <div>
          <label className="anl-label" htmlFor={`${id}-query`}>
            TraceQL query
          </label>
          <textarea
            className="kit-field kit-field-code"
            id={`${id}-query`}
            rows={3}
            spellcheck={false}
            autoCapitalize="off"
            autoComplete="off"
            value={query}
            aria-invalid={result !== null && !result.ok && !edited}
            aria-describedby={result !== null && !result.ok && !edited ? errorId : `${id}-keys`}
            onChange={(event) => setQuery(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (isRunShortcut(event)) {
                event.preventDefault();
                run(query);
              }
            }}
          />
          <p className="anl-hint" id={`${id}-keys`}>
            Ctrl+Enter (⌘+Enter) runs the query.
          </p>
        </div>
        <div className="anl-row">
          <button type="submit" className="kit-button kit-button-primary" disabled={!mounted}>
            Run query
          </button>
          {edited ? <span className="anl-hint">The results below are for the previous query.</span> : null}
        </div>
      </form>
      {/* With an error box below, the sentence is for screen readers; the box shows it to everyone else. */}
      <p className={result && !result.ok ? 'sr-only' : 'kit-status'} role="status">
        {summary}
      </p>
      {result && !result.ok ? <QueryError id={errorId} query={ran!.query} result={result} /> : null}
      {result?.ok && result.warnings.length > 0 ? (
        <ul className="kit-notice">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      ) : null}
      {result?.ok && result.kind === 'metrics' ? (
        <div className="anl-stack">
          {result.series.length > 0 ? <MetricsChart result={result} query={ran!.query} /> : null}
          <p className="kit-note">
            <strong>What Tempo needs:</strong> {result.note}
          </p>
        </div>
      ) : null}
      {result?.ok && result.kind === 'search' && result.traces.length > 0 ? (
        <div className="anl-stack">
          <h4 id={`${id}-results`}>Matching traces</h4>
          <ul className="anl-results" aria-labelledby={`${id}-results`}>
            {result.traces.slice(0, shown).map((match) => (
              <ResultItem
                key={match.traceId}
                match={match}
                pressed={match.traceId === openId}
                hasError={traceById.get(match.traceId)?.hasError ?? false}
                onOpen={() => {
                  focusTrace.current = true;
                  setOpenId(match.traceId);
                }}
              />
            ))}
          </ul>
          {result.traces.length > shown ? (
            <button type="button" className="kit-button" onClick={() => setShown((n) => n + PAGE)}>
              Show {Math.min(PAGE, result.traces.length - shown)} more of {formatCount(result.traces.length - shown)}
            </button>
          ) : null}
        </div>
      ) : null}
      {openMatch && openTrees.length > 0 && Waterfall ? (
        <div className="anl-stack">
          <h4 id={`${id}-trace`} ref={traceHeading} tabIndex={-1}>
            Trace <code>{shortId(openMatch.traceId, 12)}</code>: {openMatch.spanIds.length} matched{' '}
            {openMatch.spanIds.length === 1 ? 'span' : 'spans'} highlighted
          </h4>
          <p className="anl-hint">Rows tagged “match” are the spans the query returned; the rest of the trace is shown for context.</p>
          <Waterfall
            traces={openTrees}
            highlightSpanIds={highlight}
            sharedTimeline={false}
            label={`Trace ${shortId(openMatch.traceId, 12)} with the matched spans highlighted`}
          />
        </div>
      ) : null}
    </section>
  );
}

export default function TraceQLPlaygroundIsland(props: TraceQLPlaygroundIslandProps) {
  return (
    <ErrorBoundary name={props.title ?? 'The TraceQL playground'}>
      <Playground {...props} />
    </ErrorBoundary>
  );
}
