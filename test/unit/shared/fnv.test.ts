import { describe, expect, it } from 'vitest';
import { fnv1a32, fnv1a64, fnv1a64Hex, fnv1a64Words } from '../../../src/shared/fnv';

// Golden values from Go's hash/fnv tests: golang/go, src/hash/fnv/fnv_test.go
// (tables golden32a and golden64a, the FNV-1a variants), read at commit
// 34aeeefd26fd780ff7ac83cb26f775d0fd3f3541. Go writes each sum as big-endian bytes.
const GO_GOLDEN_64A: readonly [string, string][] = [
  ['', 'cbf29ce484222325'],
  ['a', 'af63dc4c8601ec8c'],
  ['ab', '089c4407b545986a'],
  ['abc', 'e71fa2190541574b'],
];
const GO_GOLDEN_32A: readonly [string, number][] = [
  ['', 0x811c9dc5],
  ['a', 0xe40c292c],
  ['ab', 0x4d2505ca],
  ['abc', 0x1a47e90b],
];

describe('FNV-1a 64', () => {
  it.each(GO_GOLDEN_64A)('hashes %j as Go’s New64a does', (text, hex) => {
    expect(fnv1a64Hex(text)).toBe(hex);
    expect(fnv1a64(text)).toBe(BigInt(`0x${hex}`));
    expect(fnv1a64(new TextEncoder().encode(text))).toBe(BigInt(`0x${hex}`));
  });

  it('gives the same hash for bytes split across chunks as for them in one piece', () => {
    const [hi, lo] = fnv1a64Words([new TextEncoder().encode('a'), new TextEncoder().encode('bc')]);
    expect(hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')).toBe('e71fa2190541574b');
  });

  it('hashes a string as its UTF-8 bytes', () => {
    expect(fnv1a64Hex('é')).toBe(fnv1a64Hex(new Uint8Array([0xc3, 0xa9])));
    expect(fnv1a64Hex('é')).not.toBe(fnv1a64Hex(new Uint8Array([0xe9])));
  });
});

describe('FNV-1a 32', () => {
  it.each(GO_GOLDEN_32A)('hashes %j as Go’s New32a does', (text, sum) => {
    expect(fnv1a32(text)).toBe(sum);
  });
});
