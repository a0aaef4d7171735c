import type { SpanDetails } from '../../sandbox/span-details';

export interface SpanDetailsPanelProps {
  details: SpanDetails;
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

/** Everything about one span: ids, parent, status, the traceparent that carried it, attributes, resource, events. */
export function SpanDetailsPanel({ details, onClose, headingId }: SpanDetailsPanelProps) {
  return (
    <section className="sbx-details" aria-labelledby={headingId}>
      <div className="sbx-details-head">
        <h3 id={headingId}>Span details: {details.title}</h3>
        <button type="button" className="sbx-button sbx-button-quiet" onClick={onClose}>
          Close details
        </button>
      </div>
      <dl className="sbx-fields">
        {details.fields.map((field) => (
          <div key={field.label}>
            <dt>{field.label}</dt>
            <dd>{field.code ? <code>{field.value}</code> : field.value}</dd>
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
