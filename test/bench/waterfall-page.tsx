// Browser side of test/bench/waterfall.bench.ts: renders TraceWaterfall with
// real sandbox traces and times it. Bundled by the benchmark, not by Astro.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { render } from 'preact';
// act() runs the update and then the renders and effects it queued, so each timing covers the work the
// browser does before the next frame.
import { act } from 'preact/test-utils';
import { TraceWaterfall } from '../../src/components/sandbox/TraceWaterfall';
import { buildTrace, buildTraces, type SpanRecord, type TraceTree } from '../../src/sandbox/trace-model';
import { generateTraffic } from '../../src/sandbox/traffic';

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** One trace of `count` spans: a fan-out of calls, each with a few nested children. */
function wideTrace(count: number): TraceTree {
  const traceId = 'f'.repeat(32);
  const records: SpanRecord[] = [];
  const id = (n: number) => n.toString(16).padStart(16, '0');
  for (let i = 0; i < count; i += 1) {
    const parent = i === 0 ? null : i % 4 === 1 ? id(1) : id(i - 1);
    const start = 1_700_000_000_000_000 + i * 250;
    records.push({
      traceId,
      spanId: id(i + 1),
      parentSpanId: parent,
      name: i === 0 ? 'GET /batch' : `SELECT items ${i}`,
      kind: i === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
      service: ['api-gateway', 'inventory-api', 'payment-api', 'checkout-api'][i % 4]!,
      startUs: start,
      endUs: i === 0 ? start + count * 300 : start + 200,
      status: { code: i % 97 === 0 && i > 0 ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
      attributes: { 'db.system.name': 'postgresql' },
      resource: { 'service.name': 'svc' },
      events: [],
      links: [],
      scope: 'bench',
    });
  }
  return buildTrace(records);
}

async function measure(traces: readonly TraceTree[], sharedTimeline: boolean) {
  const host = document.getElementById('app')!;
  host.replaceChildren();
  const t0 = performance.now();
  act(() => render(<TraceWaterfall traces={traces} sharedTimeline={sharedTimeline} />, host));
  document.body.getBoundingClientRect();
  const rendered = performance.now() - t0;
  await frame();
  const painted = performance.now() - t0;
  const domRows = document.querySelectorAll('[role="row"]').length;

  // Keyboard: 50 presses of ArrowDown, each handled and laid out.
  const first = document.querySelector<HTMLElement>('[data-row="0"]')!;
  first.focus();
  const t1 = performance.now();
  for (let i = 0; i < 50; i += 1) {
    const active = document.activeElement as HTMLElement;
    act(() => {
      active.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    document.body.getBoundingClientRect();
  }
  const perKey = (performance.now() - t1) / 50;

  // Scroll to the end of a long list.
  const scroller = document.querySelector<HTMLElement>('.sbx-scroller')!;
  const t2 = performance.now();
  scroller.scrollTop = scroller.scrollHeight;
  scroller.dispatchEvent(new Event('scroll'));
  await frame();
  const scrolled = performance.now() - t2;

  // Open the details of a span.
  const row = document.querySelector<HTMLElement>('[role="row"][aria-level="3"]')!;
  const t3 = performance.now();
  act(() => row.click());
  document.body.getBoundingClientRect();
  const details = performance.now() - t3;

  render(null, host);
  return { rendered, painted, domRows, perKey, scrolled, details };
}

async function run() {
  const traffic = generateTraffic({ requests: 200, seed: 3 });
  const t0 = performance.now();
  const trafficTraces = buildTraces(traffic.spans);
  const model = performance.now() - t0;
  const wide = wideTrace(2000);
  return {
    trafficSpans: traffic.spans.length,
    traces: trafficTraces.length,
    modelMs: model,
    traffic: await measure(trafficTraces, false),
    wide: await measure([wide], true),
  };
}

(window as unknown as { runBenchmark: typeof run }).runBenchmark = run;
