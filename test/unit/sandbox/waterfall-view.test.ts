import { describe, expect, it } from 'vitest';
import { describeTraces } from '../../../src/sandbox/describe-run';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { spanDetails } from '../../../src/sandbox/view/span-details';
import { buildTraces } from '../../../src/sandbox/trace-model';
import { generateTraffic } from '../../../src/sandbox/traffic';
import { parentRowIndex, serviceColorIndex, timeTicks, waterfallRows } from '../../../src/sandbox/view/waterfall-model';
import { barPosition, durationLabelPosition, rowWindow, scrollToShow } from '../../../src/sandbox/view/waterfall-window';

describe('waterfall rows', () => {
  it('a trace row, then its spans depth first, with aria levels from 2', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'normal', seed: 9 })).spans);
    const rows = waterfallRows(traces);
    expect(rows).toHaveLength(17);
    expect(rows[0]).toMatchObject({ kind: 'trace', level: 1, traceNumber: 1, expanded: true });
    expect(rows.slice(1).map((r) => r.level)).toEqual(traces[0]!.nodes.map((n) => n.depth + 2));
    const root = rows[1]!;
    expect(root.kind === 'span' && root.bar).toEqual({
      left: 0,
      width: expect.closeTo(100 * (traces[0]!.root!.durationUs / traces[0]!.durationUs), 5),
    });
  });

  it('collapsing a span hides its descendants; collapsing a trace hides all its spans', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'normal', seed: 9 })).spans);
    const payment = traces[0]!.nodes.find((n) => n.span.name === 'POST /payments' && n.span.service === 'payment-api')!;
    const rows = waterfallRows(traces, { collapsed: new Set([payment.span.spanId]) });
    expect(rows).toHaveLength(15);
    const row = rows.find((r) => r.kind === 'span' && r.node === payment)!;
    expect(row).toMatchObject({ hasChildren: true, expanded: false });
    expect(waterfallRows(traces, { collapsed: new Set([traces[0]!.traceId]) })).toHaveLength(1);
  });

  it('left arrow on a span row goes to its parent row', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'normal', seed: 9 })).spans);
    const rows = waterfallRows(traces);
    const db = rows.findIndex((r) => r.kind === 'span' && r.node.span.name === 'UPDATE stock');
    const parent = rows[parentRowIndex(rows, db)]!;
    expect(parent.kind === 'span' && parent.node.span.name).toBe('reserve_inventory');
    expect(parentRowIndex(rows, 0)).toBe(-1);
  });

  it('a shared timeline places the second trace of a broken run where it happened', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'normal', seed: 9, brokenEdge: 'checkout-api->payment-api' })).spans);
    const rows = waterfallRows(traces, { sharedTimeline: true });
    const second = rows.filter((r) => r.kind === 'trace')[1]!;
    expect(second.bar.left).toBeGreaterThan(5);
    const own = waterfallRows(traces, { sharedTimeline: false }).filter((r) => r.kind === 'trace')[1]!;
    expect(own.bar).toEqual({ left: 0, width: 100 });
  });

  it('critical-path and gap marks sit on the right rows', async () => {
    const traces = buildTraces((await runCheckout({ cart: 'slow', seed: 9, uninstrumentedGap: true })).spans);
    const rows = waterfallRows(traces);
    const spanRows = rows.filter((r) => r.kind === 'span');
    const withGap = spanRows.filter((r) => r.gaps.length > 0);
    expect(withGap.map((r) => `${r.node.span.service} ${r.node.span.name}`)).toEqual(['checkout-api GET /checkout/{cart_id}']);
    const bank = spanRows.find((r) => r.node.span.name === 'POST /v1/authorizations')!;
    expect(bank.critical).toHaveLength(1);
    expect(bank.critical[0]!.width).toBeCloseTo(bank.bar.width, 5);
    const inventory = spanRows.find((r) => r.node.span.name === 'UPDATE stock')!;
    expect(inventory.critical).toHaveLength(0);
  });

  it('services keep their colour, whatever else is on screen', () => {
    expect(serviceColorIndex('payment-api')).toBe(serviceColorIndex('payment-api'));
    expect(
      new Set(['api-gateway', 'checkout-api', 'auth-service', 'inventory-api', 'payment-api', 'order-worker'].map(serviceColorIndex)).size,
    ).toBe(6);
    expect(serviceColorIndex('frontend')).toBeGreaterThanOrEqual(0);
    expect(serviceColorIndex('frontend')).toBeLessThan(8);
  });

  it('time axis ticks in milliseconds', () => {
    expect(timeTicks({ startUs: 0, durationUs: 560_000 }).map((t) => t.label)).toEqual(['0 ms', '140 ms', '280 ms', '420 ms', '560 ms']);
  });

  it('2,000 spans of traffic become 2,000 span rows plus one row per trace', () => {
    const traffic = generateTraffic({ requests: 200, seed: 4 });
    const traces = buildTraces(traffic.spans);
    const rows = waterfallRows(traces, { sharedTimeline: false });
    expect(rows.filter((r) => r.kind === 'span')).toHaveLength(traffic.spans.length);
    expect(rows.filter((r) => r.kind === 'trace')).toHaveLength(200);
  });
});

describe('findings in words', () => {
  it('a broken edge: two traces, which call did not carry context', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 9, brokenEdge: 'checkout-api->payment-api' });
    const text = describeTraces(buildTraces(run.spans), run.edges)
      .map((f) => f.text)
      .join('\n');
    expect(text).toContain('2 separate traces');
    expect(text).toContain('trace 2 starts at payment-api “POST /payments”');
    expect(text).toContain('checkout-api called payment-api without a traceparent header');
  });

  it('a failing cart: errors and where they start; a gap: how long and where', async () => {
    const failing = await runCheckout({ cart: 'fail', seed: 9, uninstrumentedGap: true });
    const findings = describeTraces(buildTraces(failing.spans), failing.edges);
    const byKind = (kind: string) => findings.filter((f) => f.kind === kind).map((f) => f.text);
    expect(byKind('errors')[0]).toMatch(/7 spans have status ERROR; the deepest: payment-api “POST \/v1\/authorizations”/);
    expect(byKind('gap')[0]).toMatch(/checkout-api “GET \/checkout\/\{cart_id\}” has [\d.]+ ms \([\d.]+% of its time/);
    expect(byKind('separate-traces')).toEqual([]);
  });
});

describe('span details', () => {
  it('a server span shows the traceparent that carried it in; its caller shows what it sent', async () => {
    const run = await runCheckout({ cart: 'fail', seed: 9 });
    const [trace] = buildTraces(run.spans);
    const server = trace!.nodes.find((n) => n.span.service === 'payment-api' && n.span.name === 'POST /payments')!;
    const details = spanDetails(server, trace!, run.edges);
    const field = (label: string) => details.fields.find((f) => f.label === label)?.value;
    expect(field('Kind')).toBe('SERVER');
    expect(field('Status')).toBe('ERROR');
    expect(field('Came in with')).toBe(`traceparent: 00-${server.span.traceId}-${server.span.parentSpanId}-01 (from checkout-api)`);
    expect(details.attributes).toContainEqual(['http.response.status_code', '502']);
    expect(details.resource).toContainEqual(['service.name', 'payment-api']);
    const authorize = trace!.nodes.find((n) => n.span.name === 'authorize_payment')!;
    const authDetails = spanDetails(authorize, trace!, run.edges);
    expect(authDetails.events[0]!.name).toBe('exception');
    expect(authDetails.events[0]!.attributes).toContainEqual(['exception.type', 'PaymentDeclinedError']);
    expect(authDetails.fields.find((f) => f.label === 'Status')!.value).toBe('ERROR: payment authorization failed');
    const client = trace!.nodes.find((n) => n.span.kind === 2 && n.span.service === 'checkout-api' && n.span.name === 'POST /payments')!;
    expect(spanDetails(client, trace!, run.edges).fields.find((f) => f.label === 'Sent to payment-api')!.value).toMatch(
      /^traceparent: 00-/,
    );
  });

  it('a span that started a new trace says why', async () => {
    const run = await runCheckout({ cart: 'normal', seed: 9, brokenEdge: 'api-gateway->checkout-api' });
    const traces = buildTraces(run.spans);
    const root = traces[1]!.root!;
    const details = spanDetails(root, traces[1]!, run.edges);
    expect(details.fields.find((f) => f.label === 'Parent span id')!.value).toBe('none: a root span');
    expect(details.fields.find((f) => f.label === 'Came in with')!.value).toMatch(/no traceparent: api-gateway did not inject one/);
  });
});

describe('the waterfall window', () => {
  it('a run of a few dozen rows renders every row in a box of its natural height', () => {
    expect(rowWindow(17, 0, 36)).toEqual({ virtual: false, first: 0, last: 17, padTop: 0, padBottom: 0, maxHeight: undefined });
  });

  it('a thousand rows render the fourteen in view and eight beyond each edge, with space standing in for the rest', () => {
    // 36 px rows: the box is 15 rows tall (14 plus the sticky header), 540 px.
    expect(rowWindow(1000, 0, 36)).toEqual({ virtual: true, first: 0, last: 22, padTop: 0, padBottom: 978 * 36, maxHeight: 540 });
    // Scrolled to row 100: rows 92 to 121 are rendered.
    expect(rowWindow(1000, 3600, 36)).toMatchObject({ first: 92, last: 122, padTop: 92 * 36, padBottom: 878 * 36 });
    // At the end nothing is left below.
    expect(rowWindow(1000, 986 * 36, 36)).toMatchObject({ first: 978, last: 1000, padBottom: 0 });
  });

  it('whatever the scroll position, the rows in view are rendered and the list keeps its full height', () => {
    for (const rowPx of [36, 44.5]) {
      for (let scrollTop = 0; scrollTop <= 400 * rowPx; scrollTop += 97) {
        const w = rowWindow(400, scrollTop, rowPx);
        const topRow = Math.floor(scrollTop / rowPx);
        expect(w.first).toBeLessThanOrEqual(topRow);
        expect(w.last).toBeGreaterThanOrEqual(Math.min(400, topRow + 14));
        expect(w.padTop + (w.last - w.first) * rowPx + w.padBottom).toBeCloseTo(400 * rowPx, 6);
      }
    }
  });

  it('moving to a row scrolls only when the row is out of view, and no further than needed', () => {
    // Box 540 px, rows 36 px, the header row covering the top 36 px.
    expect(scrollToShow(5, 36, 0, 540)).toBe(0);
    expect(scrollToShow(20, 36, 0, 540)).toBe(20 * 36 + 72 - 540);
    expect(scrollToShow(10, 36, 1000, 540)).toBe(360);
  });

  it('a bar is placed by percent of the timeline, and a zero-length span still shows a sliver', () => {
    expect(barPosition({ left: 12.5, width: 25 })).toEqual({ left: '12.500%', width: 'max(25.000%, 2px)' });
    expect(barPosition({ left: 40, width: 0 })).toEqual({ left: '40.000%', width: 'max(0.000%, 2px)' });
  });

  it('the duration label sits after a short early bar, before a late one, and inside one that fills the row', () => {
    expect(durationLabelPosition({ left: 0, width: 10 })).toEqual({ left: 'calc(10.000% + 0.35rem)' });
    expect(durationLabelPosition({ left: 50, width: 50 })).toEqual({ right: 'calc(50.000% + 0.35rem)' });
    expect(durationLabelPosition({ left: 0, width: 100 })).toEqual({ right: 'calc(0.000% + 0.35rem)' });
  });
});
