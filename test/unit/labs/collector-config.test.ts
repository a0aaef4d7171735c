// The collector-style configurations inside the lab's ConfigMaps (Jaeger v2 and
// the OpenTelemetry Collector): pipelines that the binaries would accept, the
// processing order the lab teaches, and CORS that lets the course site export.
import { describe, expect, it } from 'vitest';
import { runCheckout } from '../../../src/sandbox/run-checkout';
import { parseTailSamplingYaml, simulateTailSampling } from '../../../src/sandbox/tail-sampling/simulate';
import {
  collectorConfig,
  COLLECTOR_CONFIGS,
  loadManifests,
  ofKind,
  type ConfigMap,
  type CollectorConfig,
  type Deployment,
} from './lab-files.ts';

const docs = loadManifests();
const collector = collectorConfig(docs, 'otel-collector-config');
const jaeger = collectorConfig(docs, 'jaeger-config');
const collectorYaml = ofKind<ConfigMap>(docs, 'ConfigMap').find((d) => d.object.metadata.name === 'otel-collector-config')!
  .object.data['config.yaml']!;

const SECTIONS = ['receivers', 'processors', 'exporters'] as const;

function used(config: CollectorConfig, section: (typeof SECTIONS)[number]): Set<string> {
  return new Set(Object.values(config.service.pipelines).flatMap((p) => p[section] ?? []));
}

describe.each(COLLECTOR_CONFIGS.map((name) => [name] as const))('%s', (name) => {
  const config = collectorConfig(docs, name);

  it('has at least one traces pipeline', () => {
    expect(Object.keys(config.service.pipelines).some((id) => id === 'traces' || id.startsWith('traces/'))).toBe(true);
  });

  it.each(SECTIONS.map((s) => [s] as const))('references only %s that are defined', (section) => {
    const defined = new Set(Object.keys(config[section] ?? {}));
    for (const [pipeline, spec] of Object.entries(config.service.pipelines)) {
      for (const id of spec[section] ?? []) {
        expect(defined, `pipeline ${pipeline} uses ${section.slice(0, -1)} ${id}`).toContain(id);
      }
    }
  });

  it.each(SECTIONS.map((s) => [s] as const))('defines no %s that no pipeline uses (a typo would hide there)', (section) => {
    expect(Object.keys(config[section] ?? {}).filter((id) => !used(config, section).has(id))).toEqual([]);
  });

  it('enables only extensions it defines, and defines none it leaves off', () => {
    const enabled = config.service.extensions ?? [];
    expect(new Set(enabled)).toEqual(new Set(Object.keys(config.extensions ?? {})));
  });

  it('listens on all interfaces, as a pod must (the collector defaults to localhost)', () => {
    const otlp = config.receivers?.['otlp'] as { protocols: Record<string, { endpoint: string }> };
    expect(otlp.protocols['grpc']?.endpoint).toBe('0.0.0.0:4317');
    expect(otlp.protocols['http']?.endpoint).toBe('0.0.0.0:4318');
  });
});

describe('the OpenTelemetry Collector pipeline', () => {
  const processors = collector.service.pipelines['traces']!.processors!;

  it('protects memory first, and batches in the exporter, not with the older batch processor', () => {
    expect(processors[0]).toBe('memory_limiter');
    expect(processors).not.toContain('batch');
    expect(collector.processors).not.toHaveProperty('batch');
    expect(collector.exporters!['otlp_grpc/jaeger']).toMatchObject({ sending_queue: { batch: { flush_timeout: '2s', min_size: 512 } } });
  });

  it('adds Kubernetes attributes before tail sampling regroups the spans', () => {
    expect(processors.indexOf('k8s_attributes')).toBeGreaterThanOrEqual(0);
    expect(processors.indexOf('k8s_attributes')).toBeLessThan(processors.indexOf('tail_sampling'));
  });

  it('masks the customer id and credentials with the redaction processor before deciding and exporting', () => {
    expect(processors.indexOf('redaction/customer')).toBeGreaterThan(0);
    expect(processors.indexOf('redaction/customer')).toBeLessThan(processors.indexOf('tail_sampling'));
    expect(collector.processors!['redaction/customer']).toEqual({
      allow_all_keys: true,
      redact_all_types: true,
      blocked_key_patterns: ['^customer_id$', '^http\\.request\\.header\\.(authorization|cookie)$'],
      blocked_values: ['customer(_id)?=[0-9]+'],
      summary: 'debug',
    });
  });

  it('uses the current exporter name and sends to Jaeger over OTLP/gRPC', () => {
    expect(Object.keys(collector.exporters!)).toEqual(['otlp_grpc/jaeger']);
    expect(collector.exporters!['otlp_grpc/jaeger']).toMatchObject({
      endpoint: 'jaeger.tracing.svc.cluster.local:4317',
      tls: { insecure: true },
    });
  });

  it('runs a single collector replica, as tail sampling needs every span of a trace in one place', () => {
    const deployment = ofKind<Deployment>(docs, 'Deployment').find((d) => d.object.metadata.name === 'otel-collector')!;
    expect((deployment.object.spec as unknown as { replicas: number }).replicas).toBe(1);
  });
});

describe('the tail_sampling policy', () => {
  const parsed = parseTailSamplingYaml(collectorYaml);

  it('is accepted by the course sampling simulator', () => {
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.message)).toEqual([]);
  });

  it('keeps errors, slow traces and the dispatch route, and samples the rest', () => {
    if (!parsed.ok) throw new Error('tail_sampling did not parse');
    const summary = parsed.config.policies.map((p) => ({ name: p.name, type: p.type }));
    expect(summary).toEqual([
      { name: 'keep-errors', type: 'status_code' },
      { name: 'keep-slow-traces', type: 'latency' },
      { name: 'keep-dispatch-route', type: 'string_attribute' },
      { name: 'sample-the-rest', type: 'probabilistic' },
    ]);
    expect(collectorYaml).toMatch(/status_codes: \[ERROR\]/);
    expect(collectorYaml).toMatch(/key: http\.route\s+values: \[\/dispatch\]/);
  });

  it('keeps the worked example slow and failing checkouts and samples a share of normal ones', async () => {
    if (!parsed.ok) throw new Error('tail_sampling did not parse');
    const runs = await Promise.all([
      runCheckout({ cart: 'fail', seed: 1 }),
      runCheckout({ cart: 'slow', seed: 2 }),
      ...Array.from({ length: 200 }, (_, i) => runCheckout({ cart: 'normal', seed: 100 + i })),
    ]);
    const result = simulateTailSampling(
      parsed.config,
      runs.flatMap((r) => r.spans),
    );
    const outcome = (run: (typeof runs)[number]) =>
      result.traces.find((t) => t.traceId === run.spans[0]!.spanContext().traceId)!;
    expect(outcome(runs[0]!)).toMatchObject({ outcome: 'sampled', hasError: true });
    expect(outcome(runs[0]!).matchedPolicies).toContain('keep-errors');
    expect(outcome(runs[1]!).matchedPolicies).toContain('keep-slow-traces');
    const normalKept = runs.slice(2).filter((r) => outcome(r).outcome === 'sampled').length;
    // 10% of 200 traces; the FNV-1a hash of random ids gives a binomial spread.
    expect(normalKept).toBeGreaterThan(5);
    expect(normalKept).toBeLessThan(45);
  });
});

describe('Jaeger', () => {
  it('stores what it receives and queries the same store', () => {
    const storage = (jaeger.extensions!['jaeger_storage'] as { backends: Record<string, unknown> }).backends;
    const query = jaeger.extensions!['jaeger_query'] as { storage: { traces: string }; http: { endpoint: string } };
    const exporter = jaeger.exporters!['jaeger_storage_exporter'] as { trace_storage: string };
    expect(Object.keys(storage)).toContain(query.storage.traces);
    expect(exporter.trace_storage).toBe(query.storage.traces);
    expect(query.http.endpoint).toBe('0.0.0.0:16686');
  });

  it('allows the course site origins on the OTLP/HTTP receiver, never a bare *', () => {
    const http = (jaeger.receivers!['otlp'] as { protocols: { http: { cors: { allowed_origins: string[] } } } }).protocols
      .http;
    const origins = http.cors.allowed_origins;
    expect(origins).toEqual(expect.arrayContaining(['http://localhost:4321', 'http://localhost:4322', '${env:COURSE_SITE_ORIGIN}']));
    expect(origins).not.toContain('*');
    for (const origin of origins.filter((o) => !o.startsWith('$'))) {
      expect(origin, 'an origin is scheme://host[:port] with no path').toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/);
    }
  });

  it('sets COURSE_SITE_ORIGIN on the Deployment so the hosted origin can be changed with kubectl set env', () => {
    const container = ofKind<Deployment>(docs, 'Deployment').find((d) => d.object.metadata.name === 'jaeger')!.object.spec
      .template.spec.containers[0]!;
    const value = container.env?.find((e) => e.name === 'COURSE_SITE_ORIGIN')?.value;
    expect(value).toMatch(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/);
  });
});
