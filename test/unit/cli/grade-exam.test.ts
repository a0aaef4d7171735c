import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgressStore, type StorageLike } from '../../../src/course/progress-store.ts';
import { toExport } from '../../../src/course/export.ts';
import { runGrade } from '../../../src/cli/grade.ts';

// An exam's page has no key, so it stores answers with a content hash over the
// public question only (and a score of 0: the page does not grade). The grade
// command, told by course.yaml that the bank is an exam, must take those
// hashes as current and grade the answers with the key from the content folder.

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'test/fixtures/course/content');

/** The fixture's module bank as an exam: course.yaml names it in examBanks. */
function examContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'exam-content-'));
  cpSync(FIXTURE, dir, { recursive: true });
  writeFileSync(join(dir, 'course.yaml'), 'title: Exam fixture\nsite: https://example.org\nexamBanks: [module]\n');
  return dir;
}

// Hashes an exam page ships: over each question's public form (prompt, choices' text; no key), written down once.
const PUBLIC_HASH = { 'fx-volume': 'c60db2ff7213b153', 'fx-header': '6a9574dcd6a3b163', 'fx-sampling': '47b26e1c64bf017d' };
// The same questions' hashes over everything, key included: what a self-study page ships.
const FULL_HASH = { 'fx-volume': '01ff72e6bf4f33aa', 'fx-header': '0c8402336b795c56', 'fx-sampling': '2c406fcacda5d82a' };

function exportOf(hashes: Record<string, string>, submit: boolean): string {
  const data = new Map<string, string>();
  const storage: StorageLike = {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
  const store = createProgressStore(storage, { newId: () => 'exam-learner', now: () => new Date('2026-11-20T10:00:00Z') });
  // Two right answers (43.2 GB/day, traceparent) and one wrong pick, stored as an exam page stores them.
  const responses: Record<string, unknown> = {
    'fx-volume': { value: 43.2 },
    'fx-header': { text: 'traceparent' },
    'fx-sampling': { choice: 'kept' },
  };
  for (const [id, response] of Object.entries(responses)) {
    store.recordAnswer({ bank: 'module', questionId: id, hash: hashes[id]!, response, score: 0, correct: false });
  }
  if (submit) store.recordQuizFinished('module', 0);
  return JSON.stringify(toExport(store.get(), { now: new Date('2026-11-20T10:05:00Z') }));
}

function grade(dir: string, content: string) {
  let stdout = '';
  let stderr = '';
  const code = runGrade([dir, '--content', content, '--json'], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: ROOT,
  });
  return { code, report: JSON.parse(stdout || '{}'), stderr: stderr.split('\n').filter(Boolean) };
}

describe('grading an exam export', () => {
  it('grades answers stored with the public hash, with the key from the content folder', () => {
    const content = examContent();
    const dir = mkdtempSync(join(tmpdir(), 'exam-exports-'));
    writeFileSync(join(dir, 'exam.json'), exportOf(PUBLIC_HASH, true));
    const r = grade(dir, content);
    expect(r.stderr).toEqual(['grade: 1 graded, 0 rejected, 0 problems']);
    expect(r.code).toBe(0);
    const learner = r.report.learners[0];
    // Two of the module's three questions right, although the file says 0 for each.
    expect(learner.quizzes['module']).toBeCloseTo(2 / 3);
    expect(learner).toMatchObject({ learnerId: 'exam-learner', answered: 3, problems: [] });
  });

  it('reports answers carrying the full-question hash as given to another version', () => {
    const content = examContent();
    const dir = mkdtempSync(join(tmpdir(), 'exam-exports-'));
    writeFileSync(join(dir, 'full.json'), exportOf(FULL_HASH, true));
    const r = grade(dir, content);
    expect(r.stderr.filter((line) => line.includes('another version'))).toHaveLength(3);
    expect(r.report.learners[0].quizzes['module']).toBe(0);
  });

  it('without examBanks the same bank is self-study, and the public hashes are the stale ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exam-exports-'));
    writeFileSync(join(dir, 'exam.json'), exportOf(PUBLIC_HASH, true));
    const r = grade(dir, FIXTURE);
    expect(r.stderr.filter((line) => line.includes('another version'))).toHaveLength(3);
  });
});
