import type { ReadableSpan, Sampler } from '@opentelemetry/sdk-trace-base';
import { SpanCollector } from './collector';
import { browseRequest, checkoutRequest, paymentStatusRequest } from './flows';
import type { LogRecord } from './logs';
import { createFlowEnv } from './network';
import { createRandom } from '../shared/random';
import { SeededIdGenerator } from './seeded-ids';
import { createServiceTracers } from './services';
import { runVirtual } from './sim';
import { DETERMINISTIC_START_MS, millisToMicros } from './time';
import type { ServiceName } from './topology';

export type TrafficRoute = 'checkout' | 'payment' | 'browse';
export const TRAFFIC_ROUTES: readonly TrafficRoute[] = ['checkout', 'payment', 'browse'];

/** The public route each kind of request hits (the root span's `http.route`). */
export const TRAFFIC_ROUTE_TEMPLATES: Readonly<Record<TrafficRoute, string>> = {
  checkout: 'GET /checkout/{cart_id}',
  payment: 'GET /payments/{payment_id}',
  browse: 'GET /products/{product_id}',
};

export interface TrafficOptions {
  /** How many requests (each one trace, unless sampling drops it). */
  requests: number;
  /** Relative weights of the routes (default checkout 5, browse 3.5, payment 1.5). */
  routes?: Partial<Record<TrafficRoute, number>>;
  /** Share of requests that fail, 0..1 (default 0.02). */
  errorRate?: number;
  /** Share of requests that are slow, 0..1 (default 0.05); a request is never both. */
  slowRate?: number;
  /** Default 1: traffic is reproducible unless asked otherwise. */
  seed?: number;
  /** First arrival, ms since the epoch (default a fixed instant). */
  startTime?: number;
  /** Mean arrival rate; arrivals are a Poisson process (default 20 per second). */
  requestsPerSecond?: number;
  /** Head samplers per service (the SDK's own); unsampled spans never reach the collector. */
  samplers?: Partial<Record<ServiceName, Sampler>>;
}

/** What was asked of one request, for checking what sampling or a query kept. */
export interface TrafficRequest {
  traceId: string;
  route: TrafficRoute;
  slow: boolean;
  error: boolean;
  statusCode: number;
  /** Arrival and end of the whole request, µs since the epoch. */
  startUs: number;
  endUs: number;
}

export interface Traffic {
  /** Finished, recorded spans, request after request. */
  spans: ReadableSpan[];
  /** Structured logs of every service, in time order. */
  logs: LogRecord[];
  requests: TrafficRequest[];
  /** Spans started, recorded or not: compare with `spans.length` to see what head sampling dropped. */
  spansStarted: number;
}

function checkRate(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1)) {
    throw new Error(`Traffic: ${name} is ${value}; use a share between 0 and 1.`);
  }
  return value;
}

/**
 * Generates realistic traffic through the simulated services: real SDK
 * spans with explicit times, so thousands of traces take milliseconds.
 */
export function generateTraffic(options: TrafficOptions): Traffic {
  const requests = options.requests;
  if (!(Number.isInteger(requests) && requests >= 0)) {
    throw new Error(`Traffic: requests is ${requests}; use a whole number of 0 or more.`);
  }
  const errorRate = checkRate('errorRate', options.errorRate ?? 0.02);
  const slowRate = checkRate('slowRate', options.slowRate ?? 0.05);
  if (errorRate + slowRate > 1) throw new Error('Traffic: errorRate + slowRate is more than 1; lower one of them.');
  const weights = { checkout: 5, payment: 1.5, browse: 3.5, ...options.routes };
  const totalWeight = TRAFFIC_ROUTES.reduce((sum, r) => sum + Math.max(0, weights[r]), 0);
  if (!(totalWeight > 0)) throw new Error('Traffic: routes has no positive weight; give at least one route a weight above 0.');
  const perSecond = options.requestsPerSecond ?? 20;
  if (!(perSecond > 0)) throw new Error(`Traffic: requestsPerSecond is ${perSecond}; use a number above 0.`);

  const seed = options.seed ?? 1;
  const collector = new SpanCollector();
  const random = createRandom(seed);
  const env = createFlowEnv({
    tracers: createServiceTracers({
      processor: collector,
      idGenerator: new SeededIdGenerator(seed),
      ...(options.samplers ? { samplers: options.samplers } : {}),
    }),
    random,
    brokenEdges: new Set(),
    edges: null,
    logs: [],
    highCardinality: false,
  });

  const out: TrafficRequest[] = [];
  let arrival = millisToMicros(options.startTime ?? DETERMINISTIC_START_MS);
  for (let i = 0; i < requests; i += 1) {
    let pick = random.next() * totalWeight;
    let route: TrafficRoute = 'checkout';
    for (const r of TRAFFIC_ROUTES) {
      pick -= Math.max(0, weights[r]);
      if (pick < 0) {
        route = r;
        break;
      }
    }
    const u = random.next();
    const error = u < errorRate;
    const slow = !error && u < errorRate + slowRate;
    const id = random.int(1000, 99999);
    const sim =
      route === 'checkout'
        ? checkoutRequest(env, {
            bank: error ? 'fail' : slow ? 'slow' : 'ok',
            uninstrumentedGap: false,
            cartId: `c-${id}`,
            customerId: `cust-${random.int(10000, 99999)}`,
            itemCount: random.int(1, 5),
          })
        : route === 'payment'
          ? paymentStatusRequest(env, { slow, fail: error, id: `pay-${id}` })
          : browseRequest(env, { slow, fail: error, id: `p-${id}` });
    const { value, endUs } = runVirtual(sim, arrival);
    out.push({ traceId: env.lastTraceId, route, slow, error, statusCode: value, startUs: arrival, endUs });
    arrival += Math.max(1, Math.round((-Math.log(1 - random.next()) / perSecond) * 1_000_000));
  }
  return {
    spans: collector.spans,
    logs: env.logs.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0)),
    requests: out,
    spansStarted: env.spansStarted,
  };
}
