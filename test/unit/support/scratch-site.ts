import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// A copy of the course with its own content folder, for tests of what a real
// `astro build` prints about broken content. The code, packages and settings are
// the project's (linked or copied); only content/ differs.

const root = resolve(import.meta.dirname, '../../..');

/** Builds a site whose content/ holds `files` (paths relative to content/) plus the course's content/course.yaml. */
export function buildScratchSite(prefix: string, files: Record<string, string>): { status: number | null; output: string } {
  const site = mkdtempSync(join(tmpdir(), prefix));
  try {
    for (const name of ['node_modules', 'src', 'public']) symlinkSync(join(root, name), join(site, name));
    for (const name of ['astro.config.mjs', 'tsconfig.json', 'package.json']) cpSync(join(root, name), join(site, name));
    mkdirSync(join(site, 'content'));
    cpSync(join(root, 'content/course.yaml'), join(site, 'content/course.yaml'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(site, 'content', path)), { recursive: true });
      writeFileSync(join(site, 'content', path), text);
    }
    const build = spawnSync('npx', ['astro', 'build', '--outDir', join(site, 'dist')], { cwd: site, encoding: 'utf8', timeout: 120_000 });
    return { status: build.status, output: `${build.stdout}\n${build.stderr}` };
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}
