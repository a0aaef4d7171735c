import { useEffect, useState } from 'react';
import { useProgressStore } from './browser-store.ts';
import { ErrorBoundary } from '../kit/ErrorBoundary.tsx';
import { StorageNotice } from './StorageNotice.tsx';

// Keeps the lab page's success-criteria boxes (<CheckItem>, marked with
// data-lab-check) in the learner's progress: ticks survive a reload and show
// on the progress page and in the export. Boxes ticked before this island
// hydrated are saved too. Ticking an item counts the page as visited.

export interface LabChecklistIslandProps {
  /** Slug of the page the checklist is on. */
  lesson: string;
}

export default function LabChecklistIsland({ lesson }: LabChecklistIslandProps) {
  return (
    <ErrorBoundary name="Saving lab ticks">
      <LabChecklistSync lesson={lesson} />
    </ErrorBoundary>
  );
}

function boxes(): { id: string; input: HTMLInputElement }[] {
  return [...document.querySelectorAll<HTMLElement>('[data-lab-check]')].flatMap((el) => {
    const input = el.querySelector<HTMLInputElement>('input[type="checkbox"]');
    const id = el.dataset['labCheck'];
    return input && id ? [{ id, input }] : [];
  });
}

function LabChecklistSync({ lesson }: LabChecklistIslandProps) {
  const { store, progress } = useProgressStore();
  const [total, setTotal] = useState(0);
  const live = progress !== null;

  useEffect(() => {
    if (!live) return;
    const stored = new Set(store.get().lab.checked);
    const found = boxes();
    setTotal(found.length);
    for (const { id, input } of found) {
      if (stored.has(id)) input.checked = true;
      else if (input.checked) store.setLabItem(id, true, lesson);
    }
    const onChange = (event: Event) => {
      const input = event.target as HTMLInputElement;
      const id = input.closest<HTMLElement>('[data-lab-check]')?.dataset['labCheck'];
      if (id && input.type === 'checkbox') store.setLabItem(id, input.checked, lesson);
    };
    document.addEventListener('change', onChange);
    // Ticks made in another tab arrive through the store.
    const off = store.subscribe((p) => {
      const checked = new Set(p.lab.checked);
      for (const { id, input } of boxes()) input.checked = checked.has(id);
    });
    return () => {
      document.removeEventListener('change', onChange);
      off();
    };
  }, [live, lesson, store]);

  if (!progress) return <p className="kit-muted lab-sync">Tick each success criterion as you reach it.</p>;
  const ids = new Set(boxes().map((b) => b.id));
  const done = progress.lab.checked.filter((id) => ids.has(id)).length;
  return (
    <div className="lab-sync">
      <StorageNotice notice={progress.notice} islandId="lab-checklist" />
      <p className="kit-muted">
        Tick each success criterion as you reach it: your ticks are kept in this browser ({done} of {total || ids.size} so far) and appear
        on your progress page and in your export.
      </p>
    </div>
  );
}
