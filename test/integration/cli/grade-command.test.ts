import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The grade command started as a program, the one way it is run so: its entry point, exit
// code and output streams. The rest of its behaviour is tested in process
// (test/unit/cli/). A named pipe among the exports is here because opening one would
// block: a program can be stopped by a timeout, a hang inside the test run cannot.

const ROOT = join(import.meta.dirname, '../../..');
const CONTENT = join(ROOT, 'test/fixtures/course/content');
const tmp = mkdtempSync(join(tmpdir(), 'grade-command-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run grade, as a program', () => {
  it('grades the exports in a folder, skips a named pipe without hanging, and exits 1', () => {
    const dir = join(tmp, 'class');
    mkdirSync(dir);
    copyFileSync(join(ROOT, 'test/fixtures/course/exports/good.json'), join(dir, 'ada.json'));
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    // As `npm run grade` runs it (tsx), from the folder holding the exports.
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/grade.ts'), 'class', '--content', CONTENT],
      {
        cwd: tmp,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.signal, 'killed by the timeout: the command hung').toBeNull();
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'class/pipe.json: rejected: is a named pipe (FIFO), not a regular file; skipped without opening it (an export is a file downloaded from the progress page)',
      'grade: 1 graded, 1 rejected, 0 problems',
    ]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Gradebook (pass mark 70%)');
    expect(r.stdout).toMatch(/^0b7a6f1e-ada +Ada Example +83\.3% +66\.7% +75% +pass /m);
  }, 90_000);
});
