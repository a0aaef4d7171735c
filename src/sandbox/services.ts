import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { IdGenerator, Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { DEPLOYMENT_ENVIRONMENT, SERVICE_NAMES, SERVICES, type ServiceName } from './topology';

export type ServiceTracers = Readonly<Record<ServiceName, Tracer>>;

export interface ServiceTracerOptions {
  processor: SpanProcessor;
  idGenerator: IdGenerator;
  /** Per-service samplers (head sampling); the SDK default is parent-based always-on. */
  samplers?: Partial<Record<ServiceName, Sampler>>;
  environment?: string;
}

/** The resource a service reports: who made the span, in which version and environment. */
export function serviceResourceAttributes(service: ServiceName, environment = DEPLOYMENT_ENVIRONMENT) {
  return {
    'service.name': service,
    'service.version': SERVICES[service].version,
    'deployment.environment.name': environment,
  };
}

/**
 * One WebTracerProvider per simulated service, each with its own resource,
 * all feeding the same processor. Nothing is registered globally: several
 * sandboxes can share a page, and spans get their parent context explicitly.
 */
export function createServiceTracers(options: ServiceTracerOptions): ServiceTracers {
  const entries = SERVICE_NAMES.map((service) => {
    const sampler = options.samplers?.[service];
    const provider = new WebTracerProvider({
      resource: resourceFromAttributes(serviceResourceAttributes(service, options.environment)),
      spanProcessors: [options.processor],
      idGenerator: options.idGenerator,
      ...(sampler ? { sampler } : {}),
    });
    return [service, provider.getTracer(`checkout-sandbox/${service}`, SERVICES[service].version)] as const;
  });
  return Object.fromEntries(entries) as Record<ServiceName, Tracer>;
}
