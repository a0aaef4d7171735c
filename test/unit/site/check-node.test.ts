// `npm install` and `npm test` on a Node.js that is too old stop with one line
// saying what to install, and the test command's totals never read as success.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minimumVersion, nodeProblem } from '../../support/check-node.mjs';

const ROOT = join(import.meta.dirname, '../../..');
const range = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

describe('the Node.js check', () => {
  it('reads the minimum from package.json', () => {
    expect(minimumVersion(range)).toEqual([22, 12, 0]);
  });

  it.each(['20.20.2', 'v22.11.9', '22.11.0', '18.19.1'])('refuses %s with one line naming the version to install', (version) => {
    const problem = nodeProblem(version, range);
    expect(problem).toMatch(/^This course needs Node\.js 22\.12\.0 or newer, and this is Node\.js [\d.]+: install Node 24/);
    expect(problem).not.toContain('\n');
  });

  it.each(['22.12.0', '22.13.1', '24.21.0', 'v25.0.0'])('accepts %s', (version) => {
    expect(nodeProblem(version, range)).toBeNull();
  });

  it('runs first in `npm install` (preinstall) as well as in `npm test`', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['preinstall']).toBe('node test/support/check-node.mjs');
  });

  // The machine's own Node 20, where there is one: the real first run of a newcomer.
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((bin) => {
    if (!existsSync(bin)) return false;
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return nodeProblem(v, range) !== null;
  });
  it.skipIf(!oldNode)('`npm test` on an old Node stops at once and its totals line says failed', () => {
    const run = spawnSync(oldNode!, ['test/run-all.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
});
