import { type Context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  consume,
  dbQuery,
  endSpan,
  externalHttpCall,
  type FlowEnv,
  httpCall,
  httpServer,
  log,
  networkHop,
  sendMessage,
  startSpan,
} from './network';
import { all, detach, NOW, type Sim, wait } from './sim';
import { microsToHrTime } from './time';

// What each simulated service does for a request, with realistic timings
// (microseconds, jittered by the seeded random source).
//
// The checkout mirrors the worked example (labs/worked-example/src/server.ts):
// the same two business spans, `reserve_inventory` and `authorize_payment`,
// started together and running in parallel, with the same attributes, the
// same timings (about 50 ms and 80 ms; about half a second for the slow
// cart) and the same failure. Here they live in inventory-api and payment-api
// behind HTTP calls; the worked example runs them inside checkout-api.
// test/integration/labs/sandbox-mirrors-worked-example.test.ts holds the two together.

export type BankOutcome = 'ok' | 'slow' | 'fail' | 'fallback-unset' | 'fallback-error';

export interface CheckoutPlan {
  bank: BankOutcome;
  /** checkout-api spends a long stretch in code that makes no spans. */
  uninstrumentedGap: boolean;
  cartId: string;
  customerId: string;
  itemCount: number;
}

const BANK_HOST = 'api.bank.example';

const ms = (value: number): number => value * 1000;

function exceptionWithStack(name: string, message: string, frames: string[]) {
  return { name, message, stack: [`${name}: ${message}`, ...frames.map((f) => `    at ${f}`)].join('\n') };
}

/** The attributes both systems put on `authorize_payment` (the slow cart adds `payment.slow_path`). */
const PAYMENT_ATTRIBUTES = { 'payment.provider': 'demo-bank', 'payment.currency': 'USD' } as const;
/** The attribute both systems put on `reserve_inventory`, besides `cart.id`. */
const INVENTORY_SYSTEM = 'demo-postgres';

/** payment-api: authorise with the bank, inside a manual `authorize_payment` span. */
function paymentHandler(env: FlowEnv, plan: CheckoutPlan) {
  return function* (ctx: Context): Sim<number> {
    yield wait(env.random.between(400, 1200));
    const authorize = startSpan(env, 'payment-api', 'authorize_payment', SpanKind.INTERNAL, yield NOW, ctx, {
      ...PAYMENT_ATTRIBUTES,
      ...(plan.bank === 'slow' ? { 'payment.slow_path': true } : {}),
    });
    const authCtx = trace.setSpan(ctx, authorize);
    yield wait(env.random.between(200, 500));
    const fallback = plan.bank === 'fallback-unset' || plan.bank === 'fallback-error';
    const bankStart = yield NOW;
    const bankStatus = yield* externalHttpCall(
      env,
      'payment-api',
      'bank-http',
      authCtx,
      { method: 'POST', route: '/v1/authorizations', path: '/v1/authorizations', host: BANK_HOST },
      function* () {
        // Slow: about half a second. Otherwise about 80 ms, a decline included.
        const latency = plan.bank === 'slow' ? env.random.between(ms(470), ms(540)) : env.random.between(ms(72), ms(82));
        yield wait(latency);
        // A decline is 402 Payment Required. In the fallback cases the bank
        // answers 200 with a body saying the issuer is unavailable.
        return plan.bank === 'fail' ? 402 : 200;
      },
    );
    yield wait(env.random.between(200, 600));
    const at = yield NOW;
    let status = 201;
    if (plan.bank === 'fail') {
      // The worked example's failure, word for word: the exception as thrown,
      // the span status as the code sets it.
      const error = exceptionWithStack('PaymentDeclinedError', 'demo payment decline', [
        'BankClient.authorize (/app/src/bank-client.ts:48:13)',
        'PaymentService.authorize (/app/src/payment-service.ts:31:22)',
        'async POST /payments (/app/src/routes/payments.ts:17:5)',
      ]);
      authorize.recordException(error, microsToHrTime(at));
      authorize.setStatus({ code: SpanStatusCode.ERROR, message: 'payment authorization failed' });
      log(env, at, 'ERROR', 'payment-api', authorize, 'payment authorization failed', {
        'exception.type': error.name,
        'http.response.status_code': bankStatus,
        'cart.id': plan.cartId,
      });
      status = 502;
    } else if (fallback) {
      // Issuer unavailable: accept the order and authorise later.
      log(env, at, 'WARN', 'payment-api', authorize, 'issuer unavailable, deferring authorization', {
        'payment.result': 'issuer_unavailable',
        'cart.id': plan.cartId,
      });
      if (plan.bank === 'fallback-error') {
        const error = exceptionWithStack('IssuerUnavailableError', 'issuer unavailable; authorization deferred', [
          'PaymentService.authorize (/app/src/payment-service.ts:38:15)',
          'async POST /payments (/app/src/routes/payments.ts:17:5)',
        ]);
        authorize.recordException(error, microsToHrTime(at));
        authorize.setAttribute('payment.fallback', true);
        authorize.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      }
      status = 202;
    } else {
      if (plan.bank === 'slow') {
        log(env, at, 'WARN', 'payment-api', authorize, 'bank authorization was slow', {
          duration_ms: Math.round((at - bankStart) / 1000),
          'cart.id': plan.cartId,
        });
      }
    }
    endSpan(authorize, at);
    yield wait(env.random.between(200, 500));
    return status;
  };
}

/** inventory-api: reserve stock in PostgreSQL inside a manual `reserve_inventory` span. */
function inventoryHandler(env: FlowEnv, plan: CheckoutPlan) {
  return function* (ctx: Context): Sim<number> {
    yield wait(env.random.between(300, 900));
    const reserve = startSpan(env, 'inventory-api', 'reserve_inventory', SpanKind.INTERNAL, yield NOW, ctx, {
      'cart.id': plan.cartId,
      'inventory.system': INVENTORY_SYSTEM,
    });
    yield wait(env.random.between(100, 300));
    yield* dbQuery(
      env,
      'inventory-api',
      trace.setSpan(ctx, reserve),
      {
        operation: 'UPDATE',
        table: 'stock',
        text: 'UPDATE stock SET reserved = reserved + $1 WHERE sku = $2 AND available >= $1',
      },
      env.random.between(ms(44), ms(49)),
    );
    yield wait(env.random.between(100, 300));
    endSpan(reserve, yield NOW);
    yield wait(env.random.between(200, 500));
    return 201;
  };
}

function authHandler(env: FlowEnv) {
  return function* (): Sim<number> {
    yield wait(env.random.between(ms(4), ms(9)));
    return 200;
  };
}

/** order-worker: store the order the message describes. */
function orderWorker(env: FlowEnv) {
  return function* (ctx: Context, span: Span): Sim<void> {
    yield wait(env.random.between(500, 1500));
    yield* dbQuery(
      env,
      'order-worker',
      ctx,
      {
        operation: 'INSERT',
        table: 'orders',
        text: 'INSERT INTO orders (id, cart_id, customer_id, status) VALUES ($1, $2, $3, $4)',
      },
      env.random.between(ms(3), ms(6)),
    );
    yield wait(env.random.between(300, 800));
    log(env, yield NOW, 'INFO', 'order-worker', span, 'order stored');
  };
}

/** checkout-api: verify the session, then reserve stock and authorise payment in parallel, then send the order event. */
function checkoutHandler(env: FlowEnv, plan: CheckoutPlan) {
  return function* (ctx: Context, server: Span): Sim<number> {
    if (env.highCardinality) {
      server.setAttribute('customer.id', plan.customerId);
      server.setAttribute('cart.id', plan.cartId);
    }
    yield wait(env.random.between(500, 1500));
    yield* httpCall(
      env,
      'checkout-api',
      'auth-service',
      ctx,
      { method: 'POST', route: '/auth/verify', path: '/auth/verify' },
      authHandler(env),
    );
    if (plan.uninstrumentedGap) {
      // Prices come from a library that makes no spans: time passes with nothing to show for it.
      const gap = env.random.between(ms(270), ms(320));
      yield wait(gap);
      log(env, yield NOW, 'INFO', 'checkout-api', server, 'pricing rules applied', {
        duration_ms: Math.round(gap / 1000),
        'cart.id': plan.cartId,
      });
    }
    yield wait(env.random.between(200, 600));
    let inventory = 0;
    let payment = 0;
    yield all(
      (function* () {
        inventory = yield* httpCall(
          env,
          'checkout-api',
          'inventory-api',
          ctx,
          { method: 'POST', route: '/reservations', path: '/reservations' },
          inventoryHandler(env, plan),
        );
      })(),
      (function* () {
        payment = yield* httpCall(
          env,
          'checkout-api',
          'payment-api',
          ctx,
          { method: 'POST', route: '/payments', path: '/payments' },
          paymentHandler(env, plan),
        );
      })(),
    );
    yield wait(env.random.between(200, 600));
    if (payment >= 500 || inventory >= 500) {
      log(env, yield NOW, 'ERROR', 'checkout-api', server, 'checkout failed: payment was not authorized', {
        'cart.id': plan.cartId,
        'payment.status_code': payment,
      });
      return 502;
    }
    const orderId = `ord-${plan.cartId.slice(2)}`;
    const message = yield* sendMessage(env, 'checkout-api', 'order-worker', ctx, `msg-${orderId}`, {
      order_id: orderId,
      cart_id: plan.cartId,
      item_count: plan.itemCount,
    });
    yield detach(
      (function* () {
        yield wait(env.random.between(ms(3), ms(12))); // time in the queue
        yield* consume(env, 'order-worker', message, orderWorker(env));
      })(),
    );
    yield wait(env.random.between(300, 800));
    log(env, yield NOW, 'INFO', 'checkout-api', server, 'checkout completed', {
      'cart.id': plan.cartId,
      'order.id': orderId,
    });
    return 200;
  };
}

/** The public request `GET /checkout/{cart_id}` as it reaches the gateway. */
export function* checkoutRequest(env: FlowEnv, plan: CheckoutPlan): Sim<number> {
  const path = `/checkout/${plan.cartId}`;
  const req = { method: 'GET', route: '/checkout/{cart_id}', path };
  return yield* gatewayRequest(env, req, (ctx) => httpCall(env, 'api-gateway', 'checkout-api', ctx, req, checkoutHandler(env, plan)));
}

/** The gateway's own server span around forwarding, plus its access log line. */
function* gatewayRequest(
  env: FlowEnv,
  req: { method: string; route: string; path: string },
  forward: (ctx: Context) => Sim<number>,
): Sim<number> {
  return yield* httpServer(env, 'api-gateway', {}, req, 'https', function* (ctx, span) {
    env.lastTraceId = span.spanContext().traceId;
    const start = yield NOW;
    yield wait(env.random.between(500, 1500));
    const status = yield* forward(ctx);
    const end = yield wait(env.random.between(200, 500));
    log(env, end, status >= 500 ? 'ERROR' : 'INFO', 'api-gateway', span, `${req.method} ${req.path} ${status}`, {
      'http.route': req.route,
      'http.response.status_code': status,
      duration_ms: Math.round((end - start) / 100) / 10,
    });
    return status;
  });
}

export interface LookupPlan {
  slow: boolean;
  fail: boolean;
  id: string;
}

/** `GET /payments/{payment_id}`: the gateway asks payment-api, which asks the bank. */
export function* paymentStatusRequest(env: FlowEnv, plan: LookupPlan): Sim<number> {
  const req = { method: 'GET', route: '/payments/{payment_id}', path: `/payments/${plan.id}` };
  return yield* gatewayRequest(env, req, (ctx) =>
    httpCall(env, 'api-gateway', 'payment-api', ctx, req, function* (serverCtx, server) {
      yield wait(env.random.between(300, 900));
      const bankStatus = yield* externalHttpCall(
        env,
        'payment-api',
        'bank-http',
        serverCtx,
        {
          method: 'GET',
          route: '/v1/authorizations/{authorization_id}',
          path: `/v1/authorizations/auth-${plan.id.slice(4)}`,
          host: BANK_HOST,
        },
        function* () {
          yield wait(plan.slow ? env.random.between(ms(400), ms(700)) : env.random.between(ms(20), ms(45)));
          return plan.fail ? 503 : 200;
        },
      );
      yield wait(env.random.between(200, 500));
      if (bankStatus >= 500) {
        log(env, yield NOW, 'ERROR', 'payment-api', server, 'bank status lookup failed', {
          'http.response.status_code': bankStatus,
          'payment.id': plan.id,
        });
        return 502;
      }
      return 200;
    }),
  );
}

/** `GET /products/{product_id}`: the gateway asks inventory-api, which queries PostgreSQL. */
export function* browseRequest(env: FlowEnv, plan: LookupPlan): Sim<number> {
  const req = { method: 'GET', route: '/products/{product_id}', path: `/products/${plan.id}` };
  return yield* gatewayRequest(env, req, (ctx) =>
    httpCall(env, 'api-gateway', 'inventory-api', ctx, req, function* (serverCtx, server) {
      yield wait(env.random.between(300, 900));
      const failure = plan.fail ? { type: 'QueryCanceledError', message: 'canceling statement due to statement timeout' } : undefined;
      const ok = yield* dbQuery(
        env,
        'inventory-api',
        serverCtx,
        {
          operation: 'SELECT',
          table: 'products',
          text: 'SELECT id, name, price, available FROM products WHERE id = $1',
        },
        plan.slow || plan.fail ? env.random.between(ms(300), ms(600)) : env.random.between(ms(2), ms(8)),
        failure,
      );
      yield networkHop(env);
      if (!ok) {
        log(env, yield NOW, 'ERROR', 'inventory-api', server, 'product query failed', {
          'exception.type': failure?.type ?? 'Error',
          'product.id': plan.id,
        });
        return 500;
      }
      return 200;
    }),
  );
}
