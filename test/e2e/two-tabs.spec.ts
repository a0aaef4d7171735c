import { test, expect, type Page } from '@playwright/test';
import { plainText } from '../../src/course/markdown-fields.ts';
import { PROGRESS_KEY } from '../../src/course/progress-store.ts';
import { bank, content, openQuiz, questionBox } from './support/quiz-driver.ts';

// Two tabs of one browser answer different questions of the same quiz at the
// same instant, round after round. Each tab keeps its own copy of
// localStorage and hears of the other's saves a moment later, so a tab can
// save over an answer it has not seen yet; the store puts such answers back.
// After every round both answers are stored with every attempt counted.

const LESSON = 'trace-anatomy/';
const quiz = bank('trace-anatomy');
const singles = quiz.questions.map((q, index) => ({ q, index })).filter(({ q }) => q.type === 'single');
const MAX_ROUNDS = Number(process.env.TWO_TAB_ROUNDS ?? 100);
/** Rounds stop starting after this long, so the test stays short on a slow machine. */
const BUDGET_MS = Number(process.env.TWO_TAB_BUDGET_MS ?? 30_000);

type Stored = { answers: Record<string, { attempts: number; response: { choice?: string } }> };

function storedAnswers(page: Page): Promise<Stored['answers']> {
  return page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '{"answers":{}}') as Stored).answers, PROGRESS_KEY);
}

/** Picks a choice in question `index` (a right one on even rounds, a wrong one on odd) and returns its id. */
async function choose(page: Page, index: number, round: number): Promise<string> {
  const { q } = singles.find((s) => s.index === index)!;
  if (q.type !== 'single') throw new Error('expected a single-choice question');
  const right = q.choices.filter((c) => c.correct);
  const wrong = q.choices.filter((c) => !c.correct);
  const pick = round % 2 === 0 ? right[0]! : wrong[Math.floor(round / 2) % wrong.length]!;
  const box = questionBox(page, index);
  await page.bringToFront();
  if (round > 0) await box.getByRole('button', { name: 'Try this question again' }).click();
  await box.getByRole('radio', { name: plainText(pick.text) }).check();
  return pick.id;
}

/** Clicks "Check answer" of question `index` when the clock reaches `at` (ms since the epoch), as the learner's click would. */
function clickAt(page: Page, index: number, at: number): Promise<void> {
  return page.evaluate(
    ({ index, at }) =>
      new Promise<void>((resolve, reject) => {
        const box = document.querySelectorAll('.quiz fieldset.quiz-q')[index];
        const button = [...(box?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Check answer');
        if (!button) return reject(new Error(`no Check answer button in question ${index + 1}`));
        setTimeout(
          () => {
            button.click();
            resolve();
          },
          Math.max(0, at - Date.now()),
        );
      }),
    { index, at },
  );
}

/** Waits for question `index` to show its verdict for attempt `n` (the first attempt has no number). */
function verdict(page: Page, index: number, n: number): Promise<void> {
  const v = questionBox(page, index).locator('.quiz-verdict');
  return n === 1 ? expect(v).toBeVisible() : expect(v).toContainText(`Attempt ${n}.`);
}

test('two tabs answering different questions at the same moment lose no answer and no attempt', async ({ context }, testInfo) => {
  test.setTimeout(BUDGET_MS + 90_000);
  expect(singles.length, 'the trace anatomy quiz needs two single-choice questions').toBeGreaterThanOrEqual(2);
  const [first, second] = [singles[0]!, singles[1]!];
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto(LESSON);
  await openQuiz(a);
  await b.goto(LESSON);
  await openQuiz(b);

  const start = Date.now();
  let rounds = 0;
  while (rounds < MAX_ROUNDS && Date.now() - start < BUDGET_MS) {
    // One tab at a time comes to the front to be filled in (a hidden tab paints no frames for the pointer to wait on).
    const pickA = await choose(a, first.index, rounds);
    const pickB = await choose(b, second.index, rounds);
    // Both clicks land at the same instant, each in its own tab.
    const at = Date.now() + 40;
    await Promise.all([clickAt(a, first.index, at), clickAt(b, second.index, at)]);
    await Promise.all([verdict(a, first.index, rounds + 1), verdict(b, second.index, rounds + 1)]);
    rounds++;
    const last = { a: pickA, b: pickB };
    // Once the tabs have heard of each other's saves, both answers are stored, every attempt counted, in both tabs.
    const want = {
      [first.q.id]: { attempts: rounds, response: { choice: last.a } },
      [second.q.id]: { attempts: rounds, response: { choice: last.b } },
    };
    for (const page of [a, b]) {
      await expect.poll(() => storedAnswers(page), { timeout: 5_000, intervals: [20, 50, 100, 250] }).toMatchObject(want);
    }
  }
  testInfo.annotations.push({ type: 'rounds', description: `${rounds} rounds in ${Math.round((Date.now() - start) / 1000)} s` });
  console.log(`two tabs: ${rounds} rounds of simultaneous answers in ${Math.round((Date.now() - start) / 1000)} s, none lost`);
  expect(rounds).toBeGreaterThanOrEqual(Math.min(MAX_ROUNDS, 5));

  // A reload of either tab shows both answers, each on its latest attempt.
  await a.reload();
  await openQuiz(a);
  await verdict(a, first.index, rounds);
  await verdict(a, second.index, rounds);
});

test('a file imported in one tab while another tab answers: both kept, and the file’s claimed scores count for nothing', async ({
  context,
}) => {
  const [first, second] = [singles[0]!, singles[1]!];
  const lesson = await context.newPage();
  const progress = await context.newPage();
  await lesson.goto(LESSON);
  await openQuiz(lesson);
  await progress.goto('progress/');
  const panel = progress.locator('.progress-panel');
  await expect(panel.getByRole('heading', { name: 'Your scores' })).toBeVisible({ timeout: 15_000 });
  // The learner id shows once the panel has read the stored progress.
  await expect(panel.locator('code').first()).toHaveText(/\S/);
  const learnerId = (await panel.locator('code').first().textContent())!;

  // Someone else's file: every question of the quiz answered with a choice that does not exist, each "scored" 1.
  const forged = {
    format: 'dt-course-export',
    version: 1,
    exportedAt: '2025-03-19T10:00:00Z',
    learner: { id: 'someone-else', name: 'Mallory' },
    answers: quiz.questions.map((q) => ({
      questionId: q.id,
      bank: quiz.id,
      hash: content.questions.get(q.id)!.hash,
      response: { choice: 'no-such-choice' },
      attempts: 1,
      answeredAt: '2025-03-14T09:00:00Z',
      score: 1,
    })),
    quizzes: [{ bank: quiz.id, attempts: 1, lastScore: 1, bestScore: 1, finishedAt: '2025-03-14T09:00:00Z' }],
  };
  await panel
    .getByLabel('Import answers from a file')
    .setInputFiles({ name: 'forged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(forged)) });
  // The file names another learner: the page asks before taking anything.
  const ask = panel.getByRole('group').filter({ hasText: 'Whose name and learner id' });
  await expect(ask).toContainText('Mallory');

  // The lesson tab answers two questions right while the progress tab imports, at the same instant.
  await lesson.bringToFront();
  await choose(lesson, first.index, 0);
  await choose(lesson, second.index, 0);
  await progress.bringToFront();
  const at = Date.now() + 40;
  await Promise.all([
    clickAt(lesson, first.index, at),
    clickAt(lesson, second.index, at),
    progress.evaluate(
      (at) =>
        new Promise<void>((resolve) =>
          setTimeout(
            () => {
              [...document.querySelectorAll('.progress-panel button')]
                .find((b) => b.textContent?.includes("Keep this browser's"))!
                .dispatchEvent(new MouseEvent('click', { bubbles: true }));
              resolve();
            },
            Math.max(0, at - Date.now()),
          ),
        ),
      at,
    ),
  ]);
  await expect(panel.getByRole('status').filter({ hasText: 'Imported forged.json' }).first()).toContainText(
    'Your name and learner id in this browser were kept.',
  );
  await expect(panel.locator('code').first()).toHaveText(learnerId);

  // Nothing lost: the two answers from the lesson tab are right, everything else is the file's unreadable responses.
  const right = (q: (typeof singles)[number]['q']) => (q.type === 'single' ? q.choices.find((c) => c.correct)!.id : '');
  for (const page of [lesson, progress]) {
    await expect
      .poll(() => storedAnswers(page), { timeout: 5_000 })
      .toMatchObject({
        [first.q.id]: { response: { choice: right(first.q) } },
        [second.q.id]: { response: { choice: right(second.q) } },
        ...Object.fromEntries(
          quiz.questions
            .filter((q) => q.id !== first.q.id && q.id !== second.q.id)
            .map((q) => [q.id, { response: { choice: 'no-such-choice' } }]),
        ),
      });
  }
  // Graded on the page: 2 of n right, not the 100 % the file claims.
  const row = panel.getByRole('row', { name: /Trace anatomy/ });
  const n = quiz.questions.length;
  await expect(row).toContainText(`${n} of ${n}`);
  await expect(row).toContainText(`${Math.round((2 / n) * 1000) / 10}%`);
  await expect(row).toContainText('Not passed yet');
  await expect(panel.locator('.progress-module')).not.toContainText('Passed.');
  // The progress from before the import is kept, and says so.
  await expect(panel.locator('.progress-backup')).toContainText('before an import');
});
