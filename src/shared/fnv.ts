// FNV-1a, the variant Go's hash/fnv calls New32a and New64a: content hashes of
// questions, seeds for choice shuffles, and the collector's probabilistic
// sampling policy all use it, so every layer shares this one copy.

const encoder = new TextEncoder();

type Input = string | Uint8Array;

const bytesOf = (input: Input): Uint8Array => (typeof input === 'string' ? encoder.encode(input) : input);

/**
 * FNV-1a 64 over several byte chunks, as a [high, low] pair of unsigned 32-bit
 * words. Plain doubles rather than BigInt keep it fast enough to hash tens of
 * thousands of trace ids per sampling run.
 */
export function fnv1a64Words(chunks: readonly Uint8Array[]): [number, number] {
  // Offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const bytes of chunks) {
    for (const byte of bytes) {
      lo = (lo ^ byte) >>> 0;
      const loProduct = lo * 0x1b3; // < 2^41, exact in a double
      const carry = Math.floor(loProduct / 0x1_0000_0000);
      // hi * 0x1b3 + carry + (lo << 8 from the 2^40 term): all below 2^53.
      hi = (hi * 0x1b3 + carry + (lo % 0x100_0000) * 0x100) % 0x1_0000_0000;
      lo = loProduct % 0x1_0000_0000;
    }
  }
  return [hi >>> 0, lo >>> 0];
}

/** FNV-1a 64 of some bytes (a string is hashed as UTF-8). */
export function fnv1a64(input: Input): bigint {
  const [hi, lo] = fnv1a64Words([bytesOf(input)]);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** FNV-1a 64 as 16 lower-case hex digits, the form stored in progress and exports. */
export function fnv1a64Hex(input: Input): string {
  const [hi, lo] = fnv1a64Words([bytesOf(input)]);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** FNV-1a 32: a quick numeric seed. */
export function fnv1a32(input: Input): number {
  let h = 0x811c9dc5;
  for (const byte of bytesOf(input)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
