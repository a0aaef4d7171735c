import type { HrTime } from '@opentelemetry/api';

// The simulation counts time in whole microseconds since the Unix epoch:
// integers stay exact in a double (2^53 µs is year 2255), unlike fractional ms.

export function microsToHrTime(us: number): HrTime {
  const seconds = Math.floor(us / 1_000_000);
  return [seconds, (us - seconds * 1_000_000) * 1000];
}

export function hrTimeToMicros(time: HrTime): number {
  return time[0] * 1_000_000 + Math.floor(time[1] / 1000);
}

export function millisToMicros(ms: number): number {
  return Math.round(ms * 1000);
}

/** Wall-clock time in microseconds, from the high-resolution clock where there is one. */
export function wallClockMicros(): number {
  const perf = globalThis.performance;
  const ms = perf ? perf.timeOrigin + perf.now() : Date.now();
  return Math.round(ms * 1000);
}

/** Default start of deterministic runs: a fixed instant, so seeded runs repeat exactly. */
export const DETERMINISTIC_START_MS = Date.UTC(2025, 5, 2, 9, 30, 0);
