// The in-browser sandbox says it mirrors the worked example. This test holds
// it to that: it runs the real worked-example service (labs/worked-example)
// and the sandbox engine for the carts normal, slow and fail, reads both
// through the same OTLP/JSON, and checks that each keeps one written-down
// contract and that the two agree with each other. The contract is spelled
// out literally below, not taken from either implementation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOtlpJson } from '../../../src/sandbox/otlp-json';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import {
  type ExportedSpan,
  flatten,
  INSTALL_HINT,
  installed,
  OTLP_KIND,
  OTLP_STATUS,
  otlpEnv,
  type OtlpRequest,
  type Receiver,
  type RunningService,
  startReceiver,
  startService,
  stop,
  toRecord,
} from './worked-example-harness';

const CARTS = ['normal', 'slow', 'fail'] as const;
type Cart = (typeof CARTS)[number];
const SANDBOX_SEEDS = [1, 2, 3, 42, 2024];

/** Stands for "the cart id of this request", whatever the id (the worked example's is the cart name). */
const THE_CART_ID = '<cart id from the request path>';

type Band = 'fast (under 300 ms)' | 'slow (450 ms or more)' | 'in between';
const FAST: Band = 'fast (under 300 ms)';
const SLOW: Band = 'slow (450 ms or more)';
const band = (ms: number): Band => (ms < 300 ? FAST : ms >= 450 ? SLOW : 'in between');

interface StatusView {
  code: 'UNSET' | 'OK' | 'ERROR';
  message: string;
}
interface BusinessSpanView {
  kind: string;
  attributes: Record<string, unknown>;
  status: StatusView;
  exception: { type: unknown; message: unknown } | null;
  duration: Band;
}
interface CheckoutView {
  /** What the customer got back. */
  customerStatus: number;
  server: { name: string; kind: string; attributes: Record<string, unknown>; status: StatusView; duration: Band };
  reserve_inventory: BusinessSpanView;
  authorize_payment: BusinessSpanView;
  /** How the two business steps sit in time. */
  steps: { startTogether: boolean; overlap: boolean; firstToEnd: string };
}

const UNSET: StatusView = { code: 'UNSET', message: '' };
const ROUTE = '/checkout/{cart_id}';
const SERVER_NAME = `GET ${ROUTE}`;
const PARALLEL = { startTogether: true, overlap: true, firstToEnd: 'reserve_inventory' };

const reserveInventory: BusinessSpanView = {
  kind: 'INTERNAL',
  attributes: { 'cart.id': THE_CART_ID, 'inventory.system': 'demo-postgres' },
  status: UNSET,
  exception: null,
  duration: FAST,
};
const PAYMENT = { 'payment.provider': 'demo-bank', 'payment.currency': 'USD' };

/** The one truth both systems must tell. */
const CONTRACT: Record<Cart, CheckoutView> = {
  normal: {
    customerStatus: 200,
    server: {
      name: SERVER_NAME,
      kind: 'SERVER',
      attributes: { 'http.request.method': 'GET', 'http.route': ROUTE, 'http.response.status_code': 200, 'url.scheme': 'http' },
      status: UNSET,
      duration: FAST,
    },
    reserve_inventory: reserveInventory,
    authorize_payment: { kind: 'INTERNAL', attributes: PAYMENT, status: UNSET, exception: null, duration: FAST },
    steps: PARALLEL,
  },
  slow: {
    customerStatus: 200,
    server: {
      name: SERVER_NAME,
      kind: 'SERVER',
      attributes: { 'http.request.method': 'GET', 'http.route': ROUTE, 'http.response.status_code': 200, 'url.scheme': 'http' },
      status: UNSET,
      duration: SLOW,
    },
    reserve_inventory: reserveInventory,
    authorize_payment: {
      kind: 'INTERNAL',
      attributes: { ...PAYMENT, 'payment.slow_path': true },
      status: UNSET,
      exception: null,
      duration: SLOW,
    },
    steps: PARALLEL,
  },
  fail: {
    customerStatus: 502,
    server: {
      name: SERVER_NAME,
      kind: 'SERVER',
      attributes: {
        'http.request.method': 'GET',
        'http.route': ROUTE,
        'http.response.status_code': 502,
        'url.scheme': 'http',
        'error.type': '502',
      },
      // HTTP instrumentation marks a 5xx server span ERROR without a message.
      status: { code: 'ERROR', message: '' },
      duration: FAST,
    },
    reserve_inventory: reserveInventory,
    authorize_payment: {
      kind: 'INTERNAL',
      attributes: PAYMENT,
      status: { code: 'ERROR', message: 'payment authorization failed' },
      exception: { type: 'PaymentDeclinedError', message: 'demo payment decline' },
      duration: FAST,
    },
    steps: PARALLEL,
  },
};

/** Server span attributes the contract covers; each system adds others of its own (addresses, ports). */
const SERVER_KEYS = ['http.request.method', 'http.route', 'http.response.status_code', 'url.scheme', 'error.type'];

const KIND_NAMES = Object.fromEntries(Object.entries(OTLP_KIND).map(([name, value]) => [value, name]));
const STATUS_NAMES = Object.fromEntries(Object.entries(OTLP_STATUS).map(([name, value]) => [value, name])) as Record<
  number,
  StatusView['code']
>;

const statusOf = (span: ExportedSpan): StatusView => ({
  code: STATUS_NAMES[span.status?.code ?? 0]!,
  message: span.status?.message ?? '',
});

function exceptionOf(span: ExportedSpan): BusinessSpanView['exception'] {
  const events = (span.events ?? []).filter((e) => e.name === 'exception');
  if (events.length === 0) return null;
  expect(events, `${span.name}: one exception event`).toHaveLength(1);
  const attributes = toRecord(events[0]!.attributes);
  return { type: attributes['exception.type'], message: attributes['exception.message'] };
}

interface Observed {
  view: CheckoutView;
  /** service.name of each span the contract covers: where the two systems differ on purpose. */
  services: { server: unknown; reserve_inventory: unknown; authorize_payment: unknown };
  /** Every service in the trace. */
  allServices: string[];
}

/** Reads one checkout out of exported spans: the checkout-api server span, its two business spans, their timing. */
function observe(spans: ExportedSpan[], server: ExportedSpan, customerStatus: number): Observed {
  const trace = spans.filter((s) => s.traceId === server.traceId);
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const below = (span: ExportedSpan): boolean => {
    for (let at = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
      if (at.spanId === server.spanId) return true;
    }
    return false;
  };
  const cartId = /^\/checkout\/([^/]+)$/.exec(String(server.attrs['url.path']))?.[1];
  expect(cartId, 'the server span has the cart path').toBeDefined();
  const business = (name: string): [BusinessSpanView, ExportedSpan] => {
    const found = trace.filter((s) => s.name === name);
    expect(found, `one ${name} span in the trace`).toHaveLength(1);
    const span = found[0]!;
    expect(below(span), `${name} sits below the checkout-api server span`).toBe(true);
    const attributes = { ...span.attrs };
    if ('cart.id' in attributes) {
      expect(attributes['cart.id'], `${name}: cart.id is the cart in the request path`).toBe(cartId);
      attributes['cart.id'] = THE_CART_ID;
    }
    return [
      { kind: KIND_NAMES[span.kind]!, attributes, status: statusOf(span), exception: exceptionOf(span), duration: band(span.durationMs) },
      span,
    ];
  };
  const [reserveView, reserve] = business('reserve_inventory');
  const [authorizeView, authorize] = business('authorize_payment');
  const serverAttributes = Object.fromEntries(SERVER_KEYS.filter((k) => k in server.attrs).map((k) => [k, server.attrs[k]]));
  return {
    view: {
      customerStatus,
      server: {
        name: server.name,
        kind: KIND_NAMES[server.kind]!,
        attributes: serverAttributes,
        status: statusOf(server),
        duration: band(server.durationMs),
      },
      reserve_inventory: reserveView,
      authorize_payment: authorizeView,
      steps: {
        startTogether: Math.abs(reserve.startMs - authorize.startMs) < 10,
        overlap: reserve.startMs < authorize.endMs && authorize.startMs < reserve.endMs,
        firstToEnd: reserve.endMs <= authorize.endMs ? 'reserve_inventory' : 'authorize_payment',
      },
    },
    services: {
      server: server.resource['service.name'],
      reserve_inventory: reserve.resource['service.name'],
      authorize_payment: authorize.resource['service.name'],
    },
    allServices: [...new Set(trace.map((s) => String(s.resource['service.name'])))].sort(),
  };
}

const isCheckoutServer = (s: ExportedSpan) =>
  s.kind === OTLP_KIND.SERVER && s.name === SERVER_NAME && s.resource['service.name'] === 'checkout-api';

async function observeSandbox(cart: Cart, seed: number): Promise<Observed> {
  const run = await runCheckout({ cart, seed });
  const spans = flatten([JSON.parse(toOtlpJson(run.spans)) as OtlpRequest]);
  const servers = spans.filter(isCheckoutServer);
  expect(servers, 'one checkout-api server span').toHaveLength(1);
  return observe(spans, servers[0]!, run.statusCode);
}

describe('the sandbox mirrors the worked example', () => {
  let receiver: Receiver;
  let service: RunningService | undefined;
  const worked = {} as Record<Cart, Observed>;

  beforeAll(async () => {
    expect(installed, `labs/worked-example has no node_modules: ${INSTALL_HINT}`).toBe(true);
    receiver = await startReceiver();
    service = await startService(otlpEnv(receiver, { OTEL_SERVICE_NAME: 'checkout-api' }));
    const statuses = {} as Record<Cart, number>;
    for (const cart of CARTS) {
      const response = await fetch(`${service.baseUrl}/checkout/${cart}`);
      statuses[cart] = response.status;
      await response.arrayBuffer();
    }
    // SIGTERM flushes the batch processor, so every span has arrived once it exits.
    await stop(service.child);
    const spans = flatten(receiver.received);
    for (const cart of CARTS) {
      const servers = spans.filter((s) => isCheckoutServer(s) && s.attrs['url.path'] === `/checkout/${cart}`);
      expect(servers, `${cart}: one server span`).toHaveLength(1);
      worked[cart] = observe(spans, servers[0]!, statuses[cart]);
    }
  }, 30_000);

  afterAll(async () => {
    await stop(service?.child);
    receiver?.server.close();
  });

  for (const cart of CARTS) {
    it(`${cart} cart: the worked example keeps the contract`, () => {
      expect(worked[cart].view).toEqual(CONTRACT[cart]);
    });

    it(`${cart} cart: the sandbox keeps the contract, whatever the seed`, async () => {
      for (const seed of SANDBOX_SEEDS) {
        const sandbox = await observeSandbox(cart, seed);
        expect(sandbox.view, `seed ${seed}`).toEqual(CONTRACT[cart]);
      }
    });

    it(`${cart} cart: the two agree span for span`, async () => {
      const sandbox = await observeSandbox(cart, SANDBOX_SEEDS[0]!);
      expect(sandbox.view).toEqual(worked[cart].view);
    });
  }

  it('the worked example uses the cart name as the cart id, the sandbox a generated one', async () => {
    for (const cart of CARTS) {
      const server = flatten(receiver.received).find((s) => isCheckoutServer(s) && s.attrs['url.path'] === `/checkout/${cart}`);
      expect(server?.attrs['url.path']).toBe(`/checkout/${cart}`);
    }
    const sandbox = await runCheckout({ cart: 'normal', seed: 1 });
    const spans = flatten([JSON.parse(toOtlpJson(sandbox.spans)) as OtlpRequest]);
    expect(spans.find(isCheckoutServer)?.attrs['url.path']).toMatch(/^\/checkout\/c-\d{4}$/);
  });

  it('differs where the lessons say: the sandbox runs the two steps in services of their own', async () => {
    // The worked example is one service; the business spans are its own.
    expect(worked.normal.services).toEqual({
      server: 'checkout-api',
      reserve_inventory: 'checkout-api',
      authorize_payment: 'checkout-api',
    });
    expect(worked.normal.allServices).toEqual(['checkout-api']);
    // The sandbox reaches them over HTTP and adds the services around them.
    const sandbox = await observeSandbox('normal', 1);
    expect(sandbox.services).toEqual({
      server: 'checkout-api',
      reserve_inventory: 'inventory-api',
      authorize_payment: 'payment-api',
    });
    expect(sandbox.allServices).toEqual(['api-gateway', 'auth-service', 'checkout-api', 'inventory-api', 'order-worker', 'payment-api']);
  });
});
