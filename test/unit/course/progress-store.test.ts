import { describe, expect, it } from 'vitest';
import {
  BACKUP_PREFIX,
  PROGRESS_KEY,
  createProgressStore,
  type StorageLike,
} from '../../../src/course/progress-store.ts';

class MemoryStorage implements StorageLike {
  data = new Map<string, string>();
  failWrites = false;
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.failWrites) throw new DOMException('quota', 'QuotaExceededError');
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
  backups() {
    return [...this.data.keys()].filter((k) => k.startsWith(BACKUP_PREFIX));
  }
}

let clock = Date.parse('2025-03-14T09:00:00Z');
const options = { now: () => new Date((clock += 1000)), newId: () => 'learner-1' };

const answer = (hash = 'h1', score = 1) => ({ bank: 'trace-anatomy', questionId: 'q1', hash, response: { choice: 'two' }, score, correct: score === 1 });

describe('progress store', () => {
  it('starts empty under one versioned key and keeps what is recorded', () => {
    const storage = new MemoryStorage();
    const store = createProgressStore(storage, options);
    store.recordActivity('trace-anatomy', 'sandbox');
    store.recordAnswer(answer());
    store.setLabItem('cluster-ready', true);
    store.commitPrediction('p1', { lesson: 'trace-anatomy', hash: 'ph', response: { choice: 'two' } });
    expect([...storage.data.keys()]).toEqual([PROGRESS_KEY]);
    // A second store on the same storage (a reload) sees it all.
    const again = createProgressStore(storage, options).get();
    expect(again.learner.id).toBe('learner-1');
    expect(again.visits['trace-anatomy']).toMatchObject({ count: 2, via: ['prediction', 'sandbox'] });
    expect(again.answers['q1']).toMatchObject({ response: { choice: 'two' }, attempts: 1, hash: 'h1' });
    expect(again.lab.checked).toEqual(['cluster-ready']);
    expect(again.predictions['p1']?.response).toEqual({ choice: 'two' });
    expect(again.notice).toBeUndefined();
  });

  it('counts attempts and keeps the first response', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    store.recordAnswer({ ...answer('h1', 0), response: { choice: 'one' } });
    const second = store.recordAnswer(answer('h1', 1));
    expect(second).toMatchObject({ attempts: 2, firstResponse: { choice: 'one' }, response: { choice: 'two' }, correct: true });
  });

  it('marks only the answer to an edited question stale', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    store.recordAnswer(answer('h1'));
    store.recordAnswer({ ...answer('x1'), questionId: 'q2' });
    expect(store.answerFor('q1', 'h1-edited')?.stale).toBe(true);
    expect(store.answerFor('q2', 'x1')?.stale).toBe(false);
    // Answering the edited question starts a new history.
    expect(store.recordAnswer(answer('h1-edited'))).toMatchObject({ attempts: 1, hash: 'h1-edited' });
  });

  it('lets two islands on a page add to the same record', () => {
    const storage = new MemoryStorage();
    const a = createProgressStore(storage, options);
    const b = createProgressStore(storage, options);
    a.recordAnswer(answer());
    b.recordActivity('sampling', 'tool');
    expect(createProgressStore(storage, options).get()).toMatchObject({ answers: { q1: {} }, visits: { sampling: {} } });
  });

  it('fixes a prediction once it is revealed', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    store.commitPrediction('p1', { lesson: 'l', hash: 'h', response: { choice: 'one' } });
    store.commitPrediction('p1', { lesson: 'l', hash: 'h', response: { choice: 'two' } });
    store.revealPrediction('p1');
    store.commitPrediction('p1', { lesson: 'l', hash: 'h', response: { choice: 'none' } });
    store.recordCheck('p1', { supportedChoice: 'two', held: true });
    expect(store.get().predictions['p1']).toMatchObject({ response: { choice: 'two' }, revealedAt: expect.any(String), check: { held: true } });
  });

  it('resets everything but the learner id and name', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    store.setLearnerName('  Ada  ');
    store.recordAnswer(answer());
    store.recordQuizFinished('trace-anatomy', 0.5);
    store.reset();
    expect(store.get()).toMatchObject({ learner: { id: 'learner-1', name: 'Ada' }, answers: {}, quizzes: {}, visits: {} });
  });

  it('tells subscribers about every change', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    const seen: number[] = [];
    const off = store.subscribe((p) => seen.push(Object.keys(p.answers).length));
    store.recordAnswer(answer());
    off();
    store.recordActivity('x', 'tool');
    expect(seen).toEqual([1]);
  });

  it('counts a lesson as visited only when the learner does something there', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    // Answers without a lesson (an import, a test) and reading a stored answer record no visit.
    store.recordAnswer(answer());
    store.answerFor('q1', 'h1');
    expect(store.get().visits).toEqual({});

    store.recordAnswer({ ...answer(), lesson: 'trace-anatomy' });
    store.recordAnswer({ ...answer(), lesson: 'trace-anatomy' });
    expect(store.get().visits['trace-anatomy']).toMatchObject({ count: 2, via: ['answer'] });

    store.commitPrediction('p1', { lesson: 'sampling', hash: 'h', response: { choice: 'one' } });
    store.revealPrediction('p1');
    // Once revealed, committing again changes nothing, so it records nothing either.
    store.commitPrediction('p1', { lesson: 'sampling', hash: 'h', response: { choice: 'two' } });
    expect(store.get().visits['sampling']).toMatchObject({ count: 1, via: ['prediction'] });
    store.recordCheck('p1', { supportedChoice: 'one', held: true });
    expect(store.get().visits['sampling']).toMatchObject({ count: 2, via: ['prediction'] });
    // A check of a prediction that was never committed records nothing.
    store.recordCheck('nope', { supportedChoice: null, held: null });
    expect(Object.keys(store.get().visits).sort()).toEqual(['sampling', 'trace-anatomy']);

    // Ticking a lab item counts the lab page; unticking is not progress.
    store.setLabItem('cluster-ready', false, 'lab');
    expect(store.get().visits['lab']).toBeUndefined();
    store.setLabItem('cluster-ready', true, 'lab');
    const lab = store.get().visits['lab'];
    expect(lab).toMatchObject({ count: 1, via: ['lab'] });
    expect(lab!.first).toBe(lab!.last);

    // Other islands (the sandbox, analysis tools) record their own kind; kinds accumulate.
    store.recordActivity('trace-anatomy', 'sandbox');
    expect(store.get().visits['trace-anatomy']).toMatchObject({ count: 3, via: ['answer', 'sandbox'] });
  });

  it('reads a visit recorded before visits meant activity (no via) and adds to it', () => {
    const storage = new MemoryStorage();
    const legacy = createProgressStore(storage, options).get();
    legacy.visits['overview'] = { first: '2025-01-01T00:00:00.000Z', last: '2025-01-02T00:00:00.000Z', count: 3 };
    storage.setItem(PROGRESS_KEY, JSON.stringify(legacy));
    const store = createProgressStore(storage, options);
    expect(store.notice()).toBeNull();
    expect(store.get().visits['overview']).toEqual({ first: '2025-01-01T00:00:00.000Z', last: '2025-01-02T00:00:00.000Z', count: 3 });
    store.recordAnswer({ ...answer(), lesson: 'overview' });
    expect(store.get().visits['overview']).toMatchObject({ first: '2025-01-01T00:00:00.000Z', count: 4, via: ['answer'] });
  });

  it('keeps the best and latest quiz scores', () => {
    const store = createProgressStore(new MemoryStorage(), options);
    store.recordQuizFinished('m', 0.8);
    store.recordQuizFinished('m', 0.4);
    expect(store.get().quizzes['m']).toMatchObject({ attempts: 2, lastScore: 0.4, bestScore: 0.8 });
  });
});

describe('recovery from bad stored data', () => {
  const cases = [
    ['corrupt', 'not JSON', '{"format":"dt-course-progress","version":1,"learner":{"id":"x"'],
    ['corrupt', 'our format with a wrong shape', JSON.stringify({ format: 'dt-course-progress', version: 1, learner: { id: 42 }, updatedAt: 'x' })],
    ['foreign', 'another app’s data', JSON.stringify({ theme: 'dark' })],
    ['foreign', 'a JSON array', '[1,2,3]'],
    ['future', 'a newer version', JSON.stringify({ format: 'dt-course-progress', version: 2, learner: { id: 'x' }, somethingNew: true })],
  ] as const;

  for (const [kind, label, raw] of cases) {
    it(`${label}: kept aside under a backup key, notice "${kind}", store keeps working`, () => {
      const storage = new MemoryStorage();
      storage.data.set(PROGRESS_KEY, raw);
      const store = createProgressStore(storage, options);
      const notice = store.notice();
      expect(notice).toMatchObject({ kind, backupKey: expect.stringMatching(/^dt-course:progress:backup:/) });
      expect(storage.getItem(notice!.backupKey!)).toBe(raw);
      store.recordAnswer(answer());
      expect(createProgressStore(storage, options).get().answers['q1']).toBeDefined();
      expect(storage.backups()).toHaveLength(1);
      store.dismissNotice();
      expect(store.notice()).toBeNull();
    });
  }

  it('leaves unreadable data in place when there is no room to copy it, and works in memory', () => {
    const storage = new MemoryStorage();
    storage.data.set(PROGRESS_KEY, 'garbage');
    storage.failWrites = true;
    const store = createProgressStore(storage, options);
    expect(store.notice()).toMatchObject({ kind: 'corrupt', backupKey: null });
    store.recordAnswer(answer());
    expect(store.get().answers['q1']).toBeDefined();
    expect(storage.getItem(PROGRESS_KEY)).toBe('garbage');
  });

  it('works in memory when storage is blocked', () => {
    const blocked: StorageLike = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => undefined,
    };
    const store = createProgressStore(blocked, options);
    store.recordActivity('overview', 'answer');
    expect(store.get().visits['overview']).toBeDefined();
    expect(store.notice()?.kind).toBe('unavailable');
    const none = createProgressStore(null, options);
    none.recordActivity('overview', 'answer');
    expect(none.notice()?.kind).toBe('unavailable');
  });

  it('says so when a save fails (storage full)', () => {
    const storage = new MemoryStorage();
    const store = createProgressStore(storage, options);
    store.recordActivity('overview', 'answer');
    storage.failWrites = true;
    store.recordAnswer(answer());
    expect(store.notice()?.kind).toBe('not-saved');
    expect(store.get().answers['q1']).toBeDefined();
  });
});
