import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { createRandom, type Random } from '../shared/random';

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
    let id: string;
    do {
      id = hexWord(this.random) + hexWord(this.random) + hexWord(this.random) + hexWord(this.random);
    } while (/^0+$/.test(id)); // all-zero ids are invalid
    return id;
  }

  generateSpanId(): string {
    let id: string;
    do {
      id = hexWord(this.random) + hexWord(this.random);
    } while (/^0+$/.test(id));
    return id;
  }
}
