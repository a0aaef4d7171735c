// The lab's bash scripts (up, verify, down) and the test fake: strict mode,
// executable, and clean under shellcheck.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rel, TRACING_DIR } from '../../unit/labs/lab-files.ts';

const SHELLCHECK = '/usr/bin/shellcheck';
const scripts = readdirSync(TRACING_DIR)
  .filter((name) => name.endsWith('.sh'))
  .map((name) => join(TRACING_DIR, name));
const fake = join(import.meta.dirname, 'fakes/replay');

describe('lab scripts', () => {
  it('are up.sh, verify.sh and down.sh', () => {
    expect(scripts.map((s) => s.split('/').at(-1)).sort()).toEqual(['down.sh', 'up.sh', 'verify.sh']);
  });

  it.each([...scripts, fake].map((s) => [rel(s), s] as const))('%s runs under bash strict mode and is executable', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(text).toMatch(/^set -euo pipefail$/m);
    expect(statSync(path).mode & 0o111, 'executable bits').toBe(0o111);
    const syntax = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);
  });

  const haveShellcheck = existsSync(SHELLCHECK);
  if (!haveShellcheck) console.warn(`shell-scripts.test.ts: ${SHELLCHECK} not found, shellcheck tests skipped.`);

  it.skipIf(!haveShellcheck).each([...scripts, fake].map((s) => [rel(s), s] as const))(
    '%s is clean under shellcheck',
    (_name, path) => {
      const result = spawnSync(SHELLCHECK, ['--shell=bash', '--severity=style', path], { encoding: 'utf8' });
      expect(result.stdout).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it('up.sh creates the cluster from kind-config.yaml and applies the manifests folder', () => {
    const up = readFileSync(join(TRACING_DIR, 'up.sh'), 'utf8');
    expect(up).toContain('kind create cluster --config kind-config.yaml');
    expect(up).toContain('apply -f manifests/');
    expect(up).toMatch(/wait --for=condition=Available/);
  });

  it('down.sh deletes the tracing-lab cluster', () => {
    const down = readFileSync(join(TRACING_DIR, 'down.sh'), 'utf8');
    expect(down).toContain('CLUSTER_NAME="tracing-lab"');
    expect(down).toContain('kind delete cluster --name "$CLUSTER_NAME"');
  });

  it('verify.sh --help prints its usage without needing kubectl', () => {
    const result = spawnSync('bash', [join(TRACING_DIR, 'verify.sh'), '--help'], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin', KUBECTL: 'kubectl-not-installed' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('./verify.sh 4');
    expect(result.stdout).not.toContain('#');
  });
});
