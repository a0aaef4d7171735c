import { type ReactNode, useId, useState } from 'react';
import { checkVolumeInput, computeVolume, formatBytes, type VolumeInput } from '../../sandbox/volume';
import { readVolumeForm, type VolumeField, volumeSteps } from '../../sandbox/view/volume-view';
import { ErrorBoundary } from '../kit/ErrorBoundary';
import { NumberField } from './NumberField';
import '../sandbox/sandbox.css';
import './analysis.css';

export interface VolumeCalculatorIslandProps {
  /** Starting numbers (default: the lesson's 2,000 req/s, 35 spans, 900 bytes, keep 0.1, 7 days). */
  start?: Partial<VolumeInput>;
  /** Visible title and accessible name. */
  title?: string;
  /** The description the Astro wrapper renders (readable without JavaScript). */
  children?: ReactNode;
}

export const VOLUME_DEFAULTS: VolumeInput = {
  requestsPerSecond: 2000,
  spansPerRequest: 35,
  bytesPerSpan: 900,
  samplingShare: 0.1,
  retentionDays: 7,
};

const FIELDS: readonly { field: VolumeField; label: string; unit: string; hint: string }[] = [
  { field: 'requestsPerSecond', label: 'Requests per second', unit: 'req/s', hint: 'At your busiest hour.' },
  { field: 'spansPerRequest', label: 'Spans per request', unit: 'spans', hint: 'Count them in one typical trace.' },
  { field: 'bytesPerSpan', label: 'Bytes per span', unit: 'bytes', hint: '500 to 1,500 is typical.' },
  { field: 'samplingShare', label: 'Share of traces kept', unit: '0 to 1', hint: '0.1 keeps one trace in ten.' },
  { field: 'retentionDays', label: 'Retention', unit: 'days', hint: 'How long the backend keeps traces.' },
];

function Calculator({ start, title = 'Trace volume calculator', children }: VolumeCalculatorIslandProps) {
  const id = useId();
  const initial = { ...VOLUME_DEFAULTS, ...start };
  const [text, setText] = useState<Record<VolumeField, string>>(
    () => Object.fromEntries(FIELDS.map(({ field }) => [field, String(initial[field])])) as Record<VolumeField, string>,
  );
  const numbers = readVolumeForm(text);
  const check = checkVolumeInput(numbers);
  const result = check.ok ? computeVolume(numbers) : null;

  return (
    <section className="anl not-content" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      <form className="anl-grid-fields" onSubmit={(event) => event.preventDefault()} aria-label="Your traffic">
        {FIELDS.map(({ field, label, unit, hint }) => (
          <NumberField
            key={field}
            id={`${id}-${field}`}
            label={label}
            unit={unit}
            hint={hint}
            value={text[field]}
            onChange={(value) => setText((prev) => ({ ...prev, [field]: value }))}
            error={!check.ok && check.field === field ? check.message : null}
          />
        ))}
      </form>
      <p className="kit-status" role="status">
        {result
          ? `Kept: ${result.text.keptBytesPerDay}, ${result.text.storedBytes}.`
          : check.ok
            ? ''
            : `Check the numbers: ${check.message}.`}
      </p>
      {result && check.ok ? (
        <>
          <dl className="anl-stats">
            <div>
              <dt>Produced</dt>
              <dd>
                {result.text.producedBytesPerDay}
                <span className="anl-stat-detail">{result.text.producedSpansPerDay}</span>
              </dd>
            </div>
            <div>
              <dt>Kept after sampling</dt>
              <dd>
                {result.text.keptBytesPerDay}
                <span className="anl-stat-detail">{result.text.keptSpansPerDay}</span>
              </dd>
            </div>
            <div>
              <dt>Stored at full retention</dt>
              <dd>
                {formatBytes(result.storedBytes)}
                <span className="anl-stat-detail">over {numbers.retentionDays} days</span>
              </dd>
            </div>
          </dl>
          <h4 id={`${id}-math`}>The arithmetic</h4>
          <ol className="anl-math" aria-labelledby={`${id}-math`}>
            {volumeSteps(numbers, result).map((step) => (
              <li key={step.label}>
                {step.label}: <span className="anl-expr">{step.expression}</span> = <strong>{step.result}</strong>
              </li>
            ))}
          </ol>
          <p className="anl-hint">Decimal units (1 GB = 10⁹ bytes), before compression, indexes and replication.</p>
        </>
      ) : null}
    </section>
  );
}

export default function VolumeCalculatorIsland(props: VolumeCalculatorIslandProps) {
  return (
    <ErrorBoundary name={props.title ?? 'The volume calculator'}>
      <Calculator {...props} />
    </ErrorBoundary>
  );
}
