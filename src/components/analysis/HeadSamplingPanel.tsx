import { useId, useMemo, useState } from 'react';
import type { ChainService, HeadSampledTrace, HeadSamplingOptions, HeadSamplingRun } from '../../sandbox/head-sampling';
import { formatCount } from '../../shared/format';
import { shortId } from '../../sandbox/view/format';
import { HEAD_START_RATIOS, readShare } from '../../sandbox/view/sampling-view';
import { useFocusHandOff } from '../sandbox/use-focus-hand-off';

const SERVICES: readonly ChainService[] = HEAD_START_RATIOS.map((start) => start.service);
const START_RATIOS = Object.fromEntries(HEAD_START_RATIOS.map((start) => [start.service, start.ratio])) as Record<ChainService, string>;

type Mode = 'parent-based' | 'independent';
type Show = 'all' | 'broken' | 'complete' | 'dropped';

const SHAPE_WORDS: Record<HeadSampledTrace['shape'], string> = {
  complete: 'kept whole',
  dropped: 'dropped whole',
  broken: 'broken',
};

const ROWS = 15;

interface Props {
  requests: number;
  /** The SDK's samplers at work; null until the lab's simulator has loaded. */
  simulate: ((options: HeadSamplingOptions) => HeadSamplingRun) | null;
  /** Asks for the simulator (the first "Simulate" press). */
  onStart: () => void;
  /** True while the simulator loads. */
  busy: boolean;
  /** The status line while the simulator loads or after it failed to; '' otherwise. */
  engineLine: string;
}

export function HeadSamplingPanel({ requests, simulate, onStart, busy, engineLine }: Props) {
  const id = useId();
  const [mode, setMode] = useState<Mode>('independent');
  const [ratios, setRatios] = useState<Record<ChainService, string>>({ ...START_RATIOS });
  const [show, setShow] = useState<Show>('all');

  const read = useMemo(() => SERVICES.map((service) => ({ service, share: readShare(ratios[service]) })), [ratios]);
  const problems = read.filter((r) => r.share === undefined);
  const run = useMemo(() => {
    if (problems.length > 0 || !simulate) return null;
    const serviceRatios = Object.fromEntries(read.map((r) => [r.service, r.share!])) as Record<ChainService, number>;
    return simulate({ mode, ratio: serviceRatios['api-gateway'], serviceRatios, requests, seed: 3 });
  }, [read, problems.length, mode, requests, simulate]);
  // The Simulate button goes away once the numbers are there.
  const start = useFocusHandOff<HTMLButtonElement, HTMLDListElement>(run !== null);

  const sameRatio = read.every((r) => r.share === read[0]?.share);
  const rows = run ? run.traces.filter((t) => show === 'all' || t.shape === show).slice(0, ROWS) : [];
  const shown = run ? run.traces.filter((t) => show === 'all' || t.shape === show).length : 0;

  return (
    <div className="anl-stack">
      <p>
        Every service runs the SDK’s own samplers. With <strong>parent-based</strong> sampling the first service decides and the others
        follow the sampled flag in <code>traceparent</code>. With <strong>independent</strong> ratios each service decides again on its own.
      </p>
      <fieldset className="anl-fieldset">
        <legend>How services sample</legend>
        <div className="anl-row">
          {(['parent-based', 'independent'] as const).map((value) => (
            <label key={value} className="anl-choice">
              <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} />
              {value === 'parent-based' ? 'Parent-based (follow the caller)' : 'Independent ratio per service'}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="anl-fieldset">
        <legend>Share of traces each service samples (0 to 1)</legend>
        <div className="anl-grid-fields">
          {SERVICES.map((service) => {
            const bad = read.find((r) => r.service === service)?.share === undefined;
            return (
              <div key={service}>
                <label className="anl-label" htmlFor={`${id}-${service}`}>
                  {service}
                </label>
                <input
                  className="kit-field"
                  id={`${id}-${service}`}
                  type="text"
                  inputMode="decimal"
                  value={ratios[service]}
                  aria-invalid={bad}
                  aria-describedby={bad ? `${id}-${service}-error` : undefined}
                  onChange={(event) => {
                    // Read now: the event's currentTarget is gone by the time the updater runs.
                    const value = event.currentTarget.value;
                    setRatios((prev) => ({ ...prev, [service]: value }));
                  }}
                />
                {bad ? (
                  <p id={`${id}-${service}-error`} className="anl-field-error">
                    Use a number from 0 to 1, e.g. 0.25 keeps a quarter.
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
      {mode === 'parent-based' ? (
        <p className="kit-note">
          Only api-gateway starts traces, so only its ratio matters: every other service sees the caller’s decision in{' '}
          <code>traceparent</code> and follows it, whatever its own ratio says.
        </p>
      ) : sameRatio && run ? (
        <p className="kit-note">
          Every service has the same ratio. The SDK’s ratio sampler decides from the trace id, which all services share, so they still agree
          and no tree breaks. Give the services different ratios to see broken traces.
        </p>
      ) : null}
      {!simulate ? (
        <button
          ref={start.from}
          type="button"
          className="kit-button kit-button-primary"
          aria-disabled={busy || undefined}
          onClick={onStart}
        >
          Simulate {formatCount(requests)} requests
        </button>
      ) : null}
      <p className="kit-status" role="status">
        {run
          ? `${formatCount(run.totals.traces)} requests: ${formatCount(run.totals.complete)} kept whole, ${formatCount(run.totals.dropped)} dropped whole, ${formatCount(run.totals.broken)} broken.`
          : problems.length > 0
            ? `Fix the ratio of ${problems.map((p) => p.service).join(', ')} to run the simulation.`
            : engineLine}
      </p>
      {run ? (
        <>
          <dl className="anl-stats" ref={start.to} tabIndex={-1}>
            <div>
              <dt>Kept whole</dt>
              <dd>{formatCount(run.totals.complete)}</dd>
            </div>
            <div>
              <dt>Dropped whole</dt>
              <dd>{formatCount(run.totals.dropped)}</dd>
            </div>
            <div>
              <dt>Broken traces</dt>
              <dd>
                {formatCount(run.totals.broken)}
                <span className="anl-stat-detail">some services recorded, others did not</span>
              </dd>
            </div>
            <div>
              <dt>Orphan spans</dt>
              <dd>
                {formatCount(run.totals.orphanSpans)}
                <span className="anl-stat-detail">recorded, but their parent was not</span>
              </dd>
            </div>
            <div>
              <dt>Spans recorded</dt>
              <dd>
                {formatCount(run.totals.recordedSpans)}
                <span className="anl-stat-detail">{formatCount(run.totals.unsampledSpans)} never reached a processor</span>
              </dd>
            </div>
          </dl>
          <div className="anl-row">
            <label className="anl-label anl-label-inline" htmlFor={`${id}-show`}>
              Show traces
            </label>
            <select className="kit-field" id={`${id}-show`} value={show} onChange={(event) => setShow(event.currentTarget.value as Show)}>
              <option value="all">all</option>
              <option value="broken">broken only</option>
              <option value="complete">kept whole only</option>
              <option value="dropped">dropped whole only</option>
            </select>
          </div>
          <div className="anl-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
            <table className="anl-table">
              <caption id={`${id}-caption`}>
                Which services recorded their span, trace by trace (first {Math.min(ROWS, shown)} of {formatCount(shown)})
              </caption>
              <thead>
                <tr>
                  <th scope="col">Trace</th>
                  {SERVICES.map((service) => (
                    <th key={service} scope="col">
                      {service}
                    </th>
                  ))}
                  <th scope="col">Flag sent by api-gateway</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((trace) => (
                  <tr key={trace.traceId}>
                    <th scope="row">
                      <code>{shortId(trace.traceId)}</code>
                    </th>
                    {SERVICES.map((service) => {
                      const recorded = trace.services.find((s) => s.service === service)?.recorded ?? false;
                      return (
                        <td key={service} className={recorded ? 'anl-svc-yes' : 'anl-svc-no'}>
                          <span aria-hidden="true" className="anl-mark">
                            {recorded ? '✓' : '✗'}
                          </span>
                          <span className="sr-only">{recorded ? 'recorded' : 'not recorded'}</span>
                        </td>
                      );
                    })}
                    <td>
                      <code>{trace.edges[0]?.traceparent.slice(-2) ?? ''}</code>
                    </td>
                    <td>
                      {trace.shape === 'broken' ? (
                        <span className="anl-tag anl-tag-error">
                          broken{trace.orphanSpans ? `, ${trace.orphanSpans} orphan${trace.orphanSpans === 1 ? '' : 's'}` : ''}
                        </span>
                      ) : (
                        SHAPE_WORDS[trace.shape]
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="anl-hint">
            ✓ the service recorded its span, ✗ it did not. The last field of <code>traceparent</code> is the sampled flag: <code>01</code>{' '}
            sampled, <code>00</code> not. Parent-based samplers obey it; independent ones ignore it.
          </p>
        </>
      ) : null}
    </div>
  );
}
