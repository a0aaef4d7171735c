// checkout-api: one route, GET /checkout/{cart_id}. The HTTP server span comes
// from the automatic instrumentation; the two business steps get manual spans
// and run at the same time. Cart ids `slow` and `fail` misbehave on purpose so
// the traces have a story. The course's in-browser sandbox makes the same two
// spans, with the same attributes and the same failures.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';

const tracer = trace.getTracer('checkout-api', '1.0.0');
const ROUTE = '/checkout/{cart_id}';
const PORT = Number(process.env['PORT'] ?? 8080);
const HOST = process.env['HOST'] ?? '0.0.0.0';

class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

async function reserveInventory(cartId: string): Promise<void> {
  await tracer.startActiveSpan('reserve_inventory', async (span: Span) => {
    try {
      span.setAttribute('cart.id', cartId);
      span.setAttribute('inventory.system', 'demo-postgres');
      await sleep(50);
    } finally {
      // A span that never ends is never exported.
      span.end();
    }
  });
}

async function authorizePayment(cartId: string): Promise<void> {
  await tracer.startActiveSpan('authorize_payment', async (span: Span) => {
    span.setAttribute('payment.provider', 'demo-bank');
    span.setAttribute('payment.currency', 'USD');
    try {
      if (cartId === 'slow') {
        span.setAttribute('payment.slow_path', true);
        await sleep(520);
      } else {
        await sleep(80);
      }
      if (cartId === 'fail') {
        throw new PaymentDeclinedError('demo payment decline');
      }
    } catch (error) {
      // A log line alone would hide this from trace search: mark the span.
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'payment authorization failed' });
      throw error;
    } finally {
      span.end();
    }
  });
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  if (pathname === '/healthz') {
    sendJson(response, 200, { status: 'ok' });
    return;
  }
  const match = /^\/checkout\/([^/]+)$/.exec(pathname);
  if (request.method !== 'GET' || !match?.[1]) {
    sendJson(response, 404, { error: 'not found', try: '/checkout/normal' });
    return;
  }
  const cartId = decodeURIComponent(match[1]);

  // Name the server span after the route template, not the raw path, so all
  // carts share one span name (low cardinality) and the id stays an attribute.
  const serverSpan = trace.getActiveSpan();
  serverSpan?.setAttribute(ATTR_HTTP_ROUTE, ROUTE);
  serverSpan?.updateName(`GET ${ROUTE}`);

  try {
    // The two steps do not depend on each other, so they run in parallel and
    // the customer waits only for the slower one. Both spans are children of
    // the server span: each startActiveSpan reads the context active here.
    await Promise.all([reserveInventory(cartId), authorizePayment(cartId)]);
  } catch {
    // 502: the checkout failed because a dependency, the bank, refused.
    sendJson(response, 502, { cart_id: cartId, error: 'payment authorization failed' });
    return;
  }
  sendJson(response, 200, { cart_id: cartId, status: 'confirmed' });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    sendJson(response, 500, { error: 'internal error' });
  });
});

server.listen(PORT, HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : PORT;
  console.log(`checkout-api listening on http://${HOST}:${port}`);
});
