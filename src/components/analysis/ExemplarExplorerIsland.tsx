import { type ReactNode, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatCount, formatDuration, formatPercent } from '../../shared/format';
import { shortId } from '../../sandbox/view/format';
import { histogramRows, leLabel, slowestExemplar } from '../../sandbox/view/exemplar-view';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { engineStatus, useEngine } from '../sandbox/use-engine';
import { useFocusHandOff } from '../sandbox/use-focus-hand-off';
import { useMounted, useTraffic } from './use-traffic';
import '../sandbox/sandbox.css';
import './analysis.css';

export interface ExemplarExplorerIslandProps {
  /** Simulated requests in the histogram. Default 2,000. */
  requests?: number;
  /** Seed of the traffic. Default 7. */
  seed?: number;
  /** Buckets whose requests all took at least this long are marked slow. Default 250 ms. */
  slowFromMs?: number;
  /** Visible title and accessible name. */
  title?: string;
  /** The description the Astro wrapper renders (readable without JavaScript). */
  children?: ReactNode;
}

const STEPS = [
  { label: 'Metric', text: 'Read the latency histogram: which buckets hold the slow requests?' },
  { label: 'Exemplar', text: 'Choose the exemplar of a slow bucket: one real request that landed there.' },
  { label: 'Trace', text: 'In its trace, find the span that took the time.' },
  { label: 'Logs', text: 'Open the trace’s logs and read what that span’s service wrote.' },
] as const;

function Explorer({
  requests = 2000,
  seed = 7,
  slowFromMs = 250,
  title = 'From a latency metric to traces and logs',
  children,
}: ExemplarExplorerIslandProps) {
  const id = useId();
  const mounted = useMounted();
  // The simulator, the histogram and the waterfall arrive when the learner asks for the histogram.
  const engine = useEngine(() => import('./exemplar-engine'));
  const tools = engine.engine;
  const traffic = useTraffic(tools?.generateTraffic ?? null, { requests, seed });
  const [le, setLe] = useState<number | null>(null);
  const [logsOpen, setLogsOpen] = useState(false);
  const [spanFocus, setSpanFocus] = useState<string | null>(null);
  const traceHeading = useRef<HTMLHeadingElement>(null);
  const logsHeading = useRef<HTMLHeadingElement>(null);
  const pendingFocus = useRef<'trace' | 'logs' | null>(null);

  const histogram = useMemo(() => (tools && traffic ? tools.latencyHistogram(traffic.spans) : null), [tools, traffic]);
  // The button that asks for the histogram goes away with it.
  const start = useFocusHandOff<HTMLButtonElement, HTMLDivElement>(histogram !== null);
  const rows = useMemo(() => (histogram ? histogramRows(histogram, slowFromMs / 1000) : []), [histogram, slowFromMs]);
  const chosen = rows.find((row) => row.le === le);
  const exemplar = chosen?.exemplar;
  const trees = useMemo(() => {
    if (!tools || !traffic || !exemplar) return [];
    return tools.buildTraces(traffic.spans.filter((span) => span.spanContext().traceId === exemplar.traceId));
  }, [tools, traffic, exemplar]);
  const logs = useMemo(
    () => (tools && traffic && exemplar ? tools.logsForTrace(traffic.logs, exemplar.traceId) : []),
    [tools, traffic, exemplar],
  );
  const Waterfall = tools?.TraceWaterfall;
  const highlight = useMemo(() => new Set(spanFocus ? [spanFocus] : exemplar ? [exemplar.spanId] : []), [spanFocus, exemplar]);

  // A layout effect: focus moves as soon as the DOM has changed, before the browser handles the next key press.
  useLayoutEffect(() => {
    if (pendingFocus.current === 'trace') traceHeading.current?.focus();
    if (pendingFocus.current === 'logs') logsHeading.current?.focus();
    pendingFocus.current = null;
  });

  const done = [exemplar !== undefined, exemplar !== undefined, logsOpen, logsOpen];
  const current = done.indexOf(false);
  const slowCount = rows.filter((r) => r.slow).reduce((n, r) => n + r.count, 0);
  const suggestion = slowestExemplar(rows);

  return (
    <section className="anl not-content" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <h4 id={`${id}-steps`}>The investigation</h4>
      <ol className="anl-steps" aria-labelledby={`${id}-steps`}>
        {STEPS.map((step, i) => (
          <li key={step.label} aria-current={mounted && i === current ? 'step' : undefined}>
            <strong>{step.label}:</strong> {step.text}
            {mounted && done[i] ? <span className="anl-step-done"> ✓ done</span> : null}
          </li>
        ))}
      </ol>
      {!histogram ? (
        <button
          ref={start.from}
          type="button"
          className="kit-button kit-button-primary"
          disabled={!mounted}
          aria-disabled={engine.state.status === 'loading' || engine.state.status === 'ready' ? true : undefined}
          onClick={() => void engine.load()}
        >
          Record {formatCount(requests)} simulated requests in the histogram
        </button>
      ) : null}
      <p className="kit-status" role="status">
        {!mounted
          ? ''
          : engine.state.status === 'idle'
            ? ''
            : engine.state.status !== 'ready'
              ? engineStatus(engine.state, 'the simulator')
              : !histogram
                ? `Preparing ${formatCount(requests)} simulated requests…`
                : exemplar
                  ? logsOpen
                    ? `Showing ${logs.length} log lines of trace ${shortId(exemplar.traceId, 12)}.`
                    : `Opened trace ${shortId(exemplar.traceId, 12)}: ${formatDuration(exemplar.value * 1000)} for ${exemplar.service} ${exemplar.spanName}.`
                  : `${formatCount(histogram.count)} requests; ${formatCount(slowCount)} (${formatPercent(histogram.count ? slowCount / histogram.count : 0)}) took longer than ${formatCount(slowFromMs)} ms.`}
      </p>
      {histogram ? (
        <div className="anl-table-wrap" ref={start.to} tabIndex={-1}>
          <table className="anl-table anl-hist">
            <caption>
              Request latency, <code>http_server_request_duration_seconds</code> histogram (one bar per bucket, with its exemplar)
            </caption>
            <thead>
              <tr>
                <th scope="col">Latency</th>
                <th scope="col">Requests</th>
                <th scope="col">Exemplar</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={leLabel(row.le)}
                  className={[row.slow ? 'anl-hist-slow' : '', row.le === le ? 'anl-hist-selected' : ''].filter(Boolean).join(' ')}
                >
                  <th scope="row">
                    {row.range}
                    {row.slow && row.count > 0 ? (
                      <>
                        {' '}
                        <span className="anl-tag anl-tag-slow">slow</span>
                      </>
                    ) : null}
                  </th>
                  <td className="anl-hist-bar-cell">
                    <span className="anl-hist-bar">
                      <span aria-hidden="true" style={{ width: `${(row.fill * 75).toFixed(1)}%` }} />
                      <span>{formatCount(row.count)}</span>
                    </span>
                  </td>
                  <td>
                    {row.exemplar ? (
                      <button
                        type="button"
                        className="kit-button kit-button-small anl-exemplar"
                        aria-pressed={row.le === le}
                        aria-label={`Open the exemplar trace of bucket ${row.range}: ${formatDuration(row.exemplar.value * 1000)}, trace ${shortId(row.exemplar.traceId, 8)}`}
                        onClick={() => {
                          pendingFocus.current = 'trace';
                          setLe(row.le);
                          setLogsOpen(false);
                          setSpanFocus(null);
                        }}
                      >
                        <span className="anl-exemplar-dot" aria-hidden="true" />
                        {formatDuration(row.exemplar.value * 1000)}
                      </button>
                    ) : (
                      <span className="kit-muted">none</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {histogram && !exemplar && suggestion?.exemplar ? (
        <p className="anl-hint">
          Each bucket keeps the latest request that landed in it as its exemplar (a trace id and a span id), the way Prometheus client
          libraries do. Start with the slowest one: {suggestion.range}.
        </p>
      ) : null}
      {exemplar && trees.length > 0 && Waterfall ? (
        <div className="anl-stack">
          <h4 ref={traceHeading} tabIndex={-1} id={`${id}-trace`}>
            Trace <code>{shortId(exemplar.traceId, 12)}</code>, the exemplar of {chosen!.range}
          </h4>
          <p className="anl-hint">
            The row tagged “match” is the span the exemplar points to{spanFocus ? ' (or the span of the log line you chose)' : ''}. Follow
            the critical path to see where the {formatDuration(exemplar.value * 1000)} went.
          </p>
          <Waterfall
            traces={trees}
            highlightSpanIds={highlight}
            sharedTimeline={false}
            label={`Trace ${shortId(exemplar.traceId, 12)} of the exemplar`}
          />
          {!logsOpen ? (
            <button
              type="button"
              className="kit-button kit-button-primary"
              onClick={() => {
                pendingFocus.current = 'logs';
                setLogsOpen(true);
              }}
            >
              Show the logs of this trace ({logs.length} {logs.length === 1 ? 'line' : 'lines'})
            </button>
          ) : (
            <div className="anl-stack">
              <h4 ref={logsHeading} tabIndex={-1} id={`${id}-logs`}>
                Logs with <code>trace_id</code> {shortId(exemplar.traceId, 12)}
              </h4>
              <p className="anl-hint">
                The log store filtered on one field, <code>trace_id</code>; <code>span_id</code> says which span was active when the line
                was written.
              </p>
              <ol className="anl-logs" aria-labelledby={`${id}-logs`}>
                {logs.map((log, i) => (
                  <li key={i} className={`anl-log-${log.severity}`}>
                    {log.timestamp.slice(11)} <span className="anl-log-severity">{log.severity}</span> {log.service}: {log.message}
                    {Object.keys(log.attributes).length > 0 ? (
                      <span className="kit-muted">
                        {' '}
                        {Object.entries(log.attributes)
                          .map(([k, v]) => `${k}=${String(v)}`)
                          .join(' ')}
                      </span>
                    ) : null}
                    <span className="anl-log-ids">
                      trace_id=<b>{log.trace_id}</b> span_id=<b>{log.span_id}</b>{' '}
                      <button
                        type="button"
                        className="kit-link-button"
                        onClick={() => {
                          pendingFocus.current = 'trace';
                          setSpanFocus(log.span_id);
                        }}
                      >
                        mark this span in the trace
                      </button>
                    </span>
                  </li>
                ))}
              </ol>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}

export default function ExemplarExplorerIsland(props: ExemplarExplorerIslandProps) {
  return (
    <ErrorBoundary name={props.title ?? 'The exemplar explorer'}>
      <Explorer {...props} />
    </ErrorBoundary>
  );
}
