/** Runs `fn` `repeat` times and prints the median and best wall time; returns the last result. */
export function time<T>(label: string, fn: () => T, repeat = 3, width = 52): T {
  let result: T | undefined;
  const samples: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(repeat / 2)] ?? Number.NaN;
  console.log(`${label.padEnd(width)} median ${median.toFixed(1).padStart(8)} ms  (best ${(samples[0] ?? Number.NaN).toFixed(1)} ms)`);
  return result as T;
}
