import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { answer, bank, openQuiz } from './support/quiz-driver.ts';
import { runGrade } from '../../src/cli/grade.ts';

// An instructor grades what a learner's browser exported: the grade command
// re-grades the raw responses and agrees with the score the learner saw. The command runs
// in process, from the repository folder as `npm run grade` does; test/integration/cli/
// starts it as a program.

const ROOT = join(import.meta.dirname, '../..');
const quiz = bank('trace-anatomy');

function grade(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = runGrade(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: ROOT });
  return { status, stdout, lines: stderr.split('\n').filter(Boolean) };
}

test('an export made in the browser is graded by the grade command', async ({ page }, testInfo) => {
  await page.goto('trace-anatomy/');
  await openQuiz(page);
  // Right, except the first question, which is answered wrong then right (two attempts).
  for (const [i, q] of quiz.questions.entries()) await answer(page, i, q, i !== 0);
  await page.locator('.quiz-q').first().getByRole('button', { name: 'Try this question again' }).click();
  await answer(page, 0, quiz.questions[0]!, true);
  const n = quiz.questions.length;
  await expect(page.locator('.quiz-summary')).toContainText(`Score: ${n} of ${n} (100%)`);

  await page.goto('progress/');
  const panel = page.locator('.progress-panel');
  await panel.getByLabel(/Your name or student id/).fill('Grace Example');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export my answers (JSON)' }).click(),
  ]);
  const dir = testInfo.outputPath('exports');
  await download.saveAs(join(dir, download.suggestedFilename()));

  const r = grade(dir, '--json');
  expect(r.lines).toEqual(['grade: 1 graded, 0 rejected, 0 problems']);
  expect(r.status).toBe(0);
  const report = JSON.parse(r.stdout);
  const learner = report.learners[0];
  expect(learner).toMatchObject({ learnerName: 'Grace Example', answered: n, predictionsMade: 0 });
  expect(learner.quizzes['trace-anatomy']).toBe(1);
  // The first question took two attempts; item analysis counts its first, wrong try.
  const first = report.items.find((i: { questionId: string }) => i.questionId === quiz.questions[0]!.id);
  expect(first).toMatchObject({ responses: 1, firstTryCorrect: 0, finalCorrect: 1, meanAttempts: 2 });
  expect(first.topWrong.count).toBe(1);

  // The same file handed in again under two other names: graded, and flagged as identical.
  const copies = testInfo.outputPath('copies');
  mkdirSync(copies, { recursive: true });
  const original = join(copies, 'grace.json');
  copyFileSync(join(dir, download.suggestedFilename()), original);
  for (const [file, name, id] of [
    ['bob.json', 'Bob Copy', 'b-1'],
    ['cy.json', 'Cy Copy', 'c-1'],
  ] as const) {
    const data = JSON.parse(readFileSync(original, 'utf8'));
    data.learner = { id, name };
    writeFileSync(join(copies, file), JSON.stringify(data));
  }
  const flagged = grade(copies);
  const lines = flagged.lines;
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(
    /^similar: Bob Copy \(.*bob\.json\), Cy Copy \(.*cy\.json\), Grace Example \(.*grace\.json\): identical responses with identical times on all \d+ items/,
  );
  expect(lines[1]).toBe('grade: 3 graded, 0 rejected, 0 problems, 3 with identical or near-identical answers (see similar_to)');
  expect(flagged.status).toBe(0);
});
