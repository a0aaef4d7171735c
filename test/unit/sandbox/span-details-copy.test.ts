import { describe, expect, it } from 'vitest';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { spanDetails } from '../../../src/sandbox/view/span-details';
import { buildTraces } from '../../../src/sandbox/trace-model';
import { withCopyableHeaders } from '../../../src/sandbox/view/span-details-view';

const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

describe('span details: header values a learner can copy on their own', () => {
  it('the traceparent a server span came in with is split from the words around it', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 9 });
    const [trace] = buildTraces(run.spans);
    const server = trace!.nodes.find((n) => n.span.service === 'payment-api' && n.span.name === 'POST /payments')!;
    const view = withCopyableHeaders(spanDetails(server, trace!, run.edges), server.span.spanId, run.edges);
    const field = view.fields.find((f) => f.label === 'Came in with')!;
    expect(field.copy).toEqual({
      before: 'traceparent: ',
      value: `00-${server.span.traceId}-${server.span.parentSpanId}-01`,
      after: ' (from checkout-api)',
      header: 'traceparent',
    });
    expect(field.copy!.value).toMatch(TRACEPARENT);
    // Put back together it is the text the panel always showed.
    expect(field.copy!.before + field.copy!.value + field.copy!.after).toBe(field.value);
    // Other fields are not copyable headers.
    expect(view.fields.filter((f) => f.copy).map((f) => f.label)).toEqual(['Came in with']);
  });

  it('what a client span sent is copyable too; a call without traceparent is not', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 9, brokenEdge: 'checkout-api->payment-api' });
    const traces = buildTraces(run.spans);
    const nodes = traces.flatMap((t) => t.nodes.map((node) => ({ node, trace: t })));
    const view = (service: string, name: string, kind: number) => {
      const { node, trace } = nodes.find((n) => n.node.span.service === service && n.node.span.name === name && n.node.span.kind === kind)!;
      return withCopyableHeaders(spanDetails(node, trace, run.edges), node.span.spanId, run.edges);
    };
    const inventoryCall = view('checkout-api', 'POST /reservations', 2).fields.find((f) => f.label === 'Sent to inventory-api')!;
    expect(inventoryCall.copy).toMatchObject({ before: 'traceparent: ', after: '' });
    expect(inventoryCall.copy!.value).toMatch(TRACEPARENT);
    const paymentCall = view('checkout-api', 'POST /payments', 2).fields.find((f) => f.label === 'Sent to payment-api')!;
    expect(paymentCall.copy).toBeUndefined();
    const paymentServer = view('payment-api', 'POST /payments', 1).fields.find((f) => f.label === 'Came in with')!;
    expect(paymentServer.copy).toBeUndefined();
  });
});
