// The simulated checkout system: which services exist, which edges carry
// trace context between them, and what each service reports as its resource.

export { EDGE_IDS, SERVICE_NAMES, type EdgeId, type ServiceName } from '../shared/topology-names.ts';
import { EDGE_IDS, SERVICE_NAMES, type EdgeId, type ServiceName } from '../shared/topology-names.ts';

/** Calls that leave our system: the bank is an uninstrumented third party. */
export type ExternalEdgeId = 'payment-api->bank-http';
export type ExternalPeer = 'bank-http' | 'postgres';

export interface ServiceInfo {
  readonly name: ServiceName;
  readonly version: string;
  /** Host name other services use to reach it (`server.address` on client spans). */
  readonly host: string;
  readonly port: number;
  readonly description: string;
}

export const SERVICES: Readonly<Record<ServiceName, ServiceInfo>> = {
  'api-gateway': {
    name: 'api-gateway',
    version: '2.4.1',
    host: 'shop.example.com',
    port: 443,
    description: 'Public entry point: terminates TLS and forwards to the checkout API.',
  },
  'checkout-api': {
    name: 'checkout-api',
    version: '1.8.0',
    host: 'checkout-api',
    port: 8080,
    description: 'Orchestrates a checkout: session check, stock reservation, payment, order event.',
  },
  'auth-service': {
    name: 'auth-service',
    version: '3.1.2',
    host: 'auth-service',
    port: 8080,
    description: 'Verifies the customer session.',
  },
  'inventory-api': {
    name: 'inventory-api',
    version: '1.12.3',
    host: 'inventory-api',
    port: 8080,
    description: 'Reserves stock in PostgreSQL.',
  },
  'payment-api': {
    name: 'payment-api',
    version: '2.0.7',
    host: 'payment-api',
    port: 8080,
    description: 'Authorises the payment with an external bank.',
  },
  'order-worker': {
    name: 'order-worker',
    version: '1.3.0',
    host: 'order-worker',
    port: 8080,
    description: 'Consumes order.created messages and stores the order.',
  },
};

export const DEPLOYMENT_ENVIRONMENT = 'production';

export const EDGE_ENDPOINTS: Readonly<Record<EdgeId, { from: ServiceName; to: ServiceName }>> = {
  'api-gateway->checkout-api': { from: 'api-gateway', to: 'checkout-api' },
  'checkout-api->auth-service': { from: 'checkout-api', to: 'auth-service' },
  'checkout-api->inventory-api': { from: 'checkout-api', to: 'inventory-api' },
  'checkout-api->payment-api': { from: 'checkout-api', to: 'payment-api' },
  'checkout-api->order-worker': { from: 'checkout-api', to: 'order-worker' },
};

export function isEdgeId(value: unknown): value is EdgeId {
  return typeof value === 'string' && (EDGE_IDS as readonly string[]).includes(value);
}

export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICE_NAMES as readonly string[]).includes(value);
}
