// Builds the "export from a learner's lab" fixtures that lab-proof.ts is
// tested on, from the upstream-shaped traces of hotrod-traces.ts run through
// the lab's own redaction config: a healthy lab, and one lab per broken
// criterion that differs from the healthy one in that respect only.
// `npx tsx test/unit/labs/proof-fixtures.ts` writes them; proof-fixtures.test.ts
// fails when the committed files differ from what this builds.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { redactTraces } from '../../../src/sandbox/redaction-processor';
import {
  buildTrace,
  type Cart,
  checkoutResource,
  checkoutSpans,
  dispatchSpans,
  labCheckoutResource,
  labHotrodResource,
  resourceOf,
  type SpanSpec,
  traceId,
  tracesResponse,
} from './hotrod-traces.ts';
import { hashOnly, labRedaction } from './verify-fixtures.ts';

export const PROOF_FIXTURES_DIR = join(import.meta.dirname, 'fixtures/proof');

/** The W3C Trace Context specification's example traceparent: the id a learner would put in their request. */
export const LEARNER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const LEARNER_TRACEPARENT = `00-${LEARNER_TRACE_ID}-00f067aa0ba902b7-01`;
/** Normal checkouts the healthy learner sent; 2 were kept (the probabilistic policy's 10 %). */
export const NORMAL_CHECKOUTS_SENT = 20;

type Resource = (service: string) => Record<string, string | number | boolean>;

interface Lab {
  /** HotROD's resource as Jaeger stores it. */
  hotrodResource: Resource;
  checkoutResource: Resource;
  /** The learner's trace is in the export. */
  learnerTrace: boolean;
  /** Only the first hop's spans share the learner's trace id. */
  contextLost: boolean;
  /** The collector runs exercises/collector-hash-only.yaml instead of the redaction processor. */
  hashOnly: boolean;
  /** Checkout traces kept, by cart. */
  checkouts: Cart[];
}

const HEALTHY: Lab = {
  hotrodResource: labHotrodResource,
  checkoutResource: labCheckoutResource,
  learnerTrace: true,
  contextLost: false,
  hashOnly: false,
  checkouts: ['fail', 'slow', 'normal', 'normal'],
};

/** The healthy lab, and one lab per broken criterion. */
export const PROOF_LABS: Record<string, { why: string; breaks: string | null; lab: Lab }> = {
  healthy: { why: 'every criterion holds', breaks: null, lab: HEALTHY },
  'missing-trace': { why: 'the learner’s request never reached Jaeger', breaks: 'trace-present', lab: { ...HEALTHY, learnerTrace: false } },
  'no-propagation': {
    why: 'context is lost after frontend: the learner’s trace holds frontend’s spans only',
    breaks: 'context-crossed',
    lab: { ...HEALTHY, contextLost: true },
  },
  'no-k8s-attributes': {
    why: 'the collector runs without k8s_attributes: resources carry only what the SDK set',
    breaks: 'k8s-attributes',
    lab: { ...HEALTHY, hotrodResource: resourceOf, checkoutResource },
  },
  'customer-leak': {
    why: 'the collector runs exercises/collector-hash-only.yaml: the customer id reaches Jaeger in clear',
    breaks: 'customer-redacted',
    lab: { ...HEALTHY, hashOnly: true },
  },
  'no-error-kept': { why: 'keep-errors is missing: no failed checkout was kept', breaks: 'tail-sampling', lab: { ...HEALTHY, checkouts: ['slow', 'normal', 'normal'] } },
  'nothing-dropped': {
    why: 'tail_sampling is not in the pipeline: all 20 normal checkouts were kept',
    breaks: 'tail-sampling',
    lab: { ...HEALTHY, checkouts: ['fail', 'slow', ...Array.from({ length: NORMAL_CHECKOUTS_SENT }, (): Cart => 'normal')] },
  },
};

function hotrodTrace(lab: Lab, id: string, index: number, customer: number, remoteParentSpanId?: string): object[] {
  const specs: SpanSpec[] = dispatchSpans(customer);
  const trace = buildTrace(id, index, specs, lab.hotrodResource, remoteParentSpanId ? { remoteParentSpanId } : {});
  return lab.contextLost && remoteParentSpanId
    ? trace.filter((rs) => JSON.stringify((rs as { resource: unknown }).resource).includes('"stringValue":"frontend"'))
    : trace;
}

function labTraces(lab: Lab): object[][] {
  const hotrod = [
    ...(lab.learnerTrace ? [hotrodTrace(lab, LEARNER_TRACE_ID, 1, 123, '00f067aa0ba902b7')] : []),
    hotrodTrace(lab, traceId('5b1e2f3a4c5d6e7f', 2), 2, 392),
  ];
  const checkouts = lab.checkouts.map((cart, i) => buildTrace(traceId('0af7651916cd43dd', 100 + i), 10 + i, checkoutSpans(cart), lab.checkoutResource));
  const all = [...hotrod, ...checkouts];
  if (lab.hashOnly) return hashOnly(all);
  const compiled = labRedaction();
  return all.map((resourceSpans) => redactTraces({ resourceSpans: resourceSpans as never[] }, compiled).resourceSpans ?? []);
}

/** File name under fixtures/proof -> content: the lab's traces as Jaeger's API v3 answers a search. */
export function proofFixtures(): Record<string, string> {
  return Object.fromEntries(Object.entries(PROOF_LABS).map(([name, { lab }]) => [`${name}.json`, tracesResponse(labTraces(lab))]));
}

if (import.meta.filename === process.argv[1]) {
  for (const [file, content] of Object.entries(proofFixtures())) {
    const path = join(PROOF_FIXTURES_DIR, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${file}`);
  }
}
