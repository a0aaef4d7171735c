import { describe, expect, it } from 'vitest';
import { toConsoleJson } from '../../../src/sandbox/console-json';
import { toOtlpJson } from '../../../src/sandbox/otlp-json';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { summarize } from '../../../src/sandbox/run-facts';

describe('run facts (what predictions are checked against)', () => {
  it('normal cart: one trace, 16 spans, nothing failed, 200 at the root', async () => {
    const facts = summarize(await runCheckout({ cart: 'normal', seed: 2 }));
    expect(facts).toMatchObject({ traceCount: 1, spanCount: 16, errorSpans: [], rootStatusCode: 200, orphanSpans: 0 });
  });

  it('slow cart: the slowest span below the root is the bank call', async () => {
    const facts = summarize(await runCheckout({ cart: 'slow', seed: 2 }));
    expect(facts.slowestChildSpan).toBe('POST /v1/authorizations');
  });

  it('uninstrumented gap: the slowest span is the checkout server span itself', async () => {
    const facts = summarize(await runCheckout({ cart: 'normal', seed: 2, uninstrumentedGap: true }));
    expect(facts.slowestChildSpan).toBe('GET /checkout/{cart_id}');
  });

  it('failing cart: the error spans from the bank call up to the gateway, 502 at the root', async () => {
    const facts = summarize(await runCheckout({ cart: 'fail', seed: 2 }));
    expect(facts.rootStatusCode).toBe(502);
    expect(facts.errorSpans).toContain('authorize_payment');
    expect(facts.errorSpans).toContain('POST /v1/authorizations');
    expect(facts.errorSpans).toContain('POST /payments');
    expect(facts.errorSpans).not.toContain('POST /reservations');
    expect(facts.spanCount).toBe(13);
  });

  it('broken edge: two traces; the gateway still reports the status of the first', async () => {
    const facts = summarize(await runCheckout({ cart: 'fail', seed: 2, brokenEdge: 'api-gateway->checkout-api' }));
    expect(facts.traceCount).toBe(2);
    expect(facts.rootStatusCode).toBe(502);
    expect(facts.orphanSpans).toBe(0);
  });

  it('orphans: spans whose parent is not in the run', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 2 });
    const withoutCheckoutServer = run.spans.filter(
      (s) => !(s.name === 'GET /checkout/{cart_id}' && s.kind === 1 && s.resource.attributes['service.name'] === 'checkout-api'),
    );
    expect(summarize({ spans: withoutCheckoutServer }).orphanSpans).toBe(4);
  });
});

describe('determinism', () => {
  it('the same seed gives the same spans, ids, times, headers and logs', async () => {
    const a = await runCheckout({ cart: 'slow', seed: 42, brokenEdge: 'checkout-api->auth-service' });
    const b = await runCheckout({ cart: 'slow', seed: 42, brokenEdge: 'checkout-api->auth-service' });
    expect(b.spans.map(toConsoleJson)).toEqual(a.spans.map(toConsoleJson));
    expect(toOtlpJson(b.spans)).toBe(toOtlpJson(a.spans));
    expect(b.edges).toEqual(a.edges);
    expect(b.logs).toEqual(a.logs);
  });

  it('another seed gives other ids', async () => {
    const a = await runCheckout({ cart: 'normal', seed: 1 });
    const b = await runCheckout({ cart: 'normal', seed: 2 });
    expect(a.spans[0]!.spanContext().traceId).not.toBe(b.spans[0]!.spanContext().traceId);
  });

  it('real time: the slow cart takes its half second on the clock, with times that match', async () => {
    const started = Date.now();
    const run = await runCheckout({ cart: 'slow', seed: 42, realTime: true });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect((run.endUs - run.startUs) / 1000).toBeGreaterThanOrEqual(450);
    expect(Math.abs(run.startUs / 1000 - started)).toBeLessThan(1000);
  });
});
