// Benchmark of the sandbox engine (not a test): how long the simulated
// services take to produce traffic, and how long the trace model takes to
// derive trees, critical paths and gaps from it.
// Run: npx tsx test/bench/engine.bench.ts [traces]
import { toOtlpJson } from '../../src/sandbox/otlp-json';
import { runCheckout } from '../../src/sandbox/run-checkout';
import { buildTraces, toSpanRecords } from '../../src/sandbox/trace-model';
import { generateTraffic } from '../../src/sandbox/traffic';
import { time as timeIt } from './timing';

const traces = Number(process.argv[2] ?? 10_000);
const time = <T>(label: string, fn: () => T, repeat = 3): T => timeIt(label, fn, repeat, 52);

// Warm up the JIT on a small batch first.
generateTraffic({ requests: 500, seed: 1 });

const traffic = time(`generateTraffic: ${traces} traces`, () => generateTraffic({ requests: traces, seed: 1 }));
console.log(
  `  ${traffic.spans.length} spans, ${traffic.logs.length} log lines, ${(traffic.spans.length / traces).toFixed(1)} spans per trace`,
);
const records = time(`toSpanRecords: ${traffic.spans.length} spans`, () => toSpanRecords(traffic.spans));
time(`buildTraces (tree, critical path, gaps): ${traces} traces`, () => buildTraces(records));
const big = time('OTLP/JSON of 1,000 traces', () => toOtlpJson(traffic.spans.slice(0, Math.round(traffic.spans.length / 10))), 3);
console.log(`  ${(big.length / 1024).toFixed(0)} KiB`);

const start = performance.now();
for (let i = 0; i < 100; i += 1) await runCheckout({ cart: 'normal', seed: i });
console.log(`${'runCheckout (virtual time), per run'.padEnd(52)} mean ${((performance.now() - start) / 100).toFixed(2).padStart(8)} ms`);
