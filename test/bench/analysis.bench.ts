// Benchmark of the analysis engines (not a test): tail sampling and TraceQL
// over generated traffic.
// Run: npx tsx test/bench/analysis.bench.ts [traces]
import { parseTailSamplingYaml, simulateTailSampling } from '../../src/sandbox/tail-sampling/simulate';
import { runTraceQL } from '../../src/sandbox/traceql/run';
import { indexTraces } from '../../src/sandbox/traceql/trace-index';
import { generateTraffic } from '../../src/sandbox/traffic';
import { time as timeIt } from './timing';

const traces = Number(process.argv[2] ?? 10_000);
const time = <T>(label: string, fn: () => T, repeat = 5): T => timeIt(label, fn, repeat, 64);

const traffic = generateTraffic({ requests: traces, seed: 1, requestsPerSecond: 50 });
console.log(`${traces} traces, ${traffic.spans.length} spans (${(traffic.spans.length / traces).toFixed(1)} per trace)`);

const policy = `processors:
  tail_sampling:
    decision_wait: 10s
    num_traces: 50000
    policies:
      - { name: errors, type: status_code, status_code: { status_codes: [ERROR] } }
      - { name: slow, type: latency, latency: { threshold_ms: 500 } }
      - { name: checkout, type: string_attribute, string_attribute: { key: http.route, values: ["^/checkout"], enabled_regex_matching: true } }
      - { name: rest, type: probabilistic, probabilistic: { sampling_percentage: 10 } }
      - name: drop-health
        type: drop
        drop: { drop_sub_policy: [{ name: health, type: string_attribute, string_attribute: { key: http.route, values: [/health] } }] }
`;
const parsed = parseTailSamplingYaml(policy);
if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
const config = parsed.config;

// The first run also copies every span into a record (cached for later runs and for TraceQL).
time(`tail sampling, first run over fresh spans: ${traces} traces`, () => simulateTailSampling(config, traffic.spans), 1);
const sampled = time(`tail sampling (4 policies + drop): ${traces} traces`, () => simulateTailSampling(config, traffic.spans));
const t = sampled.totals;
console.log(
  `  kept ${t.tracesKept} traces / ${t.spansKept} spans; errors ${t.errorTracesKept}/${t.errorTraces}, slow ${t.slowTracesKept}/${t.slowTraces}`,
);
time('tail sampling, YAML parse and validation only', () => parseTailSamplingYaml(policy));

const index = time(`TraceQL index (group spans into ${traces} traces)`, () => indexTraces(traffic.spans));
const queries = [
  '{ status = error } | by(resource.service.name) | count() > 1',
  '{ resource.service.name = "checkout-api" } >> { duration > 250ms && kind = client }',
  '{ duration > 250ms } | count_over_time() by (resource.service.name)',
];
for (const query of queries) {
  runTraceQL(query, index);
  const result = time(`TraceQL ${query}`, () => runTraceQL(query, index));
  if (!result.ok) console.log(`  error: ${result.error.message}`);
  else if (result.kind === 'search') console.log(`  ${result.traces.length} traces, ${result.matchedSpans} spans matched`);
  else console.log(`  ${result.series.length} series × ${result.timestamps.length} steps of ${result.stepMs} ms`);
}
