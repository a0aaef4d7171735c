import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanCollector } from './collector';
import { type BankOutcome, type CheckoutPlan, checkoutRequest } from './flows';
import type { LogRecord } from './logs';
import { createFlowEnv, type EdgeRecord } from './network';
import { createRandom, randomSeed } from '../shared/random';
import { SeededIdGenerator } from './seeded-ids';
import { checkScenario, type ResolvedScenario, type ScenarioOptions } from './scenario';
import { createServiceTracers } from './services';
import { runRealTime, runVirtual } from './sim';
import { DETERMINISTIC_START_MS, hrTimeToMicros, millisToMicros } from './time';

/** Everything one sandbox run produced. Spans are the SDK's own ReadableSpan objects. */
export interface SandboxRun {
  scenario: ResolvedScenario;
  /** Finished spans, in the order they ended (as an exporter receives them). */
  spans: ReadableSpan[];
  /** The headers that crossed each edge, in the order the calls were made. */
  edges: EdgeRecord[];
  /** Structured log lines the services wrote, with trace and span ids. */
  logs: LogRecord[];
  /** The HTTP status the customer received. */
  statusCode: number;
  /** When the request reached the gateway (the start of the root server span). */
  startUs: number;
  /**
   * When the customer had the response: the end of the root server span.
   * `responseEndUs - startUs` is the response time; nothing after it was waited for.
   */
  responseEndUs: number;
  /**
   * When the last branch of the simulation ended, background work included
   * (the order-worker consuming the order message ends after the response).
   * Not the customer's latency: see `responseEndUs`.
   */
  endUs: number;
}

export function resolveScenario(options: ScenarioOptions): ResolvedScenario {
  checkScenario(options);
  return {
    cart: options.cart,
    brokenEdge: options.brokenEdge ?? null,
    uninstrumentedGap: options.uninstrumentedGap ?? false,
    fallback: options.fallback ?? null,
    highCardinality: options.highCardinality ?? false,
    seed: options.seed ?? randomSeed(),
    realTime: options.realTime ?? false,
  };
}

// The virtual driver finishes a detached consumer before the request that
// sent its message; an exporter would have received spans by end time.
function sortByEnd(spans: ReadableSpan[]): ReadableSpan[] {
  return spans
    .map((span, i) => ({ span, i, end: hrTimeToMicros(span.endTime) }))
    .sort((a, b) => a.end - b.end || a.i - b.i)
    .map(({ span }) => span);
}

/**
 * The root server span of the request: the earliest span with no parent
 * (the gateway's, even when a broken edge starts more traces later on).
 */
export function requestRootSpan(spans: readonly ReadableSpan[]): ReadableSpan | undefined {
  let root: ReadableSpan | undefined;
  let rootStart = Number.POSITIVE_INFINITY;
  for (const span of spans) {
    if (span.parentSpanContext) continue;
    const start = hrTimeToMicros(span.startTime);
    if (start < rootStart) {
      root = span;
      rootStart = start;
    }
  }
  return root;
}

function bankOutcome(scenario: ResolvedScenario): BankOutcome {
  if (scenario.fallback) return scenario.fallback === 'unset' ? 'fallback-unset' : 'fallback-error';
  if (scenario.cart === 'slow') return 'slow';
  if (scenario.cart === 'fail') return 'fail';
  return 'ok';
}

/**
 * Runs one checkout through the simulated services and returns its spans,
 * the headers on every edge and the services' logs. With `realTime` the
 * promise settles after the request's real duration; otherwise at once,
 * with explicit times, so the same seed gives the same spans.
 */
export async function runCheckout(options: ScenarioOptions): Promise<SandboxRun> {
  const scenario = resolveScenario(options);
  const collector = new SpanCollector();
  const random = createRandom(scenario.seed);
  const env = createFlowEnv({
    tracers: createServiceTracers({ processor: collector, idGenerator: new SeededIdGenerator(scenario.seed) }),
    random,
    brokenEdges: new Set(scenario.brokenEdge ? [scenario.brokenEdge] : []),
    edges: [],
    logs: [],
    highCardinality: scenario.highCardinality,
  });
  const plan: CheckoutPlan = {
    bank: bankOutcome(scenario),
    uninstrumentedGap: scenario.uninstrumentedGap,
    cartId: `c-${random.int(1000, 9999)}`,
    customerId: `cust-${random.int(10000, 99999)}`,
    itemCount: random.int(1, 5),
  };
  const sim = checkoutRequest(env, plan);
  const result = scenario.realTime
    ? await runRealTime(sim)
    : (() => {
        const startUs = millisToMicros(options.startTime ?? DETERMINISTIC_START_MS);
        const { value, endUs } = runVirtual(sim, startUs);
        return { value, startUs, endUs };
      })();
  if (collector.openSpans !== 0) throw new Error(`Sandbox bug: ${collector.openSpans} span(s) were never ended.`);
  const root = requestRootSpan(collector.spans);
  return {
    scenario,
    spans: sortByEnd(collector.spans),
    edges: env.edges ?? [],
    logs: env.logs.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0)),
    statusCode: result.value,
    startUs: root ? hrTimeToMicros(root.startTime) : result.startUs,
    responseEndUs: root ? hrTimeToMicros(root.endTime) : result.endUs,
    endUs: result.endUs,
  };
}
