import { describe, expect, it } from 'vitest';
import { learnerDiffers, mergeImport, parseExport, toExport } from '../../../src/course/export.ts';
import { join } from 'node:path';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { grade, QuestionSchema, rightResponse, type Question } from '../../../src/course/question-types/index.ts';
import {
  IMPORT_BACKUP_KEY,
  PROGRESS_KEY,
  createProgressStore,
  emptyProgress,
  mergeAnswers,
  mergePredictions,
  type StorageLike,
} from '../../../src/course/progress-store.ts';
import { forGrading, gradedLookup, moduleStanding, type BankOutline } from '../../../src/course/scoring.ts';
import { ExportAnswerSchema, type LearnerExportInput } from '../../../src/schemas/export.ts';
import type { AnswerRecord, Progress } from '../../../src/schemas/progress.ts';

// Importing a file merges it into what the browser holds and never loses
// anything: parsed times, current versions first, histories merged, the
// learner's identity kept unless they say otherwise, a backup first, and
// scores always graded again.

const NOW = new Date('2025-03-20T12:00:00Z');

/** localStorage with a quota counted in characters, like a browser's. */
class QuotaStorage implements StorageLike {
  data = new Map<string, string>();
  constructor(public quota = Infinity) {}
  used(except?: string) {
    let n = 0;
    for (const [k, v] of this.data) if (k !== except) n += k.length + v.length;
    return n;
  }
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.used(k) + k.length + v.length > this.quota) throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

function file(over: Partial<LearnerExportInput> = {}) {
  return {
    format: 'dt-course-export',
    version: 1,
    exportedAt: '2025-03-19T10:00:00.000Z',
    learner: { id: 'learner-a', name: 'Ada' },
    answers: [],
    ...over,
  };
}

function parsed(data: unknown) {
  const r = parseExport(JSON.stringify(data));
  if (!r.ok) throw new Error(r.error);
  return r;
}

const answer = (over: Partial<AnswerRecord> = {}): AnswerRecord => ({
  bank: 'b',
  hash: 'h1',
  response: { choice: 'two' },
  firstResponse: { choice: 'two' },
  score: 1,
  correct: true,
  attempts: 1,
  firstAnsweredAt: '2025-03-14T09:00:00.000Z',
  answeredAt: '2025-03-14T09:00:00.000Z',
  ...over,
});

function progressWith(answers: Record<string, AnswerRecord>, over: Partial<Progress> = {}): Progress {
  return { ...emptyProgress('learner-a', new Date('2025-03-14T08:00:00Z')), learner: { id: 'learner-a', name: 'Ada' }, answers, ...over };
}

const single: Question = QuestionSchema.parse({
  id: 'q1',
  type: 'single',
  outcome: 'debug',
  prompt: 'How many traces?',
  explanation: 'Because.',
  choices: [
    { id: 'one', text: 'One', feedback: 'No.' },
    { id: 'two', text: 'Two', correct: true, feedback: 'Yes.' },
  ],
});

describe('times in an import', () => {
  it('refuses an entry whose time is not ISO 8601, naming the entry and the field', () => {
    const r = parsed(
      file({
        answers: [
          { questionId: 'q1', bank: 'b', hash: 'h1', response: { choice: 'two' }, attempts: 1, answeredAt: '9999' },
          { questionId: 'q2', bank: 'b', hash: 'h2', response: { choice: 'two' }, attempts: 1, answeredAt: '2025-02-30T10:00:00Z' },
          { questionId: 'q3', bank: 'b', hash: 'h3', response: { choice: 'two' }, attempts: 1, answeredAt: '2025-03-14T10:00:00+02:00' },
        ],
        predictions: [{ id: 'p1', lesson: 'l', hash: 'ph', response: { choice: 'a' }, committedAt: 'yesterday' }],
      }),
    );
    expect(r.data.answers.map((a) => a.questionId)).toEqual(['q3']);
    expect(r.problems).toEqual([
      'answers[0] (question "q1"): answeredAt should be an ISO 8601 date and time such as 2025-03-14T09:58:10Z; skipped',
      'answers[1] (question "q2"): answeredAt should be an ISO 8601 date and time such as 2025-03-14T09:58:10Z; skipped',
      'predictions[0] (prediction "p1"): committedAt should be an ISO 8601 date and time such as 2025-03-14T09:58:10Z; skipped',
    ]);
  });

  it('compares parsed times, not text: a later-sorting string with an offset is not newer', () => {
    // 12:00+05:00 is 07:00Z: older than the stored 09:00Z, although "12" sorts after "09".
    const current = progressWith({ q1: answer({ response: { choice: 'two' }, answeredAt: '2025-03-14T09:00:00.000Z' }) });
    const r = parsed(
      file({
        answers: [
          { questionId: 'q1', bank: 'b', hash: 'h1', response: { choice: 'one' }, attempts: 1, answeredAt: '2025-03-14T12:00:00+05:00' },
        ],
      }),
    );
    const { progress } = mergeImport(current, r.data, { now: NOW });
    // The stored answer stays the latest; the file's, being earlier, becomes the first try.
    expect(progress.answers['q1']).toMatchObject({
      response: { choice: 'two' },
      answeredAt: '2025-03-14T09:00:00.000Z',
      firstResponse: { choice: 'one' },
      firstAnsweredAt: '2025-03-14T12:00:00+05:00',
    });
  });

  it('refuses entries dated in the future (a year 9999 cannot beat a real answer)', () => {
    const current = progressWith({ q1: answer() });
    const r = parsed(
      file({
        answers: [
          { questionId: 'q1', bank: 'b', hash: 'h1', response: { choice: 'one' }, attempts: 1, answeredAt: '9999-12-31T00:00:00Z' },
        ],
        quizzes: [{ bank: 'b', attempts: 1, lastScore: 1, bestScore: 1, finishedAt: '9999-12-31T00:00:00Z' }],
      }),
    );
    const { progress, problems } = mergeImport(current, r.data, { now: NOW });
    expect(progress.answers['q1']?.response).toEqual({ choice: 'two' });
    expect(progress.quizzes).toEqual({});
    expect(problems).toEqual([
      'answer to question "q1": answeredAt 9999-12-31T00:00:00Z is later than now (2025-03-20T12:00:00.000Z); skipped',
      'quiz "b": finishedAt 9999-12-31T00:00:00Z is later than now (2025-03-20T12:00:00.000Z); skipped',
    ]);
  });
});

describe('versions, attempts and first tries', () => {
  const currentHash = { question: (id: string) => ({ q1: 'h2' })[id], prediction: (id: string) => ({ p1: 'ph2' })[id] };

  it('never replaces an answer to the current version with one to an older version, however recent', () => {
    const current = progressWith({ q1: answer({ hash: 'h2', answeredAt: '2025-03-14T09:00:00.000Z' }) });
    const r = parsed(
      file({
        answers: [
          { questionId: 'q1', bank: 'b', hash: 'h1', response: { choice: 'one' }, attempts: 4, answeredAt: '2025-03-18T09:00:00Z' },
        ],
      }),
    );
    const { progress, summary } = mergeImport(current, r.data, { now: NOW, currentHash });
    expect(progress.answers['q1']).toMatchObject({ hash: 'h2', response: { choice: 'two' }, attempts: 1 });
    expect(summary).toMatchObject({ kept: 1, olderVersion: 1 });
    // The other way round, an older answer to the current version replaces a newer one to an old version.
    const old = progressWith({ q1: answer({ hash: 'h1', answeredAt: '2025-03-18T09:00:00.000Z' }) });
    const r2 = parsed(
      file({
        answers: [
          { questionId: 'q1', bank: 'b', hash: 'h2', response: { choice: 'one' }, attempts: 1, answeredAt: '2025-03-10T09:00:00Z' },
        ],
      }),
    );
    expect(mergeImport(old, r2.data, { now: NOW, currentHash }).progress.answers['q1']).toMatchObject({
      hash: 'h2',
      response: { choice: 'one' },
    });
  });

  it('merges attempt counts (the larger) and first tries (the earlier), the latest response from the later answer', () => {
    const current = progressWith({
      q1: answer({
        attempts: 2,
        firstResponse: { choice: 'x' },
        firstAnsweredAt: '2025-03-15T09:00:00.000Z',
        response: { choice: 'two' },
        answeredAt: '2025-03-16T09:00:00.000Z',
      }),
    });
    const r = parsed(
      file({
        answers: [
          {
            questionId: 'q1',
            bank: 'b',
            hash: 'h1',
            response: { choice: 'one' },
            firstResponse: { choice: 'first' },
            attempts: 5,
            firstAnsweredAt: '2025-03-10T09:00:00Z',
            answeredAt: '2025-03-12T09:00:00Z',
          },
        ],
      }),
    );
    const merged = mergeImport(current, r.data, { now: NOW }).progress.answers['q1'];
    expect(merged).toMatchObject({
      response: { choice: 'two' },
      answeredAt: '2025-03-16T09:00:00.000Z',
      attempts: 5,
      firstResponse: { choice: 'first' },
      firstAnsweredAt: '2025-03-10T09:00:00Z',
    });
  });

  it('keeps a revealed prediction revealed, with the response it was revealed with', () => {
    const revealed = {
      lesson: 'l',
      hash: 'ph2',
      response: { choice: 'a' },
      committedAt: '2025-03-14T09:00:00.000Z',
      revealedAt: '2025-03-14T09:01:00.000Z',
    };
    const later = { lesson: 'l', hash: 'ph2', response: { choice: 'b' }, committedAt: '2025-03-18T09:00:00.000Z' };
    const current = progressWith({}, { predictions: { p1: revealed } });
    const r = parsed(file({ predictions: [{ id: 'p1', ...later }] }));
    expect(mergeImport(current, r.data, { now: NOW, currentHash }).progress.predictions['p1']).toEqual(revealed);
    // And a revealed one in the file beats a newer unrevealed one here.
    const here = progressWith({}, { predictions: { p1: later } });
    const r2 = parsed(file({ predictions: [{ id: 'p1', ...revealed }] }));
    expect(mergeImport(here, r2.data, { now: NOW, currentHash }).progress.predictions['p1']).toEqual(revealed);
    // A later sandbox check of the same response is kept with it.
    const checked = { ...revealed, check: { supportedChoice: 'a', held: true, checkedAt: '2025-03-15T09:00:00.000Z' } };
    expect(mergePredictions(revealed, checked)).toEqual(checked);
  });

  it('merges the same way whichever copy comes first', () => {
    const a = answer({ attempts: 3, answeredAt: '2025-03-16T09:00:00.000Z', response: { choice: 'a' } });
    const b = answer({
      attempts: 2,
      firstAnsweredAt: '2025-03-01T09:00:00.000Z',
      firstResponse: { choice: 'f' },
      answeredAt: '2025-03-17T09:00:00.000Z',
    });
    expect(mergeAnswers(a, b)).toEqual(mergeAnswers(b, a));
    expect(mergeAnswers(a, a)).toBe(a);
  });
});

describe('the learner in an import', () => {
  it("keeps this browser's id and name unless the learner chose the file's", () => {
    const current = progressWith({});
    const other = parsed(file({ learner: { id: 'learner-b', name: 'Bob' } }));
    expect(learnerDiffers(current, other.data)).toBe(true);
    const kept = mergeImport(current, other.data, { now: NOW });
    expect(kept.progress.learner).toEqual({ id: 'learner-a', name: 'Ada' });
    expect(kept.summary.learner).toBe('kept');
    const adopted = mergeImport(current, other.data, { now: NOW, adoptLearner: true });
    expect(adopted.progress.learner).toEqual({ id: 'learner-b', name: 'Bob' });
    expect(adopted.summary.learner).toBe('adopted');
  });

  it('does not ask about its own file; fills in a name only where none was typed', () => {
    const mine = parsed(file({ learner: { id: 'learner-a', name: 'Ada' } }));
    expect(learnerDiffers(progressWith({}), mine.data)).toBe(false);
    const unnamed = { ...progressWith({}), learner: { id: 'learner-a', name: '' } };
    expect(learnerDiffers(unnamed, mine.data)).toBe(false);
    expect(mergeImport(unnamed, mine.data, { now: NOW }).progress.learner).toEqual({ id: 'learner-a', name: 'Ada' });
    expect(learnerDiffers(progressWith({}), parsed(file({ learner: { id: 'learner-a', name: 'Someone else' } })).data)).toBe(true);
  });
});

describe('scores are graded, never trusted', () => {
  const banks: BankOutline[] = [{ id: 'b', title: 'B', lesson: 'l', questions: [{ id: 'q1', hash: 'h1' }] }];
  const questions = new Map([['q1', single]]);

  it('a file of invalid responses, every score 1, scores 0 and does not pass', () => {
    const r = parsed(
      file({
        answers: [
          {
            questionId: 'q1',
            bank: 'b',
            hash: 'h1',
            response: { choice: 'no-such-choice' },
            attempts: 1,
            answeredAt: '2025-03-14T09:00:00Z',
            score: 1,
          },
        ],
        quizzes: [{ bank: 'b', attempts: 1, lastScore: 1, bestScore: 1, finishedAt: '2025-03-14T09:00:00Z' }],
      }),
    );
    const imported = mergeImport(emptyProgress('learner-a', NOW), r.data, { now: NOW }).progress;
    // Without a grader the stored score is 0, not the file's 1.
    expect(imported.answers['q1']).toMatchObject({ score: 0, correct: false });
    const lookup = gradedLookup(imported.answers, (id) => questions.get(id), grade);
    const standing = moduleStanding(banks, lookup, 0.7);
    expect(standing).toMatchObject({ score: 0, answered: 1, passed: false });
    // Even a stored record claiming full marks is graded again.
    const forged = { q1: answer({ response: { choice: 'one' }, score: 1, correct: true }) };
    expect(
      moduleStanding(
        banks,
        gradedLookup(forged, (id) => questions.get(id), grade),
        0.7,
      ),
    ).toMatchObject({ score: 0, passed: false });
    const right = { q1: answer({ response: { choice: 'two' }, score: 0, correct: false }) };
    expect(
      moduleStanding(
        banks,
        gradedLookup(right, (id) => questions.get(id), grade),
        0.7,
      ),
    ).toMatchObject({ score: 1, passed: true });
  });

  it('grades imported answers with the grader it is given', () => {
    const r = parsed(
      file({
        answers: [
          {
            questionId: 'q1',
            bank: 'b',
            hash: 'h1',
            response: { choice: 'two' },
            attempts: 1,
            answeredAt: '2025-03-14T09:00:00Z',
            score: 0,
          },
        ],
      }),
    );
    const { progress } = mergeImport(emptyProgress('learner-a', NOW), r.data, {
      now: NOW,
      currentHash: { question: () => 'h1', prediction: () => undefined },
      grade: (id, response) => grade(questions.get(id)!, response),
    });
    expect(progress.answers['q1']).toMatchObject({ score: 1, correct: true });
  });

  it('counts an answer it cannot grade as unanswered, and one to another version as stale', () => {
    const stored = { q1: answer(), q2: answer({ hash: 'old' }) };
    const lookup = gradedLookup(stored, () => undefined, grade);
    expect(lookup('q1', 'h1')).toBeNull();
    expect(lookup('q2', 'h2')).toBe('stale');
    expect(lookup('q3', 'h3')).toBeNull();
  });
});

describe('the questions the progress page grades with', () => {
  /** Right, wrong and anticipated-wrong responses of every kind, so each branch of a grader runs. */
  function responses(q: Question): unknown[] {
    const all: unknown[] = [rightResponse(q), { nonsense: true }];
    if (q.type === 'single') all.push(...q.choices.map((c) => ({ choice: c.id })));
    if (q.type === 'multiple') all.push(...q.choices.map((c) => ({ choices: [c.id] })), { choices: q.choices.map((c) => c.id) });
    if (q.type === 'order') all.push({ order: q.items.map((i) => i.id).reverse() });
    if (q.type === 'numeric') all.push({ value: q.answer + 1000 }, ...q.wrongAnswers.map((w) => ({ value: w.answer })));
    if (q.type === 'text') all.push({ text: 'surely wrong' }, ...q.wrongAnswers.map((w) => ({ text: w.accepted[0] })));
    if (q.type === 'traceql') all.push({ query: '{ }' }, ...q.wrongAnswers.map((w) => ({ query: w.query })));
    return all;
  }

  it('score every response of every question of the course exactly as the full questions do', () => {
    const content = loadCourseContentOrThrow(join(import.meta.dirname, '../../../content'));
    let compared = 0;
    for (const [, { question }] of content.questions) {
      const light = forGrading(question);
      expect(JSON.stringify(light).length).toBeLessThanOrEqual(JSON.stringify(question).length);
      for (const r of responses(question)) {
        const full = grade(question, r);
        expect(grade(light, r), `${question.id} ${JSON.stringify(r)}`).toMatchObject({ score: full.score, correct: full.correct });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(content.questions.size * 2);
  });
});

describe('hostile files', () => {
  it('a response nested 100 000 deep is refused with a message, not a crash', () => {
    const depth = 100_000;
    const deep = '['.repeat(depth) + ']'.repeat(depth);
    const text = `{"format":"dt-course-export","version":1,"exportedAt":"2025-03-19T10:00:00Z","learner":{"id":"x"},"answers":[{"questionId":"q1","bank":"b","hash":"h1","response":${deep},"attempts":1,"answeredAt":"2025-03-14T09:00:00Z"},{"questionId":"q2","bank":"b","hash":"h2","response":{"choice":"two"},"firstResponse":{"a":${deep}},"attempts":1,"answeredAt":"2025-03-14T09:00:00Z"}]}`;
    const r = parseExport(text);
    expect(r).toMatchObject({
      ok: true,
      data: { answers: [] },
      problems: [
        expect.stringMatching(/^answers\[0\] \(question .q1.\): .*nest.* 32 .*skipped$/),
        expect.stringMatching(/^answers\[1\] \(question .q2.\): .*nest.* 32 .*skipped$/),
      ],
    });
    // The schema refuses such a response too, wherever it comes from (a stored record, another reader).
    const entry = { questionId: 'q1', bank: 'b', hash: 'h1', response: JSON.parse(deep), attempts: 1, answeredAt: '2025-03-14T09:00:00Z' };
    const checked = ExportAnswerSchema.safeParse(entry);
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.message).toBe('is nested more than 32 levels deep (no question takes such a response)');
  });
});

describe('import through the store: a backup first, nothing changed when it does not fit', () => {
  let t = Date.parse('2025-03-20T09:00:00Z');
  const now = () => new Date((t += 1000));

  function withWork(storage: StorageLike) {
    const store = createProgressStore(storage, { now, newId: () => 'learner-a' });
    store.setLearnerName('Ada');
    store.recordAnswer({ bank: 'b', questionId: 'q1', hash: 'h1', response: { choice: 'two' }, score: 1, correct: true });
    return store;
  }

  const importFile = (data: unknown) => (current: Progress) => mergeImport(current, parsed(data).data, { now: now() });

  it('keeps the progress from before the import in one backup slot, and restores it by swapping', () => {
    const storage = new QuotaStorage();
    const store = withWork(storage);
    const before = store.get();
    expect(store.backup()).toBeNull();
    const result = store.importWith(
      importFile(
        file({
          answers: [
            { questionId: 'q2', bank: 'b', hash: 'h2', response: { choice: 'one' }, attempts: 1, answeredAt: '2025-03-19T09:00:00Z' },
          ],
        }),
      ),
    );
    expect(result).toMatchObject({ ok: true, summary: { taken: { answers: 1 } } });
    expect(Object.keys(store.get().answers).sort()).toEqual(['q1', 'q2']);
    const backup = store.backup();
    expect(backup).toMatchObject({ before: 'import', progress: { answers: before.answers, learner: before.learner } });
    expect(JSON.parse(storage.getItem(IMPORT_BACKUP_KEY)!).format).toBe('dt-course-progress-backup');

    // A second import replaces the one backup.
    store.importWith(importFile(file()));
    expect(Object.keys(store.backup()!.progress.answers).sort()).toEqual(['q1', 'q2']);

    // Restoring swaps: the backup becomes the progress and the progress the backup.
    store.recordAnswer({ bank: 'b', questionId: 'q3', hash: 'h3', response: { choice: 'x' }, score: 0, correct: false });
    const restored = store.restoreBackup();
    expect(restored).toMatchObject({ ok: true });
    expect(Object.keys(store.get().answers).sort()).toEqual(['q1', 'q2']);
    expect(store.backup()).toMatchObject({ before: 'restore' });
    expect(Object.keys(store.backup()!.progress.answers).sort()).toEqual(['q1', 'q2', 'q3']);
    expect(store.restoreBackup()).toMatchObject({ ok: true });
    expect(Object.keys(store.get().answers).sort()).toEqual(['q1', 'q2', 'q3']);
  });

  it('an import that does not fit says so and leaves the stored progress and the backup slot as they were', () => {
    const storage = new QuotaStorage();
    const store = withWork(storage);
    const stored = storage.getItem(PROGRESS_KEY);
    storage.quota = storage.used() * 2 + 500; // room for a backup, not for the much larger result
    const big = Array.from({ length: 200 }, (_, i) => ({
      questionId: `big-${i}`,
      bank: 'b',
      hash: 'h',
      response: { text: 'x'.repeat(50) },
      attempts: 1,
      answeredAt: '2025-03-19T09:00:00Z',
    }));
    const result = store.importWith(importFile(file({ answers: big })));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/storage is full.*nothing was changed/) });
    expect(storage.getItem(PROGRESS_KEY)).toBe(stored);
    expect(storage.getItem(IMPORT_BACKUP_KEY)).toBeNull();
    expect(store.notice()).toBeNull();
    // The store carries on saving to storage.
    store.recordAnswer({ bank: 'b', questionId: 'q4', hash: 'h4', response: { choice: 'one' }, score: 0, correct: false });
    expect(JSON.parse(storage.getItem(PROGRESS_KEY)!).answers.q4).toBeDefined();
  });

  it('no room even for the backup: nothing is imported', () => {
    const storage = new QuotaStorage();
    const store = withWork(storage);
    const stored = storage.getItem(PROGRESS_KEY);
    storage.quota = storage.used() + 100;
    const result = store.importWith(
      importFile(
        file({
          answers: [
            { questionId: 'q2', bank: 'b', hash: 'h2', response: { choice: 'one' }, attempts: 1, answeredAt: '2025-03-19T09:00:00Z' },
          ],
        }),
      ),
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not enough room .* backup .*nothing was changed/) });
    expect(storage.getItem(PROGRESS_KEY)).toBe(stored);
    expect(store.get().answers['q2']).toBeUndefined();
  });

  it('export, import into another browser, and back loses nothing', () => {
    const a = withWork(new QuotaStorage());
    const b = createProgressStore(new QuotaStorage(), { now, newId: () => 'learner-b' });
    b.recordAnswer({ bank: 'b', questionId: 'q9', hash: 'h9', response: { choice: 'one' }, score: 0, correct: false });
    const fromA = toExport(a.get(), { now: now() });
    expect(b.importWith((cur) => mergeImport(cur, parsed(fromA).data, { now: now() }))).toMatchObject({
      ok: true,
      summary: { learner: 'kept' },
    });
    expect(Object.keys(b.get().answers).sort()).toEqual(['q1', 'q9']);
    expect(b.get().learner.id).toBe('learner-b');
  });
});
