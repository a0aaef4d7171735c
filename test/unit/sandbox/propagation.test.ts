import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { EDGE_IDS } from '../../../src/sandbox/topology';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('context propagation across the service edges', () => {
  it('registers nothing global: several sandboxes can share a page', async () => {
    await runCheckout({ cart: 'normal', seed: 3 });
    expect(propagation.fields()).toEqual([]);
    expect(trace.getTracer('page').startSpan('probe').isRecording()).toBe(false);
    expect(context.active()).toBe(ROOT_CONTEXT);
  });

  it('every edge carries a W3C traceparent: version 00, trace id, the caller span id, sampled flag', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 3 });
    const traceIds = new Set(run.spans.map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
    const [traceId] = traceIds;
    const ids = [...run.edges.map((e) => e.id)].sort();
    expect(ids).toEqual([...EDGE_IDS, 'payment-api->bank-http'].sort());
    for (const edge of run.edges) {
      expect(edge.injected).toBe(true);
      const match = TRACEPARENT.exec(edge.headers.traceparent ?? '');
      expect(match, `${edge.id}: ${edge.headers.traceparent}`).not.toBeNull();
      expect(match![1]).toBe(traceId);
      // The parent id on the wire is the caller's CLIENT/PRODUCER span...
      expect(match![2]).toBe(edge.callerSpanId);
      // ...and the callee's span names it as its parent.
      if (edge.calleeSpanId) {
        const callee = run.spans.find((s) => s.spanContext().spanId === edge.calleeSpanId)!;
        expect(callee.parentSpanContext?.spanId).toBe(edge.callerSpanId);
        expect(callee.parentSpanContext?.isRemote).toBe(true);
      }
    }
  });

  it('the bank receives traceparent but, uninstrumented, sends no span back', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 3 });
    const bank = run.edges.find((e) => e.id === 'payment-api->bank-http')!;
    expect(bank.headers.traceparent).toMatch(TRACEPARENT);
    expect(bank.calleeSpanId).toBeUndefined();
  });

  for (const broken of EDGE_IDS) {
    it(`breaking ${broken} leaves its headers without traceparent and splits the run into two traces`, async () => {
      const run = await runCheckout({ cart: 'normal', seed: 3, brokenEdge: broken });
      const edge = run.edges.find((e) => e.id === broken)!;
      expect(edge.injected).toBe(false);
      expect(Object.keys(edge.headers)).not.toContain('traceparent');
      expect(edge.headers['content-type']).toBe('application/json');
      const callee = run.spans.find((s) => s.spanContext().spanId === edge.calleeSpanId)!;
      expect(callee.parentSpanContext).toBeUndefined();
      expect(new Set(run.spans.map((s) => s.spanContext().traceId)).size).toBe(2);
      // Every other edge still carries context.
      expect(run.edges.filter((e) => e.id !== broken).every((e) => e.injected)).toBe(true);
    });
  }
});
