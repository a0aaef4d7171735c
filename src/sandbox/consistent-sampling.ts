// Consistent probability sampling with the OpenTelemetry `th` threshold in
// the `ot` entry of W3C tracestate, following
// open-telemetry/opentelemetry-specification
// specification/trace/tracestate-probability-sampling.md ("Algorithms",
// "Downstream threshold"): a 56-bit rejection threshold T = (1 − p) × 2^56,
// written as up to 14 hex digits with trailing zeros removed (`th:0` keeps
// everything, `th:8` half, `th:c` a quarter); randomness R is the trace id's
// last 56 bits (or an explicit `rv`); a sampler keeps the span when R ≥ T.
// A sampler with a lower probability has a higher T, so whatever it keeps,
// every sampler with a higher probability keeps too.

export const THRESHOLD_DIGITS = 14;
const MAX_THRESHOLD = 1n << 56n;

/** The significand digits of a double in [1, 2), as Python's float.hex() prints them (13 hex digits). */
function fractionHex(x: number): string {
  return ((x - 1) * 2 ** 52).toString(16).padStart(13, '0');
}

/**
 * A sampling probability as a `th` value, by the specification's
 * probability_to_threshold_with_precision (precision in hex digits, default 4
 * as the specification recommends for SDKs).
 */
export function probabilityToTh(probability: number, precision = 4): string {
  if (!(probability >= 2 ** -56 && probability <= 1)) throw new RangeError('a sampling probability lies between 2^-56 and 1');
  if (probability === 1) return '0';
  // math.frexp's exponent: probability = m × 2^exp with m in [0.5, 1).
  const exp = Math.floor(Math.log2(probability)) + 1;
  const digits = Math.max(1, Math.min(12, precision + Math.floor(exp / -4)));
  const rejection = 2 - probability + 0.5 * 2 ** (-4 * digits);
  const hex = rejection >= 2 ? 'fffffffffffff' : fractionHex(rejection);
  return hex.slice(0, digits).replace(/0+$/, '') || '0';
}

/** A `th` value as the 56-bit threshold: its digits padded with zeros on the right to 14. */
export function thToThreshold(th: string): bigint {
  if (!/^[0-9a-f]{1,14}$/.test(th)) throw new RangeError(`"${th}" is not a th value (1 to 14 lower-case hex digits)`);
  return BigInt(`0x${th.padEnd(THRESHOLD_DIGITS, '0')}`);
}

/** The 56-bit threshold as a `th` value: 14 hex digits, trailing zeros removed; zero is "0". */
export function thresholdToTh(threshold: bigint): string {
  if (threshold === 0n) return '0';
  return threshold.toString(16).padStart(THRESHOLD_DIGITS, '0').replace(/0+$/, '');
}

export function thresholdToProbability(threshold: bigint): number {
  return Number(MAX_THRESHOLD - threshold) / Number(MAX_THRESHOLD);
}

/** The randomness a trace id carries: its last 7 bytes (W3C Trace Context Level 2). */
export function traceRandomness(traceIdHex: string): bigint {
  return BigInt(`0x${traceIdHex.slice(-THRESHOLD_DIGITS)}`);
}

export function keeps(randomness: bigint, threshold: bigint): boolean {
  return randomness >= threshold;
}

/** A downstream sampler's verdict on a span that arrived with threshold `incoming`. */
export type DownstreamDecision = { readonly kept: true; readonly th: string } | { readonly kept: false };

/**
 * Equalizing: aim every span at the configured threshold. A span sampled
 * more selectively upstream (higher threshold) passes unchanged; the
 * threshold is never lowered.
 */
export function equalize(incomingTh: string, configuredTh: string, randomness: bigint): DownstreamDecision {
  const incoming = thToThreshold(incomingTh);
  const target = thToThreshold(configuredTh);
  if (incoming > target) return keeps(randomness, incoming) ? { kept: true, th: incomingTh } : { kept: false };
  return keeps(randomness, target) ? { kept: true, th: thresholdToTh(target) } : { kept: false };
}

/** Proportional: multiply the probability the span already had by the configured one. */
export function proportional(incomingTh: string, probability: number, randomness: bigint, precision = 4): DownstreamDecision {
  const product = probability * thresholdToProbability(thToThreshold(incomingTh));
  if (product < 2 ** -56) return { kept: false };
  const th = probabilityToTh(product, precision);
  return keeps(randomness, thToThreshold(th)) ? { kept: true, th } : { kept: false };
}

/** The `ot` entry of tracestate for a threshold and optional explicit randomness, e.g. `ot=th:8;rv:9b8233f7e3a151`. */
export function otTraceState(th: string, rv?: string): string {
  return `ot=th:${th}${rv === undefined ? '' : `;rv:${rv}`}`;
}
