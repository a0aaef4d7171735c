import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonStatuses, recordableActivity } from '../../../src/course/activity.ts';
import { createProgressStore, emptyProgress, type StorageLike } from '../../../src/course/progress-store.ts';
import { ALL_SLUGS } from '../../../src/course/sidebar.ts';
import { quizAnchor, skipTargets } from '../../../src/course/skip-targets.ts';

// What counts a lesson as visited, and which pages are in that count.

const DOCS = join(import.meta.dirname, '../../../content/docs');
const page = (slug: string) => readFileSync(join(DOCS, `${slug}.mdx`), 'utf8');

function memory(): StorageLike {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('which pages are in the visited count', () => {
  it('finds the components that record activity, ignoring ones shown in code', () => {
    expect(recordableActivity('<Quiz bank="x" />\n<Prediction id="p" />')).toEqual(['answer', 'prediction']);
    expect(recordableActivity('<LabProgress />')).toEqual(['lab']);
    expect(recordableActivity('Use `<Quiz bank="x" />` in a lesson.\n\n```mdx\n<Prediction id="p" />\n```\n')).toEqual([]);
    expect(recordableActivity('<QuizList />, <CheckoutSandboxes />')).toEqual([]);
    expect(recordableActivity('<CheckoutSandbox controls={["carts"]} />')).toEqual(['sandbox']);
  });

  it('counts every course page a learner can act on, and only those', () => {
    const lessons = ALL_SLUGS.filter((slug) => !['progress', 'instructors'].includes(slug));
    const counted = lessons.filter((slug) => recordableActivity(page(slug)).length > 0);
    // Every page with a quiz, a prediction, the lab checklist or the checkout sandbox; the sources page has nothing to do.
    expect(lessons.filter((slug) => !counted.includes(slug))).toEqual(['sources']);
    expect(recordableActivity(page('playground'))).toEqual(['sandbox']);
    expect(recordableActivity(page('lab'))).toEqual(['lab']);
    expect(recordableActivity(page('trace-anatomy'))).toEqual(['answer', 'prediction', 'sandbox']);
  });
});

describe('lesson status', () => {
  const banks = [
    { id: 'trace-anatomy', lesson: 'trace-anatomy' },
    { id: 'module', lesson: 'module-quiz' },
  ];
  const lessons = [
    { slug: 'overview', kinds: ['answer'] as const },
    { slug: 'trace-anatomy', kinds: ['answer', 'prediction'] as const },
    { slug: 'module-quiz', kinds: ['answer'] as const },
    { slug: 'lab', kinds: ['lab'] as const },
  ];

  it('is "not yet" everywhere for a learner who only looked, including visits recorded under the old scroll rule', () => {
    const p = emptyProgress('x', new Date('2025-03-14T00:00:00Z'));
    p.visits['overview'] = { first: '2025-03-14T09:00:00.000Z', last: '2025-03-14T09:00:00.000Z', count: 4 };
    expect(lessonStatuses(p, lessons, banks).filter((s) => s.done)).toEqual([]);
  });

  it('counts what the learner did through the store: an answer, a prediction, a lab tick', () => {
    let t = Date.parse('2025-03-14T09:00:00Z');
    const store = createProgressStore(memory(), { now: () => new Date((t += 60_000)), newId: () => 'x' });
    store.recordAnswer({
      bank: 'trace-anatomy',
      lesson: 'trace-anatomy',
      questionId: 'q1',
      hash: 'h',
      response: { choice: 'a' },
      score: 1,
      correct: true,
    });
    store.setLabItem('cluster-exists', true, 'lab');
    const statuses = lessonStatuses(store.get(), lessons, banks);
    expect(statuses.map((s) => [s.slug, s.done, s.via])).toEqual([
      ['overview', false, []],
      ['trace-anatomy', true, ['answer']],
      ['module-quiz', false, []],
      ['lab', true, ['lab']],
    ]);
    // Each is dated by the action itself; the tick came after the answer.
    expect(statuses[1]!.at).toBe(store.get().answers['q1']!.answeredAt);
    expect(statuses[3]!.at! > statuses[1]!.at!).toBe(true);
  });

  it('credits answers, predictions and lab ticks imported from an export made before visits recorded activity', () => {
    const p = emptyProgress('x', new Date('2025-03-14T00:00:00Z'));
    p.answers['m1'] = {
      bank: 'module',
      hash: 'h',
      response: {},
      firstResponse: {},
      score: 0,
      correct: false,
      attempts: 1,
      firstAnsweredAt: '2025-03-14T09:00:00.000Z',
      answeredAt: '2025-03-14T09:05:00.000Z',
    };
    p.predictions['p1'] = { lesson: 'trace-anatomy', hash: 'h', response: { choice: 'a' }, committedAt: '2025-03-14T08:00:00.000Z' };
    p.lab.checked = ['cluster-exists'];
    const statuses = lessonStatuses(p, lessons, banks);
    expect(statuses.map((s) => [s.slug, s.done, s.via, s.at])).toEqual([
      ['overview', false, [], null],
      ['trace-anatomy', true, ['prediction'], '2025-03-14T08:00:00.000Z'],
      ['module-quiz', true, ['answer'], '2025-03-14T09:05:00.000Z'],
      ['lab', true, ['lab'], null],
    ]);
  });

  it('ignores kinds it does not know (written by a later course)', () => {
    const p = emptyProgress('x', new Date('2025-03-14T00:00:00Z'));
    p.visits['overview'] = { first: 'a', last: 'b', count: 1, via: ['flashcards'] };
    expect(lessonStatuses(p, lessons, banks)[0]!.done).toBe(false);
    p.visits['overview'] = { first: 'a', last: 'b', count: 2, via: ['answer', 'flashcards'] };
    expect(lessonStatuses(p, lessons, banks)[0]).toEqual({ slug: 'overview', done: true, at: 'b', via: ['answer'] });
  });
});

describe('skip links', () => {
  it('point a page with a quiz at its first quiz', () => {
    expect(skipTargets(page('overview'))).toEqual([{ href: `#${quizAnchor('overview')}`, label: 'Skip to the quiz' }]);
    expect(skipTargets('<Quiz headingLevel={3} bank=\'module\' />\n<Quiz bank="other" />')).toEqual([
      { href: '#quiz-module', label: 'Skip to the quiz' },
    ]);
    expect(skipTargets(page('sources'))).toEqual([]);
    expect(skipTargets('```mdx\n<Quiz bank="x" />\n```')).toEqual([]);
  });

  it('cover every lesson with a quiz', () => {
    for (const slug of ALL_SLUGS.filter((s) => !['progress', 'instructors'].includes(s))) {
      const source = page(slug);
      expect(skipTargets(source).length, slug).toBe(recordableActivity(source).includes('answer') ? 1 : 0);
    }
  });
});
