import { useState } from 'react';
import type { StorageNotice as Notice } from '../../schemas/progress.ts';
import { claimNotice, islandStore } from './browser-store.ts';

const TEXT: Record<Notice['kind'], string> = {
  corrupt: 'Your saved progress in this browser could not be read, so it was set aside and a fresh record started.',
  foreign: 'The storage slot for your progress held data from something else, so it was set aside and a fresh record started.',
  future: 'Your saved progress was written by a newer version of this course, so it was set aside and a fresh record started here.',
  unavailable:
    'This browser does not let the course save your progress (private mode or blocked storage). Answers count until you leave the page; export them to keep them.',
  'not-saved': 'Your latest progress could not be saved (browser storage is full or blocked). Export your answers to keep them.',
  repaired:
    'Some entries of your saved progress could not be read (a date or an answer was damaged). They were left out and everything else was kept.',
};

/** Tells the learner when stored data was set aside or cannot be saved. */
export function StorageNotice({ notice, islandId }: { notice: Notice | undefined; islandId: string }) {
  const [mine] = useState(() => claimNotice(islandId));
  if (!notice || !mine) return null;
  return (
    <div className="kit-notice kit-with-actions" role="alert">
      <p>
        {TEXT[notice.kind]}
        {notice.backupKey ? (
          <>
            {' '}
            {notice.kind === 'repaired' ? 'A full copy of the data as it was' : 'The old data'} is kept in this browser under{' '}
            <code>{notice.backupKey}</code>.
          </>
        ) : null}
      </p>
      <button type="button" className="kit-button" onClick={() => islandStore().dismissNotice()}>
        Dismiss
      </button>
    </div>
  );
}
