// Comparing two runs of the sandbox's checkout: where the slow cart's extra
// time went, and what a broken propagation changes in the shape of a trace.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CartKind } from '../../../src/sandbox/scenario';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { compareTraces } from '../../../src/sandbox/trace-compare';
import { parseTraceFile } from '../../../src/sandbox/trace-file';
import { buildTrace, buildTraces, type SpanRecord } from '../../../src/sandbox/trace-model';

async function checkout(cart: CartKind, seed: number, brokenEdge?: 'checkout-api->payment-api') {
  const run = await runCheckout({ cart, seed, ...(brokenEdge ? { brokenEdge } : {}) });
  // The request's own trace: the one the gateway's root span belongs to.
  const trees = buildTraces(run.spans);
  const tree = trees.find((t) => t.root?.span.name === 'GET /checkout/{cart_id}' && t.root.span.service === 'api-gateway')!;
  return { run, tree, responseUs: run.responseEndUs - run.startUs };
}

describe('normal vs slow checkout', () => {
  it('puts the payment call to the bank on top, with about the extra time the bank took', async () => {
    const normal = await checkout('normal', 7);
    const slow = await checkout('slow', 8);
    const comparison = compareTraces(normal.tree, slow.tree);
    expect(comparison.totalDeltaUs).toBe(slow.responseUs - normal.responseUs);
    const top = comparison.contributors[0]!;
    expect(top).toMatchObject({ service: 'payment-api', name: 'POST /v1/authorizations', presence: 'both' });
    expect(top.path.map((s) => s.name)).toContain('authorize_payment');
    // The slow bank answers in 470–540 ms, the normal one in 72–82 ms (src/sandbox/flows.ts).
    expect(top.deltaUs).toBeGreaterThan(388_000);
    expect(top.deltaUs).toBeLessThan(468_000);
    expect(Math.abs(top.deltaUs)).toBeGreaterThan(10 * Math.abs(comparison.contributors[1]!.deltaUs));
    const bank = comparison.matched.find((m) => m.b.span.name === 'POST /v1/authorizations')!;
    expect(bank.b.span.kind).toBe(SpanKind.CLIENT);
    expect(bank.selfDeltaUs).toBe(bank.durationDeltaUs);
    expect(comparison.onlyInA).toEqual([]);
    expect(comparison.onlyInB).toEqual([]);
    expect(comparison.edgesOnlyInA).toEqual([]);
  });

  it.each([
    ['normal', 'slow'],
    ['slow', 'normal'],
    ['normal', 'fail'],
    ['fail', 'slow'],
  ] as const)('the contributions of %s → %s add up to the difference in response time', async (cartA, cartB) => {
    for (const seed of [1, 2, 3]) {
      const a = await checkout(cartA, seed);
      const b = await checkout(cartB, seed + 10);
      const comparison = compareTraces(a.tree, b.tree);
      const sum = comparison.contributors.reduce((total, c) => total + c.deltaUs, 0);
      expect(sum).toBe(b.responseUs - a.responseUs);
    }
  });
});

describe('structure', () => {
  it('a broken hop to payment-api: the call between the services is only in the intact trace', async () => {
    const intact = await checkout('normal', 5);
    const broken = await checkout('normal', 5, 'checkout-api->payment-api');
    const comparison = compareTraces(intact.tree, broken.tree);
    expect(comparison.edgesOnlyInA).toContainEqual({ from: 'checkout-api', to: 'payment-api' });
    expect(comparison.edgesOnlyInB).toEqual([]);
    expect(comparison.onlyInA.map((n) => `${n.span.service} ${n.span.name}`)).toContain('payment-api authorize_payment');
    // The payment work now lives in a trace of its own, so the gateway's trace no longer waits on it on paper.
    expect(comparison.contributors.find((c) => c.name === 'POST /v1/authorizations')?.presence).toBe('only-a');
    const sum = comparison.contributors.reduce((total, c) => total + c.deltaUs, 0);
    expect(sum).toBe(broken.responseUs - intact.responseUs);
  });
});

function span(id: string, parent: string | null, name: string, startUs: number, endUs: number): SpanRecord {
  return {
    traceId: 'a'.repeat(32),
    spanId: id.padStart(16, '0'),
    parentSpanId: parent === null ? null : parent.padStart(16, '0'),
    name,
    kind: SpanKind.CLIENT,
    service: 'frontend',
    startUs,
    endUs,
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    resource: {},
    events: [],
    links: [],
    scope: '',
  };
}

describe('matching by position', () => {
  it('matches repeated sibling calls by their order, so the slower third call is the one named', () => {
    const calls = (third: number) =>
      buildTrace([
        span('1', null, 'GET /dispatch', 0, 1_000 + third),
        span('2', '1', 'HTTP GET /route', 0, 100),
        span('3', '1', 'HTTP GET /route', 100, 200),
        span('4', '1', 'HTTP GET /route', 200, 200 + third),
      ]);
    const comparison = compareTraces(calls(100), calls(400));
    expect(comparison.totalDeltaUs).toBe(300);
    expect(comparison.contributors).toHaveLength(1);
    expect(comparison.contributors[0]!.path.at(-1)).toEqual({ service: 'frontend', name: 'HTTP GET /route', ordinal: 2 });
    expect(comparison.contributors[0]!.deltaUs).toBe(300);
  });
});

describe('traces read from Jaeger', () => {
  it('the worked example’s normal and slow checkouts, from a Jaeger API v3 answer: authorize_payment explains the difference', () => {
    const text = readFileSync(
      join(import.meta.dirname, '../labs/fixtures/verify/passing/responses/jaeger-v3-traces-checkout.json'),
      'utf8',
    );
    const read = parseTraceFile(text);
    if (!read.ok) throw new Error(read.message);
    const [normal, slow] = buildTraces(read.records);
    const comparison = compareTraces(normal!, slow!);
    // hotrod-traces.ts checkoutSpans: 81 ms vs 521 ms of payment beside 51 ms of inventory, plus 4 ms.
    expect(comparison.totalDeltaUs).toBe(440_000);
    expect(comparison.contributors.map((c) => [c.name, c.deltaUs])).toEqual([['authorize_payment', 440_000]]);
  });
});
