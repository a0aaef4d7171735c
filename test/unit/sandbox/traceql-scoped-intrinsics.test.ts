import { describe, expect, it } from 'vitest';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import { indexTraces } from '../../../src/sandbox/traceql/trace-index';
import { generateTraffic } from '../../../src/sandbox/traffic';

// Scoped intrinsics and pipeline stages as grafana/tempo documents them
// (docs/sources/tempo/traceql/construct-traceql-queries.md, "Intrinsic fields"
// and "Other examples"; docs/sources/tempo/traceql/metrics-queries/functions.md).
// Expected traces come from the traffic generator's own record of each
// request and from the raw spans, not from the query engine.

const traffic = generateTraffic({ requests: 300, seed: 7, errorRate: 0.05, slowRate: 0.1 });
const index = indexTraces(traffic.spans);

function traceIds(query: string): string[] {
  const result = runTraceQL(query, index);
  if (!result.ok) throw new Error(`${query}: ${result.error.message}`);
  if (result.kind !== 'search') throw new Error(`${query}: expected a search`);
  return result.traces.map((t) => t.traceId).sort();
}

const failed = traffic.requests.filter((r) => r.error).map((r) => r.traceId);

describe('event:name', () => {
  it('finds the traces with a span that recorded an exception event, all of them failed requests', () => {
    const expected = [
      ...new Set(traffic.spans.filter((s) => s.events.some((e) => e.name === 'exception')).map((s) => s.spanContext().traceId)),
    ];
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.every((id) => failed.includes(id))).toBe(true);
    expect(traceIds('{ event:name = "exception" }')).toEqual(expected.sort());
  });

  it('matches each matching span, not the whole trace', () => {
    const withEvent = traffic.spans.filter((s) => s.events.some((e) => e.name === 'exception'));
    const result = runTraceQL('{ event:name = "exception" }', index);
    if (!result.ok || result.kind !== 'search') throw new Error('expected a search');
    expect(result.matchedSpans).toBe(withEvent.length);
  });

  it('a span without events has no event name: `!=` does not match it', () => {
    expect(traceIds('{ event:name != "exception" }')).toEqual([]);
  });
});

describe('instrumentation:name', () => {
  it('reads the instrumentation scope that made the span', () => {
    const scope = 'checkout-sandbox/payment-api';
    const expected = [...new Set(traffic.spans.filter((s) => s.instrumentationScope.name === scope).map((s) => s.spanContext().traceId))];
    expect(expected.length).toBeGreaterThan(0);
    expect(traceIds(`{ instrumentation:name = "${scope}" }`)).toEqual(expected.sort());
  });
});

describe('examples from Tempo’s documentation run on the sandbox', () => {
  it('trace:rootService with select() keeps the match and adds the selected columns', () => {
    const result = runTraceQL(
      '{ trace:rootService = "api-gateway" && status = error } | select(span:duration, resource.service.name)',
      index,
    );
    if (!result.ok || result.kind !== 'search') throw new Error('expected a search');
    expect(result.traces.map((t) => t.traceId).sort()).toEqual([...failed].sort());
    const first = result.traces[0]!;
    const columns = Object.values(first.selected ?? {}).flatMap((perSpan) => Object.keys(perSpan));
    expect(columns).toContain('span:duration');
    expect(columns).toContain('resource.service.name');
  });

  it('`{ status = error } | rate() by (resource.service.name, name)` gives one series per failing service and span name', () => {
    const result = runTraceQL('{ status = error } | rate() by (resource.service.name, name)', index);
    if (!result.ok || result.kind !== 'metrics') throw new Error('expected metrics');
    const errorSpans = traffic.spans.filter((s) => s.status.code === 2);
    const pairs = new Set(errorSpans.map((s) => `${String(s.resource.attributes['service.name'])}|${s.name}`));
    expect(result.series.length).toBe(pairs.size);
  });

  it('`{ span:duration < 5ms } | count_over_time() by(resource.service.name) | topk(10)` runs', () => {
    const result = runTraceQL('{ span:duration < 5ms } | count_over_time() by(resource.service.name) | topk(10)', index);
    expect(result.ok && result.kind).toBe('metrics');
  });
});
