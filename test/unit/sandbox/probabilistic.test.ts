import { describe, expect, it } from 'vitest';
import { DEFAULT_HASH_SALT, hashTraceId, probabilisticSampler, samplingThreshold } from '../../../src/sandbox/tail-sampling/probabilistic';
import { compareRatioSchemes } from '../../../src/sandbox/head-sampling';
import { createRandom } from '../../../src/shared/random';

// The collector's probabilistic policy: FNV-1a 64 over salt then trace id bytes,
// compared with MaxUint64 × percentage / 100.

/** FNV-1a 64 written the slow, obvious way, to check the fast one. */
function referenceFnv(bytes: Uint8Array): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}

const encode = (text: string) => new TextEncoder().encode(text);

function randomTraceIds(count: number, seed: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () =>
    Array.from({ length: 4 }, () =>
      Math.floor(random.next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0'),
    ).join(''),
  );
}

describe('FNV-1a 64 over salt and trace id', () => {
  it('matches a plain BigInt implementation on salt + trace id bytes', () => {
    for (const traceId of randomTraceIds(200, 11)) {
      const bytes = new Uint8Array([...encode(DEFAULT_HASH_SALT), ...traceId.match(/../g)!.map((h) => Number.parseInt(h, 16))]);
      expect(hashTraceId(traceId, '')).toBe(referenceFnv(bytes));
    }
  });
});

describe('sampling threshold', () => {
  it('is MaxUint64 at 100 % and beyond, 0 at or below 0 %', () => {
    expect(samplingThreshold(100)).toBe(2n ** 64n - 1n);
    expect(samplingThreshold(150)).toBe(2n ** 64n - 1n);
    expect(samplingThreshold(0)).toBe(0n);
    expect(samplingThreshold(-50)).toBe(0n);
  });

  it('is the product rounded to 64 significant bits, then truncated, as big.Float computes it', () => {
    // 0.5 is exact: (2^64 − 1) / 2 = 2^63 − 0.5, truncated.
    expect(samplingThreshold(50)).toBe(2n ** 63n - 1n);
    // 0.25 is exact too.
    expect(samplingThreshold(25)).toBe((2n ** 64n - 1n) / 4n);
    // 0.1 is not exact in binary: the double is 3602879701896397 / 2^55. The product rounded to
    // 64 bits is within 1/16 of the exact value here, so truncation gives its floor or the next integer.
    const exactFloor = ((2n ** 64n - 1n) * 3602879701896397n) / 2n ** 55n;
    expect([exactFloor, exactFloor + 1n]).toContain(samplingThreshold(10));
    expect(samplingThreshold(10)).toBeGreaterThan((2n ** 64n - 1n) / 10n);
  });
});

describe('decisions', () => {
  it('keep about the percentage of random trace ids', () => {
    const ids = randomTraceIds(20_000, 5);
    for (const pct of [1, 10, 33, 90]) {
      const keep = probabilisticSampler(pct);
      const share = ids.filter(keep).length / ids.length;
      expect(Math.abs(share - pct / 100)).toBeLessThan(0.012);
    }
  });

  it('the empty salt is the collector default salt', () => {
    const ids = randomTraceIds(500, 8);
    const a = ids.map(probabilisticSampler(40, ''));
    const b = ids.map(probabilisticSampler(40, DEFAULT_HASH_SALT));
    expect(a).toEqual(b);
  });

  it('the SDK ratio sampler and the collector policy keep different traces at the same percentage', () => {
    const comparison = compareRatioSchemes(randomTraceIds(4000, 9), 20);
    expect(comparison.keptBySdk / 4000).toBeCloseTo(0.2, 1);
    expect(comparison.keptByCollector / 4000).toBeCloseTo(0.2, 1);
    // Independent schemes agree on about 20 % × 20 % = 4 % of traces, far from the 20 % a shared scheme would.
    expect(comparison.keptByBoth / 4000).toBeLessThan(0.08);
  });
});
