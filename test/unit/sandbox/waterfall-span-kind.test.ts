import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { buildTraces } from '../../../src/sandbox/trace-model';
import { type SpanRow, spanKindLegend, spanKindView, waterfallRows } from '../../../src/sandbox/view/waterfall-model';

// A CLIENT span and the SERVER span it called have the same name; the row says which is which.

describe('span kind on each waterfall row', () => {
  it('a client call and the server span under it carry different kinds and words for screen readers', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'normal', seed: 9 })).spans);
    const rows = waterfallRows(traces).filter((r): r is SpanRow => r.kind === 'span');
    const client = rows.find((r) => r.node.span.service === 'checkout-api' && r.node.span.name === 'POST /payments')!;
    const server = rows.find((r) => r.node.span.service === 'payment-api' && r.node.span.name === 'POST /payments')!;
    expect(server.node.parent).toBe(client.node);
    expect(client.spanKind).toMatchObject({ name: 'client', label: 'client span' });
    expect(server.spanKind).toMatchObject({ name: 'server', label: 'server span' });
    const byName = (name: string) => rows.find((r) => r.node.span.name === name)!.spanKind.name;
    expect(byName('authorize_payment')).toBe('internal');
    expect(byName('send order.created')).toBe('producer');
    expect(byName('process order.created')).toBe('consumer');
    // Every row has one, and it matches the span's own kind.
    for (const row of rows) expect(row.spanKind).toEqual(spanKindView(row.node.span.kind));
  });

  it('every kind has its own icon name and label; an unknown value reads as internal', () => {
    const kinds = [SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER, SpanKind.INTERNAL].map(spanKindView);
    expect(new Set(kinds.map((k) => k.name)).size).toBe(5);
    expect(kinds.map((k) => k.label)).toEqual(['server span', 'client span', 'producer span', 'consumer span', 'internal span']);
    expect(spanKindView(99 as SpanKind).name).toBe('internal');
  });

  it('the legend lists the kinds present, in a fixed order', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'fail', seed: 9 })).spans);
    // A failing cart sends no order message: no producer or consumer.
    expect(spanKindLegend(traces).map((k) => k.name)).toEqual(['server', 'client', 'internal']);
    const normal = buildTraces((await runCheckout({ cart: 'normal', seed: 9 })).spans);
    expect(spanKindLegend(normal).map((k) => k.name)).toEqual(['server', 'client', 'producer', 'consumer', 'internal']);
  });
});
