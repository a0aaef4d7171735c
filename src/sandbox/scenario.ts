import { EDGE_IDS, type EdgeId, isEdgeId } from './topology';

export type CartKind = 'normal' | 'slow' | 'fail';
export const CART_KINDS: readonly CartKind[] = ['normal', 'slow', 'fail'];

/** What a lesson (or a test) asks the sandbox to run. */
export interface ScenarioOptions {
  cart: CartKind;
  /** The caller does not inject `traceparent` on that edge. */
  brokenEdge?: EdgeId;
  /** checkout-api spends a long stretch with no child spans. */
  uninstrumentedGap?: boolean;
  /** Payment fails and the service falls back: status left unset, or ERROR with `payment.fallback=true`. */
  fallback?: 'unset' | 'error';
  /** Raw paths and customer ids instead of route templates. */
  highCardinality?: boolean;
  /** Seed for ids and timing jitter; without one every run differs. */
  seed?: number;
  /** true in the browser (a slow cart really takes its time); false in tests. */
  realTime?: boolean;
  /** Start of a run that is not real time, in ms since the epoch (default: a fixed instant). */
  startTime?: number;
}

export interface ResolvedScenario {
  cart: CartKind;
  brokenEdge: EdgeId | null;
  uninstrumentedGap: boolean;
  fallback: 'unset' | 'error' | null;
  highCardinality: boolean;
  seed: number;
  realTime: boolean;
}

function reject(field: string, value: unknown, fix: string): never {
  throw new Error(`Sandbox scenario: ${field} is ${JSON.stringify(value)}; ${fix}`);
}

/** Checks a scenario that may come from page props; one clear message per problem. */
export function checkScenario(input: ScenarioOptions): ScenarioOptions {
  const options = input as unknown as Record<string, unknown>;
  if (typeof options !== 'object' || options === null) reject('the scenario', input, 'pass an object such as { cart: "normal" }.');
  if (!(['normal', 'slow', 'fail'] as unknown[]).includes(options.cart)) {
    reject('cart', options.cart, 'use "normal", "slow" or "fail".');
  }
  if (options.brokenEdge !== undefined && !isEdgeId(options.brokenEdge)) {
    reject('brokenEdge', options.brokenEdge, `use one of ${EDGE_IDS.map((e) => `"${e}"`).join(', ')}.`);
  }
  if (options.fallback !== undefined && options.fallback !== 'unset' && options.fallback !== 'error') {
    reject('fallback', options.fallback, 'use "unset" or "error".');
  }
  for (const flag of ['uninstrumentedGap', 'highCardinality', 'realTime'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') reject(flag, options[flag], 'use true or false.');
  }
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && (options.seed as number) >= 0)) {
    reject('seed', options.seed, 'use a whole number of 0 or more.');
  }
  if (options.startTime !== undefined && !(typeof options.startTime === 'number' && Number.isFinite(options.startTime))) {
    reject('startTime', options.startTime, 'use milliseconds since the Unix epoch.');
  }
  return input;
}
