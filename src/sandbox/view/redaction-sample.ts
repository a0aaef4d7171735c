import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanCollector } from '../collector';
import { SeededIdGenerator } from '../seeded-ids';
import { createServiceTracers } from '../services';
import { DETERMINISTIC_START_MS } from '../time';
import type { ServiceName } from '../topology';

// Sample spans for the redaction lab: one checkout as services write it when
// they capture request headers and put customer details on spans, which is
// what the collector's attributes processor has to clean up.

export const REDACTION_SAMPLE_CARD = '4111 1111 1111 1111';
export const REDACTION_SAMPLE_EMAIL = 'ada.lovelace@example.com';

export function redactionSampleSpans(seed = 11): readonly ReadableSpan[] {
  const collector = new SpanCollector();
  const tracers = createServiceTracers({ processor: collector, idGenerator: new SeededIdGenerator(seed) });
  const t0 = DETERMINISTIC_START_MS;
  const start = (
    service: ServiceName,
    name: string,
    kind: SpanKind,
    at: number,
    attributes: Record<string, string | number | string[]>,
    parent?: Span,
  ) =>
    tracers[service].startSpan(name, { kind, startTime: t0 + at, attributes }, parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT);

  const gateway = start('api-gateway', 'GET /checkout/{cart_id}', SpanKind.SERVER, 0, {
    'http.request.method': 'GET',
    'http.route': '/checkout/{cart_id}',
    'url.path': '/checkout/c-48213',
    'http.request.header.authorization': ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjdXN0LTQ4MjEzIn0.c2lnbmF0dXJl'],
    'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64)',
    'http.response.status_code': 200,
  });
  const checkout = start(
    'checkout-api',
    'GET /checkout/{cart_id}',
    SpanKind.SERVER,
    4,
    {
      'http.request.method': 'GET',
      'http.route': '/checkout/{cart_id}',
      'url.path': '/checkout/c-48213',
      'cart.id': 'c-48213',
      'user.email': REDACTION_SAMPLE_EMAIL,
      'cart.item_count': 3,
      'http.response.status_code': 200,
    },
    gateway,
  );
  const payment = start(
    'payment-api',
    'POST /payments',
    SpanKind.SERVER,
    20,
    {
      'http.request.method': 'POST',
      'http.route': '/payments',
      'payment.amount': 42.5,
      'payment.currency': 'USD',
      'payment.card_number': REDACTION_SAMPLE_CARD,
      'http.response.status_code': 200,
    },
    checkout,
  );
  const bank = start(
    'payment-api',
    'POST /v1/authorizations',
    SpanKind.CLIENT,
    22,
    {
      'http.request.method': 'POST',
      'server.address': 'bank.example',
      'url.full': 'https://bank.example/v1/authorizations',
      'http.request.header.authorization': ['Basic cGF5bWVudC1hcGk6czNjcmV0'],
      'http.response.status_code': 200,
    },
    payment,
  );
  bank.end(t0 + 60);
  payment.end(t0 + 64);
  checkout.end(t0 + 70);
  gateway.end(t0 + 74);
  return collector.spans;
}
