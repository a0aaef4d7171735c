// kubernetes-models' validate() checks types but accepts unknown fields, while
// `kubectl apply` validates strictly and refuses them. This walks an object
// along the property lists of kubernetes-models' own type declarations and
// reports every field Kubernetes does not know (a misspelt `readinessProbe`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Shape {
  /** property name -> name of the declared type (when it is a model) */
  properties: Map<string, string | undefined>;
  /** imported type name -> module specifier */
  imports: Map<string, string>;
  file: string;
}

const cache = new Map<string, Shape>();

function resolveDts(specifier: string, fromFile: string): string {
  const bare = specifier.replace(/\.js$/, '');
  if (bare.startsWith('.')) return join(dirname(fromFile), `${bare}.d.ts`);
  // e.g. "@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta": look in
  // the node_modules folders above the importing file, as Node does.
  for (let dir = dirname(fromFile); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', `${bare}.d.ts`);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cannot find the declarations of ${specifier} (imported by ${fromFile})`);
}

function readShape(file: string): Shape {
  const cached = cache.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const match of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) {
    imports.set(match[1]!, match[2]!);
  }
  // The first interface in the file is the model's own shape.
  const body = /export interface I\w+ (?:extends [\w, ]+ )?\{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  const properties = new Map<string, string | undefined>();
  // A property starts a line indented by four spaces; map types continue on the next lines.
  for (const match of body.matchAll(/^ {4}"([^"]+)"\??: (.*)$/gm)) {
    const type = match[2]!.replace(/;$/, '');
    const model = /^(?:Array<)?(I\w+)>?$/.exec(type)?.[1];
    properties.set(match[1]!, model && imports.has(model) ? model : undefined);
  }
  const shape = { properties, imports, file };
  cache.set(file, shape);
  return shape;
}

function walk(value: unknown, shape: Shape, path: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, shape, `${path}[${i}]`, problems));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (!shape.properties.has(key)) {
      problems.push(`${path}.${key}`);
      continue;
    }
    const type = shape.properties.get(key);
    if (type) {
      walk(child, readShape(resolveDts(shape.imports.get(type)!, shape.file)), `${path}.${key}`, problems);
    }
  }
}

/** Fields of `object` that the Kubernetes type `kind` in `modelDir` does not declare. */
export function unknownFields(object: object, modelFile: string): string[] {
  const problems: string[] = [];
  walk(object, readShape(modelFile), '', problems);
  return problems.map((p) => p.replace(/^\./, ''));
}

const MODELS_ROOT = dirname(fileURLToPath(import.meta.resolve('kubernetes-models')));

/** The .d.ts of a top-level model, e.g. ('apps/v1', 'Deployment'). */
export function modelFile(apiVersion: string, kind: string): string {
  return join(MODELS_ROOT, apiVersion, `${kind}.d.ts`);
}
