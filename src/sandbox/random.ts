import type { IdGenerator } from '@opentelemetry/sdk-trace-base';

/** A seeded source of numbers in [0, 1): same seed, same sequence (mulberry32). */
export interface Random {
  next(): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    chance: (p) => next() < p,
  };
}

/** A fresh seed for runs that need not repeat (interactive runs without a seed). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hexWord(random: Random): string {
  const n = Math.floor(random.next() * 0x1_0000_0000);
  return HEX_BYTES[n >>> 24]! + HEX_BYTES[(n >>> 16) & 255]! + HEX_BYTES[(n >>> 8) & 255]! + HEX_BYTES[n & 255]!;
}

/**
 * Trace and span ids drawn from a seeded generator, so a seeded run produces
 * the same ids every time. The SDK asks for them in span-creation order.
 */
export class SeededIdGenerator implements IdGenerator {
  private readonly random: Random;

  constructor(seed: number) {
    // A separate stream from the timing jitter, so the two never shift each other.
    this.random = createRandom((seed ^ 0x9e3779b9) >>> 0);
  }

  generateTraceId(): string {
    let id = '';
    do {
      id = hexWord(this.random) + hexWord(this.random) + hexWord(this.random) + hexWord(this.random);
    } while (/^0+$/.test(id)); // all-zero ids are invalid
    return id;
  }

  generateSpanId(): string {
    let id = '';
    do {
      id = hexWord(this.random) + hexWord(this.random);
    } while (/^0+$/.test(id));
    return id;
  }
}
