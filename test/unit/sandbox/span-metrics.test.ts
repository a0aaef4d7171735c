import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { quantileBucket, red, serviceGraph, spanMetrics } from '../../../src/sandbox/span-metrics';
import { generateTraffic } from '../../../src/sandbox/traffic';

// What the spanmetrics and servicegraph connectors would report for the
// sandbox's seeded traffic. Expected numbers come from the traffic
// generator's record of each request (route, HTTP status), not from the
// engine under test.

const traffic = generateTraffic({ requests: 300, seed: 7, errorRate: 0.05, slowRate: 0.1 });
const requests = traffic.requests;
const count = (route: string, failed?: boolean) =>
  requests.filter((r) => r.route === route && (failed === undefined || r.statusCode >= 500 === failed)).length;
const metrics = spanMetrics(traffic.spans);

describe('spanmetrics: calls and duration per service, span name, kind and status', () => {
  it('labels series with the connector’s four default dimensions and its kind and status spellings', () => {
    const gateway = metrics.series.find((s) => s.labels['service.name'] === 'api-gateway' && s.labels['span.kind'] === 'SPAN_KIND_SERVER');
    expect(gateway).toBeDefined();
    expect(Object.keys(gateway!.labels).sort()).toEqual(['service.name', 'span.kind', 'span.name', 'status.code']);
    const statuses = new Set(metrics.series.map((s) => s.labels['status.code']));
    expect([...statuses].every((s) => ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'].includes(s))).toBe(true);
  });

  it('splits one route into a series per status: a failed checkout is its own series', () => {
    const checkout = metrics.series.filter(
      (s) =>
        s.labels['service.name'] === 'api-gateway' &&
        s.labels['span.kind'] === 'SPAN_KIND_SERVER' &&
        s.labels['span.name'] === 'GET /checkout/{cart_id}',
    );
    const byStatus = Object.fromEntries(checkout.map((s) => [s.labels['status.code'], s.calls]));
    expect(byStatus).toEqual({ STATUS_CODE_UNSET: count('checkout', false), STATUS_CODE_ERROR: count('checkout', true) });
  });

  it('counts every span once: calls over all series equal the spans', () => {
    expect(metrics.series.reduce((n, s) => n + s.calls, 0)).toBe(traffic.spans.length);
    for (const s of metrics.series) expect(s.bucketCounts.reduce((a, b) => a + b, 0)).toBe(s.calls);
  });
});

describe('RED for a service from its server spans', () => {
  const gateway = red(metrics, { service: 'api-gateway', windowSeconds: 15 });

  it('rate is calls per second and errors are the 5xx requests', () => {
    expect(gateway.calls).toBe(300);
    expect(gateway.ratePerSecond).toBe(20);
    expect(gateway.errors).toBe(requests.filter((r) => r.statusCode >= 500).length);
  });

  it('the 95th percentile is known only to a bucket, and the true value lies in it', () => {
    const durations = traffic.spans
      .filter((s) => s.kind === SpanKind.SERVER && s.resource.attributes['service.name'] === 'api-gateway')
      .map((s) => s.duration[0] * 1000 + s.duration[1] / 1e6)
      .sort((a, b) => a - b);
    const p95 = durations[Math.ceil(0.95 * durations.length) - 1]!;
    expect(gateway.p95).toBeDefined();
    expect(p95).toBeGreaterThan(gateway.p95!.fromMs);
    expect(p95).toBeLessThanOrEqual(gateway.p95!.toMs);
  });

  it('one operation can be picked by span.name', () => {
    const browse = red(metrics, { service: 'api-gateway', spanName: 'GET /products/{product_id}', windowSeconds: 15 });
    expect(browse.calls).toBe(count('browse'));
    expect(browse.errors).toBe(count('browse', true));
  });

  it('a quantile beyond the last bound falls in the overflow bucket', () => {
    expect(quantileBucket([10, 20], [0, 1, 3], 0.9)).toEqual({ fromMs: 20, toMs: Number.POSITIVE_INFINITY });
    expect(quantileBucket([10, 20], [0, 0, 0], 0.9)).toBeUndefined();
  });
});

describe('servicegraph: edges from client and server span pairs', () => {
  const graph = serviceGraph(traffic.spans);
  const edge = (client: string, server: string) => graph.edges.find((e) => e.client === client && e.server === server);

  it('counts requests and failures per caller and callee', () => {
    expect(edge('api-gateway', 'checkout-api')).toMatchObject({
      requests: count('checkout'),
      failed: count('checkout', true),
      connectionType: '',
    });
    expect(edge('api-gateway', 'inventory-api')).toMatchObject({ requests: count('browse'), failed: count('browse', true) });
    expect(edge('api-gateway', 'payment-api')).toMatchObject({ requests: count('payment'), failed: count('payment', true) });
  });

  it('a producer and its consumer make a messaging edge: only successful checkouts publish an order', () => {
    expect(edge('checkout-api', 'order-worker')).toMatchObject({ connectionType: 'messaging_system', requests: count('checkout', false) });
  });

  it('with the default database_name_attributes [db.name], spans that carry db.namespace make no database edge', () => {
    expect(graph.edges.some((e) => e.connectionType === 'database')).toBe(false);
    const withNamespace = serviceGraph(traffic.spans, { databaseNameAttributes: ['db.namespace'] });
    const db = withNamespace.edges.filter((e) => e.connectionType === 'database');
    expect(db.map((e) => `${e.client}->${e.server}`).sort()).toEqual(['inventory-api->shop', 'order-worker->shop']);
  });
});
