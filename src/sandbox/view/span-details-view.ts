import type { EdgeRecord } from '../network';
import type { DetailField, SpanDetails } from './span-details';

// The span details panel shows header fields as sentences, e.g.
// "traceparent: 00-…-01 (from checkout-api)". A learner who copies the
// field wants the header value alone, so each such field is split around
// the bare value: the panel shows the value as its own element and a Copy
// button copies exactly it.

export interface CopyableValue {
  /** Text shown before the value, e.g. "traceparent: ". */
  before: string;
  /** The bare header value, e.g. "00-<trace id>-<span id>-01". */
  value: string;
  /** Text shown after it, e.g. " (from checkout-api)". */
  after: string;
  /** What the value is, for the Copy button's name: "traceparent". */
  header: string;
}

export interface DetailFieldView extends DetailField {
  copy?: CopyableValue;
}

export interface SpanDetailsView extends Omit<SpanDetails, 'fields'> {
  fields: DetailFieldView[];
}

/**
 * Marks the fields that carry a traceparent this span received or sent
 * (found in the run's edge records, not by parsing the text) as copyable.
 */
export function withCopyableHeaders(details: SpanDetails, spanId: string, edges: readonly EdgeRecord[]): SpanDetailsView {
  const values = edges.filter((e) => e.traceparent && (e.calleeSpanId === spanId || e.callerSpanId === spanId)).map((e) => e.traceparent!);
  return {
    ...details,
    fields: details.fields.map((field) => {
      const value = values.find((v) => field.value.includes(v));
      if (!value) return field;
      const at = field.value.indexOf(value);
      return {
        ...field,
        copy: { before: field.value.slice(0, at), value, after: field.value.slice(at + value.length), header: 'traceparent' },
      };
    }),
  };
}
