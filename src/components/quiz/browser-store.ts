import { useEffect, useState } from 'react';
import { createProgressStore, PROGRESS_KEY, type ProgressStore, type StorageLike } from '../../course/progress-store.ts';
import type { Progress } from '../../schemas/progress.ts';

// The one place the browser's localStorage meets the progress store. Every
// island on a page shares this store; other tabs' changes arrive through the
// `storage` event.

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

const visited = new Set<string>();

/**
 * Lesson visits are recorded by the islands a lesson already hydrates (quiz,
 * prediction), so pages without islands ship no script for it.
 */
export function recordVisitOnce(lesson: string): void {
  if (visited.has(lesson)) return;
  visited.add(lesson);
  browserStore().recordVisit(lesson);
}

let noticeOwner: string | null = null;

/** Only the first island on a page shows the stored-data notice. */
export function claimNotice(islandId: string): boolean {
  noticeOwner ??= islandId;
  return noticeOwner === islandId;
}
