// Runs the worked-example service for real: the same command a learner runs,
// exporting OTLP/HTTP JSON to a receiver inside this test, then checks that the
// traces tell the story the lesson promises.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_DIR,
  type ExportedSpan,
  flatten,
  INSTALL_HINT,
  installed,
  OTLP_KIND,
  OTLP_STATUS,
  otlpEnv,
  type Receiver,
  type RunningService,
  startReceiver,
  startService,
  stop,
  toRecord,
  waitFor,
} from './worked-example-harness';

describe('worked example: checkout-api exporting OTLP', () => {
  let receiver: Receiver;
  let service: RunningService | undefined;
  let exitCode: number | null = null;
  const statuses: Record<string, number> = {};
  const bodies: Record<string, unknown> = {};
  const PARENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const PARENT_SPAN_ID = '00f067aa0ba902b7';
  let spans: ExportedSpan[] = [];

  beforeAll(async () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    receiver = await startReceiver();
    service = await startService(
      otlpEnv(receiver, {
        OTEL_SERVICE_NAME: 'checkout-api-under-test',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci,service.version=9.9.9',
      }),
    );
    for (const cart of ['normal', 'slow', 'fail']) {
      const response = await fetch(`${service.baseUrl}/checkout/${cart}`);
      statuses[cart] = response.status;
      bodies[cart] = await response.json();
    }
    // A caller that already has a trace: the service must join it, not start a new one.
    const joined = await fetch(`${service.baseUrl}/checkout/joined`, {
      headers: { traceparent: `00-${PARENT_TRACE_ID}-${PARENT_SPAN_ID}-01` },
    });
    statuses['joined'] = joined.status;
    await fetch(`${service.baseUrl}/healthz`);
    // The batch processor would send after 5 s; SIGTERM makes the service
    // flush what it holds and exit, as it does when Kubernetes stops a pod.
    exitCode = await stop(service.child);
    spans = flatten(receiver.received);
  }, 30_000);

  afterAll(async () => {
    await stop(service?.child);
    receiver?.server.close();
  });

  const trace = (cart: string) => {
    const root = spans.find((s) => s.kind === OTLP_KIND.SERVER && s.attrs['url.path'] === `/checkout/${cart}`);
    if (!root) throw new Error(`no server span for /checkout/${cart}`);
    const members = spans.filter((s) => s.traceId === root.traceId);
    const byName = (name: string) => {
      const found = members.filter((s) => s.name === name);
      expect(found, `${cart}: spans named ${name}`).toHaveLength(1);
      return found[0]!;
    };
    return { root, members, byName };
  };

  it('answers 200 for normal and slow carts and 502 when payment fails', () => {
    expect(statuses).toMatchObject({ normal: 200, slow: 200, fail: 502, joined: 200 });
    expect(bodies['normal']).toEqual({ cart_id: 'normal', status: 'confirmed' });
    expect(bodies['fail']).toMatchObject({ error: 'payment authorization failed' });
  });

  it('flushes every span on SIGTERM and exits cleanly: 4 checkouts, 3 spans each', () => {
    expect(exitCode).toBe(0);
    expect(spans).toHaveLength(12);
  });

  it('exports OTLP JSON over HTTP to the configured endpoint', () => {
    expect(receiver.contentTypes.length).toBeGreaterThan(0);
    for (const type of receiver.contentTypes) expect(type).toContain('application/json');
    // Traces only: no metrics or logs exporter knocking on the collector.
    expect(new Set(receiver.paths)).toEqual(new Set(['POST /v1/traces']));
  });

  it('makes one trace per request: a server span with inventory and payment as children', () => {
    const traceIds = new Set(spans.map((s) => s.traceId));
    expect(traceIds.size).toBe(4);
    for (const cart of ['normal', 'slow', 'fail']) {
      const { root, members, byName } = trace(cart);
      expect(root.parentSpanId ?? '', `${cart}: the server span is the root`).toBe('');
      expect(root.name).toBe('GET /checkout/{cart_id}');
      expect(root.attrs['http.route']).toBe('/checkout/{cart_id}');
      expect(members.map((s) => s.name).sort()).toEqual(['GET /checkout/{cart_id}', 'authorize_payment', 'reserve_inventory']);
      expect(byName('reserve_inventory').parentSpanId).toBe(root.spanId);
      expect(byName('authorize_payment').parentSpanId).toBe(root.spanId);
      expect(byName('reserve_inventory').attrs['cart.id']).toBe(cart);
    }
  });

  it('does not trace the health check', () => {
    expect(spans.filter((s) => s.attrs['url.path'] === '/healthz')).toEqual([]);
  });

  it('shows the slow cart in the payment span, not in inventory', () => {
    const { root, byName } = trace('slow');
    const payment = byName('authorize_payment');
    const inventory = byName('reserve_inventory');
    expect(payment.durationMs).toBeGreaterThanOrEqual(515);
    expect(payment.durationMs).toBeGreaterThan(inventory.durationMs);
    expect(payment.attrs['payment.slow_path']).toBe(true);
    expect(trace('normal').byName('authorize_payment').durationMs).toBeLessThan(payment.durationMs);
    // In parallel the request lasts as long as its slower step, not the sum of both.
    expect(root.durationMs).toBeLessThan(payment.durationMs + inventory.durationMs);
  });

  it('runs inventory and payment at the same time: both start before either ends', () => {
    for (const cart of ['normal', 'slow', 'fail']) {
      const { byName } = trace(cart);
      const inventory = byName('reserve_inventory');
      const payment = byName('authorize_payment');
      expect(inventory.startMs, `${cart}: inventory starts before payment ends`).toBeLessThan(payment.endMs);
      expect(payment.startMs, `${cart}: payment starts before inventory ends`).toBeLessThan(inventory.endMs);
    }
  });

  it('marks the failed payment span ERROR with the exception recorded, and the server span ERROR with 502', () => {
    const { root, byName } = trace('fail');
    const payment = byName('authorize_payment');
    expect(payment.status?.code).toBe(OTLP_STATUS.ERROR);
    expect(payment.status?.message).toBe('payment authorization failed');
    const exception = payment.events?.find((e) => e.name === 'exception');
    expect(exception, 'an exception event on authorize_payment').toBeDefined();
    expect(toRecord(exception?.attributes)).toMatchObject({
      'exception.type': 'PaymentDeclinedError',
      'exception.message': 'demo payment decline',
    });
    expect(root.attrs['http.response.status_code']).toBe(502);
    expect(root.status?.code).toBe(OTLP_STATUS.ERROR);
    expect(byName('reserve_inventory').status?.code ?? 0).not.toBe(OTLP_STATUS.ERROR);
    for (const cart of ['normal', 'slow']) expect(trace(cart).root.status?.code ?? 0).not.toBe(OTLP_STATUS.ERROR);
  });

  it('takes service.name and resource attributes from the environment', () => {
    for (const span of spans) {
      expect(span.resource).toMatchObject({
        'service.name': 'checkout-api-under-test',
        'service.version': '9.9.9',
        'deployment.environment.name': 'ci',
      });
    }
  });

  it('joins the caller trace when a traceparent header arrives', () => {
    const { root, members } = trace('joined');
    expect(root.traceId).toBe(PARENT_TRACE_ID);
    expect(root.parentSpanId).toBe(PARENT_SPAN_ID);
    expect(members).toHaveLength(3);
  });
});

describe('worked example: console export by default', () => {
  let service: RunningService | undefined;

  afterAll(async () => {
    await stop(service?.child);
  });

  it('prints spans to the terminal when no OTLP endpoint is set', async () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    service = await startService({});
    const response = await fetch(`${service.baseUrl}/checkout/normal`);
    expect(response.status).toBe(200);
    await waitFor(() => service!.output().includes("name: 'GET /checkout/{cart_id}'"), 'the server span on stdout');
    const out = service.output();
    expect(out).toContain("name: 'reserve_inventory'");
    expect(out).toContain("name: 'authorize_payment'");
    // Without OTEL_SERVICE_NAME the code's fallback name is used.
    expect(out).toContain("'service.name': 'checkout-api'");
  }, 20_000);
});

describe('worked example: source', () => {
  it('pins the OpenTelemetry JS 3.x line exactly, with the lockfile in step', () => {
    const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLE_DIR, file), 'utf8'));
    const pkg = read('package.json') as { dependencies: Record<string, string>; engines: { node: string } };
    expect(pkg.dependencies).toEqual({
      '@opentelemetry/api': '1.10.0',
      '@opentelemetry/exporter-trace-otlp-http': '0.301.0',
      '@opentelemetry/instrumentation': '0.301.0',
      '@opentelemetry/instrumentation-http': '0.301.0',
      '@opentelemetry/resources': '3.1.0',
      '@opentelemetry/sdk-node': '0.301.0',
      '@opentelemetry/sdk-trace': '3.1.0',
      '@opentelemetry/semantic-conventions': '1.45.0',
    });
    // Type stripping without a flag needs 22.18; the 3.x packages themselves ask for 22.15.
    expect(pkg.engines.node).toBe('>=22.18.0');
    const lock = read('package-lock.json') as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    expect(lock.packages['']!.dependencies).toEqual(pkg.dependencies);
    for (const [name, version] of Object.entries(pkg.dependencies)) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
    // One copy of the API and of the trace SDK, and none of the 2.x trace packages.
    const paths = Object.keys(lock.packages);
    expect(paths.filter((p) => p.endsWith('node_modules/@opentelemetry/api'))).toEqual(['node_modules/@opentelemetry/api']);
    expect(paths.filter((p) => p.endsWith('node_modules/@opentelemetry/sdk-trace'))).toEqual(['node_modules/@opentelemetry/sdk-trace']);
    expect(paths.filter((p) => /@opentelemetry\/sdk-trace-(base|node|web)$/.test(p))).toEqual([]);
  });

  it('registers the ESM loader hook that the installed instrumentation package ships', () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    const telemetry = readFileSync(join(EXAMPLE_DIR, 'src/telemetry.ts'), 'utf8');
    expect(telemetry).toContain("register('@opentelemetry/instrumentation/hook.mjs', import.meta.url)");
    const instrumentation = JSON.parse(
      readFileSync(join(EXAMPLE_DIR, 'node_modules/@opentelemetry/instrumentation/package.json'), 'utf8'),
    ) as { exports: Record<string, unknown> };
    expect(Object.keys(instrumentation.exports)).toContain('./hook.mjs');
  });

  it('type-checks with its own tsconfig (erasable syntax only, as Node type stripping needs)', () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    const tsc = join(EXAMPLE_DIR, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', EXAMPLE_DIR], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});
