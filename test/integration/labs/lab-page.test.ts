// The lab lesson (content/docs/lab.mdx) against the lab itself: every command
// names files and Kubernetes objects that exist, every verify.sh criterion has
// a checklist item, and the frontmatter is a valid lesson.
import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LessonFieldsSchema } from '../../../src/schemas/lesson.ts';
import { runVerify } from './verify-runner.ts';
import {
  loadManifests,
  namespaceOf,
  ofKind,
  REPO_ROOT,
  TRACING_DIR,
  type Deployment,
  type Service,
} from '../../unit/labs/lab-files.ts';

const PAGE = join(REPO_ROOT, 'content/docs/lab.mdx');
const page = readFileSync(PAGE, 'utf8');
const verifySource = readFileSync(join(TRACING_DIR, 'verify.sh'), 'utf8');
const docs = loadManifests();

interface Block {
  lang: string;
  meta: string;
  code: string;
  line: number;
}

/** Fenced code blocks, including those indented inside list items (the Steps). */
function codeBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^(\s*)```(\w+)?(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j]!)) {
      body.push(lines[j]!.slice(indent));
      j += 1;
    }
    blocks.push({ lang: open[2] ?? '', meta: open[3]!.trim(), code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

/** Shell commands of the bash blocks, with `\` continuations joined. */
function commands(): { command: string; line: number }[] {
  return codeBlocks(page)
    .filter((b) => b.lang === 'bash')
    .flatMap((b) =>
      b.code
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((command) => ({ command: command.trim(), line: b.line }))
        .filter((c) => c.command !== ''),
    );
}

const FILE_TOKEN = /^(?:\.{1,2}\/)?[\w.-]+(?:\/[\w.-]+)*(?:\.(?:ya?ml|sh|md|json|ts)|\/worked-example)$|^\.\.\/worked-example$/;

function words(command: string): string[] {
  return command.split(/[\s;|&>]+/).filter(Boolean).map((w) => w.replace(/^['"]|['"]$/g, ''));
}

function namespaceFlag(command: string): string {
  return /(?:^|\s)-n\s+([a-z0-9-]+)/.exec(command)?.[1] ?? 'default';
}

/** Criterion ids in the order verify.sh reports them (each appears in a pass and a fail call). */
const verifyIds = [
  ...new Set(
    [...verifySource.matchAll(/(?:^|\s)(?:pass|fail|check_deployment_available|check_service_ports) ([a-z0-9-]+) /gm)].map(
      (m) => m[1]!,
    ),
  ),
];
const verifySteps = /ALL_STEPS=\(([\d ]+)\)/.exec(verifySource)![1]!.split(' ');

describe('the lab page', () => {
  it('has valid lesson frontmatter', () => {
    const frontmatter = parse(/^---\n([\s\S]*?)\n---/.exec(page)![1]!) as Record<string, unknown>;
    expect(frontmatter['title']).toBe('Hands-on lab');
    expect(String(frontmatter['description']).length).toBeGreaterThan(50);
    const fields = LessonFieldsSchema.safeParse(frontmatter);
    expect(fields.success ? [] : fields.error.issues.map((i) => i.message)).toEqual([]);
  });

  it('presents the procedure with Starlight Steps and writes commands in fenced bash blocks', () => {
    expect(page).toMatch(/import \{[^}]*\bSteps\b[^}]*\} from '@astrojs\/starlight\/components'/);
    expect(page).toContain('<Steps>');
    expect(commands().length).toBeGreaterThan(30);
  });

  it('spells out kubectl in every command, and explains the k alias once', () => {
    for (const { command, line } of commands()) {
      expect(words(command), `line ${line}: ${command}`).not.toContain('k');
    }
    expect(page.match(/alias k=kubectl/g)).toHaveLength(1);
  });

  it('names only files that exist in the lab (commands run from labs/tracing)', () => {
    const checked: string[] = [];
    for (const { command, line } of commands()) {
      for (const word of words(command)) {
        if (!FILE_TOKEN.test(word) || word.startsWith('/tmp/') || /^https?:/.test(word)) continue;
        const path = resolve(TRACING_DIR, word);
        expect(existsSync(path), `line ${line}: ${word} (in: ${command})`).toBe(true);
        checked.push(word);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        'kind-config.yaml',
        'manifests/10-jaeger.yaml',
        'manifests/20-otel-collector.yaml',
        'manifests/30-hotrod.yaml',
        '../worked-example',
        '../worked-example/k8s/checkout-api.yaml',
      ]),
    );
  });

  it('names only Deployments, Services, ConfigMaps and labels that the manifests define', () => {
    const has = (kind: string, namespace: string, name: string) =>
      docs.some((d) => d.object.kind === kind && d.object.metadata.name === name && namespaceOf(d.object) === namespace);
    let checked = 0;
    for (const { command, line } of commands()) {
      if (!command.startsWith('kubectl')) continue;
      const ns = namespaceFlag(command);
      const where = `line ${line}: ${command}`;
      for (const [, kind, name] of command.matchAll(/\b(deployment|svc|configmap)[/ ]([a-z0-9-]+)/g)) {
        const Kind = { deployment: 'Deployment', svc: 'Service', configmap: 'ConfigMap' }[kind!]!;
        expect(has(Kind, ns, name!), `${where}: ${Kind} ${ns}/${name}`).toBe(true);
        checked += 1;
      }
      for (const [, app] of command.matchAll(/-l app=([a-z0-9-]+)/g)) {
        const labelled = ofKind<Deployment>(docs, 'Deployment').some(
          (d) => namespaceOf(d.object) === ns && d.object.spec.template.metadata.labels['app'] === app,
        );
        expect(labelled, `${where}: pods labelled app=${app} in ${ns}`).toBe(true);
      }
      const forward = /port-forward svc\/([a-z0-9-]+) (\d+):(\d+)/.exec(command);
      if (forward) {
        const service = ofKind<Service>(docs, 'Service').find(
          (s) => s.object.metadata.name === forward[1] && namespaceOf(s.object) === ns,
        );
        expect(service?.object.spec.ports.map((p) => p.port), where).toContain(Number(forward[3]));
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('sends curl only to ports it port-forwards, and uses the cluster and image names of the lab', () => {
    const forwarded = new Set(commands().flatMap(({ command }) => [...command.matchAll(/port-forward \S+ (\d+):\d+/g)].map((m) => m[1]!)));
    for (const { command, line } of commands().filter((c) => c.command.startsWith('curl') || c.command.startsWith('for '))) {
      for (const [, port] of command.matchAll(/127\.0\.0\.1:(\d+)/g)) {
        expect(forwarded, `line ${line}: ${command}`).toContain(port);
      }
    }
    const kindConfig = parse(readFileSync(join(TRACING_DIR, 'kind-config.yaml'), 'utf8')) as { name: string };
    for (const { command } of commands()) {
      for (const [, name] of command.matchAll(/--name (\S+)/g)) expect(name).toBe(kindConfig.name);
      for (const [, context] of command.matchAll(/--context (\S+)/g)) expect(context).toBe(`kind-${kindConfig.name}`);
    }
    const image = ofKind<Deployment>(docs, 'Deployment').find((d) => d.object.metadata.name === 'checkout-api')!.object.spec
      .template.spec.containers[0]!.image;
    expect(commands().map((c) => c.command)).toEqual(
      expect.arrayContaining([`docker build -t ${image} ../worked-example`, `./up.sh --load-image ${image}`]),
    );
  });

  it('asks verify.sh only for steps it has checks for, and shows a failing run for each', () => {
    const asked = commands()
      .map((c) => /^\.\/verify\.sh(?: (\S+))?$/.exec(c.command)?.[1])
      .filter((s): s is string => s !== undefined);
    expect([...new Set(asked)].sort()).toEqual([...verifySteps].sort());
    for (const step of verifySteps) {
      const failing = codeBlocks(page).find((b) => b.lang === 'text' && b.code.startsWith(`Step ${step}:`));
      expect(failing, `a sample of ./verify.sh ${step} output`).toBeDefined();
      // The sample must look like what verify.sh prints for that step.
      for (const [, id] of failing!.code.matchAll(/^(?:PASS|FAIL) {2}\[([a-z0-9-]+)\]/gm)) expect(verifyIds).toContain(id);
    }
  });

  it('quotes verify.sh output that verify.sh really prints for a broken lab', () => {
    const samples = codeBlocks(page).filter((b) => b.lang === 'text' && /^Step \d+:/.test(b.code));
    expect(samples).toHaveLength(verifySteps.length);
    for (const sample of samples) {
      const step = /^Step (\d+):/.exec(sample.code)![1]!;
      const outputs = ['broken', 'no-cluster', 'propagation', 'customer-leak', 'first-run'].map((scenario) => runVerify(scenario, [step]).stdout.split('\n'));
      const lines = sample.code.split('\n');
      const found = outputs.some((output) => lines.every((line) => output.includes(line)));
      expect(found, `line ${sample.line}: the sample for step ${step} matches a real ./verify.sh ${step} run line for line`).toBe(true);
    }
  });
});

describe('the lab checklist', () => {
  const items = [...page.matchAll(/<CheckItem id="([a-z0-9-]+)"( verified)?>/g)].map((m) => ({ id: m[1]!, verified: !!m[2] }));

  it('gives every item a unique, stable id', () => {
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(30);
  });

  it('has one item for each criterion verify.sh checks, marked as verified, in the same order', () => {
    expect(verifyIds.length).toBe(20);
    expect(items.filter((i) => i.verified).map((i) => i.id)).toEqual(verifyIds);
  });
});
