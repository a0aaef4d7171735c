// Reads the lab's Kubernetes manifests and the collector-style configurations
// embedded in their ConfigMaps, so every test checks the files a learner applies.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const REPO_ROOT = join(import.meta.dirname, '../../..');
export const LABS_DIR = join(REPO_ROOT, 'labs');
export const TRACING_DIR = join(LABS_DIR, 'tracing');
export const WORKED_EXAMPLE_DIR = join(LABS_DIR, 'worked-example');

/** Every manifest a learner applies to the cluster. */
export const MANIFEST_FILES: readonly string[] = [
  ...readdirSync(join(TRACING_DIR, 'manifests'))
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => join(TRACING_DIR, 'manifests', name)),
  join(WORKED_EXAMPLE_DIR, 'k8s', 'checkout-api.yaml'),
];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface ManifestDoc {
  /** Path relative to the repository root, for messages. */
  file: string;
  object: K8sObject;
}

export function rel(path: string): string {
  return relative(REPO_ROOT, path);
}

/** Parses every document of every manifest; throws with the file name on a YAML error. */
export function loadManifests(): ManifestDoc[] {
  return MANIFEST_FILES.flatMap((path) => {
    const docs = parseAllDocuments(readFileSync(path, 'utf8'));
    return docs.map((doc) => {
      if (doc.errors.length > 0) {
        throw new Error(`${rel(path)}: ${doc.errors.map((e) => e.message).join('; ')}`);
      }
      return { file: rel(path), object: doc.toJS() as K8sObject };
    });
  });
}

export const NAMESPACED_DEFAULT = 'default';

export function namespaceOf(object: K8sObject): string {
  return object.metadata.namespace ?? NAMESPACED_DEFAULT;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
}
export interface EnvVar {
  name: string;
  value?: string;
}
export interface Probe {
  httpGet?: { path?: string; port: number | string };
  tcpSocket?: { port: number | string };
}
export interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  volumeMounts?: { name: string; mountPath: string }[];
}
export interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Container[];
    serviceAccountName?: string;
    volumes?: { name: string; configMap?: { name: string } }[];
  };
}
export interface Deployment extends K8sObject {
  spec: { selector: { matchLabels: Record<string, string> }; template: PodTemplate };
}
export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}
export interface Service extends K8sObject {
  spec: { selector: Record<string, string>; ports: ServicePort[] };
}
export interface ConfigMap extends K8sObject {
  data: Record<string, string>;
}

export function ofKind<T extends K8sObject>(docs: ManifestDoc[], kind: string): { file: string; object: T }[] {
  return docs.filter((d) => d.object.kind === kind) as { file: string; object: T }[];
}

/** A collector-style configuration (Jaeger v2 or the OpenTelemetry Collector). */
export interface CollectorConfig {
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  connectors?: Record<string, unknown>;
  service: {
    extensions?: string[];
    pipelines: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

/** The config.yaml text of a collector-style ConfigMap, as the container reads it. */
export function collectorYaml(docs: ManifestDoc[], configMapName: string): string {
  const found = ofKind<ConfigMap>(docs, 'ConfigMap').find((d) => d.object.metadata.name === configMapName);
  if (!found) throw new Error(`no ConfigMap named ${configMapName} in the lab manifests`);
  const text = found.object.data['config.yaml'];
  if (text === undefined) throw new Error(`${found.file}: ConfigMap ${configMapName} has no config.yaml key`);
  return text;
}

export function collectorConfig(docs: ManifestDoc[], configMapName: string): CollectorConfig {
  return parse(collectorYaml(docs, configMapName)) as CollectorConfig;
}

export const COLLECTOR_CONFIGS = ['jaeger-config', 'otel-collector-config'] as const;
