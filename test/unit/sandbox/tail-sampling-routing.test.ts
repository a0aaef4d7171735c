import { describe, expect, it } from 'vitest';
import { crc32, endpointForTraceId, hashRing, routeSpans, simulateGatewayTier } from '../../../src/sandbox/tail-sampling/routing';
import { parseTailSamplingYaml } from '../../../src/sandbox/tail-sampling/simulate';
import { generateTraffic } from '../../../src/sandbox/traffic';

// Gateways behind a plain connection balancer versus behind the load-balancing
// exporter's trace-id ring. What each should keep is read from the traffic
// generator's own record of each request (which failed, which were slow), not
// from the engine.

const GATEWAYS = ['gateway-0:4317', 'gateway-1:4317'];
const KEEP_ERRORS = `tail_sampling:
  decision_wait: 10s
  policies:
    - name: errors
      type: status_code
      status_code: { status_codes: [ERROR] }
    - name: slow
      type: latency
      latency: { threshold_ms: 500 }
`;
const parsed = parseTailSamplingYaml(KEEP_ERRORS);
if (!parsed.ok) throw new Error('reference policy does not parse');
const config = parsed.config;
const traffic = generateTraffic({ requests: 200, seed: 11, errorRate: 0.1, slowRate: 0.1 });
const failed = new Set(traffic.requests.filter((r) => r.error).map((r) => r.traceId));
const slow = new Set(traffic.requests.filter((r) => r.endUs - r.startUs >= 500_000).map((r) => r.traceId));
const deserving = new Set([...failed, ...slow]);
const spansPerTrace = new Map<string, number>();
for (const span of traffic.spans) {
  const id = span.spanContext().traceId;
  spansPerTrace.set(id, (spansPerTrace.get(id) ?? 0) + 1);
}

describe('crc32', () => {
  it('matches the IEEE check value for "123456789"', () => {
    // The standard check value of CRC-32/ISO-HDLC, the polynomial Go's ChecksumIEEE uses.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('the trace-id ring', () => {
  it('gives every endpoint up to 100 positions and sends a trace id to one endpoint every time', () => {
    const ring = hashRing(GATEWAYS);
    expect(ring.length).toBeLessThanOrEqual(200);
    expect(ring.length).toBeGreaterThan(190);
    const id = traffic.requests[0]!.traceId;
    expect(endpointForTraceId(ring, id)).toBe(endpointForTraceId(hashRing(GATEWAYS), id));
  });

  it('spreads traces over both gateways', () => {
    const routed = routeSpans(traffic.spans, { gateways: GATEWAYS, routing: 'traceID' });
    const share = routed.get('gateway-0:4317')!.length / traffic.spans.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
  });
});

describe('connection balancing splits traces; trace-id routing keeps them whole', () => {
  const byConnection = simulateGatewayTier(config, traffic.spans, { gateways: GATEWAYS, routing: 'connection', seed: 3 });
  const byTraceId = simulateGatewayTier(config, traffic.spans, { gateways: GATEWAYS, routing: 'traceID' });

  it('with trace-id routing no trace reaches two gateways, and every failed or slow request is kept with all its spans', () => {
    expect(slow.size).toBeGreaterThan(5);
    expect(byTraceId.totals.splitTraces).toBe(0);
    const keptWhole = byTraceId.traces.filter((t) => t.fate === 'kept-whole').map((t) => t.traceId);
    expect(new Set(keptWhole)).toEqual(deserving);
    expect(byTraceId.totals.keptPartly).toBe(0);
    expect(byTraceId.totals.misjudged).toBe(0);
    expect(byTraceId.totals.spansKept).toBe([...deserving].reduce((n, id) => n + spansPerTrace.get(id)!, 0));
  });

  it('with connection balancing most traces are split, and some slow requests are stored with holes', () => {
    expect(byConnection.totals.splitTraces).toBeGreaterThan(byConnection.totals.traces / 2);
    const partly = byConnection.traces.filter((t) => t.fate === 'kept-partly');
    expect(partly.length).toBeGreaterThan(0);
    for (const t of partly) expect(slow.has(t.traceId)).toBe(true);
    expect(byConnection.totals.keptWhole).toBeLessThan(deserving.size);
    expect(byConnection.totals.misjudged).toBe(partly.length);
  });

  it('a split slow trace: the gateway that saw the long spans kept its part, the one that saw a short fragment dropped its part', () => {
    const split = byConnection.traces.find((t) => t.fate === 'kept-partly' && t.views.length === 2)!;
    expect(split).toBeDefined();
    expect(split.durationMs).toBeGreaterThanOrEqual(500);
    const keptPart = split.views.find((v) => v.decision === 'sampled')!;
    const droppedPart = split.views.find((v) => v.decision === 'not-sampled')!;
    expect(keptPart.durationInViewMs).toBeGreaterThanOrEqual(500);
    expect(droppedPart.durationInViewMs).toBeLessThan(500);
    expect(droppedPart.hasErrorInView).toBe(false);
    expect(keptPart.spansSeen + droppedPart.spansSeen).toBe(spansPerTrace.get(split.traceId));
  });

  it('the same seed spreads the spans the same way', () => {
    const again = simulateGatewayTier(config, traffic.spans, { gateways: GATEWAYS, routing: 'connection', seed: 3 });
    expect(again.totals).toEqual(byConnection.totals);
  });
});

describe('routing by service', () => {
  it('sends every span of one service to one gateway', () => {
    const routed = routeSpans(traffic.spans, { gateways: GATEWAYS, routing: 'service' });
    const home = new Map<string, Set<string>>();
    for (const [gateway, spans] of routed) {
      for (const span of spans) {
        const service = String(span.resource.attributes['service.name']);
        home.set(service, (home.get(service) ?? new Set()).add(gateway));
      }
    }
    for (const gateways of home.values()) expect(gateways.size).toBe(1);
  });
});
