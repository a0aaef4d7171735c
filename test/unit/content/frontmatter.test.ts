import { describe, expect, it } from 'vitest';
import { LessonFieldsSchema, OUTCOME_IDS } from '../../../src/schemas/lesson.ts';
import { ALL_SLUGS } from '../../../src/course/sidebar.ts';
import { exists, readLesson, readLessons, type Lesson } from './lessons.ts';

const lessons = readLessons();
// The issue's order: 1 overview … 9 module quiz, 10 the lab (written elsewhere), 11 sources; then the
// lessons that go further: 12 collector tiers, 13 span metrics, 14 TraceQL in depth.
const EXPECTED_ORDER: Record<string, number> = {
  overview: 1,
  'trace-anatomy': 2,
  'worked-example': 3,
  backends: 4,
  sampling: 5,
  correlation: 6,
  production: 7,
  review: 8,
  'module-quiz': 9,
  sources: 11,
  'collector-tiers': 12,
  'span-metrics': 13,
  'traceql-deep-dive': 14,
};

function firstHeadingIndex(lesson: Lesson): number {
  const i = lesson.body.search(/^## /m);
  return i === -1 ? lesson.body.length : i;
}

describe.each(lessons.map((l) => [l.slug, l] as const))('lesson %s', (slug, lesson) => {
  const fm = lesson.frontmatter;

  it('has a title and a real meta description of 120–160 characters', () => {
    expect(typeof fm['title']).toBe('string');
    const description = String(fm['description'] ?? '');
    expect(description.length, `description is ${description.length} characters`).toBeGreaterThanOrEqual(120);
    expect(description.length, `description is ${description.length} characters`).toBeLessThanOrEqual(160);
  });

  it('has the course fields the docs schema requires, with valid outcome ids', () => {
    const parsed = LessonFieldsSchema.safeParse(fm);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    expect(fm['order']).toBe(EXPECTED_ORDER[slug]);
    expect(Number.isInteger(fm['minutes'])).toBe(true);
    expect(Array.isArray(fm['outcomes'])).toBe(true);
    for (const id of fm['outcomes'] as string[]) expect(OUTCOME_IDS).toContain(id);
    expect(Array.isArray(fm['prerequisites'])).toBe(true);
  });

  it('is in the course sidebar, and its slug prerequisites are lessons of the course', () => {
    expect(ALL_SLUGS).toContain(slug);
    for (const p of fm['prerequisites'] as string[]) {
      if (/^[a-z-]+$/.test(p)) expect(ALL_SLUGS, `prerequisite ${p}`).toContain(p);
    }
  });

  it('opens with its time and what the learner will be able to do, before the first section', () => {
    const intro = lesson.body.slice(0, firstHeadingIndex(lesson));
    const badge = /<Badge text="(\d+) min"/.exec(intro);
    expect(badge, 'a time badge before the first heading').not.toBeNull();
    expect(Number(badge![1])).toBe(fm['minutes']);
    expect(intro).toMatch(/\*\*After this (lesson|page|quiz) you (can|will know)\*\*/);
  });

  it('links to other pages relatively, so the site works under a base path', () => {
    expect(lesson.body).not.toMatch(/\]\(\/[a-z]/);
    expect(lesson.body).not.toMatch(/href="\/[a-z]/);
  });
});

describe('the overview', () => {
  const overview = readLesson('overview');

  it('lists each lesson’s time exactly as that lesson’s frontmatter states it', () => {
    const rows = [...overview.body.matchAll(/^\| \[[^\]]+\]\(\.\.\/([a-z-]+)\/\) \|[^|]+\| (\d+) min \|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const [, slug, minutes] of rows) {
      const minutesInLesson = readLesson(slug as Lesson['slug']).frontmatter['minutes'];
      expect(Number(minutes), `overview row for ${slug}`).toBe(minutesInLesson);
    }
  });

  it('links only to pages that exist or belong to the course', () => {
    for (const [, slug] of overview.body.matchAll(/\]\(\.\.\/([a-z-]+)\/\)/g)) {
      expect(ALL_SLUGS.includes(slug!) || exists(`content/docs/${slug}.mdx`), slug).toBe(true);
    }
  });
});
