import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { createProgressStore, type StorageLike } from '../../../src/course/progress-store.ts';
import { toExport } from '../../../src/course/export.ts';
import { runGrade } from '../../../src/cli/grade.ts';

// The whole command, run in process from the repository folder as `npm run grade` runs it;
// test/integration/cli/grade-command.test.ts starts it as a program once.

const ROOT = join(import.meta.dirname, '../../..');
const CONTENT = 'test/fixtures/course/content';
const EXPORTS = 'test/fixtures/course/exports';

function grade(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runGrade(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT });
  return { code, stdout, stderr: stderr.split('\n').filter(Boolean) };
}

describe('npm run grade', () => {
  it('grades good files, rejects bad ones with one line each, and exits non-zero', () => {
    const r = grade(EXPORTS, '--content', CONTENT, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      `${EXPORTS}/not-json.json: rejected: not JSON (Unexpected token 'L', "Learner: G"... is not valid JSON)`,
      `${EXPORTS}/truncated.json: rejected: the file ends early after 400 bytes: it looks truncated (download or copy it again)`,
      `${EXPORTS}/wrong-version.json: rejected: export version 2 comes from a newer version of the course; this one reads version 1 (update the course)`,
      `${EXPORTS}/hash-mismatch.json: question "fx-broken-edge" was answered against another version of the question (hash 0123456789abcdef, now ef5aa77744f9927c); not graded, ask the learner to answer it again`,
      `${EXPORTS}/wrong-shape.json: answers[6] (question "fx-header"): hash is missing; skipped`,
      `${EXPORTS}/wrong-shape.json: question "fx-order": response could not be read (an order question expects { "order": ["<item id>", ...] } listing every item once (order: expected a list, found string "metric, exemplar, trace, logs")); scored 0`,
      'grade: 3 graded, 3 rejected, 3 problems',
    ]);
    const report = JSON.parse(r.stdout);
    const ada = report.learners.find((l: { learnerId: string }) => l.learnerId === '0b7a6f1e-ada');
    // trace-anatomy: 1 + 0.5 + 1 of 3; module: 1 + 1 + 0 of 3; overall 4.5 of 6. The file's own scores are ignored.
    expect(ada.quizzes['trace-anatomy']).toBeCloseTo(2.5 / 3);
    expect(ada.quizzes['module']).toBeCloseTo(2 / 3);
    expect(ada).toMatchObject({
      moduleScore: 0.75,
      firstTryScore: 3.5 / 6,
      passed: true,
      predictionsMade: 1,
      labChecked: 2,
      labTotal: 3,
      problems: [],
    });
    const grace = report.learners.find((l: { learnerId: string }) => l.learnerId === 'e5f6-hopper');
    expect(grace.quizzes['trace-anatomy']).toBeCloseTo(1.5 / 3); // the stale answer counts 0
    expect(grace.passed).toBe(false);
    const sampling = report.items.find((i: { questionId: string }) => i.questionId === 'fx-sampling');
    expect(sampling.topWrong).toMatchObject({
      label: 'They are all kept, because the sampler always treats failed requests as important',
      count: 3,
      misconception: { id: 'random-sampling-keeps-errors', label: 'Assumes random head sampling keeps rare error traces' },
    });
  });

  it('exits 0 on good files and writes the gradebook and item analysis CSVs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grade-'));
    const out = join(dir, 'gradebook.csv');
    const r = grade(`${EXPORTS}/good.json`, '--content', CONTENT, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual(['grade: 1 graded, 0 rejected, 0 problems']);
    expect(readFileSync(out, 'utf8').split('\n')).toEqual([
      'learner_id,learner_name,file,quiz:trace-anatomy %,quiz:module %,module_score %,first_try %,result,questions_answered,questions_total,predictions_made,lab_items_checked,lab_items_total,lab %,problems,similar_to',
      `0b7a6f1e-ada,Ada Example,${EXPORTS}/good.json,83.3,66.7,75,58.3,pass,6,6,1,2,3,66.7,0,`,
      '',
    ]);
    const items = readFileSync(join(dir, 'gradebook.items.csv'), 'utf8').split('\n');
    expect(items[0]).toBe(
      'question_id,bank,type,outcome,responses,first_try_correct %,final_correct %,mean_attempts,most_chosen_wrong,wrong_count,wrong %,misconception_id,misconception',
    );
    expect(items).toContain(
      'fx-broken-edge,trace-anatomy,single,debug,1,0,100,2,One trace with a gap where payment-api should be,1,100,context-propagates-itself,Assumes trace context crosses service boundaries without a propagator',
    );
    expect(items).toContain('fx-resource,trace-anatomy,multiple,instrument,1,0,0,1,left out: `service.version`,1,100,,');
  });

  it('flags identical and near-identical exports in the gradebook and in a summary, without failing the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grade-'));
    const out = join(dir, 'gradebook.csv');
    const SIMILAR = 'test/fixtures/course/similar';
    const r = grade(SIMILAR, '--content', CONTENT, '--out', out);
    expect(r.code).toBe(0); // a signal for the instructor, not a grading error
    expect(r.stderr).toEqual([
      `similar: Ada Lovelace (${SIMILAR}/ada.json), Bob Example (${SIMILAR}/bob.json), Cy Example (${SIMILAR}/cy.json): identical responses with identical times on all 7 items, including 3 wrong answers they share.`,
      `similar: Dan Example (${SIMILAR}/dan.json), Eve Example (${SIMILAR}/eve.json): near-identical: at least 7 of 7 items answered the same way within 120 s.`,
      'grade: 7 graded, 0 rejected, 0 problems, 5 with identical or near-identical answers (see similar_to)',
    ]);
    expect(r.stdout).toContain('similar to');
    const csv = readFileSync(out, 'utf8').split('\n');
    expect(csv[0]!.endsWith(',problems,similar_to')).toBe(true);
    expect(csv.find((l) => l.startsWith('b2c4-bob,'))).toMatch(
      /,0,"Ada Lovelace \(test\/fixtures\/course\/similar\/ada\.json\): identical, 7 of 7 items, 3 shared wrong; Cy Example .*"$/,
    );
    expect(csv.find((l) => l.startsWith('f6a7-frank,'))).toMatch(/,0,$/);

    const json = JSON.parse(grade(SIMILAR, '--content', CONTENT, '--json').stdout);
    expect(json.similarity).toMatchObject({
      minItems: 5,
      minShare: 0.9,
      windowSeconds: 120,
      groups: [{ kind: 'identical' }, { kind: 'near-identical' }],
    });
    expect(json.learners.find((l: { learnerName: string }) => l.learnerName === 'Cy Example').similarTo).toHaveLength(2);
  });

  it('uses the pass mark given on the command line', () => {
    const r = grade(`${EXPORTS}/good.json`, '--content', CONTENT, '--json', '--pass-mark', '0.8');
    expect(JSON.parse(r.stdout).learners[0].passed).toBe(false);
  });

  it('grades an export written by the progress store, re-grading instead of trusting its scores', () => {
    const content = loadCourseContentOrThrow(join(ROOT, CONTENT));
    const data = new Map<string, string>();
    const storage: StorageLike = {
      getItem: (k) => data.get(k) ?? null,
      setItem: (k, v) => void data.set(k, v),
      removeItem: (k) => void data.delete(k),
    };
    const store = createProgressStore(storage, { newId: () => 'store-learner', now: () => new Date('2025-03-15T12:00:00Z') });
    store.setLearnerName('Store Learner');
    for (const [id, response] of [
      ['fx-broken-edge', { choice: 'two' }],
      ['fx-header', { text: 'traceparent' }],
    ] as const) {
      const { hash, bank } = content.questions.get(id)!;
      // Right answers stored with a tampered score of 0: the command must not believe it.
      store.recordAnswer({ bank, questionId: id, hash, response, score: 0, correct: false });
    }
    const dir = mkdtempSync(join(tmpdir(), 'grade-'));
    writeFileSync(join(dir, 'store.json'), JSON.stringify(toExport(store.get(), { now: new Date('2025-03-15T12:00:00Z') })));
    copyFileSync(join(ROOT, EXPORTS, 'good.json'), join(dir, 'good.json'));
    const r = grade(dir, '--content', CONTENT, '--json');
    expect(r.code).toBe(0);
    const learner = JSON.parse(r.stdout).learners.find((l: { learnerId: string }) => l.learnerId === 'store-learner');
    expect(learner).toMatchObject({ learnerName: 'Store Learner', answered: 2, moduleScore: 2 / 6 });
  });

  it('prints the answer key as Markdown', () => {
    const r = grade('--key', '--content', CONTENT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# Answer key');
    expect(r.stdout).toContain('### 1. `fx-broken-edge` (single, outcome: debug)');
    expect(r.stdout).toContain('**Answer:** **two**: Two traces with different trace ids');
    expect(r.stdout).toContain(
      '**Answer:** 1. Latency alert on a metric 2. Exemplar in the slow bucket 3. The trace behind the exemplar 4. Logs with that trace id',
    );
    expect(r.stdout).toContain('**Answer:** 43.2 GB/day (±0.5)');
  });

  it('stops with exit code 2 on usage errors and broken banks', () => {
    expect(grade('--content', CONTENT).code).toBe(2);
    const missing = grade('nope.json', '--content', CONTENT);
    expect(missing.code).toBe(1);
    expect(missing.stderr[0]).toBe('nope.json: rejected: no such file or folder');
    const dir = mkdtempSync(join(tmpdir(), 'banks-'));
    const bank = readFileSync(join(ROOT, CONTENT, 'quizzes/module.yaml'), 'utf8').replace('id: module', 'id: modul');
    writeFileSync(join(dir, 'module.yaml'), bank);
    const broken = grade(`${EXPORTS}/good.json`, '--content', dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr.join('\n')).toContain('field id: bank id "modul" does not match the file name "module.yaml"');
  });
});
