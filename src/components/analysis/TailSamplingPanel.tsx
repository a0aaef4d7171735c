import { useId, useRef, useState } from 'react';
import type { TailSamplingRun } from '../../sandbox/tail-sampling/simulate';
import type { Traffic } from '../../sandbox/traffic';
import { formatCount } from '../../shared/format';
import { bufferAdvice, policyKeepCounts, setYamlScalar, tailTotalsRows, tracesPerSecond } from '../../sandbox/view/sampling-view';
import { selectLine } from './text-area';
import { YamlField } from './YamlField';
import { YamlErrors } from './YamlErrors';

export const DEFAULT_TAIL_POLICY = `tail_sampling:
  num_traces: 50000
  decision_wait: 10s
  policies:
    - name: every-failure
      type: status_code
      status_code:
        status_codes: [ERROR]
    - name: slower-than-half-a-second
      type: latency
      latency:
        threshold_ms: 500
    - name: a-tenth-of-the-rest
      type: probabilistic
      probabilistic:
        sampling_percentage: 10
`;

interface Props {
  traffic: Traffic;
  yaml: string;
  onYamlChange: (yaml: string) => void;
  slowText: string;
  onSlowChange: (text: string) => void;
  /** The last run and the text it ran. */
  run: { yaml: string; result: TailSamplingRun } | null;
  onRun: (yaml: string) => void;
  /** Problem with the slow threshold, if any. */
  slowProblem: string | undefined;
}

export function TailSamplingPanel({ traffic, yaml, onYamlChange, slowText, onSlowChange, run, onRun, slowProblem }: Props) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [notice, setNotice] = useState('');
  const result = run?.result ?? null;
  const failed = result !== null && !result.ok && run?.yaml === yaml;
  const perSecond = tracesPerSecond(traffic.requests);

  const tryEdit = (key: string, value: string) => {
    const edited = setYamlScalar(yaml, key, value);
    if (edited === undefined) {
      setNotice(`Your configuration has no “${key}:” line. Add “${key}: ${value}” next to “policies:” to try it.`);
      return;
    }
    setNotice('');
    onYamlChange(edited);
    onRun(edited);
  };

  return (
    <div className="anl-stack">
      <p>
        The collector holds each trace for <code>decision_wait</code>, then asks every policy. A trace is kept if any policy samples it,
        unless a <code>drop</code> policy matches. Paste or edit the collector configuration and apply it to{' '}
        {formatCount(traffic.requests.length)} simulated requests.
      </p>
      <form
        className="anl-stack"
        onSubmit={(event) => {
          event.preventDefault();
          onRun(yaml);
        }}
      >
        <YamlField
          id={id}
          label={
            <>
              <code>tail_sampling</code> processor configuration (YAML)
            </>
          }
          value={yaml}
          onChange={onYamlChange}
          onRun={onRun}
          failed={failed}
          rows={{ min: 10, max: 24 }}
          areaRef={area}
        >
          Ctrl+Enter (⌘+Enter) applies the configuration. The whole <code>processors:</code> block, the <code>tail_sampling:</code> block or
          just its body are all accepted.
        </YamlField>
        <div className="anl-grid-fields">
          <div>
            <label className="anl-label" htmlFor={`${id}-slow`}>
              Count a trace as slow from <span className="anl-unit">(ms)</span>
            </label>
            <input
              className="kit-field"
              id={`${id}-slow`}
              type="text"
              inputMode="numeric"
              value={slowText}
              aria-invalid={slowProblem !== undefined}
              aria-describedby={slowProblem ? `${id}-slow-error` : undefined}
              onChange={(event) => onSlowChange(event.currentTarget.value)}
            />
            {slowProblem ? (
              <p id={`${id}-slow-error`} className="anl-field-error">
                {slowProblem}
              </p>
            ) : null}
          </div>
        </div>
        <div className="anl-row">
          <button type="submit" className="kit-button kit-button-primary">
            Apply the configuration
          </button>
          <button type="button" className="kit-button" onClick={() => tryEdit('num_traces', '100')}>
            Try a small buffer (num_traces: 100)
          </button>
          <button type="button" className="kit-button" onClick={() => tryEdit('decision_wait', '100ms')}>
            Try a short wait (decision_wait: 100ms)
          </button>
          <button
            type="button"
            className="kit-button"
            onClick={() => {
              onYamlChange(DEFAULT_TAIL_POLICY);
              onRun(DEFAULT_TAIL_POLICY);
            }}
          >
            Start again
          </button>
        </div>
      </form>
      {notice ? <p className="kit-notice">{notice}</p> : null}
      <p className="kit-status" role="status">
        {!result
          ? ''
          : result.ok
            ? `Kept ${formatCount(result.result.totals.tracesKept)} of ${formatCount(result.result.totals.traces)} traces: ${formatCount(result.result.totals.errorTracesKept)} of ${formatCount(result.result.totals.errorTraces)} error traces, ${formatCount(result.result.totals.slowTracesKept)} of ${formatCount(result.result.totals.slowTraces)} slow traces, ${formatCount(result.result.totals.droppedByBuffer)} dropped by the buffer.`
            : `The configuration has ${result.errors.length === 1 ? 'a problem' : `${result.errors.length} problems`}, first on line ${result.errors[0]?.line}: ${result.errors[0]?.detail}`}
      </p>
      {result && !result.ok ? (
        <YamlErrors
          id={`${id}-errors`}
          what="The tail_sampling configuration"
          errors={result.errors}
          onGoToLine={(line) => selectLine(area.current, line)}
        />
      ) : null}
      {result?.ok ? (
        <>
          <dl className="anl-stats" aria-label="What the policy kept">
            {tailTotalsRows(result.result.totals, result.result.slowThresholdMs).map((row) => (
              <div key={row.label}>
                <dt>{row.label}</dt>
                <dd>
                  {row.value}
                  <span className="anl-stat-detail">{row.detail}</span>
                </dd>
              </div>
            ))}
          </dl>
          {(() => {
            const advice = bufferAdvice(result.config.decision_wait, result.config.num_traces, perSecond);
            return <p className={advice.enough ? 'kit-note' : 'kit-notice'}>{advice.text}</p>;
          })()}
          <div className="anl-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-votes-caption`}>
            <table className="anl-table">
              <caption id={`${id}-votes-caption`}>Votes per policy (a trace can match several)</caption>
              <thead>
                <tr>
                  <th scope="col">Policy</th>
                  <th scope="col" className="anl-num">
                    Traces it sampled
                  </th>
                  <th scope="col" className="anl-num">
                    Traces it dropped (drop policies)
                  </th>
                </tr>
              </thead>
              <tbody>
                {policyKeepCounts(
                  result.config.policies.map((p) => p.name),
                  result.result,
                ).map((row) => (
                  <tr key={row.name}>
                    <th scope="row">
                      <code>{row.name}</code>
                    </th>
                    <td className="anl-num">{formatCount(row.voted)}</td>
                    <td className="anl-num">{formatCount(row.vetoed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
