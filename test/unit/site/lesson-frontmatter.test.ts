import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LessonFieldsSchema } from '../../../src/schemas/lesson.ts';

const root = resolve(import.meta.dirname, '../../..');

describe('lesson frontmatter', () => {
  test('a valid lesson keeps its course fields', () => {
    const lesson = LessonFieldsSchema.parse({ order: 2, minutes: 12, outcomes: ['debug', 'instrument'], prerequisites: ['overview'] });
    expect(lesson).toEqual({ order: 2, minutes: 12, outcomes: ['debug', 'instrument'], prerequisites: ['overview'] });
  });

  test('each bad field gets a message that says what is expected', () => {
    const result = LessonFieldsSchema.safeParse({ order: 'two', minutes: 7.5, outcomes: ['debugging'] });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(messages).toMatchInlineSnapshot(`
      [
        "order: give the lesson its place in the course as a whole number, e.g. \`order: 3\`",
        "minutes: use whole minutes, e.g. \`minutes: 12\`",
        "outcomes.0: "debugging" is not a learning outcome id; use one of debug, instrument, backends, sampling, correlate",
      ]
    `);
  });

  describe('a real build with a malformed lesson', () => {
    const site = mkdtempSync(join(tmpdir(), 'course-frontmatter-'));
    afterAll(() => rmSync(site, { recursive: true, force: true }));

    test('fails and names the file, the field and what is expected', () => {
      for (const name of ['node_modules', 'src', 'public']) symlinkSync(join(root, name), join(site, name));
      for (const name of ['astro.config.mjs', 'tsconfig.json', 'package.json']) cpSync(join(root, name), join(site, name));
      mkdirSync(join(site, 'content/docs'), { recursive: true });
      cpSync(join(root, 'content/course.yaml'), join(site, 'content/course.yaml'));
      writeFileSync(
        join(site, 'content/docs/index.mdx'),
        '---\ntitle: Home\ndescription: A home page used only by this test of frontmatter errors in lessons.\n---\n\nHome.\n',
      );
      writeFileSync(
        join(site, 'content/docs/overview.mdx'),
        '---\ntitle: Overview\ndescription: A lesson with a broken frontmatter field.\norder: 1\nminutes: about ten\noutcomes: [debug]\n---\n\nText.\n',
      );
      const build = spawnSync('npx', ['astro', 'build', '--outDir', join(site, 'dist')], { cwd: site, encoding: 'utf8', timeout: 120_000 });
      const output = `${build.stdout}\n${build.stderr}`;
      expect(build.status).not.toBe(0);
      expect(output).toContain('content/docs/overview.mdx');
      expect(output).toContain('minutes');
      expect(output).toContain('give the estimated study time in minutes as a whole number');
    }, 120_000);
  });
});
