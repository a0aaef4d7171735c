// Preact's own hooks (the ones its React compatibility layer re-exports): the store tests load this module in
// node, where nothing maps 'react' to Preact as the site build does.
import { useEffect, useState } from 'preact/hooks';
import { createProgressStore, PROGRESS_KEY, type ProgressStore, type StorageLike, type StoreOptions } from '../../course/progress-store.ts';
import type { ActivityKind } from '../../course/activity.ts';
import type { Progress } from '../../schemas/progress.ts';

// The one module that gives islands their progress store. Every island on a
// page gets the same store from here, through useProgressStore() (or
// islandStore() outside a component); none creates its own. By default it is the
// browser's: localStorage, with other tabs' changes arriving through the
// `storage` event. On each one the store re-reads the key and, if another tab
// saved a copy that lacks something recorded here (it had not seen it yet),
// puts that back and saves again, so two tabs never lose each other's answers.
// wireStore() puts another store in its place (a test's store over its own
// storage), before the islands first ask for it.

let store: ProgressStore | null = null;

function localStorageOrNull(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

/** Where another tab's saves are announced: the window's `storage` event. */
export interface StorageEvents {
  addEventListener(type: 'storage', listener: (event: { key: string | null }) => void): void;
}

/**
 * A store over `storage` that re-reads (and puts back what this tab recorded)
 * whenever another tab saves progress. The page wires the browser's storage
 * with it; the two-tab tests wire their simulated tabs with it too.
 */
export function connectStore(storage: StorageLike | null, events: StorageEvents, options: StoreOptions = {}): ProgressStore {
  const s = createProgressStore(storage, options);
  events.addEventListener('storage', (event) => {
    // null: another tab cleared the whole storage.
    if (event.key === (options.key ?? PROGRESS_KEY) || event.key === null) s.refresh();
  });
  return s;
}

function browserStore(): ProgressStore {
  return connectStore(localStorageOrNull(), window);
}

/** Gives every island this store from now on (tests; the page itself uses the browser's). */
export function wireStore(next: ProgressStore): void {
  store = next;
}

/** The store all islands share. The server render gets one with no storage: it never records anything. */
export function islandStore(): ProgressStore {
  if (typeof window === 'undefined') return createProgressStore(null);
  store ??= browserStore();
  return store;
}

/**
 * The shared store and the learner's progress, which is null before hydration
 * (the server render and first client render), so the page first renders
 * exactly what the server did.
 */
export function useProgressStore(): { store: ProgressStore; progress: Progress | null } {
  const [store] = useState(islandStore);
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    setProgress(store.get());
    return store.subscribe(setProgress);
  }, [store]);
  return { store, progress };
}

/**
 * Records that the learner did something on a lesson page (see
 * src/course/activity.ts). Quizzes, predictions and the lab checklist record
 * through the store's own methods; an island that records another kind of
 * work (running the checkout sandbox: 'sandbox', an analysis tool: 'tool')
 * calls this when the learner runs it, and its component joins
 * RECORDING_COMPONENTS so its pages enter the count. Never call it on load or
 * when something scrolls into view: that is not the learner doing anything.
 */
export function recordActivity(lesson: string, kind: ActivityKind): void {
  islandStore().recordActivity(lesson, kind);
}

let noticeOwner: string | null = null;

/** Only the first island on a page shows the stored-data notice. */
export function claimNotice(islandId: string): boolean {
  noticeOwner ??= islandId;
  return noticeOwner === islandId;
}
