import { useId, useMemo, useState } from 'react';
import { compareStrategies, type Strategy } from '../../sandbox/head-sampling';
import type { Traffic } from '../../sandbox/traffic';
import { checkVolumeInput, computeVolume, formatBytes } from '../../sandbox/volume';
import { formatCount, formatPercent } from '../../shared/format';
import { formatValue } from '../../sandbox/view/format';
import { readShare } from '../../sandbox/view/sampling-view';
import { readVolumeForm } from '../../sandbox/view/volume-view';
import { NumberField } from './NumberField';

interface Props {
  traffic: Traffic;
  /** The tail_sampling YAML of the tail-sampling tab (the tail and hybrid strategies use it). */
  yaml: string;
  slowMs: number;
}

type Field = 'requestsPerSecond' | 'spansPerRequest' | 'bytesPerSpan' | 'retentionDays';

const FIELDS: readonly { field: Field; label: string; unit: string }[] = [
  { field: 'requestsPerSecond', label: 'Requests per second', unit: 'req/s' },
  { field: 'spansPerRequest', label: 'Spans per request', unit: 'spans' },
  { field: 'bytesPerSpan', label: 'Bytes per span', unit: 'bytes' },
  { field: 'retentionDays', label: 'Retention', unit: 'days' },
];

export function StrategyComparePanel({ traffic, yaml, slowMs }: Props) {
  const id = useId();
  const [fields, setFields] = useState<Record<Field, string>>({
    requestsPerSecond: '2000',
    spansPerRequest: '35',
    bytesPerSpan: '900',
    retentionDays: '7',
  });
  const [headText, setHeadText] = useState('0.1');
  const [hybridText, setHybridText] = useState('0.5');
  const head = readShare(headText);
  const hybrid = readShare(hybridText);

  const numbers = readVolumeForm({ ...fields, samplingShare: '1' });
  const check = checkVolumeInput(numbers);

  // The strategies run over the simulated traffic; only the storage columns follow the learner's numbers.
  const outcomes = useMemo(() => {
    const strategies: Strategy[] = [{ kind: 'keep-all', name: 'Keep everything' }];
    if (head !== undefined) strategies.push({ kind: 'head', name: `Head sampling, ratio ${head}`, ratio: head });
    strategies.push({ kind: 'tail', name: 'Tail sampling (your policy)', policy: yaml });
    if (hybrid !== undefined)
      strategies.push({ kind: 'hybrid', name: `Hybrid: head ${hybrid}, then your policy`, headRatio: hybrid, policy: yaml });
    return compareStrategies(traffic.spans, strategies, { slowThresholdMs: slowMs });
  }, [traffic, yaml, slowMs, head, hybrid]);

  const storage = (keptShare: number) => (check.ok ? computeVolume({ ...numbers, samplingShare: keptShare }) : undefined);
  const yamlBroken = outcomes.some((o) => o.errors !== undefined);

  return (
    <div className="anl-stack">
      <p>
        The same {formatCount(traffic.requests.length)} simulated requests under four strategies. The counts come from the simulation;
        storage per day scales the share of spans each strategy keeps to your own traffic.
      </p>
      <fieldset className="anl-fieldset">
        <legend>Your production traffic</legend>
        <div className="anl-grid-fields">
          {FIELDS.map(({ field, label, unit }) => (
            <NumberField
              key={field}
              id={`${id}-${field}`}
              label={label}
              unit={unit}
              value={fields[field]}
              onChange={(text) => setFields((prev) => ({ ...prev, [field]: text }))}
              error={!check.ok && check.field === field ? check.message : null}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="anl-fieldset">
        <legend>Head ratios (0 to 1)</legend>
        <div className="anl-grid-fields">
          {(
            [
              ['head', 'Head sampling keeps', headText, setHeadText, head],
              ['hybrid', 'Hybrid: head keeps first', hybridText, setHybridText, hybrid],
            ] as const
          ).map(([key, label, text, set, value]) => (
            <div key={key}>
              <label className="anl-label" htmlFor={`${id}-${key}`}>
                {label}
              </label>
              <input
                className="kit-field"
                id={`${id}-${key}`}
                type="text"
                inputMode="decimal"
                value={text}
                aria-invalid={value === undefined}
                aria-describedby={value === undefined ? `${id}-${key}-error` : undefined}
                onChange={(event) => set(event.currentTarget.value)}
              />
              {value === undefined ? (
                <p id={`${id}-${key}-error`} className="anl-field-error">
                  Use a number from 0 to 1, e.g. 0.1 keeps one trace in ten.
                </p>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
      {yamlBroken ? (
        <p className="kit-notice" role="status">
          Your tail-sampling configuration has a problem, so the tail and hybrid rows keep nothing. Fix it in the tail-sampling tab.
        </p>
      ) : null}
      <div className="anl-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-caption`}>
        <table className="anl-table anl-table-wide">
          <caption id={`${id}-caption`}>Strategies side by side (slow means at least {formatCount(slowMs)} ms)</caption>
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col" className="anl-num">
                Traces kept
              </th>
              <th scope="col" className="anl-num">
                Spans kept
              </th>
              <th scope="col" className="anl-num">
                Error traces kept
              </th>
              <th scope="col" className="anl-num">
                Slow traces kept
              </th>
              <th scope="col" className="anl-num">
                Storage per day
              </th>
              <th scope="col" className="anl-num">
                Stored over retention
              </th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o) => {
              const volume = storage(o.keptShare);
              return (
                <tr key={o.name}>
                  <th scope="row">{o.name}</th>
                  <td className="anl-num">{formatCount(o.tracesKept)}</td>
                  <td className="anl-num">
                    {formatCount(o.spansKept)} ({formatPercent(o.keptShare)})
                  </td>
                  <td className={`anl-num${o.errorTracesKept < o.errorTraces ? ' anl-svc-no' : ''}`}>
                    {formatCount(o.errorTracesKept)} of {formatCount(o.errorTraces)}
                  </td>
                  <td className={`anl-num${o.slowTracesKept < o.slowTraces ? ' anl-svc-no' : ''}`}>
                    {formatCount(o.slowTracesKept)} of {formatCount(o.slowTraces)}
                  </td>
                  <td className="anl-num">{volume ? `${formatBytes(volume.keptBytesPerDay)}/day` : '–'}</td>
                  <td className="anl-num">{volume ? formatBytes(volume.storedBytes) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="anl-hint" role="status">
        {check.ok
          ? `Storage: ${formatValue(numbers.requestsPerSecond)} requests/s × ${formatValue(numbers.spansPerRequest)} spans × ${formatValue(numbers.bytesPerSpan)} bytes × 86,400 s/day × the share of spans kept; × ${formatValue(numbers.retentionDays)} days of retention.`
          : `Storage needs valid numbers: ${check.message}.`}
      </p>
    </div>
  );
}
