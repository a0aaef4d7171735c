// The lab's Kubernetes manifests: valid objects, wired to each other correctly,
// with images a learner can actually pull.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  collectorConfig,
  loadManifests,
  namespaceOf,
  ofKind,
  TRACING_DIR,
  WORKED_EXAMPLE_DIR,
  type Container,
  type Deployment as DeploymentObject,
  type K8sObject,
  type Service as ServiceObject,
} from './lab-files.ts';
import { modelFile, unknownFields } from './strict-fields.ts';

const docs = loadManifests();
const deployments = ofKind<DeploymentObject>(docs, 'Deployment');
const services = ofKind<ServiceObject>(docs, 'Service');

// One model class per kind the lab uses; a new kind must be added here to be validated.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  ConfigMap,
  Service,
  ServiceAccount,
  Deployment,
  ClusterRole,
  ClusterRoleBinding,
};

const label = (d: { file: string; object: K8sObject }) => `${d.file}: ${d.object.kind}/${d.object.metadata.name}`;

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function podsSelectedBy(service: ServiceObject) {
  return deployments.filter(
    (d) =>
      namespaceOf(d.object) === namespaceOf(service) && selects(service.spec.selector, d.object.spec.template.metadata.labels),
  );
}

function containerDeclaresPort(containers: Container[], port: number | string): boolean {
  return containers.some((c) =>
    (c.ports ?? []).some((p) => (typeof port === 'number' ? p.containerPort === port : p.name === port)),
  );
}

/** `http://name.ns.svc.cluster.local:4318/...` or `name.ns.svc.cluster.local:4317` -> parts. */
function parseInClusterEndpoint(value: string): { service: string; namespace: string; port: number } | undefined {
  const match = /^(?:[a-z]+:\/\/)?([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?:(\d+)(?:\/.*)?$/.exec(value);
  if (!match) return undefined;
  return { service: match[1]!, namespace: match[2]!, port: Number(match[3]) };
}

function findService(namespace: string, name: string) {
  return services.find((s) => s.object.metadata.name === name && namespaceOf(s.object) === namespace);
}

describe('lab manifests', () => {
  it('parse and contain the objects the lab needs', () => {
    const names = docs.map((d) => `${d.object.kind}/${namespaceOf(d.object)}/${d.object.metadata.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'Namespace/default/tracing',
        'Deployment/tracing/jaeger',
        'Service/tracing/jaeger',
        'Deployment/tracing/otel-collector',
        'Service/tracing/otel-collector',
        'Deployment/default/hotrod',
        'Service/default/hotrod',
        'Deployment/default/checkout-api',
        'Service/default/checkout-api',
      ]),
    );
    expect(new Set(names).size, 'no object is defined twice').toBe(names.length);
  });

  it.each(docs.map((d) => [label(d), d] as const))('%s validates against the Kubernetes schema', (_name, doc) => {
    const Model = MODELS[doc.object.kind];
    expect(Model, `no kubernetes-models class registered for kind ${doc.object.kind}`).toBeDefined();
    expect(() => new Model!(doc.object as never).validate()).not.toThrow();
  });

  it.each(docs.map((d) => [label(d), d] as const))('%s has no field Kubernetes would reject as unknown', (_name, doc) => {
    expect(unknownFields(doc.object, modelFile(doc.object.apiVersion, doc.object.kind))).toEqual([]);
  });

  it('catches a misspelt field the way kubectl apply would', () => {
    const hotrod = structuredClone(deployments.find((d) => d.object.metadata.name === 'hotrod')!.object);
    const container = hotrod.spec.template.spec.containers[0] as unknown as Record<string, unknown>;
    container['readinesProbe'] = container['readinessProbe'];
    (hotrod.spec as unknown as Record<string, unknown>)['replica'] = 2;
    expect(unknownFields(hotrod, modelFile('apps/v1', 'Deployment')).sort()).toEqual([
      'spec.replica',
      'spec.template.spec.containers[0].readinesProbe',
    ]);
  });

  it('puts namespaced objects only in namespaces that exist', () => {
    const declared = new Set(['default', ...ofKind(docs, 'Namespace').map((d) => d.object.metadata.name)]);
    for (const doc of docs) {
      if (['Namespace', 'ClusterRole', 'ClusterRoleBinding'].includes(doc.object.kind)) continue;
      expect(declared, `${label(doc)} is in namespace ${namespaceOf(doc.object)}`).toContain(namespaceOf(doc.object));
    }
  });

  it('gives every Deployment a selector that matches its own pod template', () => {
    for (const d of deployments) {
      expect(selects(d.object.spec.selector.matchLabels, d.object.spec.template.metadata.labels), label(d)).toBe(true);
    }
  });

  it.each(services.map((s) => [label(s), s] as const))(
    '%s selects a pod template and targets declared container ports',
    (_name, { object: service }) => {
      const pods = podsSelectedBy(service);
      expect(pods, 'pods selected by the Service').toHaveLength(1);
      const containers = pods[0]!.object.spec.template.spec.containers;
      for (const port of service.spec.ports) {
        const target = port.targetPort ?? port.port;
        expect(containerDeclaresPort(containers, target), `port ${port.port} -> targetPort ${target}`).toBe(true);
      }
    },
  );

  it('points probes at declared container ports', () => {
    for (const d of deployments) {
      for (const c of d.object.spec.template.spec.containers) {
        for (const probe of [c.readinessProbe, c.livenessProbe]) {
          const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
          if (port !== undefined) expect(containerDeclaresPort([c], port), `${label(d)} probe port ${port}`).toBe(true);
        }
      }
    }
  });

  it('sends every OTLP endpoint in an env var to a Service port that exists, HTTP to 4318', () => {
    const endpoints = deployments.flatMap((d) =>
      d.object.spec.template.spec.containers.flatMap((c) =>
        (c.env ?? []).filter((e) => /ENDPOINT$/.test(e.name)).map((e) => ({ d, value: e.value ?? '' })),
      ),
    );
    expect(endpoints.length).toBeGreaterThanOrEqual(2);
    for (const { d, value } of endpoints) {
      const target = parseInClusterEndpoint(value);
      expect(target, `${label(d)}: ${value} is an in-cluster Service address`).toBeDefined();
      const service = findService(target!.namespace, target!.service);
      expect(service, `${label(d)}: Service ${target!.service} in ${target!.namespace}`).toBeDefined();
      const port = service!.object.spec.ports.find((p) => p.port === target!.port);
      expect(port, `${label(d)}: port ${target!.port} on Service ${target!.service}`).toBeDefined();
      // These SDKs speak OTLP over HTTP: the port must be the HTTP receiver.
      expect(port!.name, `${label(d)}: ${value}`).toBe('otlp-http');
    }
  });

  it('sends the apps through the collector, and only the collector to Jaeger', () => {
    const env = (name: string) =>
      deployments
        .find((d) => d.object.metadata.name === name)!
        .object.spec.template.spec.containers[0]!.env?.find((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')?.value;
    expect(env('hotrod')).toBe('http://otel-collector.tracing.svc.cluster.local:4318');
    expect(env('checkout-api')).toBe('http://otel-collector.tracing.svc.cluster.local:4318');
    // HotROD dropped the Jaeger Thrift exporter: JAEGER_ENDPOINT would send nothing.
    const hotrodEnv = deployments.find((d) => d.object.metadata.name === 'hotrod')!.object.spec.template.spec.containers[0]!.env;
    expect(hotrodEnv?.map((e) => e.name)).not.toContain('JAEGER_ENDPOINT');
  });

  it('makes every endpoint in a collector configuration name a Service and port of the lab', () => {
    for (const name of ['jaeger-config', 'otel-collector-config']) {
      const config = collectorConfig(docs, name);
      for (const [id, exporter] of Object.entries(config.exporters ?? {})) {
        const endpoint = (exporter as { endpoint?: string } | null)?.endpoint;
        if (!endpoint) continue;
        const target = parseInClusterEndpoint(endpoint);
        expect(target, `${name} exporter ${id}: ${endpoint}`).toBeDefined();
        const service = findService(target!.namespace, target!.service);
        const port = service?.object.spec.ports.find((p) => p.port === target!.port);
        expect(port, `${name} exporter ${id}: ${endpoint}`).toBeDefined();
        if (id.startsWith('otlp_grpc')) expect(port!.name).toBe('otlp-grpc');
      }
    }
  });

  it('mounts each ConfigMap where the container reads its --config file', () => {
    const configMaps = new Set(ofKind(docs, 'ConfigMap').map((d) => d.object.metadata.name));
    for (const d of deployments) {
      const { containers, volumes = [] } = d.object.spec.template.spec;
      for (const c of containers) {
        const configArg = c.args?.find((a) => a.startsWith('--config='));
        if (!configArg) continue;
        const path = configArg.slice('--config='.length);
        const mount = c.volumeMounts?.find((m) => path.startsWith(`${m.mountPath}/`));
        expect(mount, `${label(d)}: a volume mounted above ${path}`).toBeDefined();
        const volume = volumes.find((v) => v.name === mount!.name);
        expect(configMaps, `${label(d)}: ConfigMap behind volume ${mount!.name}`).toContain(volume?.configMap?.name);
        expect(path.endsWith('/config.yaml')).toBe(true);
      }
    }
  });

  it('binds the collector ServiceAccount to a ClusterRole that can read pods and replicasets', () => {
    const collector = deployments.find((d) => d.object.metadata.name === 'otel-collector')!.object;
    const accountName = collector.spec.template.spec.serviceAccountName;
    expect(ofKind(docs, 'ServiceAccount').map((d) => d.object.metadata.name)).toContain(accountName);
    const binding = ofKind<K8sObject & { roleRef: { name: string }; subjects: { name: string; namespace: string }[] }>(
      docs,
      'ClusterRoleBinding',
    )[0]!.object;
    expect(binding.subjects).toContainEqual(expect.objectContaining({ name: accountName, namespace: 'tracing' }));
    const role = ofKind<K8sObject & { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] }>(
      docs,
      'ClusterRole',
    ).find((d) => d.object.metadata.name === binding.roleRef.name)!.object;
    const resources = role.rules.flatMap((r) => r.resources);
    expect(resources).toEqual(expect.arrayContaining(['pods', 'namespaces', 'replicasets']));
    expect(role.rules.flatMap((r) => r.verbs)).not.toContain('create');
  });
});

describe('image pins', () => {
  const images = deployments.flatMap((d) =>
    d.object.spec.template.spec.containers.map((c) => ({ where: label(d), image: c.image })),
  );

  it.each(images.map((i) => [i.where, i.image] as const))('%s pins %s to a version', (_where, image) => {
    const match = /^[a-z0-9./-]+:([\w][\w.-]*)(@sha256:[0-9a-f]{64})?$/.exec(image);
    expect(match, `${image} has a tag`).not.toBeNull();
    expect(match![1]).not.toBe('latest');
    expect(match![1], 'a version number, not a moving tag').toMatch(/\d+\.\d+\.\d+/);
  });

  it('runs Jaeger v2, not the end-of-life v1 all-in-one image', () => {
    const jaeger = images.find((i) => i.where.includes('Deployment/jaeger'))!.image;
    expect(jaeger).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    expect(images.map((i) => i.image).join(' ')).not.toContain('all-in-one');
  });

  it('has a comment next to every pin saying where the version was found', () => {
    for (const file of ['10-jaeger.yaml', '20-otel-collector.yaml', '30-hotrod.yaml']) {
      const lines = readFileSync(join(TRACING_DIR, 'manifests', file), 'utf8').split('\n');
      const pinLine = lines.findIndex((l) => /^\s+image: /.test(l));
      const comment = lines
        .slice(Math.max(0, pinLine - 8), pinLine)
        .map((l) => l.replace(/^\s*#\s?/, ''))
        .join(' ');
      expect(comment, file).toMatch(/Found with the search tool/);
    }
  });

  it('pins the kind node image to Kubernetes 1.35 by digest', () => {
    const config = parse(readFileSync(join(TRACING_DIR, 'kind-config.yaml'), 'utf8')) as {
      kind: string;
      apiVersion: string;
      name: string;
      nodes: { role: string; image: string }[];
    };
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: 'tracing-lab' });
    expect(config.nodes.length).toBeGreaterThan(0);
    for (const node of config.nodes) {
      expect(node.image).toMatch(/^kindest\/node:v1\.35\.\d+@sha256:[0-9a-f]{64}$/);
    }
    expect(readFileSync(join(TRACING_DIR, 'kind-config.yaml'), 'utf8')).toContain(
      'https://github.com/kubernetes-sigs/kind/releases/tag/',
    );
  });

  it('builds the worked example from a pinned Node.js image that strips TypeScript types', () => {
    const dockerfile = readFileSync(join(WORKED_EXAMPLE_DIR, 'Dockerfile'), 'utf8');
    const from = /^FROM (\S+)/m.exec(dockerfile)?.[1];
    expect(from).toMatch(/^node:(\d+)\.\d+\.\d+-[a-z-]+$/);
    // Type stripping is on by default from Node 22.18 and in every Node 24.
    expect(Number(/^node:(\d+)/.exec(from!)![1])).toBeGreaterThanOrEqual(24);
    expect(dockerfile).toMatch(/CMD \["node", "--import", "\.\/src\/telemetry\.ts", "src\/server\.ts"\]/);
    const pkg = JSON.parse(readFileSync(join(WORKED_EXAMPLE_DIR, 'package.json'), 'utf8')) as { scripts: { start: string } };
    expect(pkg.scripts.start).toBe('node --import ./src/telemetry.ts src/server.ts');
  });
});
