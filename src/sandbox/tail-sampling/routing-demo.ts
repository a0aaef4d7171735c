import { generateTraffic } from '../traffic';
import { simulateGatewayTier } from './routing';
import type { TierResult, TierTrace } from './routing';
import { parseTailSamplingYaml } from './simulate';

// The case the collector-tiers lesson shows: two gateways with the same
// policies (keep errors, keep traces of 500 ms or more) on seeded checkout
// traffic, once spread by connection and once routed by trace id, and the
// first slow trace that connection balancing stored with holes.

export const DEMO_GATEWAY_POLICY = `tail_sampling:
  decision_wait: 10s
  policies:
    - name: errors
      type: status_code
      status_code: { status_codes: [ERROR] }
    - name: slow
      type: latency
      latency: { threshold_ms: 500 }
`;

export const DEMO_GATEWAYS: readonly string[] = ['gateway-0:4317', 'gateway-1:4317'];

export interface GatewayRoutingDemo {
  readonly byConnection: TierResult;
  readonly byTraceId: TierResult;
  /** Traces the policies keep when one collector sees every span. */
  readonly deserving: number;
  /** A slow trace split over both gateways and kept only in part; undefined if the traffic has none. */
  readonly example: TierTrace | undefined;
}

export function gatewayRoutingDemo(requests = 200, seed = 11): GatewayRoutingDemo {
  const parsed = parseTailSamplingYaml(DEMO_GATEWAY_POLICY);
  if (!parsed.ok) throw new Error(`the demo policy does not parse: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const { spans } = generateTraffic({ requests, seed, errorRate: 0.1, slowRate: 0.1 });
  const byConnection = simulateGatewayTier(parsed.config, spans, { gateways: DEMO_GATEWAYS, routing: 'connection', seed: 3 });
  const byTraceId = simulateGatewayTier(parsed.config, spans, { gateways: DEMO_GATEWAYS, routing: 'traceID' });
  return {
    byConnection,
    byTraceId,
    deserving: byTraceId.traces.filter((t) => t.wholeTraceDecision === 'sampled').length,
    example: byConnection.traces.find((t) => t.fate === 'kept-partly' && t.views.length === 2),
  };
}
