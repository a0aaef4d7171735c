import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFileName, mergeImport, parseExport, toExport } from '../../../src/course/export.ts';
import { createProgressStore, emptyProgress, type StorageLike } from '../../../src/course/progress-store.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/course/exports');
const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

function memory(): StorageLike {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

let t = Date.parse('2025-03-14T09:00:00Z');
const now = () => new Date((t += 1000));

function storeWithWork() {
  const store = createProgressStore(memory(), { now, newId: () => 'learner-a' });
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
  store.recordAnswer({ bank: 'b', questionId: 'q1', hash: 'h1', response: { choice: 'two' }, score: 1, correct: true });
  store.recordQuizFinished('b', 1);
  store.commitPrediction('p1', { lesson: 'trace-anatomy', hash: 'ph', response: { text: 'Two traces' } });
  store.revealPrediction('p1');
  store.setLabItem('cluster-ready', true);
  return store;
}

describe('export', () => {
  it('holds raw responses, hashes, times, attempts, the learner, the lab checklist and predictions', () => {
    const data = toExport(storeWithWork().get(), { now: new Date('2025-03-14T10:00:00Z') });
    expect(data).toMatchObject({
      format: 'dt-course-export',
      version: 1,
      exportedAt: '2025-03-14T10:00:00.000Z',
      learner: { id: 'learner-a', name: 'Ada' },
      answers: [{ questionId: 'q1', bank: 'b', hash: 'h1', response: { choice: 'two' }, firstResponse: { choice: 'one' }, attempts: 2 }],
      predictions: [{ id: 'p1', response: { text: 'Two traces' }, revealedAt: expect.any(String) }],
      // The first answer (given with its lesson) and the prediction were done on the lesson.
      visits: [{ lesson: 'trace-anatomy', count: 2, via: ['answer', 'prediction'] }],
      lab: { checked: ['cluster-ready'] },
    });
    const parsed = parseExport(JSON.stringify(data));
    expect(parsed).toEqual({ ok: true, data, problems: [] });
  });

  it('names the file after the learner and the day', () => {
    const p = storeWithWork().get();
    expect(exportFileName(p, new Date('2025-03-14T10:00:00Z'))).toBe('tracing-course-ada-2025-03-14.json');
    expect(exportFileName({ ...p, learner: { id: 'abcdef123456', name: '' } }, new Date('2025-03-14T10:00:00Z'))).toBe(
      'tracing-course-abcdef12-2025-03-14.json',
    );
  });
});

describe('import validation', () => {
  it('rejects whole files that cannot be an export, saying why', () => {
    expect(parseExport('')).toEqual({ ok: false, error: 'the file is empty' });
    expect(parseExport(read('not-json.json'))).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON \(/) });
    expect(parseExport(read('truncated.json'))).toEqual({
      ok: false,
      error: 'the file ends early after 400 bytes: it looks truncated (download or copy it again)',
    });
    expect(parseExport(read('wrong-version.json'))).toEqual({
      ok: false,
      error: 'export version 2 comes from a newer version of the course; this one reads version 1 (update the course)',
    });
    expect(parseExport('{"format":"dt-course-export","version":"1"}')).toEqual({
      ok: false,
      error: 'unsupported export version "1"; this course reads version 1',
    });
    expect(parseExport('{"settings":true}')).toEqual({
      ok: false,
      error: 'not a course export: "format" is undefined, expected "dt-course-export"',
    });
    expect(parseExport('[]')).toMatchObject({ ok: false, error: expect.stringMatching(/^not a course export/) });
    expect(parseExport(JSON.stringify(emptyProgress('x', new Date())))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/stored progress, not an export/),
    });
    expect(parseExport('{"format":"dt-course-export","version":1,"exportedAt":"2025-03-14T10:00:00Z"}')).toEqual({
      ok: false,
      error: 'not a valid export: learner is missing',
    });
    expect(parseExport('{"format":"dt-course-export","version":1,"exportedAt":"x","learner":{"id":"a"}}')).toEqual({
      ok: false,
      error: 'not a valid export: exportedAt should be an ISO 8601 date and time such as 2025-03-14T09:58:10Z',
    });
  });

  it('keeps every good entry and lists each bad one', () => {
    const good = JSON.parse(read('good.json'));
    good.answers[1].attempts = 0;
    delete good.answers[2].response;
    good.predictions[0].response = { choice: 5 };
    const parsed = parseExport(JSON.stringify(good));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.data.answers.map((a) => a.questionId)).toEqual(['fx-broken-edge', 'fx-volume', 'fx-header', 'fx-sampling']);
    expect(parsed.data.predictions).toEqual([]);
    expect(parsed.problems).toMatchInlineSnapshot(`
      [
        "answers[1] (question "fx-resource"): attempts must be at least 1, found 0; skipped",
        "answers[2] (question "fx-order"): response is missing; skipped",
        "predictions[0] (prediction "fx-predict-edge"): response {"choice":5} does not match any allowed form; skipped",
      ]
    `);
  });
});

describe('import merge', () => {
  it('export, reset, import gives everything back', () => {
    const store = storeWithWork();
    const before = store.get();
    const file = toExport(before, { now: now() });
    store.reset();
    expect(store.get().answers).toEqual({});
    const parsed = parseExport(JSON.stringify(file));
    if (!parsed.ok) throw new Error(parsed.error);
    // The file's scores are not used: the grader (here: the site's verdicts) scores the responses again.
    const verdicts = new Map(Object.entries(before.answers).map(([id, a]) => [id, { score: a.score, correct: a.correct }]));
    const { progress, summary } = mergeImport(store.get(), parsed.data, {
      now: now(),
      currentHash: { question: (id) => before.answers[id]?.hash, prediction: (id) => before.predictions[id]?.hash },
      grade: (id) => verdicts.get(id) ?? null,
    });
    store.replace(progress);
    const after = store.get();
    expect(after.answers).toEqual(before.answers);
    expect(after.predictions).toEqual(before.predictions);
    expect(after.visits).toEqual(before.visits);
    expect(after.quizzes).toEqual(before.quizzes);
    expect(after.lab.checked).toEqual(before.lab.checked);
    expect(after.learner).toEqual(before.learner);
    expect(summary).toEqual({
      taken: { answers: 1, predictions: 1, visits: 1, quizzes: 1, lab: 1 },
      kept: 0,
      olderVersion: 0,
      learner: 'same',
    });
  });

  it('reads visits from files written before visits recorded what was done, and merges kinds', () => {
    const good = JSON.parse(read('good.json'));
    expect(good.visits[0].via).toBeUndefined(); // an export from before activity was recorded
    const parsed = parseExport(JSON.stringify(good));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.problems).toEqual([]);
    const empty = emptyProgress('x', new Date('2025-03-14T00:00:00Z'));
    const legacy = mergeImport(empty, parsed.data, now()).progress;
    expect(legacy.visits['trace-anatomy']).toEqual({ first: '2025-03-14T08:50:00.000Z', last: '2025-03-14T09:00:00.000Z', count: 2 });

    // A visit with kinds merges with the stored one: earliest first, latest last, kinds together.
    const store = createProgressStore(memory(), { now: () => new Date('2025-03-14T09:30:00Z'), newId: () => 'x' });
    store.replace(legacy);
    store.recordActivity('trace-anatomy', 'sandbox');
    const file = {
      ...parsed.data,
      visits: [{ lesson: 'trace-anatomy', first: '2025-03-14T08:00:00.000Z', last: '2025-03-14T08:10:00.000Z', count: 1, via: ['answer'] }],
    };
    const merged = mergeImport(store.get(), file, now()).progress;
    expect(merged.visits['trace-anatomy']).toEqual({
      first: '2025-03-14T08:00:00.000Z',
      last: '2025-03-14T09:30:00.000Z',
      count: 3,
      via: ['answer', 'sandbox'],
    });
    // An older reader ignores `via`; this one keeps kinds it does not know (a later course's).
    const later = parseExport(JSON.stringify({ ...good, visits: [{ ...good.visits[0], via: ['answer', 'flashcards'] }] }));
    expect(later).toMatchObject({ ok: true, problems: [], data: { visits: [{ via: ['answer', 'flashcards'] }] } });
  });

  it('loses nothing: newer stored entries win over older ones in the file', () => {
    const store = storeWithWork();
    const old = toExport(store.get(), { now: now() });
    store.recordAnswer({ bank: 'b', questionId: 'q1', hash: 'h1', response: { choice: 'three' }, score: 0, correct: false });
    store.recordAnswer({ bank: 'b', questionId: 'q9', hash: 'h9', response: { text: 'x' }, score: 0, correct: false });
    const { progress, summary } = mergeImport(store.get(), old, now());
    expect(progress.answers['q1']).toMatchObject({ response: { choice: 'three' }, attempts: 3 });
    expect(progress.answers['q9']).toBeDefined();
    // Nothing in the file was newer: q1, the prediction, the visit and the quiz stay as they were.
    expect(summary.taken).toEqual({ answers: 0, predictions: 0, visits: 0, quizzes: 0, lab: 0 });
    expect(summary.kept).toBe(4);
  });
});
