import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadCourseContent } from '../../../src/node/load-content.ts';
import { OUTCOME_IDS } from '../../../src/schemas/lesson.ts';
import { ScenarioOptionsSchema } from '../../../src/schemas/prediction.ts';
import { SANDBOX_CONTROLS } from '../../../src/components/sandbox/controls.ts';
import { runCheckout } from '../../../src/sandbox/run-checkout.ts';
import type { ScenarioOptions } from '../../../src/sandbox/scenario.ts';
import { summarize, type RunFacts } from '../../../src/sandbox/run-facts.ts';
import { ROOT, exists, readLessons, type Lesson } from './lessons.ts';

const lessons = readLessons();
const { content, issues } = loadCourseContent(join(ROOT, 'content'), { displayRoot: ROOT });
const banks = content.quizzes;
const predictionBanks = content.predictions;
const questions = banks.flatMap((b) => b.questions.map((q) => ({ bank: b.id, q })));
const predictions = predictionBanks.flatMap((b) => b.predictions.map((p) => ({ lesson: b.lesson, p })));
const markers = lessons.flatMap((lesson) => lesson.markers.map((m) => ({ lesson, m })));
const at = (lesson: Lesson, line: number) => `${lesson.slug}.mdx:${line}`;

const STANDALONE = ['traceql-playground', 'sampling-lab', 'volume-calculator', 'exemplars', 'redaction'];
const KNOWN_KINDS = ['prediction', 'quiz', 'sandbox', 'source', ...STANDALONE];

describe('question and prediction banks', () => {
  it('pass the course’s own content validation', () => {
    expect(issues).toEqual([]);
  });

  it('have ids that are unique across every bank, questions and predictions together', () => {
    const ids = [...questions.map(({ q }) => q.id), ...predictions.map(({ p }) => p.id)];
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('have one quiz bank per lesson that ends in a quiz, plus the module bank', () => {
    const files = readdirSync(join(ROOT, 'content', 'quizzes')).map((f) => f.replace(/\.yaml$/, ''));
    for (const bank of banks) expect(files).toContain(bank.id);
    expect(banks.map((b) => b.id)).toContain('module');
  });

  it('give every lesson bank 3 to 6 questions, and the module bank at least the eight scenarios', () => {
    for (const bank of banks) {
      if (bank.id === 'module') expect(bank.questions.length).toBeGreaterThanOrEqual(8);
      else if (bank.lesson !== 'lab') expect(bank.questions.length, bank.id).toBeGreaterThanOrEqual(3);
      if (bank.id !== 'module' && bank.lesson !== 'lab') expect(bank.questions.length, bank.id).toBeLessThanOrEqual(6);
    }
  });

  it('assess every learning outcome at least twice', () => {
    for (const outcome of OUTCOME_IDS) {
      const count = questions.filter(({ q }) => q.outcome === outcome).length;
      expect(count, `questions assessing ${outcome}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('give feedback on every choice of every choice question', () => {
    for (const { q } of questions) {
      if (q.type !== 'single' && q.type !== 'multiple') continue;
      for (const choice of q.choices) expect(choice.feedback.length, `${q.id}/${choice.id}`).toBeGreaterThan(10);
      expect(q.choices.filter((c) => c.correct).length, q.id).toBeGreaterThanOrEqual(1);
    }
  });

  it('ask trace-volume arithmetic as numeric questions with a tolerance and a unit', () => {
    const numeric = questions.filter(({ q }) => q.type === 'numeric').map(({ q }) => q);
    expect(numeric.some((q) => q.id.startsWith('module-'))).toBe(true);
    for (const q of numeric) {
      if (q.type !== 'numeric') continue;
      expect(q.tolerance, q.id).toBeGreaterThan(0);
      expect(q.unit, q.id).toBeTruthy();
    }
  });

  it('state volume answers that agree with their own arithmetic', () => {
    // requests/s × spans/request × bytes/span × 86,400 s, in the unit the question asks for.
    const volume: Record<string, [number, number, number, number]> = {
      'sampling-daily-volume': [500, 20, 1000, 1e9],
      'module-volume-tb-per-day': [1200, 25, 800, 1e12],
    };
    for (const [id, [rps, spans, bytes, unit]] of Object.entries(volume)) {
      const q = questions.find(({ q }) => q.id === id)?.q;
      expect(q?.type).toBe('numeric');
      if (q?.type !== 'numeric') continue;
      expect(Math.abs(q.answer - (rps * spans * bytes * 86_400) / unit)).toBeLessThanOrEqual(q.tolerance);
    }
  });
});

describe('markers in the lessons', () => {
  it('are all of a known kind', () => {
    const unknown = markers.filter(({ m }) => !KNOWN_KINDS.includes(m.kind)).map(({ lesson, m }) => at(lesson, m.line));
    expect(unknown).toEqual([]);
  });

  it('point to predictions that exist, once each, from the lesson whose bank holds them', () => {
    const used = markers.filter(({ m }) => m.kind === 'prediction');
    for (const { lesson, m } of used) {
      const found = predictions.find(({ p }) => p.id === m.arg);
      expect(found, `${at(lesson, m.line)}: prediction ${m.arg}`).toBeDefined();
      expect(found!.lesson).toBe(lesson.slug);
    }
    const ids = used.map(({ m }) => m.arg);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const { p, lesson } of predictions) {
      if (lessons.some((l) => l.slug === lesson)) expect(ids, `prediction ${p.id} is placed in ${lesson}`).toContain(p.id);
    }
  });

  it('end every lesson with its own quiz, and put the module bank on the module quiz page', () => {
    for (const lesson of lessons) {
      const quizzes = lesson.markers.filter((m) => m.kind === 'quiz');
      if (lesson.slug === 'sources') {
        expect(quizzes).toEqual([]);
        continue;
      }
      expect(quizzes.length, lesson.slug).toBe(1);
      const bankId = quizzes[0]!.arg;
      const bank = banks.find((b) => b.id === bankId);
      expect(bank, `${lesson.slug}: bank ${bankId}`).toBeDefined();
      expect(bank!.lesson).toBe(lesson.slug);
      const afterMarker = lesson.body.split('\n').slice(quizzes[0]!.line - lesson.bodyStart + 1).join('').trim();
      expect(afterMarker, `${lesson.slug}: the quiz comes last`).toBe('');
    }
  });

  it('place the checkout sandbox with a valid scenario and known controls where it belongs', () => {
    const sandboxes = markers.filter(({ m }) => m.kind === 'sandbox');
    expect(sandboxes.map(({ lesson }) => lesson.slug).sort()).toEqual(['production', 'trace-anatomy', 'worked-example']);
    for (const { lesson, m } of sandboxes) {
      const props = JSON.parse(m.arg) as { scenario: unknown; controls: string[] };
      expect(ScenarioOptionsSchema.safeParse(props.scenario).success, at(lesson, m.line)).toBe(true);
      for (const control of props.controls) expect(SANDBOX_CONTROLS as readonly string[]).toContain(control);
    }
  });

  it('place each stand-alone sandbox exactly once, in its lesson', () => {
    const expected: Record<string, string> = {
      'traceql-playground': 'backends',
      'sampling-lab': 'sampling',
      'volume-calculator': 'sampling',
      exemplars: 'correlation',
      redaction: 'production',
    };
    for (const [kind, slug] of Object.entries(expected)) {
      const found = markers.filter(({ m }) => m.kind === kind);
      expect(found.map(({ lesson }) => lesson.slug), kind).toEqual([slug]);
    }
  });

  it('show worked-example code only from files that exist in labs/worked-example', () => {
    const sources = markers.filter(({ m }) => m.kind === 'source');
    expect(sources.length).toBeGreaterThanOrEqual(2);
    for (const { lesson, m } of sources) {
      expect(m.arg, at(lesson, m.line)).toMatch(/^labs\/worked-example\//);
      expect(exists(m.arg), `${at(lesson, m.line)}: ${m.arg}`).toBe(true);
    }
  });
});

describe('every labs/ path a lesson names', () => {
  const named = lessons.flatMap((lesson) =>
    [...lesson.source.matchAll(/\blabs\/[\w./-]*[\w]/g)].map((match) => ({ slug: lesson.slug, path: match[0] })),
  );

  it.each(named.map(({ slug, path }) => [path, slug] as const))('%s (named in %s) exists', (path) => {
    expect(exists(path)).toBe(true);
  });
});

describe('predictions the sandbox can check', () => {
  const checked = predictions.filter(({ p }) => p.kind === 'choice' && p.check);

  it.each(checked.map(({ p }) => [p.id, p] as const))('%s: the sandbox run agrees with the stated answer', async (_id, p) => {
    if (p.kind !== 'choice' || !p.check) return;
    // Deterministic runs with three seeds: the answer must hold whatever the jitter.
    for (const seed of [1, 7, 42]) {
      // The bank's scenario passed the schema above; zod types optional keys as `T | undefined`.
      const run = await runCheckout({ ...(p.check.scenario as ScenarioOptions), seed, realTime: false });
      const actual = summarize(run)[p.check.fact as keyof RunFacts];
      const matching = Object.entries(p.check.expect)
        .filter(([, value]) => JSON.stringify(value) === JSON.stringify(actual))
        .map(([choice]) => choice);
      expect(matching, `seed ${seed}: ${p.check.fact} was ${JSON.stringify(actual)}`).toEqual([p.answer]);
    }
  });
});
