import {
  PROGRESS_FORMAT,
  PROGRESS_VERSION,
  ProgressSchema,
  type AnswerRecord,
  type Progress,
  type StorageNotice,
} from '../schemas/progress.ts';
import type { PredictionResponse } from '../schemas/prediction.ts';
import type { ActivityKind } from './activity.ts';

// The learner's progress in one versioned localStorage key. Every change
// re-reads the key first, so several islands on a page (and several tabs)
// add to the same record instead of overwriting each other. Data that cannot
// be read is never thrown away: it is copied to a backup key, the learner is
// told, and the course carries on with a fresh record.

export const PROGRESS_KEY = 'dt-course:progress:v1';
export const BACKUP_PREFIX = 'dt-course:progress:backup:';

/** The part of the Web Storage API the store uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface StoreOptions {
  now?: () => Date;
  newId?: () => string;
  key?: string;
}

export type Listener = (progress: Progress) => void;

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `l-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function emptyProgress(id: string, now: Date): Progress {
  return {
    format: PROGRESS_FORMAT,
    version: PROGRESS_VERSION,
    learner: { id, name: '' },
    visits: {},
    answers: {},
    quizzes: {},
    predictions: {},
    lab: { checked: [] },
    updatedAt: now.toISOString(),
  };
}

/** Adds one action of `kind` on `lesson` to the progress (in place). */
export function noteActivity(p: Progress, lesson: string, kind: ActivityKind, at: string): void {
  const v = p.visits[lesson];
  const via = [...new Set([...(v?.via ?? []), kind])].sort();
  p.visits[lesson] = v ? { first: v.first, last: at, count: v.count + 1, via } : { first: at, last: at, count: 1, via };
}

type Classified = { ok: true; progress: Progress } | { ok: false; kind: 'corrupt' | 'foreign' | 'future' };

/** Sorts stored text into ours (parsed), corrupt, foreign, or from a future version. */
export function classifyStored(raw: string): Classified {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, kind: 'corrupt' };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, kind: 'foreign' };
  const { format, version } = data as { format?: unknown; version?: unknown };
  if (format !== PROGRESS_FORMAT) return { ok: false, kind: 'foreign' };
  if (typeof version === 'number' && version > PROGRESS_VERSION) return { ok: false, kind: 'future' };
  const parsed = ProgressSchema.safeParse(data);
  return parsed.success ? { ok: true, progress: parsed.data } : { ok: false, kind: 'corrupt' };
}

export interface ProgressStore {
  /** The current progress (a fresh copy; change it through the methods). */
  get(): Progress;
  subscribe(listener: Listener): () => void;
  /** Re-read storage (another tab changed it) and tell listeners. */
  refresh(): void;
  notice(): StorageNotice | null;
  dismissNotice(): void;
  /**
   * The learner did something on a lesson page (see activity.ts): the only way a
   * lesson becomes "visited". Answers, predictions and lab ticks record it themselves.
   */
  recordActivity(lesson: string, kind: ActivityKind): void;
  /** `lesson`: the page the quiz is on; checking an answer there counts the lesson as visited. */
  recordAnswer(entry: { bank: string; lesson?: string; questionId: string; hash: string; response: unknown; score: number; correct: boolean }): AnswerRecord;
  /** The stored answer and whether it was given to another version of the question. */
  answerFor(questionId: string, hash: string): { record: AnswerRecord; stale: boolean } | null;
  /** Forget answers (to retry a whole quiz); the finished-quiz history stays. */
  clearAnswers(questionIds: readonly string[]): void;
  recordQuizFinished(bank: string, score: number): void;
  commitPrediction(id: string, entry: { lesson: string; hash: string; response: PredictionResponse }): void;
  revealPrediction(id: string): void;
  recordCheck(id: string, check: { supportedChoice: string | null; held: boolean | null }): void;
  /** `lesson`: the page of the checklist; ticking an item there counts it as visited. */
  setLabItem(id: string, done: boolean, lesson?: string): void;
  setLearnerName(name: string): void;
  /** Replace everything (import uses this after merging). */
  replace(progress: Progress): void;
  /** Start over: a fresh record that keeps the learner's id and name. */
  reset(): void;
}

export function createProgressStore(storage: StorageLike | null, options: StoreOptions = {}): ProgressStore {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomId;
  const key = options.key ?? PROGRESS_KEY;
  const listeners = new Set<Listener>();
  // Used when storage is missing or refuses to save; also the last good read.
  let memory: Progress | null = null;
  let usable = storage !== null;

  function tryGet(): string | null | undefined {
    if (!storage || !usable) return undefined;
    try {
      return storage.getItem(key);
    } catch {
      usable = false;
      return undefined;
    }
  }

  function trySet(k: string, value: string): boolean {
    if (!storage || !usable) return false;
    try {
      storage.setItem(k, value);
      return true;
    } catch {
      return false;
    }
  }

  function withNotice(p: Progress, kind: StorageNotice['kind'], backupKey: string | null): Progress {
    return { ...p, notice: { kind, backupKey, at: now().toISOString() } };
  }

  function read(): Progress {
    const raw = tryGet();
    if (raw === undefined) {
      memory ??= withNotice(emptyProgress(newId(), now()), 'unavailable', null);
      return memory;
    }
    if (raw === null) {
      if (memory && memory.notice?.kind === 'not-saved') return memory;
      const fresh = emptyProgress(newId(), now());
      trySet(key, JSON.stringify(fresh));
      memory = fresh;
      return fresh;
    }
    const classified = classifyStored(raw);
    if (classified.ok) {
      memory = classified.progress;
      return classified.progress;
    }
    // Keep the unreadable data under a backup key before anything replaces it.
    const backupKey = `${BACKUP_PREFIX}${now().toISOString()}`;
    if (trySet(backupKey, raw)) {
      const fresh = withNotice(emptyProgress(newId(), now()), classified.kind, backupKey);
      if (!trySet(key, JSON.stringify(fresh))) usable = false;
      memory = fresh;
      return fresh;
    }
    // No room for a copy: leave the original alone and work in memory only.
    usable = false;
    memory = withNotice(emptyProgress(newId(), now()), classified.kind, null);
    return memory;
  }

  function emit(p: Progress) {
    for (const l of listeners) l(structuredClone(p));
  }

  function update(change: (p: Progress) => void): Progress {
    const next = structuredClone(read());
    change(next);
    next.updatedAt = now().toISOString();
    if (usable && storage && !trySet(key, JSON.stringify(next))) {
      // Storage refused (full, or blocked meanwhile): carry on in memory and say so.
      usable = false;
      next.notice = { kind: 'not-saved', backupKey: null, at: now().toISOString() };
    }
    memory = next;
    emit(next);
    return next;
  }

  return {
    get: () => structuredClone(read()),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh: () => emit(read()),
    notice: () => read().notice ?? null,
    dismissNotice: () =>
      void update((p) => {
        delete p.notice;
      }),
    recordActivity(lesson, kind) {
      update((p) => noteActivity(p, lesson, kind, now().toISOString()));
    },
    recordAnswer({ bank, lesson, questionId, hash, response, score, correct }) {
      const p = update((p) => {
        const t = now().toISOString();
        if (lesson) noteActivity(p, lesson, 'answer', t);
        // An answer to an edited question starts a new history.
        const prev = p.answers[questionId];
        const same = prev && prev.hash === hash ? prev : undefined;
        p.answers[questionId] = {
          bank,
          hash,
          response,
          firstResponse: same ? same.firstResponse : response,
          score,
          correct,
          attempts: same ? same.attempts + 1 : 1,
          firstAnsweredAt: same ? same.firstAnsweredAt : t,
          answeredAt: t,
        };
      });
      return p.answers[questionId]!;
    },
    answerFor(questionId, hash) {
      const record = read().answers[questionId];
      return record ? { record: structuredClone(record), stale: record.hash !== hash } : null;
    },
    clearAnswers(ids) {
      update((p) => {
        for (const id of ids) delete p.answers[id];
      });
    },
    recordQuizFinished(bank, score) {
      update((p) => {
        const prev = p.quizzes[bank];
        p.quizzes[bank] = {
          attempts: (prev?.attempts ?? 0) + 1,
          lastScore: score,
          bestScore: Math.max(score, prev?.bestScore ?? 0),
          finishedAt: now().toISOString(),
        };
      });
    },
    commitPrediction(id, { lesson, hash, response }) {
      update((p) => {
        const prev = p.predictions[id];
        if (prev?.revealedAt && prev.hash === hash) return; // fixed once revealed
        const t = now().toISOString();
        p.predictions[id] = { lesson, hash, response, committedAt: t };
        noteActivity(p, lesson, 'prediction', t);
      });
    },
    revealPrediction(id) {
      update((p) => {
        const prev = p.predictions[id];
        if (prev && !prev.revealedAt) prev.revealedAt = now().toISOString();
      });
    },
    recordCheck(id, { supportedChoice, held }) {
      update((p) => {
        const prev = p.predictions[id];
        if (!prev) return;
        const t = now().toISOString();
        prev.check = { supportedChoice, held, checkedAt: t };
        noteActivity(p, prev.lesson, 'prediction', t);
      });
    },
    setLabItem(id, done, lesson) {
      update((p) => {
        const set = new Set(p.lab.checked);
        if (done) set.add(id);
        else set.delete(id);
        p.lab.checked = [...set].sort();
        if (done && lesson) noteActivity(p, lesson, 'lab', now().toISOString());
      });
    },
    setLearnerName(name) {
      update((p) => {
        p.learner.name = name.trim().slice(0, 200);
      });
    },
    replace(progress) {
      update((p) => {
        Object.assign(p, structuredClone(progress));
      });
    },
    reset() {
      update((p) => {
        const fresh = emptyProgress(p.learner.id, now());
        fresh.learner.name = p.learner.name;
        for (const k of Object.keys(p)) delete (p as Record<string, unknown>)[k];
        Object.assign(p, fresh);
      });
    },
  };
}
