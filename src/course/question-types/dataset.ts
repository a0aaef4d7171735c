import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { generateTraffic } from '../../sandbox/traffic.ts';
// The index module itself, not the TraceQL barrel: sampling questions must not pull in the query parser.
import { indexTraces, type IndexedTrace, type TraceIndex } from '../../sandbox/traceql/trace-index.ts';
import type { Dataset } from '../../schemas/question.ts';
import { formatCount, formatPercent } from '../../shared/format.ts';

// The fixed traffic a traceql or sampling-policy question is graded on. It is
// generated from its seed, so the browser and the grade command see the same
// traces; each dataset is generated once per process (a quiz grades the same
// question many times, the grade command a whole class).

export interface GradingData {
  readonly spans: readonly ReadableSpan[];
  /** Built on first use: only TraceQL needs it. */
  index(): TraceIndex;
  trace(traceId: string): IndexedTrace | undefined;
}

const MAX_CACHED = 8;
const cache = new Map<string, GradingData>();

function keyOf(d: Dataset): string {
  return JSON.stringify([d.requests, d.seed, d.errorRate, d.slowRate]);
}

function build(d: Dataset): GradingData {
  const { spans } = generateTraffic({ requests: d.requests, seed: d.seed, errorRate: d.errorRate, slowRate: d.slowRate });
  let index: TraceIndex | undefined;
  let byId: Map<string, IndexedTrace> | undefined;
  const indexOnce = () => (index ??= indexTraces(spans));
  return {
    spans,
    index: indexOnce,
    trace(traceId) {
      byId ??= new Map(indexOnce().traces.map((t) => [t.traceId, t]));
      return byId.get(traceId);
    },
  };
}

export function gradingData(dataset: Dataset): GradingData {
  const key = keyOf(dataset);
  let data = cache.get(key);
  if (data) {
    // Most recently used last, so the oldest is the one to evict.
    cache.delete(key);
  } else {
    data = build(dataset);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, data);
  return data;
}

/** "300 requests, seed 7, 5% errors, 10% slow": how a question's dataset reads in messages. */
export function describeDataset(d: Dataset): string {
  return `${formatCount(d.requests)} requests, seed ${d.seed}, ${formatPercent(d.errorRate)} errors, ${formatPercent(d.slowRate)} slow`;
}
