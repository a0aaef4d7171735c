// src/node/lab-files.ts: what the site's downloads and <SourceFile>
// read from labs/ at build time (through Vite, as in the Astro build).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  downloadableFiles,
  downloadPath,
  fileMode,
  filesOf,
  labFilePaths,
  labFileText,
  withBase,
} from '../../../src/node/lab-files.ts';
import { REPO_ROOT } from './lab-files.ts';

describe('lab files as the site reads them', () => {
  it('holds every lab file, dotfiles included, and nothing from node_modules', () => {
    const paths = labFilePaths();
    expect(paths).toEqual(
      expect.arrayContaining([
        'labs/tracing/up.sh',
        'labs/tracing/manifests/20-otel-collector.yaml',
        'labs/worked-example/src/server.ts',
        'labs/worked-example/Dockerfile',
        'labs/worked-example/.dockerignore',
        'labs/worked-example/package-lock.json',
      ]),
    );
    expect(paths.filter((p) => p.includes('node_modules'))).toEqual([]);
  });

  it('returns the text exactly as it is on disk', () => {
    for (const path of ['labs/tracing/verify.sh', 'labs/worked-example/src/telemetry.ts']) {
      expect(labFileText(path)).toBe(readFileSync(join(REPO_ROOT, path), 'utf8'));
    }
  });

  it('names the file and shows real paths when a path is wrong', () => {
    expect(() => labFileText('labs/tracing/verfy.sh')).toThrow(/No lab file "labs\/tracing\/verfy\.sh".*labs\/tracing\/up\.sh/);
  });

  it('lists a folder relative to itself, for the archives', () => {
    const files = filesOf('worked-example').map(([path]) => path);
    expect(files).toContain('src/server.ts');
    expect(files).toContain('.dockerignore');
    expect(files.every((f) => !f.startsWith('labs/'))).toBe(true);
  });

  it('offers one by one only files with an extension, and keeps scripts executable in archives', () => {
    const downloadable = downloadableFiles();
    expect(downloadable).toContain('labs/tracing/down.sh');
    expect(downloadable).not.toContain('labs/worked-example/Dockerfile');
    expect(downloadable).not.toContain('labs/worked-example/.dockerignore');
    expect(fileMode('up.sh')).toBe(0o755);
    expect(fileMode('manifests/10-jaeger.yaml')).toBe(0o644);
  });

  it('builds links under any base path', () => {
    expect(withBase('/', downloadPath('labs/tracing/up.sh'))).toBe('/downloads/labs/tracing/up.sh');
    expect(withBase('/tracing-course/', 'downloads/tracing-lab.zip')).toBe('/tracing-course/downloads/tracing-lab.zip');
    expect(withBase('/tracing-course', 'downloads/tracing-lab.zip')).toBe('/tracing-course/downloads/tracing-lab.zip');
  });
});
