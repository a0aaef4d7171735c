// Runs the worked-example service for real: the same command a learner runs,
// exporting OTLP/HTTP JSON to a receiver inside this test, then checks that the
// traces tell the story the lesson promises.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXAMPLE_DIR = join(import.meta.dirname, '../../../labs/worked-example');
const INSTALL_HINT = 'run `npm install --prefix labs/worked-example` first';

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
  status?: { code?: number; message?: string };
  events?: { name: string; attributes?: OtlpAttribute[] }[];
}
interface ExportedSpan extends OtlpSpan {
  resource: Record<string, unknown>;
  attrs: Record<string, unknown>;
  durationMs: number;
}
interface OtlpRequest {
  resourceSpans: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const STATUS_ERROR = 2;
const SPAN_KIND_SERVER = 2;

function valueOf(value: OtlpValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.boolValue !== undefined) return value.boolValue;
  return value;
}

function toRecord(attributes: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(attributes.map((a) => [a.key, valueOf(a.value)]));
}

/** Flattens OTLP JSON export requests into spans that carry their resource. */
function flatten(requests: OtlpRequest[]): ExportedSpan[] {
  return requests.flatMap((request) =>
    request.resourceSpans.flatMap((rs) => {
      const resource = toRecord(rs.resource?.attributes);
      return rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((span) => ({
          ...span,
          resource,
          attrs: toRecord(span.attributes),
          durationMs: (Number(span.endTimeUnixNano) - Number(span.startTimeUnixNano)) / 1e6,
        })),
      );
    }),
  );
}

/** A minimal OTLP/HTTP receiver: accepts JSON on /v1/traces and keeps it. */
function startReceiver(): Promise<{ server: Server; url: string; received: OtlpRequest[]; contentTypes: string[]; paths: string[] }> {
  const received: OtlpRequest[] = [];
  const contentTypes: string[] = [];
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(`${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') {
        contentTypes.push(String(request.headers['content-type']));
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      } else {
        response.writeHead(404);
        response.end();
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, received, contentTypes, paths });
    });
  });
}

interface RunningService {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

/** Starts the service exactly as `npm start` does and waits for its listening line. */
function startService(env: Record<string, string>): Promise<RunningService> {
  const child = spawn(process.execPath, ['--import', './src/telemetry.ts', 'src/server.ts'], {
    cwd: EXAMPLE_DIR,
    env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start within 15 s:\n${out}`)), 15_000);
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve({ child, baseUrl: match[1], output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with code ${code} before listening:\n${out}`));
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const installed = existsSync(join(EXAMPLE_DIR, 'node_modules/@opentelemetry/sdk-node'));

describe('worked example: checkout-api exporting OTLP', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let service: RunningService | undefined;
  const statuses: Record<string, number> = {};
  const bodies: Record<string, unknown> = {};
  const PARENT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
  const PARENT_SPAN_ID = '00f067aa0ba902b7';
  let spans: ExportedSpan[] = [];

  beforeAll(async () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    receiver = await startReceiver();
    service = await startService({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'checkout-api-under-test',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=ci,service.version=9.9.9',
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
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
    // 4 checkouts x 3 spans each.
    await waitFor(() => flatten(receiver.received).length >= 12, 'the 12 exported spans');
    spans = flatten(receiver.received);
  }, 30_000);

  afterAll(async () => {
    await stop(service?.child);
    receiver?.server.close();
  });

  const trace = (cart: string) => {
    const root = spans.find((s) => s.kind === SPAN_KIND_SERVER && s.attrs['url.path'] === `/checkout/${cart}`);
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
    const { byName } = trace('slow');
    const payment = byName('authorize_payment');
    const inventory = byName('reserve_inventory');
    expect(payment.durationMs).toBeGreaterThanOrEqual(540);
    expect(payment.durationMs).toBeGreaterThan(inventory.durationMs);
    expect(payment.attrs['payment.slow_path']).toBe(true);
    expect(trace('normal').byName('authorize_payment').durationMs).toBeLessThan(payment.durationMs);
  });

  it('marks the failed payment span ERROR with the exception recorded, and the server span ERROR with 502', () => {
    const { root, byName } = trace('fail');
    const payment = byName('authorize_payment');
    expect(payment.status?.code).toBe(STATUS_ERROR);
    expect(payment.status?.message).toBe('payment authorization failed');
    const exception = payment.events?.find((e) => e.name === 'exception');
    expect(exception, 'an exception event on authorize_payment').toBeDefined();
    expect(toRecord(exception?.attributes)).toMatchObject({
      'exception.type': 'PaymentDeclinedError',
      'exception.message': 'demo payment decline',
    });
    expect(root.attrs['http.response.status_code']).toBe(502);
    expect(root.status?.code).toBe(STATUS_ERROR);
    expect(byName('reserve_inventory').status?.code ?? 0).not.toBe(STATUS_ERROR);
    for (const cart of ['normal', 'slow']) expect(trace(cart).root.status?.code ?? 0).not.toBe(STATUS_ERROR);
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
  it('type-checks with its own tsconfig (erasable syntax only, as Node type stripping needs)', () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    const tsc = join(EXAMPLE_DIR, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', EXAMPLE_DIR], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});
