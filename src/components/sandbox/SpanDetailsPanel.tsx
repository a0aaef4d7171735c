import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { CopyableValue, DetailFieldView, SpanDetailsView } from '../../sandbox/view/span-details-view';

export interface SpanDetailsPanelProps {
  details: SpanDetailsView;
  /** Close the panel (the Close button, or Escape anywhere inside it). */
  onClose: () => void;
  headingId: string;
}

function PairTable({ caption, rows }: { caption: string; rows: [string, string][] }) {
  if (rows.length === 0) return null;
  return (
    <table className="sbx-pairs">
      <caption>{caption}</caption>
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">
              <code>{key}</code>
            </th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const COPY_MESSAGE_MS = 4000;

/** A header value on its own (selecting it selects only the value) with a button that copies exactly it. */
function CopyableField({ label, copy }: { label: string; copy: CopyableValue }) {
  const valueRef = useRef<HTMLElement>(null);
  const [message, setMessage] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const say = (text: string) => {
    clearTimeout(timer.current);
    // Empty first, so saying the same thing twice is announced twice.
    setMessage('');
    timer.current = setTimeout(() => {
      setMessage(text);
      timer.current = setTimeout(() => setMessage(''), COPY_MESSAGE_MS);
    }, 50);
  };

  const onCopy = async () => {
    try {
      // Missing outside a secure context, and some browsers refuse without permission.
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(copy.value);
      say('Copied');
    } catch {
      // Select the value instead, so that the learner's own copy key takes exactly it.
      const value = valueRef.current;
      const selection = typeof window.getSelection === 'function' ? window.getSelection() : null;
      if (value && selection) selection.selectAllChildren(value);
      say('Not copied: this browser blocked the clipboard. The value is selected: press Ctrl+C (⌘C on a Mac).');
    }
  };

  return (
    <>
      <span className="sbx-copy-text">
        {copy.before}
        <code ref={valueRef} className="sbx-copy-value">
          {copy.value}
        </code>
        {copy.after}
      </span>{' '}
      <button
        type="button"
        className="kit-button kit-button-quiet kit-button-small sbx-copy-button"
        aria-label={`Copy ${copy.header} (${label.toLowerCase()})`}
        onClick={() => void onCopy()}
      >
        Copy
      </button>
      <span className="sbx-copy-status" role="status">
        {message}
      </span>
    </>
  );
}

function FieldValue({ field }: { field: DetailFieldView }) {
  if (field.copy) return <CopyableField label={field.label} copy={field.copy} />;
  return field.code ? <code>{field.value}</code> : <>{field.value}</>;
}

/** Everything about one span: ids, parent, status, the traceparent that carried it, attributes, resource, events. */
export function SpanDetailsPanel({ details, onClose, headingId }: SpanDetailsPanelProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };
  return (
    // Escape from anywhere inside closes the panel; the waterfall then puts focus back on the span's row.
    <section className="sbx-details" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <div className="sbx-details-head">
        <h3 id={headingId}>Span details: {details.title}</h3>
        <button type="button" className="kit-button kit-button-quiet" onClick={onClose} aria-keyshortcuts="Escape">
          Close details
        </button>
      </div>
      <dl className="sbx-fields">
        {details.fields.map((field) => (
          <div key={field.label}>
            <dt>{field.label}</dt>
            <dd>
              <FieldValue field={field} />
            </dd>
          </div>
        ))}
      </dl>
      <PairTable caption="Span attributes" rows={details.attributes} />
      <PairTable caption="Resource attributes" rows={details.resource} />
      {details.events.length > 0 && (
        <div className="sbx-events">
          <h4>Events</h4>
          {details.events.map((event, i) => (
            <PairTable key={i} caption={`${event.name}, ${event.at}`} rows={event.attributes} />
          ))}
        </div>
      )}
    </section>
  );
}
