import { describe, expect, it } from 'vitest';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import type { TraceQLMatch } from '../../../src/sandbox/traceql/run';
import { indexTraces } from '../../../src/sandbox/traceql/trace-index';
import { fixedDataset } from './fixtures';

// Expected results on the fixed dataset (see fixedDataset in fixtures.ts),
// worked out by hand from the span trees:
//   checkout traces (normal, slow, fail): api-gateway root → checkout-api "GET /checkout"
//     → auth "GET /auth/verify", inventory "POST /inventory/reserve" → "UPDATE stock" (client, postgresql),
//     payment "POST /payments" → "POST bank-http" (client). payment-api's resource has cloud.region.
//   browse traces: api-gateway "GET /products" → inventory-api "GET /products".

const { spans, ids } = fixedDataset();
const index = indexTraces(spans);
const label = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
const spanName = new Map(spans.map((s) => [s.spanContext().spanId, s.name]));

function search(query: string): TraceQLMatch[] {
  const result = runTraceQL(query, index);
  if (!result.ok) throw new Error(`${query}: ${result.error.message}`);
  if (result.kind !== 'search') throw new Error(`${query}: expected a search result`);
  return [...result.traces];
}

/** "trace label → sorted names of the matched spans", the form the expectations are written in. */
function matches(query: string): Record<string, string[]> {
  return Object.fromEntries(
    search(query).map((t) => [label.get(t.traceId) ?? t.traceId, t.spanIds.map((id) => spanName.get(id) ?? id).sort()]),
  );
}

function traces(query: string): string[] {
  return search(query).map((t) => label.get(t.traceId) ?? t.traceId);
}

const CHECKOUTS = ['normal', 'slow', 'fail'];
const ALL = ['normal', 'slow', 'fail', 'browse', 'browse2'];

describe('intrinsics', () => {
  it('status', () => {
    expect(matches('{ status = error }')).toEqual({
      fail: ['GET /checkout', 'GET /checkout/{cart_id}', 'POST /payments', 'POST bank-http'],
    });
    expect(traces('{ status != error }')).toEqual(ALL);
  });

  it('duration and traceDuration', () => {
    expect(matches('{ duration > 500ms }')).toEqual({
      slow: ['GET /checkout', 'GET /checkout/{cart_id}', 'POST /payments', 'POST bank-http'],
    });
    expect(matches('{ duration >= 300ms }')).toEqual({
      slow: ['GET /checkout', 'GET /checkout/{cart_id}', 'POST /payments', 'POST bank-http'],
      browse2: ['GET /products'],
    });
    expect(search('{ traceDuration > 500ms }').map((t) => [label.get(t.traceId), t.spanIds.length])).toEqual([['slow', 7]]);
    expect(traces('{ span:duration < 9ms }')).toEqual(CHECKOUTS);
  });

  it('name, kind, statusMessage', () => {
    expect(matches('{ kind = client }')).toEqual(Object.fromEntries(CHECKOUTS.map((t) => [t, ['POST bank-http', 'UPDATE stock']])));
    expect(matches('{ name = "GET /products" && kind = server }')).toEqual({
      browse: ['GET /products', 'GET /products'],
      browse2: ['GET /products', 'GET /products'],
    });
    expect(matches('{ statusMessage = "card declined by bank" }')).toEqual({ fail: ['POST /payments'] });
  });

  it('trace and span ids', () => {
    expect(matches(`{ trace:id = "${ids.fail}" && span:parentID = nil }`)).toEqual({ fail: ['GET /checkout/{cart_id}'] });
    const [first] = spans;
    expect(search(`{ span:id = "${first?.spanContext().spanId}" }`).map((t) => t.spanIds)).toEqual([[first?.spanContext().spanId]]);
  });

  it('rootName and rootServiceName apply to every span of the trace', () => {
    expect(search('{ rootName = "GET /products" && rootServiceName = "api-gateway" }').map((t) => t.spanIds.length)).toEqual([2, 2]);
    expect(traces('{ trace:rootService = "api-gateway" && trace:rootName = "GET /checkout/{cart_id}" }')).toEqual(CHECKOUTS);
  });
});

describe('attributes', () => {
  it('scoped span and resource attributes', () => {
    expect(matches('{ span.http.response.status_code >= 500 }')).toEqual({
      fail: ['GET /checkout', 'GET /checkout/{cart_id}', 'POST /payments', 'POST bank-http'],
    });
    expect(matches('{ resource.cloud.region = "eu-west-1" }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['POST /payments', 'POST bank-http']])),
    );
    // cloud.region is a resource attribute: the span scope does not see it.
    expect(traces('{ span.cloud.region = "eu-west-1" }')).toEqual([]);
  });

  it('unscoped attributes look at the span, then the resource', () => {
    expect(matches('{ .db.system = "postgresql" }')).toEqual(Object.fromEntries(CHECKOUTS.map((t) => [t, ['UPDATE stock']])));
    expect(traces('{ .cloud.region = "eu-west-1" }')).toEqual(CHECKOUTS);
    expect(traces('{ .service.name = "auth-service" }')).toEqual(CHECKOUTS);
  });

  it('nil tests presence', () => {
    expect(matches('{ span.db.system != nil }')).toEqual(Object.fromEntries(CHECKOUTS.map((t) => [t, ['UPDATE stock']])));
    expect(search('{ span.http.route = nil }').map((t) => t.spanIds.length)).toEqual([2, 2, 2]);
  });

  it('regular expressions are anchored at both ends', () => {
    expect(matches('{ name =~ "(GET|POST) /(payments|checkout)" }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['GET /checkout', 'POST /payments']])),
    );
    expect(traces('{ name =~ "payments" }')).toEqual([]);
    expect(traces('{ name =~ ".*payments" }')).toEqual(CHECKOUTS);
    expect(search('{ name !~ "POST.*" }').map((t) => label.get(t.traceId))).toEqual(ALL);
  });
});

describe('&& and || inside one spanset and between spansets', () => {
  it('conditions in one { } must hold on the same span', () => {
    expect(traces('{ resource.service.name = "auth-service" && name = "POST /payments" }')).toEqual([]);
    expect(matches('{ resource.service.name = "auth-service" } && { name = "POST /payments" }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['GET /auth/verify', 'POST /payments']])),
    );
  });

  it('|| inside a spanset and between spansets', () => {
    expect(matches('{ kind = client || status = error }')).toEqual({
      normal: ['POST bank-http', 'UPDATE stock'],
      slow: ['POST bank-http', 'UPDATE stock'],
      fail: ['GET /checkout', 'GET /checkout/{cart_id}', 'POST /payments', 'POST bank-http', 'UPDATE stock'],
    });
    expect(matches('{ name = "GET /products" && duration > 250ms } || { statusMessage =~ ".*declined.*" }')).toEqual({
      fail: ['POST /payments'],
      browse2: ['GET /products', 'GET /products'],
    });
  });

  it('&& between spansets needs both sides in the same trace', () => {
    expect(traces('{ status = error } && { duration > 500ms }')).toEqual([]);
  });
});

describe('structural operators return the right-hand spans', () => {
  it('> child and >> descendant', () => {
    expect(matches('{ name = "GET /checkout" } > { kind = server }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['GET /auth/verify', 'POST /inventory/reserve', 'POST /payments']])),
    );
    expect(matches('{ name = "GET /checkout" } >> { kind = client }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['POST bank-http', 'UPDATE stock']])),
    );
    expect(matches('{ resource.service.name = "payment-api" } >> { status = error }')).toEqual({ fail: ['POST bank-http'] });
  });

  it('< parent and << ancestor', () => {
    expect(matches('{ kind = client } < { }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['POST /inventory/reserve', 'POST /payments']])),
    );
    expect(matches('{ name = "UPDATE stock" } << { }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['GET /checkout', 'GET /checkout/{cart_id}', 'POST /inventory/reserve']])),
    );
  });

  it('~ sibling', () => {
    expect(matches('{ name = "GET /auth/verify" } ~ { }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['POST /inventory/reserve', 'POST /payments']])),
    );
  });

  it('union (&>>) returns both sides; negated (!<) returns the right-hand spans without the relation', () => {
    expect(matches('{ name = "POST /payments" } &>> { kind = client }')).toEqual(
      Object.fromEntries(CHECKOUTS.map((t) => [t, ['POST /payments', 'POST bank-http']])),
    );
    // Leaf spans: those that are not the parent of any span.
    expect(matches('{ } !< { resource.service.name = "inventory-api" }')).toEqual({
      normal: ['UPDATE stock'],
      slow: ['UPDATE stock'],
      fail: ['UPDATE stock'],
      browse: ['GET /products'],
      browse2: ['GET /products'],
    });
  });
});

describe('pipelines', () => {
  it('count() compares the spans of each spanset', () => {
    expect(traces('{ } | count() > 5')).toEqual(CHECKOUTS);
    // The failing checkout still has two spans that answered 200 (auth and inventory).
    expect(traces('{ span.http.response.status_code = 200 } | count() = 2')).toEqual(['fail', 'browse', 'browse2']);
  });

  it('by() splits spansets; an aggregate then applies per group', () => {
    const [fail, ...rest] = search('{ status = error } | by(resource.service.name) | count() > 1');
    expect(rest).toEqual([]);
    expect(label.get(fail?.traceId ?? '')).toBe('fail');
    expect(fail?.spansets).toHaveLength(1);
    expect(fail?.spansets[0]?.groups).toEqual([{ label: 'resource.service.name', value: 'payment-api' }]);
    expect(fail?.spanIds.map((id) => spanName.get(id)).sort()).toEqual(['POST /payments', 'POST bank-http']);
    expect(traces('{ } | by(name) | count() > 1')).toEqual(['browse', 'browse2']);
  });

  it('avg, min, max and sum over durations', () => {
    // slow: (570 + 560 + 8 + 15 + 10 + 520 + 516) / 7 ≈ 314 ms; browse2: (300 + 296) / 2 = 298 ms; normal ≈ 40 ms.
    expect(traces('{ } | avg(duration) > 100ms')).toEqual(['slow', 'browse2']);
    expect(traces('{ } | max(duration) >= 570ms')).toEqual(['slow']);
    expect(traces('{ } | sum(duration) > 2s')).toEqual(['slow']);
    expect(traces('{ } | min(duration) < 9ms')).toEqual(CHECKOUTS);
    expect(traces('{ resource.service.name = "payment-api" } | avg(span.http.response.status_code) > 250')).toEqual(['fail']);
  });

  it('select() adds columns without changing the match', () => {
    const [fail] = search('{ status = error } | select(span.http.response.status_code, resource.service.name)');
    const columns = Object.values(fail?.selected ?? {}).map(
      (row) => `${row['resource.service.name']}:${row['span.http.response.status_code']}`,
    );
    expect(columns.sort()).toEqual(['api-gateway:502', 'checkout-api:502', 'payment-api:502', 'payment-api:503']);
  });

  it('a spanset filter after a pipe narrows the spans; coalesce() merges the groups', () => {
    expect(matches('{ } | { kind = client }')).toEqual(matches('{ kind = client }'));
    const [merged] = search('{ status = error } | by(resource.service.name) | coalesce()');
    expect(merged?.spansets).toHaveLength(1);
    expect(merged?.spanIds).toHaveLength(4);
  });

  it('matched spans are listed in start order, for the waterfall', () => {
    const [slow] = search('{ traceDuration > 500ms }');
    const starts = (slow?.spanIds ?? []).map((id) => spans.find((s) => s.spanContext().spanId === id)?.startTime[1] ?? 0);
    expect(slow?.spanIds[0] && spanName.get(slow.spanIds[0])).toBe('GET /checkout/{cart_id}');
    expect(starts.length).toBe(7);
  });
});
