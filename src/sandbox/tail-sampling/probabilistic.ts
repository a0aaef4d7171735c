import { fnv1a64Words } from '../../shared/fnv';

// The collector's `probabilistic` policy: FNV-1a (64-bit) over the salt's
// bytes followed by the 16 raw trace-id bytes, sampled when the hash is at
// most MaxUint64 × percentage / 100. This is not the JS SDK's
// TraceIdRatioBasedSampler calculation, so the two tiers disagree on which
// traces a given percentage keeps.

/** The salt the collector uses when `hash_salt` is empty or missing. */
export const DEFAULT_HASH_SALT = 'default-hash-seed';

const MAX_UINT64 = (1n << 64n) - 1n;
const encoder = new TextEncoder();

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return 0;
}

export function traceIdBytes(traceIdHex: string): Uint8Array {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i += 1) bytes[i] = hexDigit(traceIdHex.charCodeAt(i * 2)) * 16 + hexDigit(traceIdHex.charCodeAt(i * 2 + 1));
  return bytes;
}

/** The hash the policy compares: FNV-1a over salt then trace id. */
export function hashTraceId(traceIdHex: string, salt: string): bigint {
  const [hi, lo] = fnv1a64Words([encoder.encode(salt === '' ? DEFAULT_HASH_SALT : salt), traceIdBytes(traceIdHex)]);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * MaxUint64 × ratio the way Go's big.Float computes it in the collector:
 * the exact product rounded to 64 significant bits (nearest, ties to even),
 * then truncated to an integer and clamped to [0, MaxUint64].
 */
export function samplingThreshold(samplingPercentage: number): bigint {
  const ratio = samplingPercentage / 100;
  if (!(ratio > 0)) return 0n;
  if (!Number.isFinite(ratio)) return MAX_UINT64;
  // Decompose the double: ratio = mantissa × 2^exponent exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, ratio);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;

  const product = MAX_UINT64 * mantissa; // value = product × 2^exponent
  const shift = bitLength(product) - 64;
  let significand = product;
  let scale = exponent;
  if (shift > 0) {
    const s = BigInt(shift);
    significand = product >> s;
    const remainder = product - (significand << s);
    const half = 1n << (s - 1n);
    if (remainder > half || (remainder === half && (significand & 1n) === 1n)) significand += 1n;
    scale += shift;
  }
  const truncated = scale >= 0 ? significand << BigInt(scale) : significand >> BigInt(-scale);
  return truncated > MAX_UINT64 ? MAX_UINT64 : truncated;
}

/** A reusable decision function for one policy's percentage and salt. */
export function probabilisticSampler(samplingPercentage: number, hashSalt = ''): (traceIdHex: string) => boolean {
  const threshold = samplingThreshold(samplingPercentage);
  const thresholdHi = Number(threshold >> 32n);
  const thresholdLo = Number(threshold & 0xffffffffn);
  const saltBytes = encoder.encode(hashSalt === '' ? DEFAULT_HASH_SALT : hashSalt);
  return (traceIdHex) => {
    const [hi, lo] = fnv1a64Words([saltBytes, traceIdBytes(traceIdHex)]);
    return hi < thresholdHi || (hi === thresholdHi && lo <= thresholdLo);
  };
}
