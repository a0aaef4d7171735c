import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RedactionRun, RedactionView, SensitiveFinding } from '../redaction';
import type { ConfigError } from '../tail-sampling/collector-yaml';
import { checkSpansForSensitiveData, findSensitiveAttributes } from '../redaction';
import { formatAttributeValue } from './span-details';

// The redaction lab's before/after table and what the sensitive-data check
// finds on each side.

export type RowChange = 'deleted' | 'hashed' | 'updated' | 'inserted' | 'unchanged';

export interface AttributeRow {
  readonly key: string;
  /** The value as text; undefined when the attribute is absent on that side. */
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly change: RowChange;
}

/** Every attribute of a span, before and after, in the span's order; inserted keys last. */
export function attributeRows(view: RedactionView): AttributeRow[] {
  const changeOf = new Map<string, RowChange>();
  for (const change of view.changes) changeOf.set(change.key, change.change);
  const keys = [...Object.keys(view.before), ...Object.keys(view.after).filter((key) => !(key in view.before))];
  return keys.map((key) => {
    const before = view.before[key];
    const after = view.after[key];
    const recorded = changeOf.get(key);
    // A later action can undo an earlier one (insert after delete): trust the values.
    const change: RowChange =
      after === undefined
        ? before === undefined
          ? 'unchanged'
          : 'deleted'
        : recorded && formatAttributeValue(before) !== formatAttributeValue(after)
          ? recorded
          : 'unchanged';
    return {
      key,
      before: before === undefined ? undefined : formatAttributeValue(before),
      after: after === undefined ? undefined : formatAttributeValue(after),
      change,
    };
  });
}

export interface SpanCheck {
  readonly spanId: string;
  readonly name: string;
  readonly service: string;
  readonly before: readonly SensitiveFinding[];
  readonly after: readonly SensitiveFinding[];
}

/**
 * The sensitive-data check on the spans as the services sent them and on
 * the attributes the processor lets through. Resource attributes are
 * checked too, on both sides (the attributes processor does not touch them).
 */
export function redactionChecks(spans: readonly ReadableSpan[], views: readonly RedactionView[]): SpanCheck[] {
  const before = new Map(checkSpansForSensitiveData(spans).map((f) => [f.spanId, f]));
  return views.map((view) => {
    const original = before.get(view.spanId);
    const resource = original?.resource ?? [];
    return {
      spanId: view.spanId,
      name: view.name,
      service: view.service,
      before: [...(original?.span ?? []), ...resource],
      after: [...findSensitiveAttributes(view.after), ...resource],
    };
  });
}

/** Total findings on each side. */
export function countFindings(checks: readonly SpanCheck[]): { before: number; after: number } {
  return checks.reduce((sum, c) => ({ before: sum.before + c.before.length, after: sum.after + c.after.length }), { before: 0, after: 0 });
}

/** One span of the lab's before/after tables, with what the check flags on each side of each attribute. */
export interface RedactedSpanView {
  readonly spanId: string;
  readonly service: string;
  readonly name: string;
  /** How many attributes the processor changed. */
  readonly changed: number;
  readonly rows: readonly (AttributeRow & {
    readonly flaggedBefore: readonly SensitiveFinding[];
    readonly flaggedAfter: readonly SensitiveFinding[];
  })[];
}

/**
 * Everything the redaction lab shows for one configuration, as plain data: the
 * build renders the starting configuration's with the page (so it reads
 * without JavaScript and the engine waits for the first Apply), and the
 * island renders later ones the same way.
 */
export type RedactionLabView =
  | {
      readonly ok: true;
      readonly counts: { readonly before: number; readonly after: number };
      /** Findings left after the processor, with the span they are on ("checkout-api GET /checkout"). */
      readonly left: readonly (SensitiveFinding & { readonly span: string })[];
      readonly spans: readonly RedactedSpanView[];
    }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

export function redactionLabView(result: RedactionRun, spans: readonly ReadableSpan[]): RedactionLabView {
  if (!result.ok) return { ok: false, errors: result.errors };
  const checks = redactionChecks(spans, result.views);
  return {
    ok: true,
    counts: countFindings(checks),
    left: checks.flatMap((c) => c.after.map((f) => ({ ...f, span: `${c.service} ${c.name}` }))),
    spans: result.views.map((view) => {
      const check = checks.find((c) => c.spanId === view.spanId);
      return {
        spanId: view.spanId,
        service: view.service,
        name: view.name,
        changed: view.changes.length,
        rows: attributeRows(view).map((row) => ({
          ...row,
          flaggedBefore: check?.before.filter((f) => f.key === row.key) ?? [],
          flaggedAfter: check?.after.filter((f) => f.key === row.key) ?? [],
        })),
      };
    }),
  };
}
