// What the lab's scripts and manifests use of other software, extracted from
// the files themselves, so contracts.test.ts can hold them to CONTRACTS.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { collectorYaml, loadManifests, ofKind, TRACING_DIR, type Deployment } from './lab-files.ts';

export const SCRIPTS = ['up.sh', 'verify.sh', 'down.sh'].map((name) => join(TRACING_DIR, name));

/** Flags whose next token is their value, so it is not read as a subcommand. */
const TAKES_VALUE = new Set(['-n', '--namespace', '--context', '-o', '-f', '--name', '--config', '-t', '--format', '--platform']);
/** Subcommands of two words. */
const TWO_WORD = new Set(['set', 'rollout', 'image', 'load']);

function commandUses(tool: string, args: string): string[] {
  const tokens = args
    .replace(/\$\{[^}]*\}|\$\w+|"[^"]*"|'[^']*'/g, 'X')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const uses: string[] = [];
  const verb: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.startsWith('-')) {
      const flag = token.split('=')[0]!;
      uses.push(`${tool} ${flag}`);
      if (TAKES_VALUE.has(flag) && !token.includes('=')) i += 1;
    } else if (verb.length === 0 || (verb.length === 1 && TWO_WORD.has(verb[0]!))) {
      if (/^[a-z][a-z-]*$/.test(token)) verb.push(token);
      else if (verb.length === 0) break;
    }
  }
  if (verb.length > 0) uses.unshift(`${tool} ${verb.join(' ')}`);
  return uses;
}

const VERBS: Record<string, RegExp> = {
  kubectl: /(?:^|[\s("`])(?:kubectl|"\$KUBECTL"|k)\s+((?:-[-\w]+(?:[= ]\S+)?\s+)*(?:get|logs|apply|set|wait|rollout|port-forward|describe|cluster-info|delete|exec|label)\b[^"'\n;|)`]*)/gm,
  kind: /(?:^|[\s("`])(?:kind|"\$KIND")\s+((?:create|get|delete|load|export|build|version)\b[^"'\n;|)`]*)/gm,
  docker: /(?:^|[\s("`])docker\s+((?:info|image|save|build|load|pull|tag|version)\b[^"'\n;|)`]*)/gm,
  podman: /(?:^|[\s("`])podman\s+((?:info|image|save|build|load|pull|tag)\b[^"'\n;|)`]*)/gm,
};

/** Command-line uses in the scripts (code and the hints they print): `kubectl get`, `kubectl --raw`, `kind load image-archive`… */
export function scriptCommandUses(): Set<string> {
  const out = new Set<string>();
  for (const file of SCRIPTS) {
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !/^\s*#/.test(line) && !/command -v|require \w+ "/.test(line))
      .join('\n');
    for (const [tool, pattern] of Object.entries(VERBS)) {
      for (const match of text.matchAll(pattern)) for (const use of commandUses(tool, match[1]!)) out.add(use);
    }
  }
  return out;
}

/** Jaeger query API paths and parameters verify.sh sends. */
export function jaegerApiUses(): Set<string> {
  const text = readFileSync(join(TRACING_DIR, 'verify.sh'), 'utf8');
  const base = /JAEGER_API="[^"]*\/proxy(\/api\/v3)"/.exec(text)?.[1] ?? '(no JAEGER_API)';
  const out = new Set<string>();
  for (const match of text.matchAll(/jaeger_get "?\$?\(?(?:trace_search [\w-]+|(\/\w+))/g)) {
    out.add(`GET ${base}${match[1] ?? '/traces'}`);
  }
  if (text.includes("'/traces?")) out.add(`GET ${base}/traces`);
  for (const match of text.matchAll(/(?<![\w.])query\.[a-zA-Z]+/g)) out.add(match[0]);
  return out;
}

function flatten(value: unknown, path: string, out: Set<string>): void {
  if (Array.isArray(value)) {
    if (value.some((item) => item !== null && typeof item === 'object')) for (const item of value) flatten(item, `${path}[]`, out);
    else out.add(path);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) flatten(child, path === '' ? key : `${path}.${key}`, out);
    return;
  }
  out.add(path);
}

/** Component ids like `redaction/customer` become their type, `redaction`. */
function byType(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [section, body] of Object.entries(config)) {
    if (section === 'service' || body === null || typeof body !== 'object') {
      out[section] = body;
      continue;
    }
    out[section] = Object.fromEntries(Object.entries(body).map(([id, child]) => [id.split('/')[0]!, child]));
  }
  return out;
}

export const COLLECTOR_FILES: { name: string; yaml: () => string }[] = [
  { name: 'jaeger-config', yaml: () => collectorYaml(loadManifests(), 'jaeger-config') },
  { name: 'otel-collector-config', yaml: () => collectorYaml(loadManifests(), 'otel-collector-config') },
  {
    name: 'exercises/collector-hash-only.yaml',
    yaml: () => (parse(readFileSync(join(TRACING_DIR, 'exercises/collector-hash-only.yaml'), 'utf8')) as { data: Record<string, string> }).data['config.yaml']!,
  },
];

/** Every config field the collector-style configs set, e.g. `processors.tail_sampling.policies[].latency.threshold_ms`. */
export function collectorFieldUses(): Set<string> {
  const out = new Set<string>();
  for (const file of COLLECTOR_FILES) {
    const config = parse(file.yaml()) as Record<string, unknown>;
    const { service, ...components } = byType(config);
    flatten(components, '', out);
    // Pipelines name components by id; what matters upstream is the service block's fields.
    const { pipelines, ...rest } = (service ?? {}) as Record<string, unknown>;
    flatten(rest, 'service', out);
    for (const [pipeline, spec] of Object.entries((pipelines ?? {}) as Record<string, object>)) {
      for (const key of Object.keys(spec)) out.add(`service.pipelines.${pipeline.split('/')[0]}.${key}`);
    }
  }
  return out;
}

/** Images, container args, environment variables, ports and probe paths of the lab's Deployments, and the kind node image. */
export function workloadUses(): Set<string> {
  const out = new Set<string>();
  for (const { object } of ofKind<Deployment>(loadManifests(), 'Deployment')) {
    for (const c of object.spec.template.spec.containers as unknown as {
      image: string;
      args?: string[];
      env?: { name: string }[];
      readinessProbe?: { httpGet?: { path: string } };
      livenessProbe?: { httpGet?: { path: string } };
    }[]) {
      if (c.image.startsWith('checkout-api:')) continue; // built from labs/worked-example, not upstream
      out.add(`image ${c.image}`);
      for (const arg of c.args ?? []) out.add(`${c.image} arg ${arg}`);
      for (const env of c.env ?? []) out.add(`${c.image} env ${env.name}`);
      for (const probe of [c.readinessProbe, c.livenessProbe]) if (probe?.httpGet) out.add(`${c.image} probe ${probe.httpGet.path}`);
    }
  }
  const kindConfig = parse(readFileSync(join(TRACING_DIR, 'kind-config.yaml'), 'utf8')) as Record<string, unknown>;
  flatten(kindConfig, 'kind-config', out);
  for (const node of (kindConfig['nodes'] ?? []) as { image?: string }[]) if (node.image) out.add(`image ${node.image}`);
  return out;
}
