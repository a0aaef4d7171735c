import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { buildTraces, type SpanNode, type TraceTree } from '../../../src/sandbox/trace-model';
import { EDGE_ENDPOINTS, EDGE_IDS } from '../../../src/sandbox/topology';
import { outline } from './outline';

const find = (tree: TraceTree, service: string, name: string): SpanNode => {
  const node = tree.nodes.find((n) => n.span.service === service && n.span.name === name);
  if (!node) throw new Error(`no span ${service} ${name} in\n${outline(tree).join('\n')}`);
  return node;
};

const REQUEST_PART = [
  'api-gateway GET /checkout/{cart_id} SERVER',
  '  api-gateway GET /checkout/{cart_id} CLIENT',
  '    checkout-api GET /checkout/{cart_id} SERVER',
  '      checkout-api POST /auth/verify CLIENT',
  '        auth-service POST /auth/verify SERVER',
  '      checkout-api POST /reservations CLIENT',
  '        inventory-api POST /reservations SERVER',
  '          inventory-api reserve_inventory INTERNAL',
  '            inventory-api UPDATE stock CLIENT',
  '      checkout-api POST /payments CLIENT',
  '        payment-api POST /payments SERVER',
  '          payment-api authorize_payment INTERNAL',
  '            payment-api POST /v1/authorizations CLIENT',
];
const ORDER_PART = [
  '      checkout-api send order.created PRODUCER',
  '        order-worker process order.created CONSUMER',
  '          order-worker INSERT orders CLIENT',
];

describe('checkout scenarios: the trees a learner sees', () => {
  it('normal cart: one trace across all six services, the order sent and consumed', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7 });
    const traces = buildTraces(run.spans);
    expect(traces).toHaveLength(1);
    expect(outline(traces[0]!)).toEqual([...REQUEST_PART, ...ORDER_PART]);
    expect(new Set(traces[0]!.services)).toEqual(
      new Set(['api-gateway', 'checkout-api', 'auth-service', 'inventory-api', 'payment-api', 'order-worker']),
    );
    expect(run.statusCode).toBe(200);
    expect(traces[0]!.errors).toHaveLength(0);
  });

  it('every span carries its service resource', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7 });
    for (const span of run.spans) {
      const attrs = span.resource.attributes;
      expect(typeof attrs['service.name']).toBe('string');
      expect(attrs['service.version']).toMatch(/^\d+\.\d+\.\d+$/);
      expect(attrs['deployment.environment.name']).toBe('production');
    }
  });

  it('spans carry semantic-convention attributes: route template, status codes, db and messaging', async () => {
    const tree = buildTraces((await runCheckout({ cart: 'normal', seed: 7 })).spans)[0]!;
    const root = tree.root!;
    expect(root.span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/checkout/{cart_id}',
      'http.response.status_code': 200,
      'url.scheme': 'https',
    });
    expect(root.span.attributes['url.path']).toMatch(/^\/checkout\/c-\d{4}$/);
    const db = find(tree, 'inventory-api', 'UPDATE stock');
    expect(db.span.kind).toBe(SpanKind.CLIENT);
    expect(db.span.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'UPDATE',
      'db.collection.name': 'stock',
      'server.address': 'postgres',
    });
    expect(String(db.span.attributes['db.query.text'])).toContain('UPDATE stock');
    // Semantic conventions v1.28.0 renamed the operation `publish` to `send`.
    const producer = find(tree, 'checkout-api', 'send order.created');
    expect(producer.span.kind).toBe(SpanKind.PRODUCER);
    expect(producer.span.attributes).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'order.created',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
    });
    const consumer = find(tree, 'order-worker', 'process order.created');
    expect(consumer.span.attributes['messaging.operation.type']).toBe('process');
    const bank = find(tree, 'payment-api', 'POST /v1/authorizations');
    expect(bank.span.kind).toBe(SpanKind.CLIENT);
    expect(bank.span.attributes['server.address']).toBe('api.bank.example');
    // The bank is not instrumented: the CLIENT span has no child.
    expect(bank.children).toHaveLength(0);
  });

  it('slow cart: payment is the longest branch and the critical path runs through the bank call', async () => {
    const run = await runCheckout({ cart: 'slow', seed: 7 });
    const tree = buildTraces(run.spans)[0]!;
    const payment = find(tree, 'payment-api', 'POST /payments');
    const inventory = find(tree, 'inventory-api', 'POST /reservations');
    const bank = find(tree, 'payment-api', 'POST /v1/authorizations');
    expect(payment.durationUs).toBeGreaterThan(450_000);
    expect(payment.durationUs).toBeGreaterThan(5 * inventory.durationUs);
    expect(bank.criticalUs).toBeGreaterThan(450_000);
    expect(inventory.criticalUs).toBe(0); // it ran in parallel and finished early
    const onPath = tree.nodes.filter((n) => n.criticalUs > 0);
    const longest = onPath.reduce((a, b) => (b.criticalUs > a.criticalUs ? b : a));
    expect(longest.span.name).toBe('POST /v1/authorizations');
    expect(tree.durationUs).toBeGreaterThan(500_000);
    expect(tree.durationUs).toBeLessThan(700_000);
  });

  it('failing cart: ERROR and the exception on the payment span, 502 on the server spans up to the gateway', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 7 });
    const tree = buildTraces(run.spans)[0]!;
    const authorize = find(tree, 'payment-api', 'authorize_payment');
    expect(authorize.span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment authorization failed' });
    const exception = authorize.span.events.find((e) => e.name === 'exception');
    expect(exception?.attributes['exception.type']).toBe('PaymentDeclinedError');
    expect(exception?.attributes['exception.message']).toBe('demo payment decline');
    // The bank declined with 402; payment-api answers 502 because its dependency refused.
    const bank = find(tree, 'payment-api', 'POST /v1/authorizations');
    expect(bank.span.attributes['http.response.status_code']).toBe(402);
    const paymentServer = find(tree, 'payment-api', 'POST /payments');
    expect(paymentServer.span.kind).toBe(SpanKind.SERVER);
    expect(paymentServer.span.attributes['http.response.status_code']).toBe(502);
    expect(paymentServer.span.status.code).toBe(SpanStatusCode.ERROR);
    expect(tree.root!.span.attributes['http.response.status_code']).toBe(502);
    expect(run.statusCode).toBe(502);
    // No order is sent when payment fails.
    expect(outline(tree)).toEqual(REQUEST_PART);
  });

  for (const edge of EDGE_IDS) {
    it(`broken edge ${edge}: the callee starts a second trace`, async () => {
      const run = await runCheckout({ cart: 'normal', seed: 7, brokenEdge: edge });
      const traces = buildTraces(run.spans);
      expect(traces).toHaveLength(2);
      const { to } = EDGE_ENDPOINTS[edge];
      const second = traces[1]!;
      expect(second.root!.span.service).toBe(to);
      expect([SpanKind.SERVER, SpanKind.CONSUMER]).toContain(second.root!.span.kind);
      // Nothing is orphaned: the callee is a root of its own, not a child of a missing span.
      expect(traces.every((t) => t.orphans.length === 0)).toBe(true);
      expect(run.spans).toHaveLength(16);
    });
  }

  it('messaging with injection off: the consumer starts a new trace, the producer span has no child', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7, brokenEdge: 'checkout-api->order-worker' });
    const [request, order] = buildTraces(run.spans);
    expect(outline(order!)).toEqual(['order-worker process order.created CONSUMER', '  order-worker INSERT orders CLIENT']);
    expect(find(request!, 'checkout-api', 'send order.created').children).toHaveLength(0);
    const edge = run.edges.find((e) => e.id === 'checkout-api->order-worker')!;
    expect(edge.transport).toBe('message');
    expect(edge.injected).toBe(false);
    expect(edge.headers.traceparent).toBeUndefined();
  });

  it('uninstrumented gap: checkout-api has a long stretch with no child spans', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7, uninstrumentedGap: true });
    const tree = buildTraces(run.spans)[0]!;
    expect(tree.gaps).toHaveLength(1);
    const gap = tree.gaps[0]!;
    expect(gap.service).toBe('checkout-api');
    expect(gap.name).toBe('GET /checkout/{cart_id}');
    expect(gap.durationUs).toBeGreaterThanOrEqual(250_000);
    // The same run without the gap shows none.
    const plain = buildTraces((await runCheckout({ cart: 'normal', seed: 7 })).spans)[0]!;
    expect(plain.gaps).toHaveLength(0);
  });

  it('fallback left unset: the customer gets a normal answer and no span says anything failed', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7, fallback: 'unset' });
    const tree = buildTraces(run.spans)[0]!;
    expect(run.statusCode).toBe(200);
    expect(tree.errors).toHaveLength(0);
    const authorize = find(tree, 'payment-api', 'authorize_payment');
    expect(authorize.span.status.code).toBe(SpanStatusCode.UNSET);
    expect(authorize.span.attributes['payment.fallback']).toBeUndefined();
    // The log line is the only witness.
    expect(run.logs.some((l) => l.severity === 'WARN' && l.span_id === authorize.span.spanId)).toBe(true);
  });

  it('fallback fixed: ERROR with payment.fallback=true and the exception, while the request still succeeds', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7, fallback: 'error' });
    const tree = buildTraces(run.spans)[0]!;
    expect(run.statusCode).toBe(200);
    const authorize = find(tree, 'payment-api', 'authorize_payment');
    expect(authorize.span.status.code).toBe(SpanStatusCode.ERROR);
    expect(authorize.span.attributes['payment.fallback']).toBe(true);
    expect(authorize.span.events.map((e) => e.name)).toContain('exception');
    expect(tree.errors.map((n) => n.span.name)).toEqual(['authorize_payment']);
  });

  it('high cardinality: raw paths and customer ids where templates belong', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 7, highCardinality: true });
    const tree = buildTraces(run.spans)[0]!;
    const root = tree.root!;
    expect(root.span.name).toMatch(/^GET \/checkout\/c-\d{4}$/);
    expect(root.span.attributes['http.route']).toBe(root.span.attributes['url.path']);
    const checkout = tree.nodes.find((n) => n.span.service === 'checkout-api' && n.span.kind === SpanKind.SERVER)!;
    expect(checkout.span.attributes['customer.id']).toMatch(/^cust-\d{5}$/);
    // Two carts, two different span names: the thing that breaks grouping.
    const other = buildTraces((await runCheckout({ cart: 'normal', seed: 8, highCardinality: true })).spans)[0]!;
    expect(other.root!.span.name).not.toBe(root.span.name);
  });

  it('rejects a scenario it cannot run with one clear message', async () => {
    await expect(runCheckout({ cart: 'normal', brokenEdge: 'gateway->checkout' as never })).rejects.toThrow(
      /brokenEdge is "gateway->checkout"; use one of "api-gateway->checkout-api"/,
    );
    await expect(runCheckout({ cart: 'medium' as never })).rejects.toThrow(/cart is "medium"; use "normal", "slow" or "fail"/);
  });
});
