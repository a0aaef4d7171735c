import { describe, expect, it } from 'vitest';
import { describeResponse, describeTraces } from '../../../src/sandbox/describe-run';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { responseTiming } from '../../../src/sandbox/run-facts';
import { formatDuration } from '../../../src/shared/format';
import { buildTraces } from '../../../src/sandbox/trace-model';

// The customer waits for the root server span, not for the order-worker
// that consumes the order message after the response has gone out.

describe('response time (what the customer waited for)', () => {
  for (const cart of ['normal', 'slow', 'fail'] as const) {
    it(`${cart} cart: the reported response time is the root span's duration`, async () => {
      const run = await runCheckout({ cart, seed: 7 });
      const [trace] = buildTraces(run.spans);
      const root = trace!.root!;
      expect(root.span.service).toBe('api-gateway');
      const timing = responseTiming(run);
      expect(timing.responseUs).toBe(root.durationUs);
      expect(timing.statusCode).toBe(cart === 'fail' ? 502 : 200);
      expect(describeResponse(timing)).toMatch(
        new RegExp(`^HTTP ${timing.statusCode} to the customer after ${formatDuration(root.durationUs / 1000).replace('.', '\\.')}`),
      );
      // The critical-path finding and the status line now name the same number.
      const critical = describeTraces(buildTraces(run.spans), run.edges).find((f) => f.kind === 'critical-path')!;
      expect(critical.text).toContain(`${formatDuration(timing.responseUs / 1000)} end to end`);
    });
  }

  it('normal cart: the order-worker ends after the response and is reported apart', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7 });
    const timing = responseTiming(run);
    expect(run.endUs).toBeGreaterThan(run.responseEndUs);
    expect(timing.responseUs).toBeLessThan(run.endUs - run.startUs);
    expect(timing.background).toMatchObject({ service: 'order-worker', name: 'process order.created' });
    expect(timing.background!.afterResponseUs).toBe(run.endUs - run.responseEndUs);
    expect(describeResponse(timing)).toMatch(
      /; order-worker “process order\.created” ended [\d.]+ ms after the response \(background work the customer did not wait for\)$/,
    );
    const after = describeTraces(buildTraces(run.spans), run.edges).find((f) => f.kind === 'after-response');
    expect(after?.text).toMatch(/^After the response: order-worker “process order\.created” ends [\d.]+ ms after the root span/);
  });

  it('failing cart: no order message, so nothing outlives the response', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 7 });
    const timing = responseTiming(run);
    expect(timing.background).toBeNull();
    expect(run.endUs).toBe(run.responseEndUs);
    expect(describeResponse(timing)).not.toContain('after the response');
    expect(describeTraces(buildTraces(run.spans), run.edges).some((f) => f.kind === 'after-response')).toBe(false);
  });

  it('broken edge to the gateway: the response time is still the gateway span, not the trace that checkout-api started', async () => {
    const run = await runCheckout({ cart: 'slow', seed: 7, brokenEdge: 'api-gateway->checkout-api' });
    const gateway = buildTraces(run.spans).find((t) => t.root?.span.service === 'api-gateway')!.root!;
    expect(responseTiming(run).responseUs).toBe(gateway.durationUs);
  });

  it('real time: the response time is the root span duration too', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7, realTime: true });
    const [trace] = buildTraces(run.spans);
    expect(responseTiming(run).responseUs).toBe(trace!.root!.durationUs);
  });
});
