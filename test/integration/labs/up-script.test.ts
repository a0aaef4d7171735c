// up.sh against recorded docker, kind and kubectl (the replay fake): the
// cgroup v2 check before anything is created, and loading a local image in
// the way that works with Docker's containerd image store.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TRACING_DIR } from '../../unit/labs/lab-files.ts';

const REPLAY = join(import.meta.dirname, 'fakes/replay');
let dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

/** Runs up.sh with docker, kind and kubectl replaying the given tables (glob TAB response TAB exit). */
function runUp(args: string[], tables: Record<string, string[]>) {
  const dir = mkdtempSync(join(tmpdir(), 'up-sh-'));
  dirs.push(dir);
  copyFileSync(REPLAY, join(dir, 'replay'));
  chmodSync(join(dir, 'replay'), 0o755);
  for (const tool of ['docker', 'kind', 'kubectl']) {
    symlinkSync(join(dir, 'replay'), join(dir, tool));
    writeFileSync(join(dir, `${tool}.tsv`), `${(tables[tool] ?? []).join('\n')}\n`);
  }
  writeFileSync(join(dir, 'platform.txt'), 'linux/arm64\n');
  writeFileSync(join(dir, 'cgroup1.txt'), '1\n');
  writeFileSync(join(dir, 'cgroup2.txt'), '2\n');
  const result = spawnSync('bash', [join(TRACING_DIR, 'up.sh'), ...args], {
    encoding: 'utf8',
    env: { PATH: `${dir}:/usr/bin:/bin`, REPLAY_DIR: dir, REPLAY_LOG: join(dir, 'calls.log'), TMPDIR: dir },
  });
  let calls: string[];
  try {
    calls = readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n').map((line) => line.split('\t').slice(0, 2).join(' ').replaceAll('\x1f', ' '));
  } catch {
    calls = [];
  }
  return { ...result, calls };
}

describe('up.sh', () => {
  it('stops before creating anything on a cgroup v1 host, and says why in one line', () => {
    const run = runUp([], { docker: ['info --format *\tcgroup1.txt\t0'], kind: ['*\t-\t0'], kubectl: ['*\t-\t0'] });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('this host runs cgroup v1, and Kubernetes 1.35 nodes refuse to start on it');
    expect(run.calls.filter((c) => c.startsWith('kind '))).toEqual([]);
  });

  it('creates the cluster on a cgroup v2 host', () => {
    const run = runUp([], {
      docker: ['info --format *\tcgroup2.txt\t0'],
      kind: ['get clusters\t-\t0', 'create cluster --config kind-config.yaml\t-\t0'],
      kubectl: ['*\t-\t0'],
    });
    expect(run.status).toBe(0);
    expect(run.calls).toContain('kind create cluster --config kind-config.yaml');
  });

  it('loads a local image by saving its own platform and loading the archive, not with `kind load docker-image`', () => {
    const run = runUp(['--load-image', 'checkout-api:1.0.0'], {
      docker: ['image inspect --format {{.Os}}/{{.Architecture}} checkout-api:1.0.0\tplatform.txt\t0', 'save --platform linux/arm64 -o * checkout-api:1.0.0\t-\t0'],
      kind: ['load image-archive * --name tracing-lab\t-\t0'],
      kubectl: [],
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.calls.map((c) => c.replace(/ \/\S+kind-image\.\w+/, ' ARCHIVE'))).toEqual([
      'docker image inspect --format {{.Os}}/{{.Architecture}} checkout-api:1.0.0',
      'docker save --platform linux/arm64 -o ARCHIVE checkout-api:1.0.0',
      'kind load image-archive ARCHIVE --name tracing-lab',
    ]);
    expect(run.stdout).toContain('Loaded checkout-api:1.0.0 into tracing-lab.');
  });

  it('refuses an unknown argument instead of creating a cluster', () => {
    const run = runUp(['--lod-image'], { docker: [], kind: [], kubectl: [] });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown argument '--lod-image'");
    expect(run.calls).toEqual([]);
  });
});
