import {
  AnswerRecordSchema,
  PROGRESS_BACKUP_FORMAT,
  PROGRESS_FORMAT,
  PROGRESS_VERSION,
  PredictionRecordSchema,
  ProgressBackupSchema,
  ProgressSchema,
  QuizRecordSchema,
  VisitRecordSchema,
  type AnswerRecord,
  type PredictionRecord,
  type Progress,
  type ProgressBackup,
  type QuizRecord,
  type StorageNotice,
  type VisitRecord,
} from '../schemas/progress.ts';
import type { PredictionResponse } from '../schemas/prediction.ts';
import type { ActivityKind } from './activity.ts';

// The learner's progress in one versioned localStorage key. Every change
// re-reads the key first and changes only its own entries, so several islands
// on a page add to the same record instead of overwriting each other. Data
// that cannot be read is never thrown away: it is copied to a backup key, the
// learner is told, and the course carries on.
//
// Two tabs: a browser keeps a copy of localStorage per tab process and passes
// writes between them a moment later, so a tab can save over another tab's
// answer it has not seen yet. Each store therefore remembers what it recorded
// (one entry per answer, prediction, lesson, quiz, lab item, and the last
// reset) and, at every save and whenever another tab's save arrives, merges
// any of it that is missing or older back in, entry by entry. Deliberate
// removals (a quiz retry, a reset, a restore) carry a time, so an older copy
// in another tab cannot bring removed entries back.

export const PROGRESS_KEY = 'dt-course:progress:v1';
export const BACKUP_PREFIX = 'dt-course:progress:backup:';
/** The one slot the progress page keeps the pre-import copy in (see ProgressBackupSchema). */
export const IMPORT_BACKUP_KEY = 'dt-course:progress:before-import';

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

// ---------------------------------------------------------------------------
// Merging two copies of one entry. Import (export.ts) and the two-tab repair
// below use the same rules. Times are compared as parsed instants, never as text.

/** Milliseconds since the epoch of an ISO time; -Infinity when absent or unreadable (it then loses every comparison). */
export function timeOf(iso: string | undefined): number {
  if (iso === undefined) return -Infinity;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
}

const laterThan = (a: string | undefined, b: string | undefined) => timeOf(a) > timeOf(b);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Two records of one question's answer. With `currentHash`, a record for the
 * current version of the question always beats one for another version. For
 * the same version: the later answer is the latest response, the earlier first
 * answer is the first try, and attempts are the larger count (both copies
 * share the history up to the older one). Returns `a` itself when it already holds everything.
 */
export function mergeAnswers(a: AnswerRecord, b: AnswerRecord, currentHash?: string): AnswerRecord {
  if (a.hash !== b.hash) {
    if (currentHash !== undefined && a.hash === currentHash) return a;
    if (currentHash !== undefined && b.hash === currentHash) return b;
    return laterThan(b.answeredAt, a.answeredAt) ? b : a;
  }
  const latest = laterThan(b.answeredAt, a.answeredAt) ? b : a;
  const first = laterThan(a.firstAnsweredAt, b.firstAnsweredAt) ? b : a;
  const attempts = Math.max(a.attempts, b.attempts);
  if (latest === a && first === a && attempts === a.attempts) return a;
  return { ...latest, attempts, firstResponse: first.firstResponse, firstAnsweredAt: first.firstAnsweredAt };
}

/** The latest time anything happened to a prediction record. */
function predictionTime(p: PredictionRecord): number {
  return Math.max(timeOf(p.committedAt), timeOf(p.revealedAt), timeOf(p.check?.checkedAt));
}

/**
 * Two records of one prediction. Current version first (as for answers); a
 * revealed prediction stays revealed with the response it was revealed with
 * (if both were, the earlier reveal); otherwise the later commit. A later
 * sandbox check of the same response is kept. Returns `a` when it already holds everything.
 */
export function mergePredictions(a: PredictionRecord, b: PredictionRecord, currentHash?: string): PredictionRecord {
  if (a.hash !== b.hash) {
    if (currentHash !== undefined && a.hash === currentHash) return a;
    if (currentHash !== undefined && b.hash === currentHash) return b;
    return predictionTime(b) > predictionTime(a) ? b : a;
  }
  let win: PredictionRecord;
  if (Boolean(a.revealedAt) !== Boolean(b.revealedAt)) win = a.revealedAt ? a : b;
  else if (a.revealedAt) win = laterThan(a.revealedAt, b.revealedAt) ? b : a;
  else win = laterThan(b.committedAt, a.committedAt) ? b : a;
  const other = win === a ? b : a;
  if (other.check && sameJson(other.response, win.response) && laterThan(other.check.checkedAt, win.check?.checkedAt)) {
    return { ...win, check: other.check };
  }
  return win;
}

/** Two records of one lesson's visits: earliest first, latest last, the larger count, every kind. Returns `a` when it already holds everything. */
export function mergeVisits(a: VisitRecord, b: VisitRecord): VisitRecord {
  const via = [...new Set([...(a.via ?? []), ...(b.via ?? [])])].sort();
  const merged: VisitRecord = {
    first: laterThan(a.first, b.first) ? b.first : a.first,
    last: laterThan(b.last, a.last) ? b.last : a.last,
    count: Math.max(a.count, b.count),
    // A visit without `via` comes from before visits meant activity: it stays without one.
    ...(via.length ? { via } : {}),
  };
  const same = merged.first === a.first && merged.last === a.last && merged.count === a.count && sameJson(merged.via, a.via);
  return same ? a : merged;
}

/** Two records of one finished quiz: the larger attempt count and best score, the later last score. */
export function mergeQuizzes(a: QuizRecord, b: QuizRecord): QuizRecord {
  const latest = laterThan(b.finishedAt, a.finishedAt) ? b : a;
  const attempts = Math.max(a.attempts, b.attempts);
  const bestScore = Math.max(a.bestScore, b.bestScore);
  if (latest === a && attempts === a.attempts && bestScore === a.bestScore) return a;
  return { attempts, lastScore: latest.lastScore, bestScore, finishedAt: latest.finishedAt };
}

/** Whether something done at `at` happened before the last reset (or before `id`'s answer was cleared). */
function removedSince(p: Progress, at: number, cleared?: string): boolean {
  return at <= timeOf(p.resetAt) || (cleared !== undefined && at <= timeOf(p.cleared?.[cleared]));
}

/**
 * Drops from `p` (in place) everything done at or before `at`: what a reset
 * at that time removed. The learner's id and name stay.
 */
function dropBefore(p: Progress, at: string): void {
  const t = timeOf(at);
  const keep = <T>(record: Record<string, T>, time: (v: T) => number) =>
    Object.fromEntries(Object.entries(record).filter(([, v]) => time(v) > t));
  p.answers = keep(p.answers, (a) => timeOf(a.answeredAt));
  p.predictions = keep(p.predictions, predictionTime);
  p.visits = keep(p.visits, (v) => timeOf(v.last));
  p.quizzes = keep(p.quizzes, (q) => timeOf(q.finishedAt));
  const changed = keep(p.lab.changedAt ?? {}, timeOf);
  p.lab = {
    checked: p.lab.checked.filter((id) => changed[id] !== undefined),
    ...(Object.keys(changed).length ? { changedAt: changed } : {}),
  };
  const cleared = keep(p.cleared ?? {}, timeOf);
  if (Object.keys(cleared).length) p.cleared = cleared;
  else delete p.cleared;
  p.resetAt = at;
}

/** Adds every entry of `from` to `into` (in place) by the merge rules above. */
function absorb(into: Progress, from: Progress): void {
  for (const [id, a] of Object.entries(from.answers)) into.answers[id] = into.answers[id] ? mergeAnswers(into.answers[id], a) : a;
  for (const [id, r] of Object.entries(from.predictions))
    into.predictions[id] = into.predictions[id] ? mergePredictions(into.predictions[id], r) : r;
  for (const [id, v] of Object.entries(from.visits)) into.visits[id] = into.visits[id] ? mergeVisits(into.visits[id], v) : v;
  for (const [id, q] of Object.entries(from.quizzes)) into.quizzes[id] = into.quizzes[id] ? mergeQuizzes(into.quizzes[id], q) : q;
  // Lab items: the later recorded tick or untick wins; a tick without a time (an import) adds the item unless it was unticked here.
  const checked = new Set(into.lab.checked);
  const changedAt = { ...into.lab.changedAt };
  const ids = new Set([...from.lab.checked, ...Object.keys(from.lab.changedAt ?? {})]);
  for (const id of ids) {
    const theirs = from.lab.changedAt?.[id];
    if (into.lab.changedAt?.[id] !== undefined && !laterThan(theirs, into.lab.changedAt[id])) continue;
    if (from.lab.checked.includes(id)) checked.add(id);
    else checked.delete(id);
    if (theirs !== undefined) changedAt[id] = theirs;
  }
  into.lab = { checked: [...checked].sort(), ...(Object.keys(changedAt).length ? { changedAt } : {}) };
}

// ---------------------------------------------------------------------------
// Reading what is stored

type Classified =
  | { ok: true; progress: Progress }
  | { ok: false; kind: 'corrupt' | 'foreign' | 'future' }
  | { ok: false; kind: 'repaired'; progress: Progress };

const RECORDS = [
  ['answers', AnswerRecordSchema],
  ['predictions', PredictionRecordSchema],
  ['visits', VisitRecordSchema],
  ['quizzes', QuizRecordSchema],
] as const;

/** Keeps what can be read of a record of ours that does not parse as a whole: entry by entry. */
function salvage(data: Record<string, unknown>, now: Date): Progress | null {
  const copy: Record<string, unknown> = { ...data };
  for (const [name, schema] of RECORDS) {
    const record = copy[name];
    copy[name] =
      record && typeof record === 'object' && !Array.isArray(record)
        ? Object.fromEntries(Object.entries(record).filter(([, v]) => schema.safeParse(v).success))
        : {};
  }
  const lab = copy['lab'] as { checked?: unknown } | undefined;
  copy['lab'] = { checked: Array.isArray(lab?.checked) ? lab.checked.filter((x) => typeof x === 'string') : [] };
  for (const optional of ['resetAt', 'cleared', 'notice']) {
    if (!ProgressSchema.shape[optional as 'resetAt'].safeParse(copy[optional]).success) delete copy[optional];
  }
  if (!ProgressSchema.shape.updatedAt.safeParse(copy['updatedAt']).success) copy['updatedAt'] = now.toISOString();
  const parsed = ProgressSchema.safeParse(copy);
  return parsed.success ? parsed.data : null;
}

/**
 * Sorts stored text into ours (parsed), corrupt, foreign, from a future
 * version, or ours with some unreadable entries (repaired: the rest parsed).
 */
export function classifyStored(raw: string, now: Date = new Date()): Classified {
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
  if (parsed.success) return { ok: true, progress: parsed.data };
  const kept = salvage(data as Record<string, unknown>, now);
  return kept ? { ok: false, kind: 'repaired', progress: kept } : { ok: false, kind: 'corrupt' };
}

/** Result of an import or a restore: either it happened, or nothing changed and `error` says why. */
export type WholeChange<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface ProgressStore {
  /** The current progress (a fresh copy; change it through the methods). */
  get(): Progress;
  subscribe(listener: Listener): () => void;
  /** Re-read storage (another tab changed it), put back anything of ours it lacks, and tell listeners. */
  refresh(): void;
  notice(): StorageNotice | null;
  dismissNotice(): void;
  /**
   * The learner did something on a lesson page (see activity.ts): the only way a
   * lesson becomes "visited". Answers, predictions and lab ticks record it themselves.
   */
  recordActivity(lesson: string, kind: ActivityKind): void;
  /** `lesson`: the page the quiz is on; checking an answer there counts the lesson as visited. */
  recordAnswer(entry: {
    bank: string;
    lesson?: string;
    questionId: string;
    hash: string;
    response: unknown;
    score: number;
    correct: boolean;
  }): AnswerRecord;
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
  /**
   * An import: keeps the current progress in the backup slot, then saves what
   * `merge` makes of it. Nothing changes (and `error` says why) when the
   * backup or the result does not fit in storage.
   */
  importWith<T extends { progress: Progress }>(merge: (current: Progress) => T): WholeChange<T>;
  /** The copy in the backup slot, if there is a readable one. */
  backup(): ProgressBackup | null;
  /**
   * Puts the backup back. The current progress takes its place in the slot
   * (so a restore can be undone the same way); anything recorded after the
   * restore starts, in any tab, is kept.
   */
  restoreBackup(): WholeChange<{ savedAt: string }>;
  /** Replace everything by `progress` (what a restore does, without the backup slot). */
  replace(progress: Progress): void;
  /** Start over: a fresh record that keeps the learner's id and name. */
  reset(): void;
}

const NO_ROOM_FOR_BACKUP =
  "there is not enough room in this browser's storage to keep a backup of your current progress first, so nothing was changed. Export your answers, then free some space (or clear other sites' data) and try again";
const NO_ROOM =
  "this browser's storage is full: the result does not fit, so nothing was changed and your progress is as it was. Export your answers to keep them, then free some space and try again";

/** What a store remembers of its own changes: re-applies one to a copy read from storage; true when that copy lacked it. */
type Repair = (p: Progress) => boolean;

export function createProgressStore(storage: StorageLike | null, options: StoreOptions = {}): ProgressStore {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomId;
  const key = options.key ?? PROGRESS_KEY;
  const backupKey = key === PROGRESS_KEY ? IMPORT_BACKUP_KEY : `${key}:before-import`;
  const listeners = new Set<Listener>();
  // Used when storage is missing or refuses to save; also the last good read.
  let memory: Progress | null = null;
  let memoryBackup: ProgressBackup | null = null;
  let usable = storage !== null;
  // This store's own changes, one per entry (see the note at the top), oldest first.
  const mine = new Map<string, Repair>();

  function remember(entry: string, repair: Repair) {
    mine.delete(entry);
    mine.set(entry, repair);
  }

  function repairAll(p: Progress): boolean {
    let changed = false;
    for (const repair of mine.values()) if (repair(p)) changed = true;
    return changed;
  }

  function tryGet(k: string = key): string | null | undefined {
    if (!storage || !usable) return undefined;
    try {
      return storage.getItem(k);
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
    const classified = classifyStored(raw, now());
    if (classified.ok) {
      memory = classified.progress;
      return classified.progress;
    }
    // Keep the unreadable data under a backup key before anything replaces it.
    const keptAt = `${BACKUP_PREFIX}${now().toISOString()}`;
    const start = classified.kind === 'repaired' ? classified.progress : emptyProgress(newId(), now());
    if (trySet(keptAt, raw)) {
      const fresh = withNotice(start, classified.kind, keptAt);
      if (!trySet(key, JSON.stringify(fresh))) usable = false;
      memory = fresh;
      return fresh;
    }
    // No room for a copy: leave the original alone and work in memory only.
    usable = false;
    memory = withNotice(start, classified.kind, null);
    return memory;
  }

  function emit(p: Progress) {
    for (const l of listeners) l(structuredClone(p));
  }

  /** Saves `next` (a changed copy of a fresh read) after putting back anything of ours it lacks. */
  function save(next: Progress): Progress {
    repairAll(next);
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

  function update(change: (p: Progress) => void): Progress {
    const next = structuredClone(read());
    // Our own entries first, so a change builds on them (an attempt count, say) even if this copy lacked them.
    repairAll(next);
    change(next);
    return save(next);
  }

  function readBackup(): ProgressBackup | null {
    const raw = tryGet(backupKey);
    if (raw === undefined) return memoryBackup;
    if (raw === null) return null;
    try {
      const parsed = ProgressBackupSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * Replaces the whole progress: the current one goes to the backup slot first,
   * and if either write does not fit, both keys are left as they were and the
   * store remembers nothing of the change.
   */
  function replaceWhole<T>(
    before: ProgressBackup['before'],
    make: (current: Progress) => { next: Progress; result: T; repair: Repair },
  ): WholeChange<T> {
    const current = read();
    const { notice: _, ...kept } = structuredClone(current);
    const at = now().toISOString();
    const copy: ProgressBackup = { format: PROGRESS_BACKUP_FORMAT, version: 1, savedAt: at, before, progress: kept };
    const { next, result, repair } = make(structuredClone(current));
    // A restore starts over, so earlier entries of this tab need no putting back; an import adds to them.
    const journal = new Map(before === 'restore' ? [] : mine);
    journal.set(`whole:${at}`, repair);
    for (const r of journal.values()) r(next);
    next.updatedAt = at;
    const commit = () => {
      mine.clear();
      for (const [k, r] of journal) mine.set(k, r);
      memory = next;
      emit(next);
      return { ok: true as const, ...result };
    };
    if (!usable || !storage) {
      memoryBackup = copy;
      return commit();
    }
    const previous = tryGet(backupKey);
    let text: string;
    try {
      text = JSON.stringify(next);
    } catch (error) {
      return {
        ok: false,
        error: `the result could not be saved (${error instanceof Error ? error.message : String(error)}), so nothing was changed`,
      };
    }
    if (!trySet(backupKey, JSON.stringify(copy))) return { ok: false, error: NO_ROOM_FOR_BACKUP };
    if (!trySet(key, text)) {
      // Put the slot back as it was: the old progress is still in place, untouched.
      try {
        if (typeof previous === 'string') storage.setItem(backupKey, previous);
        else storage.removeItem(backupKey);
      } catch {
        // The slot keeps a copy of the current progress: harmless.
      }
      return { ok: false, error: NO_ROOM };
    }
    return commit();
  }

  /** A reset at `at` to `base` (nothing, or a restored copy), re-applied if another tab's older copy undoes it. */
  function resetRepair(at: string, base: Progress | null): Repair {
    return (p) => {
      if (timeOf(p.resetAt) >= timeOf(at)) return false;
      dropBefore(p, at);
      if (base) {
        absorb(p, structuredClone(base));
        p.learner = { ...base.learner };
      }
      return true;
    };
  }

  function answerRepair(id: string, record: AnswerRecord): Repair {
    return (p) => {
      if (removedSince(p, timeOf(record.answeredAt), id)) return false;
      const stored = p.answers[id];
      const merged = stored ? mergeAnswers(stored, record) : record;
      if (merged === stored) return false;
      p.answers[id] = structuredClone(merged);
      return true;
    };
  }

  function predictionRepair(id: string, record: PredictionRecord): Repair {
    return (p) => {
      if (removedSince(p, predictionTime(record))) return false;
      const stored = p.predictions[id];
      const merged = stored ? mergePredictions(stored, record) : record;
      if (merged === stored) return false;
      p.predictions[id] = structuredClone(merged);
      return true;
    };
  }

  function visitRepair(lesson: string, record: VisitRecord): Repair {
    return (p) => {
      if (removedSince(p, timeOf(record.last))) return false;
      const stored = p.visits[lesson];
      const merged = stored ? mergeVisits(stored, record) : record;
      if (merged === stored) return false;
      p.visits[lesson] = structuredClone(merged);
      return true;
    };
  }

  function quizRepair(bank: string, record: QuizRecord): Repair {
    return (p) => {
      if (removedSince(p, timeOf(record.finishedAt))) return false;
      const stored = p.quizzes[bank];
      const merged = stored ? mergeQuizzes(stored, record) : record;
      if (merged === stored) return false;
      p.quizzes[bank] = { ...merged };
      return true;
    };
  }

  function labRepair(id: string, done: boolean, at: string): Repair {
    return (p) => {
      if (removedSince(p, timeOf(at)) || timeOf(p.lab.changedAt?.[id]) >= timeOf(at)) return false;
      const set = new Set(p.lab.checked);
      if (done) set.add(id);
      else set.delete(id);
      p.lab = { checked: [...set].sort(), changedAt: { ...p.lab.changedAt, [id]: at } };
      return true;
    };
  }

  function clearRepair(id: string, at: string): Repair {
    return (p) => {
      if (timeOf(p.cleared?.[id]) >= timeOf(at)) return false;
      p.cleared = { ...p.cleared, [id]: at };
      const a = p.answers[id];
      if (a && timeOf(a.answeredAt) <= timeOf(at)) delete p.answers[id];
      return true;
    };
  }

  /** Records the lesson visit `p` now holds as ours. */
  function rememberVisit(p: Progress, lesson: string | undefined) {
    const v = lesson ? p.visits[lesson] : undefined;
    if (lesson && v) remember(`visit:${lesson}`, visitRepair(lesson, structuredClone(v)));
  }

  function rememberPrediction(p: Progress, id: string) {
    const r = p.predictions[id];
    if (r) remember(`prediction:${id}`, predictionRepair(id, structuredClone(r)));
    rememberVisit(p, r?.lesson);
  }

  return {
    get: () => structuredClone(read()),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh() {
      const p = structuredClone(read());
      // Another tab saved a copy without some of our entries (it had not seen them yet): put them back.
      if (repairAll(p)) save(p);
      else emit(p);
    },
    notice: () => read().notice ?? null,
    dismissNotice: () =>
      void update((p) => {
        delete p.notice;
      }),
    recordActivity(lesson, kind) {
      const p = update((p) => noteActivity(p, lesson, kind, now().toISOString()));
      rememberVisit(p, lesson);
    },
    recordAnswer({ bank, lesson, questionId, hash, response, score, correct }) {
      let record!: AnswerRecord;
      const p = update((p) => {
        const t = now().toISOString();
        if (lesson) noteActivity(p, lesson, 'answer', t);
        // An answer to an edited question starts a new history.
        const prev = p.answers[questionId];
        const same = prev && prev.hash === hash ? prev : undefined;
        record = {
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
        p.answers[questionId] = record;
        remember(`answer:${questionId}`, answerRepair(questionId, structuredClone(record)));
      });
      rememberVisit(p, lesson);
      return structuredClone(p.answers[questionId] ?? record);
    },
    answerFor(questionId, hash) {
      const record = read().answers[questionId];
      return record ? { record: structuredClone(record), stale: record.hash !== hash } : null;
    },
    clearAnswers(ids) {
      const t = now().toISOString();
      for (const id of ids) {
        mine.delete(`answer:${id}`);
        remember(`clear:${id}`, clearRepair(id, t));
      }
      // The repairs just remembered do the clearing when the store saves.
      update(() => undefined);
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
        remember(`quiz:${bank}`, quizRepair(bank, { ...p.quizzes[bank] }));
      });
    },
    commitPrediction(id, { lesson, hash, response }) {
      let changed = false;
      const p = update((p) => {
        const prev = p.predictions[id];
        if (prev?.revealedAt && prev.hash === hash) return; // fixed once revealed
        const t = now().toISOString();
        p.predictions[id] = { lesson, hash, response, committedAt: t };
        noteActivity(p, lesson, 'prediction', t);
        changed = true;
      });
      if (changed) rememberPrediction(p, id);
    },
    revealPrediction(id) {
      const p = update((p) => {
        const prev = p.predictions[id];
        if (prev && !prev.revealedAt) prev.revealedAt = now().toISOString();
      });
      if (p.predictions[id]) remember(`prediction:${id}`, predictionRepair(id, structuredClone(p.predictions[id])));
    },
    recordCheck(id, { supportedChoice, held }) {
      let changed = false;
      const p = update((p) => {
        const prev = p.predictions[id];
        if (!prev) return;
        const t = now().toISOString();
        prev.check = { supportedChoice, held, checkedAt: t };
        noteActivity(p, prev.lesson, 'prediction', t);
        changed = true;
      });
      if (changed) rememberPrediction(p, id);
    },
    setLabItem(id, done, lesson) {
      const t = now().toISOString();
      remember(`lab:${id}`, labRepair(id, done, t));
      const p = update((p) => {
        if (done && lesson) noteActivity(p, lesson, 'lab', t);
      });
      if (done) rememberVisit(p, lesson);
    },
    setLearnerName(name) {
      update((p) => {
        p.learner.name = name.trim().slice(0, 200);
      });
    },
    importWith(merge) {
      return replaceWhole('import', (current) => {
        const result = merge(current);
        const imported = structuredClone(result.progress);
        const at = timeOf(now().toISOString());
        // What the import brought is ours now: another tab's older copy does not drop it,
        // but a later reset (or a later retry of a question) does.
        const repair: Repair = (p) => {
          if (timeOf(p.resetAt) >= at) return false;
          const from = structuredClone(imported);
          for (const id of Object.keys(from.answers)) if (timeOf(p.cleared?.[id]) >= at) delete from.answers[id];
          const before = JSON.stringify(p);
          absorb(p, from);
          return JSON.stringify(p) !== before;
        };
        return { next: result.progress, result, repair };
      });
    },
    backup: () => {
      const b = readBackup();
      return b ? structuredClone(b) : null;
    },
    restoreBackup() {
      const copy = readBackup();
      if (!copy) return { ok: false, error: 'there is no backup in this browser to restore' };
      const at = now().toISOString();
      return replaceWhole('restore', (current) => {
        const repair = resetRepair(at, copy.progress);
        repair(current);
        return { next: current, result: { savedAt: copy.savedAt }, repair };
      });
    },
    replace(progress) {
      mine.clear();
      remember('reset', resetRepair(now().toISOString(), structuredClone(progress)));
      update(() => undefined);
    },
    reset() {
      mine.clear();
      remember('reset', resetRepair(now().toISOString(), null));
      update(() => undefined);
    },
  };
}
