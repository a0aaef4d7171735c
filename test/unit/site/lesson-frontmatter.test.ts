import { describe, expect, test } from 'vitest';
import { LessonFieldsSchema } from '../../../src/schemas/lesson.ts';
import { buildScratchSite } from '../support/scratch-site.ts';

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

  test('a real build with a malformed lesson fails and names the file, the field and what is expected', () => {
    const build = buildScratchSite('course-frontmatter-', {
      'docs/index.mdx':
        '---\ntitle: Home\ndescription: A home page used only by this test of frontmatter errors in lessons.\n---\n\nHome.\n',
      'docs/overview.mdx':
        '---\ntitle: Overview\ndescription: A lesson with a broken frontmatter field.\norder: 1\nminutes: about ten\noutcomes: [debug]\n---\n\nText.\n',
    });
    expect(build.status).not.toBe(0);
    expect(build.output).toContain('content/docs/overview.mdx');
    expect(build.output).toContain('minutes');
    expect(build.output).toContain('give the estimated study time in minutes as a whole number');
  }, 120_000);
});
