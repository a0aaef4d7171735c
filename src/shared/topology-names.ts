// The simulated checkout system's service and edge names: a leaf module, so schemas
// (which may name only what the sandbox runs) can use them without importing the engine.

export const SERVICE_NAMES = ['api-gateway', 'checkout-api', 'auth-service', 'inventory-api', 'payment-api', 'order-worker'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Edges between our own services; the last one is the message queue. */
export const EDGE_IDS = [
  'api-gateway->checkout-api',
  'checkout-api->auth-service',
  'checkout-api->inventory-api',
  'checkout-api->payment-api',
  'checkout-api->order-worker',
] as const;
export type EdgeId = (typeof EDGE_IDS)[number];
