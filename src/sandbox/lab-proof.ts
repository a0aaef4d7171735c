import { SpanStatusCode } from '@opentelemetry/api';
import {
  type CriterionStatus,
  LAB_PROOF_CRITERIA,
  type LabEvidence,
  type LabProofCriterion,
  MAX_LISTED_TRACE_IDS,
} from '../schemas/lab-evidence.ts';
import { groupByTrace, type SpanRecord } from './trace-model';

/*
 * Proof of the tracing lab from the learner's own traces: HotROD's requests
 * through the lab's collector into Jaeger, read back (with trace-file.ts or
 * jaeger-query.ts) and checked against the criteria labs/tracing/verify.sh
 * checks in the cluster.
 *
 * API
 *   proveLab({ records, learnerTraceId, normalCheckoutsSent? }): LabProof
 *     records: every span read (the learner's trace, plus the checkout traces
 *     of step 8 for the sampling criterion).
 *     learnerTraceId: the trace id the learner put in the traceparent of their
 *     own request (32 hex digits, or the whole traceparent).
 *     normalCheckoutsSent: how many normal checkouts the learner sent in the
 *     time the records cover; without it the sampling criterion cannot tell
 *     kept from dropped and says so.
 *   LabProof = { criteria: CriterionResult[] (one per LAB_PROOF_CRITERIA, in
 *     that order, each pass/fail/unknown with a detail and, unless it passed,
 *     a hint), passed, evidence: LabEvidence (src/schemas/lab-evidence.ts) }.
 *
 * Criteria, and where each expectation comes from:
 *   trace-present      a span with the learner's trace id is in the records.
 *   context-crossed    the learner's trace holds spans of frontend, customer,
 *                      driver and route (verify.sh HOTROD_SERVICES; frontend
 *                      calls the other three for one /dispatch: examples/
 *                      hotrod/services/frontend/best_eta.go at jaegertracing/
 *                      jaeger 8498073ff).
 *   k8s-attributes     every span of that trace carries the resource
 *                      attributes the collector's k8s_attributes processor
 *                      extracts (labs/tracing/manifests/20-otel-collector.yaml,
 *                      extract.metadata; test/unit/sandbox/lab-proof.test.ts
 *                      holds this list to the manifest).
 *   customer-redacted  no value in that trace shows a customer id in clear
 *                      (the redaction processor's blocked_values
 *                      `customer(_id)?=[0-9]+`, and an integer `customer_id`,
 *                      as verify.sh's customer-id-hidden looks for them), and
 *                      at least one masked value (****) shows the processor ran.
 *   tail-sampling      only checkable in aggregate, over checkout-api traces
 *                      (step 8): at least one kept trace with an ERROR span
 *                      (policy keep-errors), at least one of 500 ms or more
 *                      (keep-slow-traces, latency over the whole trace), and
 *                      fewer normal traces kept than the learner sent
 *                      (sample-the-rest keeps about 10 %). HotROD's /dispatch
 *                      traces cannot show dropping: keep-dispatch-route keeps
 *                      them all.
 * Getting the records from the lab's Jaeger (jaeger-query.ts): getTrace for
 * the learner's id, plus findTraces for service checkout-api over the time
 * the learner worked with a searchDepth above the checkouts sent (Jaeger
 * answers at most that many traces); concatenate the records. Or read one
 * file saved from Jaeger with trace-file.ts.
 *
 * A criterion that needs the learner's trace is `unknown` while that trace
 * is missing, so a missing trace fails one criterion, not four.
 */

/** labs/tracing/verify.sh HOTROD_SERVICES. */
export const CROSSED_SERVICES = ['frontend', 'customer', 'driver', 'route'] as const;
/** k8s_attributes' extract.metadata in labs/tracing/manifests/20-otel-collector.yaml. */
export const K8S_RESOURCE_ATTRIBUTES = ['k8s.namespace.name', 'k8s.deployment.name', 'k8s.pod.name', 'k8s.node.name'] as const;
/** The latency policy's threshold_ms and the probabilistic policy's sampling_percentage, same file. */
export const SLOW_TRACE_MS = 500;
export const SAMPLED_PERCENT = 10;
/**
 * Fewest normal checkouts that give a verdict on dropping: at a 10% sample,
 * all ten kept happens once in 10^10 (a broken sampler); with fewer the
 * count says too little.
 */
export const MIN_NORMAL_SENT = 10;
/** The redaction processor's blocked_values pattern, same file. */
const CLEAR_CUSTOMER = /customer(_id)?=[0-9]+/;
const MASK = '****';

export interface CriterionResult {
  readonly id: LabProofCriterion;
  readonly title: string;
  readonly status: CriterionStatus;
  readonly detail: string;
  /** What to do next; absent when the criterion passed. */
  readonly hint?: string;
}

export interface LabProof {
  readonly criteria: readonly CriterionResult[];
  readonly passed: boolean;
  readonly evidence: LabEvidence;
}

export interface LabProofInput {
  readonly records: readonly SpanRecord[];
  readonly learnerTraceId: string;
  readonly normalCheckoutsSent?: number;
}

const TITLES: Record<LabProofCriterion, string> = {
  'trace-present': 'Your own trace reached Jaeger',
  'context-crossed': 'Its context crossed HotROD’s services',
  'k8s-attributes': 'The collector added Kubernetes attributes',
  'customer-redacted': 'The customer id shows only redacted',
  'tail-sampling': 'Tail sampling kept errors and slow traces, and dropped normal ones',
};

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The trace id in what the learner typed: the id itself or a whole traceparent. */
export function learnerTraceIdOf(input: string): string | null {
  const text = input.trim().toLowerCase();
  const id = TRACEPARENT.exec(text)?.[1] ?? text;
  return /^[0-9a-f]{32}$/.test(id) && /[^0]/.test(id) ? id : null;
}

const SEND_YOUR_REQUEST = (id: string) =>
  `curl -H 'traceparent: 00-${id}-00f067aa0ba902b7-01' 'http://127.0.0.1:8080/dispatch?customer=123', wait 15 s, and read the traces again`;

/** Every string (and integer customer_id) in a span: attributes, event attributes, resource. */
function* valuesOf(span: SpanRecord): Generator<{ key: string; value: unknown }> {
  for (const attributes of [span.attributes, span.resource, ...span.events.map((e) => e.attributes)]) {
    for (const [key, value] of Object.entries(attributes)) yield { key, value };
  }
}

function clearCustomerPlaces(spans: readonly SpanRecord[]): string[] {
  const places = new Set<string>();
  for (const span of spans) {
    for (const { key, value } of valuesOf(span)) {
      const clear =
        (typeof value === 'string' && CLEAR_CUSTOMER.test(value)) ||
        (key === 'customer_id' && (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))));
      if (clear) places.add(`${key} on ${span.service} “${span.name}”`);
    }
  }
  return [...places];
}

function maskedCount(spans: readonly SpanRecord[]): number {
  let count = 0;
  for (const span of spans) for (const { value } of valuesOf(span)) if (typeof value === 'string' && value.includes(MASK)) count += 1;
  return count;
}

interface CheckoutTally {
  traceCount: number;
  errorTraceIds: string[];
  slowTraceIds: string[];
  normalTraceCount: number;
}

function tallyCheckouts(records: readonly SpanRecord[]): CheckoutTally {
  const tally: CheckoutTally = { traceCount: 0, errorTraceIds: [], slowTraceIds: [], normalTraceCount: 0 };
  for (const trace of groupByTrace(records)) {
    if (!trace.some((s) => s.service === 'checkout-api')) continue;
    tally.traceCount += 1;
    // The latency policy measures the whole trace: latest end minus earliest start.
    let start = Number.POSITIVE_INFINITY;
    let end = Number.NEGATIVE_INFINITY;
    for (const s of trace) {
      start = Math.min(start, s.startUs);
      end = Math.max(end, s.endUs);
    }
    if (trace.some((s) => s.status.code === SpanStatusCode.ERROR)) tally.errorTraceIds.push(trace[0]!.traceId);
    else if (end - start >= SLOW_TRACE_MS * 1000) tally.slowTraceIds.push(trace[0]!.traceId);
    else tally.normalTraceCount += 1;
  }
  return tally;
}

type Verdict = Omit<CriterionResult, 'id' | 'title'>;

function tailSampling(tally: CheckoutTally, sent: number | undefined): Verdict {
  const { traceCount, errorTraceIds, slowTraceIds, normalTraceCount } = tally;
  const counts = `${errorTraceIds.length} with an error, ${slowTraceIds.length} of ${SLOW_TRACE_MS} ms or more and ${normalTraceCount} normal`;
  if (traceCount === 0) {
    return {
      status: 'fail',
      detail: 'No checkout-api trace in these records.',
      hint: 'Tail sampling is checked on the worked example (step 8): send normal, slow and failing checkouts, wait 15 s, and include the checkout-api traces.',
    };
  }
  if (errorTraceIds.length === 0) {
    return {
      status: 'fail',
      detail: `${traceCount} checkout trace(s): ${counts}; no failed checkout was kept.`,
      hint: 'curl http://127.0.0.1:8081/checkout/fail, wait 15 s; if it is still missing, check that keep-errors (status_code ERROR) is among the collector’s tail_sampling policies.',
    };
  }
  if (slowTraceIds.length === 0) {
    return {
      status: 'fail',
      detail: `${traceCount} checkout trace(s): ${counts}; no slow checkout was kept.`,
      hint: `curl http://127.0.0.1:8081/checkout/slow, wait 15 s; if it is still missing, check the latency policy’s threshold_ms (${SLOW_TRACE_MS}).`,
    };
  }
  if (sent === undefined || sent < MIN_NORMAL_SENT) {
    return {
      status: 'unknown',
      detail: `${traceCount} checkout trace(s): ${counts}. Errors and slow checkouts were kept; whether normal ones were dropped needs the number you sent.`,
      hint: `Send at least ${MIN_NORMAL_SENT} normal checkouts (curl http://127.0.0.1:8081/checkout/normal), then enter how many you sent: about ${SAMPLED_PERCENT}% should be kept.`,
    };
  }
  const expected = Math.round((sent * SAMPLED_PERCENT) / 100);
  if (normalTraceCount >= sent) {
    return {
      status: 'fail',
      detail: `All ${normalTraceCount} normal checkouts of the ${sent} you sent were kept (about ${expected} expected).`,
      hint: 'Nothing was dropped: is tail_sampling in the traces pipeline’s processors, and does the probabilistic policy keep 10 %? If you searched with a small limit, the count may also include earlier checkouts.',
    };
  }
  return {
    status: 'pass',
    detail: `${traceCount} checkout trace(s): ${counts}; ${normalTraceCount} of the ${sent} normal checkouts you sent were kept (about ${expected} expected).`,
  };
}

export function proveLab({ records, learnerTraceId, normalCheckoutsSent }: LabProofInput): LabProof {
  const id = learnerTraceIdOf(learnerTraceId);
  const mine = id ? records.filter((r) => r.traceId === id) : [];
  const services = [...new Set(mine.map((r) => r.service))];
  const verdicts = new Map<LabProofCriterion, Verdict>();
  const waiting: Verdict = {
    status: 'unknown',
    detail: 'Needs your trace, which is not in these records.',
    hint: 'Get your own trace into Jaeger first (the first criterion).',
  };

  if (!id) {
    verdicts.set('trace-present', {
      status: 'fail',
      detail: `“${learnerTraceId.slice(0, 80)}” is not a trace id.`,
      hint: 'A trace id is 32 hex digits, not all zero: the second field of the traceparent you sent (00-<trace id>-<span id>-01).',
    });
  } else if (mine.length === 0) {
    verdicts.set('trace-present', {
      status: 'fail',
      detail: `No span with trace id ${id} among ${records.length} span(s).`,
      hint: `Send your request with that id: ${SEND_YOUR_REQUEST(id)}.`,
    });
  } else {
    verdicts.set('trace-present', { status: 'pass', detail: `${mine.length} span(s) of trace ${id} from ${services.length} service(s).` });
  }

  if (mine.length > 0) {
    const missing = CROSSED_SERVICES.filter((s) => !services.includes(s));
    verdicts.set(
      'context-crossed',
      missing.length === 0
        ? { status: 'pass', detail: `Your trace holds spans of ${CROSSED_SERVICES.join(', ')} (${services.length} services in all).` }
        : {
            status: 'fail',
            detail: `Your trace holds spans of ${services.join(', ')} only; missing: ${missing.join(', ')}.`,
            hint: 'The context was lost after the first hop: each service started a trace of its own. Check that HotROD still propagates traceparent (its propagator is TraceContext + Baggage) and that nothing between the services strips the header.',
          },
    );
    const lacking = new Map<string, Set<string>>();
    for (const span of mine) {
      for (const key of K8S_RESOURCE_ATTRIBUTES) {
        if (span.resource[key] === undefined) lacking.set(key, (lacking.get(key) ?? new Set()).add(span.service));
      }
    }
    verdicts.set(
      'k8s-attributes',
      lacking.size === 0
        ? {
            status: 'pass',
            detail: `Every span carries ${K8S_RESOURCE_ATTRIBUTES.join(', ')} (pod ${String(mine[0]!.resource['k8s.pod.name'])}).`,
          }
        : {
            status: 'fail',
            detail: `Missing on spans of your trace: ${[...lacking].map(([key, of]) => `${key} (${[...of].join(', ')})`).join('; ')}.`,
            hint: 'Is k8s_attributes in the traces pipeline before tail_sampling, with these keys under extract.metadata, and does the collector’s ServiceAccount may read pods (manifests/20-otel-collector.yaml)? kubectl -n tracing logs deployment/otel-collector',
          },
    );
    const places = clearCustomerPlaces(mine);
    const masked = maskedCount(mine);
    verdicts.set(
      'customer-redacted',
      places.length > 0
        ? {
            status: 'fail',
            detail: `The customer id shows in clear in ${places.length} place(s): ${places.slice(0, 4).join('; ')}.`,
            hint: 'Apply manifests/20-otel-collector.yaml (the redaction/customer processor in the traces pipeline) and restart the collector, then send a new request: traces stored before the fix keep the id.',
          }
        : masked === 0
          ? {
              status: 'fail',
              detail: 'Your trace shows no customer id at all, clear or masked, so it cannot show the redaction.',
              hint: 'Send a /dispatch request with a customer: curl with ?customer=123 as above.',
            }
          : { status: 'pass', detail: `No customer id in clear; ${masked} value(s) masked with ${MASK}.` },
    );
  }

  const tally = tallyCheckouts(records);
  verdicts.set('tail-sampling', tailSampling(tally, normalCheckoutsSent));

  const criteria: CriterionResult[] = LAB_PROOF_CRITERIA.map((criterion) => ({
    id: criterion,
    title: TITLES[criterion],
    ...(verdicts.get(criterion) ?? waiting),
  }));
  const passed = criteria.every((c) => c.status === 'pass');
  const traceCount = new Set(records.map((r) => r.traceId)).size;
  const evidence: LabEvidence = {
    version: 1,
    lab: 'tracing',
    learnerTraceId: id,
    passed,
    criteria: criteria.map(({ id: criterion, status, detail }) => ({ id: criterion, status, detail: detail.slice(0, 600) })),
    learnerTrace: { found: mine.length > 0, spanCount: mine.length, services: services.slice(0, 50) },
    checkouts: {
      traceCount: tally.traceCount,
      errorTraceIds: tally.errorTraceIds.slice(0, MAX_LISTED_TRACE_IDS),
      slowTraceIds: tally.slowTraceIds.slice(0, MAX_LISTED_TRACE_IDS),
      normalTraceCount: tally.normalTraceCount,
      ...(normalCheckoutsSent === undefined ? {} : { normalSent: normalCheckoutsSent }),
    },
    spanCount: records.length,
    traceCount,
  };
  return { criteria, passed, evidence };
}
