import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportText, mergeImport, parseExport, toExport } from '../../../src/course/export';
import type { ParsedExport } from '../../../src/course/export';
import { createProgressStore, emptyProgress } from '../../../src/course/progress-store';
import { SEEDS, shown, withinBudget, jsonPaths, mutateJson } from './budget';

// Property-based fuzzing of the export reader that the progress page and the
// grade command share (src/course/export.ts): random JSON, random bytes and
// mutations of a real export must come back within the time budget as a
// file (with any skipped entries listed) or as one line saying why not,
// never as an exception; a file that reads must also merge without throwing.

const NOW = new Date('2025-03-14T10:00:00Z');

function exportWithWork(): unknown {
  const store = createProgressStore(null, { newId: () => 'learner-a', now: () => NOW });
  store.setLearnerName('Ada');
  store.recordAnswer({
    bank: 'b',
    lesson: 'trace-anatomy',
    questionId: 'q1',
    hash: 'h1',
    response: { choice: 'one' },
    score: 0,
    correct: false,
  });
  store.recordAnswer({ bank: 'b', questionId: 'q2', hash: 'h2', response: { choices: ['a', 'b'] }, score: 1, correct: true });
  store.recordQuizFinished('b', 1);
  store.commitPrediction('p1', { lesson: 'trace-anatomy', hash: 'ph', response: { text: 'Two traces' } });
  store.revealPrediction('p1');
  store.setLabItem('cluster-ready', true);
  return JSON.parse(JSON.stringify(toExport(store.get(), { now: NOW, course: { title: 'T', url: 'https://example.org/' } })));
}

const validDoc = exportWithWork();

function check(text: string): ParsedExport {
  let parsed: ParsedExport;
  try {
    parsed = withinBudget(() => parseExport(text));
  } catch (error) {
    throw new Error(`${shown(text)}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
  if (!parsed.ok) {
    if (typeof parsed.error !== 'string' || parsed.error.trim() === '') throw new Error(`${shown(text)}: refused without a reason`);
    return parsed;
  }
  if (!parsed.problems.every((p) => typeof p === 'string' && p.trim() !== '')) throw new Error(`${shown(text)}: an empty problem line`);
  try {
    withinBudget(() => mergeImport(emptyProgress('learner-b', NOW), parsed.data, { now: NOW }));
  } catch (error) {
    throw new Error(`${shown(text)}: mergeImport: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, {
      cause: error,
    });
  }
  return parsed;
}

const ALL_PATHS = jsonPaths(validDoc);

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    'not a time',
    '2025-13-45T99:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '+275760-09-13T00:00:00.000Z',
    1e308,
    -1,
    0,
    2,
    0.5,
    null,
    true,
    [],
    {},
    'dt-course-export',
    'dt-course-progress',
    '__proto__',
    { choice: 'x' },
    { text: 'x'.repeat(10_000) },
    '\u0000\uD800\uFEFF',
  ),
  fc.integer({ min: 1, max: 300 }).map((n) => JSON.parse(`${'['.repeat(n)}1${']'.repeat(n)}`) as unknown),
);

const mutate = (doc: unknown, steps: readonly { at: number; op: number; value: unknown }[]) => mutateJson(doc, ALL_PATHS, steps);

describe('fuzz: the export reader reads a file or says why not, never throws', () => {
  it('a real export reads back whole', () => {
    expect(check(JSON.stringify(validDoc))).toMatchObject({ ok: true, problems: [] });
  });

  it('random JSON and text (2,000 inputs)', () => {
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc
        .jsonValue({ maxDepth: 3 })
        .map((v) =>
          JSON.stringify({ format: 'dt-course-export', version: 1, exportedAt: NOW.toISOString(), learner: { id: 'x' }, answers: v }),
        ),
      fc
        .dictionary(
          fc.constantFrom(
            'format',
            'version',
            'exportedAt',
            'learner',
            'answers',
            'quizzes',
            'predictions',
            'visits',
            'lab',
            'course',
            '__proto__',
          ),
          fc.jsonValue({ maxDepth: 3 }),
        )
        .map((v) => JSON.stringify({ format: 'dt-course-export', version: 1, ...v })),
      fc.string({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(text, (t) => void check(t)),
      { seed: SEEDS.exportJson, numRuns: 2000 },
    );
  });

  it('random bytes read as text the way the browser reads them (1,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const read = withinBudget(() => exportText(bytes));
        if (read.ok) check(read.text);
        else expect(read.error).toMatch(/UTF-16/);
      }),
      { seed: SEEDS.exportJson + 1, numRuns: 1000 },
    );
  });

  it('mutations of a real export (2,000 inputs)', () => {
    let read = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 3 }), value: replacement }), { minLength: 1, maxLength: 4 }),
        (steps) => {
          if (check(mutate(validDoc, steps)).ok) read += 1;
        },
      ),
      { seed: SEEDS.exportMutation, numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(0);
  });
});
