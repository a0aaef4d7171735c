import { SpanStatusCode } from '@opentelemetry/api';
import { ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { buildTraces } from '../../../src/sandbox/trace-model';
import { generateTraffic } from '../../../src/sandbox/traffic';

describe('traffic generator', () => {
  const traffic = generateTraffic({
    requests: 2000,
    routes: { checkout: 5, payment: 2, browse: 3 },
    errorRate: 0.05,
    slowRate: 0.1,
    seed: 99,
  });
  const traces = buildTraces(traffic.spans);
  const byTrace = new Map(traces.map((t) => [t.traceId, t]));

  it('one trace per request, every span accounted for', () => {
    expect(traffic.requests).toHaveLength(2000);
    expect(traces).toHaveLength(2000);
    expect(new Set(traffic.requests.map((r) => r.traceId)).size).toBe(2000);
    expect(traffic.spansStarted).toBe(traffic.spans.length);
    expect(traces.every((t) => t.orphans.length === 0)).toBe(true);
  });

  it('route mix and error and slow rates match what was asked, within sampling tolerance', () => {
    const share = (pred: (r: (typeof traffic.requests)[number]) => boolean) => traffic.requests.filter(pred).length / 2000;
    // Binomial standard deviation for n=2000 is at most 1.1 points: allow about 3.
    expect(share((r) => r.route === 'checkout')).toBeCloseTo(0.5, 1);
    expect(Math.abs(share((r) => r.route === 'payment') - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(share((r) => r.route === 'browse') - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(share((r) => r.error) - 0.05)).toBeLessThan(0.015);
    expect(Math.abs(share((r) => r.slow) - 0.1)).toBeLessThan(0.02);
  });

  it('the spans show what each request was: errors as ERROR and 5xx, slow ones as long traces', () => {
    for (const request of traffic.requests) {
      const tree = byTrace.get(request.traceId)!;
      const status = tree.root!.span.attributes['http.response.status_code'];
      expect(status).toBe(request.statusCode);
      if (request.error) {
        expect(request.statusCode).toBeGreaterThanOrEqual(500);
        expect(tree.root!.span.status.code).toBe(SpanStatusCode.ERROR);
      } else {
        expect(request.statusCode).toBeLessThan(300);
        expect(tree.errors).toHaveLength(0);
      }
      const requestMs = (tree.root!.span.endUs - tree.root!.span.startUs) / 1000;
      if (request.slow) expect(requestMs).toBeGreaterThan(300);
      else if (!request.error || request.route !== 'browse') expect(requestMs).toBeLessThan(200);
    }
  });

  it('routes use their templates and their own services', () => {
    const routes = new Set(traces.map((t) => `${t.root!.span.name} -> ${t.services[1] ?? ''}`));
    expect(routes).toEqual(
      new Set([
        'GET /checkout/{cart_id} -> checkout-api',
        'GET /payments/{payment_id} -> payment-api',
        'GET /products/{product_id} -> inventory-api',
      ]),
    );
  });

  it('services write structured logs with the trace and span ids of the work they describe', () => {
    const spanIds = new Set(traffic.spans.map((s) => s.spanContext().spanId));
    expect(traffic.logs.length).toBeGreaterThanOrEqual(2000);
    for (const line of traffic.logs) {
      expect(byTrace.has(line.trace_id)).toBe(true);
      expect(spanIds.has(line.span_id)).toBe(true);
      expect(line.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const failed = traffic.requests.filter((r) => r.error);
    for (const request of failed) {
      expect(traffic.logs.some((l) => l.trace_id === request.traceId && l.severity === 'ERROR')).toBe(true);
    }
    const sorted = [...traffic.logs].sort((a, b) => a.timestamp.localeCompare(b.timestamp));
    expect(traffic.logs.map((l) => l.timestamp)).toEqual(sorted.map((l) => l.timestamp));
  });

  it('arrivals spread over time at the requested rate', () => {
    const first = traffic.requests[0]!.startUs;
    const last = traffic.requests.at(-1)!.startUs;
    const perSecond = 1999 / ((last - first) / 1e6);
    expect(perSecond).toBeGreaterThan(18);
    expect(perSecond).toBeLessThan(22);
  });

  it('is reproducible from its seed', () => {
    const again = generateTraffic({ requests: 50, seed: 7 });
    const other = generateTraffic({ requests: 50, seed: 7 });
    expect(other.requests).toEqual(again.requests);
    expect(other.spans.map((s) => s.spanContext().spanId)).toEqual(again.spans.map((s) => s.spanContext().spanId));
  });

  it('head sampling with the SDK samplers: parent-based keeps or drops whole traces', () => {
    const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.25) });
    const sampled = generateTraffic({ requests: 400, seed: 3, samplers: { 'api-gateway': sampler } });
    const kept = buildTraces(sampled.spans);
    expect(sampled.spans.length).toBeLessThan(sampled.spansStarted);
    expect(kept.length).toBeGreaterThan(50);
    expect(kept.length).toBeLessThan(150);
    expect(kept.every((t) => t.orphans.length === 0 && t.root !== null)).toBe(true);
  });

  it('rejects impossible settings with a message that says what to use', () => {
    expect(() => generateTraffic({ requests: 10, errorRate: 1.5 })).toThrow(/errorRate is 1.5; use a share between 0 and 1/);
    expect(() => generateTraffic({ requests: -1 })).toThrow(/requests is -1/);
    expect(() => generateTraffic({ requests: 1, routes: { checkout: 0, payment: 0, browse: 0 } })).toThrow(/no positive weight/);
  });
});
