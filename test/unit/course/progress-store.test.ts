import { describe, expect, it } from 'vitest';
import { BACKUP_PREFIX, PROGRESS_KEY, createProgressStore, type StorageLike } from '../../../src/course/progress-store.ts';
import { mulberry32 } from '../../../src/shared/random.ts';
import { connectStore } from '../../../src/components/quiz/browser-store.ts';

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

const answer = (hash = 'h1', score = 1) => ({
  bank: 'trace-anatomy',
  questionId: 'q1',
  hash,
  response: { choice: 'two' },
  score,
  correct: score === 1,
});

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
    expect(store.get().predictions['p1']).toMatchObject({
      response: { choice: 'two' },
      revealedAt: expect.any(String),
      check: { held: true },
    });
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
    [
      'corrupt',
      'our format with a wrong shape',
      JSON.stringify({ format: 'dt-course-progress', version: 1, learner: { id: 42 }, updatedAt: 'x' }),
    ],
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

/**
 * localStorage as a browser's tabs see it: each tab reads its own copy, and a
 * write reaches the stored value and the other tabs only when delivered, with
 * a `storage` event there. Like Chromium, a tab that has a write of its own on
 * the way ignores others' changes to that key until its write has arrived.
 */
class Browser {
  stored = new Map<string, string>();
  queue: { from: Tab; key: string; value: string | null }[] = [];
  tabs: Tab[] = [];
  tab(): Tab {
    const t = new Tab(this);
    this.tabs.push(t);
    return t;
  }
  /** Delivers up to `n` pending writes, oldest first. */
  deliver(n = Infinity) {
    while (n-- > 0 && this.queue.length) {
      const { from, key, value } = this.queue.shift()!;
      if (value === null) this.stored.delete(key);
      else this.stored.set(key, value);
      from.pending.set(key, (from.pending.get(key) ?? 1) - 1);
      for (const t of this.tabs) {
        if (t === from || (t.pending.get(key) ?? 0) > 0) continue;
        if (value === null) t.cache.delete(key);
        else t.cache.set(key, value);
        t.onStorage?.(key);
      }
    }
  }
  /** Delivers until nothing is on the way (a repair sends another write). */
  settle() {
    for (let i = 0; i < 1000 && this.queue.length; i++) this.deliver();
    expect(this.queue).toEqual([]);
  }
}

class Tab implements StorageLike {
  cache: Map<string, string>;
  pending = new Map<string, number>();
  onStorage?: (key: string) => void;
  constructor(private browser: Browser) {
    this.cache = new Map(browser.stored);
  }
  getItem(k: string) {
    return this.cache.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.cache.set(k, v);
    this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
    this.browser.queue.push({ from: this, key: k, value: v });
  }
  removeItem(k: string) {
    this.cache.delete(k);
    this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
    this.browser.queue.push({ from: this, key: k, value: null });
  }
}

/** A tab with its store, wired by the same function that wires the page's. */
function openTab(browser: Browser) {
  const tab = browser.tab();
  return connectStore(
    tab,
    {
      addEventListener: (_type, listener) => {
        tab.onStorage = (key) => listener({ key });
      },
    },
    options,
  );
}

const stored = (b: Browser) => JSON.parse(b.stored.get(PROGRESS_KEY)!) as ReturnType<ReturnType<typeof createProgressStore>['get']>;

describe('two tabs', () => {
  it('two stores on one storage, writes interleaved: every answer stays', () => {
    const storage = new MemoryStorage();
    const a = createProgressStore(storage, options);
    const b = createProgressStore(storage, options);
    // Each holds a copy read before the other wrote.
    const staleA = a.get();
    const staleB = b.get();
    for (let i = 0; i < 20; i++) {
      a.recordAnswer({ ...answer(), questionId: `a${i}` });
      b.recordAnswer({ ...answer(), questionId: `b${i}` });
      b.recordAnswer({ ...answer(), questionId: `a${i}`, response: { choice: `b-${i}` } });
    }
    expect(staleA.answers).toEqual({});
    expect(staleB.answers).toEqual({});
    const final = createProgressStore(storage, options).get();
    expect(Object.keys(final.answers)).toHaveLength(40);
    for (let i = 0; i < 20; i++) expect(final.answers[`a${i}`]).toMatchObject({ attempts: 2, response: { choice: `b-${i}` } });
  });

  it('a tab that saves over another tab’s answer it had not seen yet puts nothing out: the other tab puts its answer back', () => {
    const browser = new Browser();
    const a = openTab(browser);
    const b = openTab(browser);
    a.get(); // the first read starts the record
    browser.settle();
    a.recordAnswer({ ...answer(), questionId: 'qa' });
    b.recordAnswer({ ...answer(), questionId: 'qb' }); // b has not seen qa
    browser.deliver(2); // qa arrives, then b's copy without it replaces it
    expect(Object.keys(stored(browser).answers)).toEqual(['qb']);
    browser.settle(); // a hears of b's save and adds qa back
    expect(Object.keys(stored(browser).answers).sort()).toEqual(['qa', 'qb']);
    expect(Object.keys(a.get().answers).sort()).toEqual(['qa', 'qb']);
    expect(Object.keys(b.get().answers).sort()).toEqual(['qa', 'qb']);
  });

  it('a hundred rounds of answers in two tabs at once, delivered in any order: no answer lost, attempts counted', () => {
    const browser = new Browser();
    const a = openTab(browser);
    const b = openTab(browser);
    const rnd = mulberry32(7);
    const given = new Map<string, { tab: string; n: number; last: unknown }>();
    const give = (tab: string, store: ReturnType<typeof openTab>, questionId: string, round: number) => {
      const response = { choice: `${tab}-${round}` };
      store.recordAnswer({ ...answer(), questionId, response });
      const g = given.get(questionId) ?? { tab, n: 0, last: null };
      given.set(questionId, { tab, n: g.n + 1, last: response });
    };
    for (let round = 0; round < 100; round++) {
      give('a', a, `a-${round % 7}`, round);
      give('b', b, `b-${round % 5}`, round);
      if (rnd() < 0.3) a.recordActivity('overview', 'tool');
      if (rnd() < 0.2) b.setLabItem(`item-${round % 3}`, rnd() < 0.7);
      browser.deliver(Math.floor(rnd() * 3)); // some writes arrive, some are still on the way
    }
    browser.settle();
    const final = stored(browser);
    for (const [id, g] of given) expect(final.answers[id], id).toMatchObject({ response: g.last, attempts: g.n });
    expect(Object.keys(final.answers)).toHaveLength(12);
    expect(a.get().answers).toEqual(final.answers);
    expect(b.get().answers).toEqual(final.answers);
  });

  it('a reset in one tab is not undone by another tab’s older copy; what that tab does afterwards stays', () => {
    const browser = new Browser();
    const a = openTab(browser);
    const b = openTab(browser);
    a.recordAnswer({ ...answer(), questionId: 'q1' });
    a.setLabItem('cluster-ready', true);
    browser.settle();
    b.reset();
    a.recordAnswer({ ...answer(), questionId: 'q2' }); // a has not seen the reset yet: its copy still has q1
    browser.settle();
    const final = stored(browser);
    expect(Object.keys(final.answers)).toEqual(['q2']);
    expect(final.lab.checked).toEqual([]);
    expect(final.resetAt).toBeDefined();
    expect(a.get().answers).toEqual(final.answers);
  });

  it('answers cleared for a retry in one tab do not come back from another tab', () => {
    const browser = new Browser();
    const a = openTab(browser);
    const b = openTab(browser);
    a.recordAnswer({ ...answer(), questionId: 'q1' });
    browser.settle();
    b.clearAnswers(['q1']);
    a.recordAnswer({ ...answer(), questionId: 'q2' });
    browser.settle();
    expect(Object.keys(stored(browser).answers)).toEqual(['q2']);
    // Answering it again after the retry counts afresh.
    a.recordAnswer({ ...answer(), questionId: 'q1' });
    browser.settle();
    expect(stored(browser).answers['q1']).toMatchObject({ attempts: 1 });
  });

  it('a prediction revealed in one tab stays revealed when the other tab saves an older copy', () => {
    const browser = new Browser();
    const a = openTab(browser);
    const b = openTab(browser);
    a.commitPrediction('p1', { lesson: 'l', hash: 'h', response: { choice: 'one' } });
    browser.settle();
    a.revealPrediction('p1');
    b.recordActivity('l', 'tool'); // b's copy: committed, not revealed
    browser.settle();
    expect(stored(browser).predictions['p1']).toMatchObject({ response: { choice: 'one' }, revealedAt: expect.any(String) });
  });

  it('the later tick or untick of a lab item wins across tabs', () => {
    const browser = new Browser();
    const a = openTab(browser);
    const b = openTab(browser);
    a.setLabItem('x', true);
    b.setLabItem('x', false); // later, from a copy that had not seen the tick
    browser.settle();
    expect(stored(browser).lab.checked).toEqual([]);
    b.setLabItem('y', true);
    browser.settle();
    a.setLabItem('y', false);
    browser.settle();
    expect(stored(browser).lab.checked).toEqual([]);
  });
});

describe('stored data with a few unreadable entries', () => {
  it('keeps the readable entries, sets the whole copy aside and says so', () => {
    const storage = new MemoryStorage();
    const store = createProgressStore(storage, options);
    store.recordAnswer(answer());
    store.recordAnswer({ ...answer(), questionId: 'q2' });
    const raw = JSON.parse(storage.getItem(PROGRESS_KEY)!);
    raw.answers.q2.answeredAt = '9999'; // not a time: written by an older copy of the course, or by hand
    storage.setItem(PROGRESS_KEY, JSON.stringify(raw));
    const again = createProgressStore(storage, options);
    const notice = again.notice();
    expect(notice).toMatchObject({ kind: 'repaired', backupKey: expect.stringMatching(/^dt-course:progress:backup:/) });
    expect(Object.keys(again.get().answers)).toEqual(['q1']);
    expect(JSON.parse(storage.getItem(notice!.backupKey!)!).answers.q2.answeredAt).toBe('9999');
  });
});
