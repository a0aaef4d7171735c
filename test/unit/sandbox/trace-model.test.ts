import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import {
  buildTrace,
  buildTraces,
  errorOrigins,
  findOrphans,
  type SpanRecord,
  toSpanRecords,
  uncovered,
} from '../../../src/sandbox/trace-model';

const T = 'a'.repeat(32);
let next = 0;
/** A hand-built span: times in ms from 0. */
function span(name: string, parent: string | null, start: number, end: number, extra: Partial<SpanRecord> = {}): SpanRecord {
  next += 1;
  return {
    traceId: T,
    spanId: extra.spanId ?? next.toString(16).padStart(16, '0'),
    parentSpanId: parent,
    name,
    kind: SpanKind.INTERNAL,
    service: 'svc',
    startUs: start * 1000,
    endUs: end * 1000,
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    resource: { 'service.name': 'svc' },
    events: [],
    links: [],
    scope: 'test',
    ...extra,
  };
}

describe('trace model', () => {
  it('builds a tree: depth, children by start time, offsets from the trace start, durations', () => {
    const root = span('root', null, 100, 200, { spanId: 'r'.repeat(16) });
    const b = span('b', root.spanId, 150, 190);
    const a = span('a', root.spanId, 110, 140);
    const a1 = span('a1', a.spanId, 115, 120);
    const tree = buildTrace([b, a1, root, a]);
    expect(tree.nodes.map((n) => [n.span.name, n.depth])).toEqual([
      ['root', 0],
      ['a', 1],
      ['a1', 2],
      ['b', 1],
    ]);
    expect(tree.byId.get(a1.spanId)!.offsetUs).toBe(15_000);
    expect(tree.byId.get(b.spanId)!.durationUs).toBe(40_000);
    expect(tree.durationUs).toBe(100_000);
    expect(tree.byId.get(root.spanId)!.selfUs).toBe(30_000);
  });

  it('critical path: the last-finishing child each time, back to the start', () => {
    // root 0..100; fast 10..30 and slow 10..80 run in parallel; then tail 82..95.
    const root = span('root', null, 0, 100);
    const fast = span('fast', root.spanId, 10, 30);
    const slow = span('slow', root.spanId, 10, 80);
    const tail = span('tail', root.spanId, 82, 95);
    const tree = buildTrace([root, fast, slow, tail]);
    const names = tree.criticalPath.map((s) => `${tree.byId.get(s.spanId)!.span.name} ${s.startUs / 1000}-${s.endUs / 1000}`);
    expect(names).toEqual(['root 0-10', 'slow 10-80', 'root 80-82', 'tail 82-95', 'root 95-100']);
    expect(tree.byId.get(fast.spanId)!.criticalUs).toBe(0);
  });

  it('critical path ignores work that outlives its parent (an async consumer)', () => {
    const root = span('root', null, 0, 50);
    const producer = span('send', root.spanId, 40, 41);
    const consumer = span('process', producer.spanId, 60, 90);
    const tree = buildTrace([root, producer, consumer]);
    expect(tree.byId.get(consumer.spanId)!.criticalUs).toBe(0);
    const total = tree.criticalPath.reduce((sum, s) => sum + s.endUs - s.startUs, 0);
    expect(total).toBe(50_000);
  });

  it('finds gaps a parent does not cover with children, and only long ones', () => {
    const root = span('root', null, 0, 400);
    const c1 = span('c1', root.spanId, 5, 40);
    const c2 = span('c2', root.spanId, 340, 395);
    const tree = buildTrace([root, c1, c2]);
    expect(tree.gaps.map((g) => [g.name, g.offsetUs / 1000, g.durationUs / 1000])).toEqual([['root', 40, 300]]);
    expect(tree.gaps[0]!.share).toBeCloseTo(0.75);
    expect(
      uncovered(0, 10, [
        [2, 4],
        [3, 6],
        [8, 12],
      ]),
    ).toEqual([
      [0, 2],
      [6, 8],
    ]);
  });

  it('marks orphans: a parent id that is not in the trace', () => {
    const root = span('root', null, 0, 100);
    const child = span('child', root.spanId, 10, 50);
    const lost = span('lost', 'f'.repeat(16), 20, 30);
    const tree = buildTrace([root, child, lost]);
    expect(tree.orphans.map((n) => n.span.name)).toEqual(['lost']);
    expect(tree.byId.get(lost.spanId)!.isOrphan).toBe(true);
    expect(tree.byId.get(lost.spanId)!.depth).toBe(0);
    expect(tree.root!.span.name).toBe('root');
    expect(findOrphans([root, child, lost]).map((r) => r.name)).toEqual(['lost']);
  });

  it('an orphan appears when a span between services is missing from the data', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 11 });
    const records = toSpanRecords(run.spans).filter((r) => !(r.service === 'payment-api' && r.name === 'POST /payments'));
    const [tree] = buildTraces(records);
    expect(tree!.orphans.map((n) => n.span.name)).toEqual(['authorize_payment']);
    expect(tree!.orphans[0]!.children.map((n) => n.span.name)).toEqual(['POST /v1/authorizations']);
  });

  it('survives malformed data: duplicate ids and parent cycles do not loop', () => {
    const a = span('a', 'b'.repeat(16), 0, 10, { spanId: 'a'.repeat(16) });
    const b = span('b', 'a'.repeat(16), 0, 10, { spanId: 'b'.repeat(16) });
    const dup = span('dup', null, 0, 5, { spanId: 'a'.repeat(16) });
    const tree = buildTrace([a, b, dup]);
    expect(tree.nodes).toHaveLength(2);
  });

  it('error origins: the deepest error spans', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 11 });
    const [tree] = buildTraces(run.spans);
    expect(tree!.errors.length).toBeGreaterThan(3);
    expect(errorOrigins(tree!).map((n) => `${n.span.service} ${n.span.name}`)).toEqual(['payment-api POST /v1/authorizations']);
  });

  it('groups a broken-edge run into two traces ordered by start', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 11, brokenEdge: 'checkout-api->payment-api' });
    const traces = buildTraces(run.spans);
    expect(traces.map((t) => t.root!.span.service)).toEqual(['api-gateway', 'payment-api']);
    expect(traces[0]!.startUs).toBeLessThan(traces[1]!.startUs);
  });
});
