// Proof of the tracing lab from a learner's own traces: the healthy lab
// passes every criterion, and each broken lab fails its own criterion only.
// The labs are Jaeger API v3 answers built by test/unit/labs/proof-fixtures.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CROSSED_SERVICES,
  K8S_RESOURCE_ATTRIBUTES,
  learnerTraceIdOf,
  proveLab,
  SAMPLED_PERCENT,
  SLOW_TRACE_MS,
} from '../../../src/sandbox/lab-proof';
import { parseTraceFile } from '../../../src/sandbox/trace-file';
import { LAB_PROOF_CRITERIA, LabEvidenceSchema } from '../../../src/schemas/lab-evidence';
import { collectorConfig, loadManifests, TRACING_DIR } from '../labs/lab-files';
import { LEARNER_TRACE_ID, LEARNER_TRACEPARENT, NORMAL_CHECKOUTS_SENT, PROOF_FIXTURES_DIR, PROOF_LABS } from '../labs/proof-fixtures';

function lab(name: string) {
  const read = parseTraceFile(readFileSync(join(PROOF_FIXTURES_DIR, `${name}.json`), 'utf8'));
  if (!read.ok) throw new Error(read.message);
  return read.records;
}
const statuses = (proof: ReturnType<typeof proveLab>) => Object.fromEntries(proof.criteria.map((c) => [c.id, c.status]));

describe('the healthy lab', () => {
  const proof = proveLab({ records: lab('healthy'), learnerTraceId: LEARNER_TRACEPARENT, normalCheckoutsSent: NORMAL_CHECKOUTS_SENT });

  it('passes every criterion, in the documented order, with no hints', () => {
    expect(proof.criteria.map((c) => c.id)).toEqual([...LAB_PROOF_CRITERIA]);
    expect(proof.criteria.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(proof.criteria.filter((c) => 'hint' in c)).toEqual([]);
    expect(proof.passed).toBe(true);
  });

  it('says what it found in the learner’s words', () => {
    const detail = Object.fromEntries(proof.criteria.map((c) => [c.id, c.detail]));
    expect(detail['trace-present']).toBe(`10 span(s) of trace ${LEARNER_TRACE_ID} from 6 service(s).`);
    expect(detail['k8s-attributes']).toMatch(/pod hotrod-7c9d8f6b5-x2k4p/);
    expect(detail['customer-redacted']).toBe('No customer id in clear; 6 value(s) masked with ****.');
    expect(detail['tail-sampling']).toBe(
      '4 checkout trace(s): 1 with an error, 1 of 500 ms or more and 2 normal; 2 of the 20 normal checkouts you sent were kept (about 2 expected).',
    );
  });

  it('gives evidence that fits the schema: ids and results, not the file', () => {
    const evidence = LabEvidenceSchema.parse(proof.evidence);
    expect(evidence).toMatchObject({
      learnerTraceId: LEARNER_TRACE_ID,
      passed: true,
      learnerTrace: { found: true, spanCount: 10 },
      checkouts: { traceCount: 4, normalTraceCount: 2, normalSent: 20 },
      traceCount: 6,
    });
    expect(evidence.checkouts.errorTraceIds).toEqual(['0af7651916cd43dd0000000000000064']);
    expect(evidence.checkouts.slowTraceIds).toEqual(['0af7651916cd43dd0000000000000065']);
    expect(JSON.stringify(evidence).length).toBeLessThan(3_000);
  });

  it('without the number of normal checkouts sent, cannot tell dropping and says so', () => {
    const unsure = proveLab({ records: lab('healthy'), learnerTraceId: LEARNER_TRACE_ID });
    const sampling = unsure.criteria.find((c) => c.id === 'tail-sampling')!;
    expect(sampling.status).toBe('unknown');
    expect(sampling.hint).toMatch(/enter how many you sent: about 10% should be kept/);
    expect(unsure.passed).toBe(false);
  });
});

describe('each broken lab fails its own criterion only', () => {
  // missing-trace is below: without the learner's trace the criteria about it cannot be judged.
  const broken = Object.entries(PROOF_LABS).filter(([name, { breaks }]) => breaks !== null && name !== 'missing-trace');

  it.each(broken)('%s', (name, { breaks }) => {
    const proof = proveLab({ records: lab(name), learnerTraceId: LEARNER_TRACE_ID, normalCheckoutsSent: NORMAL_CHECKOUTS_SENT });
    const failed = proof.criteria.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.id)).toEqual([breaks]);
    expect(failed[0]!.hint).toBeTruthy();
    expect(proof.criteria.filter((c) => c.id !== breaks).map((c) => c.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(LabEvidenceSchema.safeParse(proof.evidence).success).toBe(true);
  });

  it('a missing trace leaves the criteria about it unknown, not failed', () => {
    const proof = proveLab({ records: lab('missing-trace'), learnerTraceId: LEARNER_TRACE_ID, normalCheckoutsSent: NORMAL_CHECKOUTS_SENT });
    expect(statuses(proof)).toEqual({
      'trace-present': 'fail',
      'context-crossed': 'unknown',
      'k8s-attributes': 'unknown',
      'customer-redacted': 'unknown',
      'tail-sampling': 'pass',
    });
    expect(proof.criteria[0]!.hint).toContain(`traceparent: 00-${LEARNER_TRACE_ID}-`);
  });

  it('names what is missing or leaking', () => {
    const detail = (name: string, id: string) =>
      proveLab({ records: lab(name), learnerTraceId: LEARNER_TRACE_ID, normalCheckoutsSent: NORMAL_CHECKOUTS_SENT }).criteria.find(
        (c) => c.id === id,
      )!.detail;
    expect(detail('no-propagation', 'context-crossed')).toBe('Your trace holds spans of frontend only; missing: customer, driver, route.');
    expect(detail('no-k8s-attributes', 'k8s-attributes')).toMatch(
      /^Missing on spans of your trace: k8s\.namespace\.name \(frontend, customer, mysql, driver, redis-manual, route\);/,
    );
    expect(detail('customer-leak', 'customer-redacted')).toMatch(
      /url on frontend “GET \/dispatch”.*customer_id on frontend “GET \/dispatch”/,
    );
    expect(detail('nothing-dropped', 'tail-sampling')).toBe('All 20 normal checkouts of the 20 you sent were kept (about 2 expected).');
  });
});

describe('what the learner types', () => {
  it('takes the trace id alone or the whole traceparent, in any case', () => {
    expect(learnerTraceIdOf(LEARNER_TRACEPARENT)).toBe(LEARNER_TRACE_ID);
    expect(learnerTraceIdOf(` ${LEARNER_TRACE_ID.toUpperCase()} `)).toBe(LEARNER_TRACE_ID);
    expect(learnerTraceIdOf('0'.repeat(32))).toBeNull();
    expect(learnerTraceIdOf('00f067aa0ba902b7')).toBeNull();
  });

  it('a typed id that is not one fails the first criterion with how a trace id looks', () => {
    const proof = proveLab({ records: lab('healthy'), learnerTraceId: 'my-trace' });
    expect(proof.criteria[0]).toMatchObject({ status: 'fail', detail: '“my-trace” is not a trace id.' });
    expect(LabEvidenceSchema.parse(proof.evidence).learnerTraceId).toBeNull();
  });
});

describe('the expectations are the lab’s own', () => {
  const config = collectorConfig(loadManifests(), 'otel-collector-config');
  const processors = config.processors as Record<string, Record<string, unknown>>;

  it('the Kubernetes attributes are the ones k8s_attributes extracts', () => {
    expect([...K8S_RESOURCE_ATTRIBUTES]).toEqual((processors.k8s_attributes!.extract as { metadata: string[] }).metadata);
  });

  it('the slow threshold and the sampled share are the tail_sampling policies’', () => {
    const policies = processors.tail_sampling!.policies as {
      type: string;
      latency?: { threshold_ms: number };
      probabilistic?: { sampling_percentage: number };
    }[];
    expect(policies.find((p) => p.type === 'latency')!.latency!.threshold_ms).toBe(SLOW_TRACE_MS);
    expect(policies.find((p) => p.type === 'probabilistic')!.probabilistic!.sampling_percentage).toBe(SAMPLED_PERCENT);
  });

  it('the services are the ones verify.sh requires', () => {
    const verify = readFileSync(join(TRACING_DIR, 'verify.sh'), 'utf8');
    expect(verify).toContain(`HOTROD_SERVICES=(${CROSSED_SERVICES.join(' ')})`);
  });
});
