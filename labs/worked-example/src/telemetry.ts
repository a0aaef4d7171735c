// Starts the OpenTelemetry Node SDK. Load it before the service with
// `node --import ./src/telemetry.ts src/server.ts` so the HTTP module is
// patched before the server imports it.
import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
// OpenTelemetry JS 3.x: one trace SDK package for Node and browsers alike
// (2.x split it into sdk-trace-base, sdk-trace-node and sdk-trace-web).
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

// ES modules are not patched through require(): this loader hook lets the
// HTTP instrumentation wrap `node:http` when server.ts imports it.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

// Console by default, so the first run needs no backend. Setting
// OTEL_EXPORTER_OTLP_ENDPOINT (for example http://localhost:4318) switches to
// OTLP over HTTP; the exporter reads the variable itself and adds /v1/traces.
function chooseSpanProcessor(): SpanProcessor {
  const endpoint =
    process.env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (endpoint) {
    // Processors take an options object in 3.x. A processor made in code reads
    // no OTEL_BSP_* variables: it sends a batch every 5 s unless told otherwise.
    return new BatchSpanProcessor({ exporter: new OTLPTraceExporter() });
  }
  // Print each span as it ends instead of in batches: easier to follow live.
  return new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() });
}

const sdk = new NodeSDK({
  // A fallback name. OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, read by
  // the env detector below, take precedence over it.
  resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'checkout-api' }),
  resourceDetectors: [envDetector],
  spanProcessors: [chooseSpanProcessor()],
  // Traces only: without these two lines the SDK would also start OTLP
  // metrics and logs exporters that send to localhost:4318 by default.
  metricReaders: [],
  logRecordProcessors: [],
  instrumentations: [
    new HttpInstrumentation({
      // Kubernetes probes would otherwise add a trace every few seconds.
      ignoreIncomingRequestHook: (request) => request.url === '/healthz',
    }),
  ],
});

sdk.start();

// Flush spans that are still buffered before the process exits
// (Ctrl+C locally, SIGTERM when Kubernetes stops the pod).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    sdk
      .shutdown()
      .catch((error: unknown) => console.error('telemetry shutdown failed', error))
      .finally(() => process.exit(0));
  });
}
