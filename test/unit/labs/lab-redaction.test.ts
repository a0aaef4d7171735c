// The lab promises that Jaeger never shows a HotROD customer id in clear.
// HotROD-shaped traces (hotrod-traces.ts, from HotROD's source) go through
// the course's redaction engine with the exact processor config from the
// lab's manifest.
import { describe, expect, it } from 'vitest';
import { redactTraces, type OtlpResourceSpans, type OtlpTraces } from '../../../src/sandbox/redaction-processor';
import { buildTrace, dispatchSpans, traceId } from './hotrod-traces.ts';
import { hashOnly, labRedaction } from './verify-fixtures.ts';
import { collectorConfig, loadManifests } from './lab-files.ts';

const IDS = [123, 392, 567, 731];

function trace(customer: number): OtlpTraces {
  return { resourceSpans: buildTrace(traceId('5b8aa5a2d2c872e8', customer), 1, dispatchSpans(customer)) as OtlpResourceSpans[] };
}

interface Kv {
  key: string;
  value: { stringValue?: string; intValue?: string };
}
interface Flat {
  where: string;
  key: string;
  value: string;
}

/** Every attribute of every resource, span and event, as text. */
function flatten(traces: OtlpTraces): Flat[] {
  const out: Flat[] = [];
  const add = (where: string, attributes: Kv[] | undefined) => {
    for (const { key, value } of attributes ?? []) out.push({ where, key, value: value.stringValue ?? value.intValue ?? '' });
  };
  for (const rs of (traces.resourceSpans ?? []) as unknown as { resource: { attributes: Kv[] }; scopeSpans: { spans: { name: string; attributes: Kv[]; events?: { name: string; attributes: Kv[] }[] }[] }[] }[]) {
    add('resource', rs.resource.attributes);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        add(`span ${span.name}`, span.attributes);
        for (const event of span.events ?? []) add(`event ${event.name}`, event.attributes);
      }
    }
  }
  return out;
}

/** Places where the id appears as the customer's id: `customer=123`, `customer_id=123`, or a customer_id attribute. */
function clearIds(flat: Flat[], id: number): Flat[] {
  const inText = new RegExp(`customer(_id)?=${id}(?![0-9])`);
  return flat.filter((a) => inText.test(a.value) || (a.key === 'customer_id' && a.value === String(id)));
}

describe("the lab collector's redaction on HotROD traces", () => {
  const compiled = labRedaction();

  it.each(IDS)('without it, customer %i is in clear in four kinds of place', (id) => {
    const found = clearIds(flatten(trace(id)), id);
    expect(found.map((f) => `${f.where}: ${f.key}`).sort()).toEqual([
      'event Getting customer: customer_id',
      'event HTTP request received: url',
      'event HTTP request received: url',
      'event Loading customer: customer_id',
      'span HTTP GET: url.full',
      'span SQL SELECT: db.query.text',
    ]);
  });

  it.each(IDS)('with the hash-only exercise config instead, customer %i stays in clear everywhere', (id) => {
    // HotROD sets no url.query and the attributes processor never sees span events.
    const before: OtlpTraces = { resourceSpans: hashOnly([trace(id).resourceSpans ?? []])[0] as OtlpResourceSpans[] };
    expect(clearIds(flatten(before), id)).toHaveLength(6);
  });

  it.each(IDS)('with it, customer %i appears nowhere in clear', (id) => {
    expect(clearIds(flatten(redactTraces(trace(id), compiled)), id)).toEqual([]);
  });

  it('masks only the id, so the rest of each value still helps an investigation', () => {
    const after = flatten(redactTraces(trace(123), compiled));
    const value = (where: string, key: string) => after.filter((a) => a.where === where && a.key === key).map((a) => a.value);
    expect(value('span HTTP GET', 'url.full')).toContain('http://0.0.0.0:8081/customer?****');
    expect(value('span SQL SELECT', 'db.query.text')).toEqual(['SELECT * FROM customer WHERE ****']);
    expect(value('event HTTP request received', 'url')).toContain('/dispatch?****&nonse=0.4182');
    expect(value('event Loading customer', 'customer_id')).toEqual(['****']);
    // Span names and unrelated attributes are untouched.
    expect(value('span GET /dispatch', 'http.route')).toEqual(['/dispatch']);
    expect(value('span SQL SELECT', 'db.system.name')).toEqual(['mysql']);
  });

  it('leaves a trail a learner can see in Jaeger: which keys were masked on each span', () => {
    const after = flatten(redactTraces(trace(123), compiled));
    expect(after.filter((a) => a.where === 'span SQL SELECT' && a.key.startsWith('redaction.'))).toEqual([
      { where: 'span SQL SELECT', key: 'redaction.masked.keys', value: 'db.query.text' },
      { where: 'span SQL SELECT', key: 'redaction.masked.count', value: '1' },
    ]);
  });

  it('still leaves the customer location (derived from the id) for the learner to find in the lab', () => {
    // The lab says so in its "what is still personal" question; this pins that fact.
    const after = flatten(redactTraces(trace(123), compiled));
    expect(after.some((a) => a.value.includes('115,277'))).toBe(true);
  });

  it('runs before tail_sampling in the pipeline, and the attributes processor is gone', () => {
    const config = collectorConfig(loadManifests(), 'otel-collector-config');
    const processors = config.service.pipelines['traces']?.processors ?? [];
    expect(processors.indexOf('redaction/customer')).toBeGreaterThan(processors.indexOf('k8s_attributes'));
    expect(processors.indexOf('redaction/customer')).toBeLessThan(processors.indexOf('tail_sampling'));
    expect(processors.filter((p) => p.startsWith('attributes'))).toEqual([]);
  });
});
