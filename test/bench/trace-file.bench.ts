// Benchmark of reading a learner's trace file (not a test): a generated
// 50,000-span HotROD-shaped file in each format parseTraceFile reads, timed
// whole, plus the longest single step (what would freeze a page that drives
// parseTraceFileSteps on its main thread).
// Run: npx tsx test/bench/trace-file.bench.ts [spans]
import { fromOtlpJson } from '../../src/sandbox/otlp-json';
import { parseTraceFile, parseTraceFileSteps } from '../../src/sandbox/trace-file';
import { buildTrace, dispatchSpans, jaegerUiTrace, traceId } from '../unit/labs/hotrod-traces';
import { time as timeIt } from './timing';

const spans = Number(process.argv[2] ?? 50_000);
const traces = Math.ceil(spans / dispatchSpans(123).length);
const time = <T>(label: string, fn: () => T, repeat = 3): T => timeIt(label, fn, repeat, 52);

const customers = [123, 392, 567, 731];
const otlp = Array.from({ length: traces }, (_, i) => buildTrace(traceId('5a', i + 1), i + 1, dispatchSpans(customers[i % 4]!)));
const files = {
  'OTLP JSON': JSON.stringify({ resourceSpans: otlp.flat() }),
  'Collector file (JSON lines)': `${otlp.map((resourceSpans) => JSON.stringify({ resourceSpans })).join('\n')}\n`,
  'Jaeger UI download': JSON.stringify({
    data: Array.from({ length: traces }, (_, i) => jaegerUiTrace(traceId('5a', i + 1), i + 1, dispatchSpans(customers[i % 4]!))),
  }),
};

for (const [label, text] of Object.entries(files)) {
  console.log(`${label}: ${(text.length / 1e6).toFixed(1)} million characters, ${traces * 10} spans`);
  const result = time(`  parseTraceFile`, () => parseTraceFile(text));
  if (!result.ok) throw new Error(result.message);
  let longest = 0;
  const steps = parseTraceFileSteps(text);
  for (;;) {
    const start = performance.now();
    const step = steps.next();
    longest = Math.max(longest, performance.now() - start);
    if (step.done) break;
  }
  console.log(`${'  longest single step'.padEnd(52)} ${longest.toFixed(1).padStart(15)} ms`);
}

// For scale: the sandbox's own reader of one OTLP JSON document, and JSON.parse alone.
time('fromOtlpJson of the OTLP JSON file (reference)', () => fromOtlpJson(files['OTLP JSON']));
time('JSON.parse of the OTLP JSON file (reference)', () => JSON.parse(files['OTLP JSON']) as unknown);
