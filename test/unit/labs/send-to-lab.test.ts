// One truth about where the sandbox's "Send to my collector" goes in the lab:
// the message in the sandbox, the lessons and the manifests name the same
// service, namespace and port, and that receiver really allows browsers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTOR_URL, LAB_PORT_FORWARD } from '../../../src/sandbox/send-to-collector';
import { collectorConfig, loadManifests, ofKind, REPO_ROOT, type Service } from './lab-files.ts';

const docs = loadManifests();
const forward = /^kubectl -n (\S+) port-forward svc\/(\S+) (\d+):(\d+)$/.exec(LAB_PORT_FORWARD);

describe('sending the sandbox spans to the lab', () => {
  it('names one port-forward, to the port the default URL uses', () => {
    expect(forward).not.toBeNull();
    const [, namespace, service, local, remote] = forward!;
    expect([namespace, service, local, remote]).toEqual(['tracing', 'jaeger', '4318', '4318']);
    expect(new URL(DEFAULT_COLLECTOR_URL).port).toBe(local);
  });

  it('points at a Service that exposes that port, whose receiver allows browser origins', () => {
    const [, namespace, name, , remote] = forward!;
    const svc = ofKind<Service>(docs, 'Service').find((d) => d.object.metadata.name === name && d.object.metadata.namespace === namespace);
    expect(svc?.object.spec.ports.map((p) => p.port)).toContain(Number(remote));
    const jaeger = collectorConfig(docs, 'jaeger-config');
    const http = (jaeger.receivers?.['otlp'] as { protocols: { http: { endpoint: string; cors?: { allowed_origins: string[] } } } }).protocols.http;
    expect(http.endpoint).toBe(`0.0.0.0:${remote}`);
    expect(http.cors?.allowed_origins).toContain('http://localhost:4321');
    expect(http.cors?.allowed_origins).not.toContain('*');
  });

  it('does not send learners to the lab collector, whose receiver has no CORS settings', () => {
    const collector = collectorConfig(docs, 'otel-collector-config');
    const http = (collector.receivers?.['otlp'] as { protocols: { http: Record<string, unknown> } }).protocols.http;
    expect(http).not.toHaveProperty('cors');
    expect(LAB_PORT_FORWARD).not.toContain('otel-collector');
  });

  it.each(['content/docs/lab.mdx', 'content/docs/playground.mdx'])('%s gives the same command', (file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    expect(text).toContain(LAB_PORT_FORWARD);
    expect(text).not.toMatch(/port-forward svc\/otel-collector 4318/);
  });
});
