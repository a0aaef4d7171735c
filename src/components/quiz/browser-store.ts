import { useEffect, useState } from 'react';
import { createProgressStore, PROGRESS_KEY, type ProgressStore, type StorageLike } from '../../course/progress-store.ts';
import type { ActivityKind } from '../../course/activity.ts';
import type { Progress } from '../../schemas/progress.ts';

// The one place the browser's localStorage meets the progress store. Every
// island on a page shares this store; other tabs' changes arrive through the
// `storage` event. On each one the store re-reads the key and, if another tab
// saved a copy that lacks something recorded here (it had not seen it yet),
// puts that back and saves again, so two tabs never lose each other's answers.

let store: ProgressStore | null = null;

function localStorageOrNull(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

export function browserStore(): ProgressStore {
  if (!store) {
    const s = createProgressStore(localStorageOrNull());
    window.addEventListener('storage', (event) => {
      if (event.key === PROGRESS_KEY || event.key === null) s.refresh();
    });
    store = s;
  }
  return store;
}

/** The learner's progress, or null before hydration (the server render and first client render). */
export function useProgress(): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    const s = browserStore();
    setProgress(s.get());
    return s.subscribe(setProgress);
  }, []);
  return progress;
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
  browserStore().recordActivity(lesson, kind);
}

let noticeOwner: string | null = null;

/** Only the first island on a page shows the stored-data notice. */
export function claimNotice(islandId: string): boolean {
  noticeOwner ??= islandId;
  return noticeOwner === islandId;
}
