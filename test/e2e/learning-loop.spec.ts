import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { plainText } from '../../src/course/markdown-fields.ts';
import { PROGRESS_KEY } from '../../src/course/progress-store.ts';
import { answer, bank, content, countedLessons, focusedElement, openQuiz, questionBox } from './support/quiz-driver.ts';

// The learning loop as a learner meets it on the trace anatomy lesson:
// predict then reveal, a quiz answered wrong then right, progress that
// survives a reload, export/reset/import, and storage that was corrupted.

const LESSON = 'trace-anatomy/';
const quiz = bank('trace-anatomy');
const prediction = content.predictionsById.get('anatomy-broken-edge')!.prediction;
if (prediction.kind !== 'choice') throw new Error('anatomy-broken-edge is a choice prediction');
const wrongChoice = prediction.choices.find((c) => c.id !== prediction.answer)!;
const rightChoice = prediction.choices.find((c) => c.id === prediction.answer)!;

async function predictionBox(page: Page) {
  const box = page.locator('.prediction').filter({ hasText: plainText(prediction.prompt).slice(0, 40) });
  await box.scrollIntoViewIfNeeded();
  await expect(box.getByRole('button', { name: 'Commit my prediction' })).toBeVisible({ timeout: 15_000 });
  return box;
}

test('a learner predicts, commits, and only then reveals; the sandbox says whether the prediction held', async ({ page }) => {
  await page.goto(LESSON);
  const box = await predictionBox(page);
  await expect(box.getByRole('button', { name: 'Reveal the answer' })).toHaveCount(0);
  await expect(box.getByRole('button', { name: 'Commit my prediction' })).toBeDisabled();

  await box.getByRole('radio', { name: wrongChoice.text }).check();
  await box.getByRole('button', { name: 'Commit my prediction' }).click();
  await expect(box.getByText('Your prediction', { exact: true })).toBeVisible();
  await expect(box.getByText(wrongChoice.text)).toBeVisible();
  await expect(box.getByText(plainText(prediction.explanation).slice(0, 40))).toHaveCount(0);

  await box.getByRole('button', { name: 'Reveal the answer' }).click();
  // The committed prediction stays next to the answer and its explanation.
  await expect(box.locator('.prediction-mine')).toContainText(wrongChoice.text);
  await expect(box.locator('.prediction-answer')).toContainText(rightChoice.text);
  await expect(box.locator('.prediction-answer')).toContainText(plainText(prediction.explanation).slice(0, 40));
  await expect(box.getByRole('button', { name: 'Change my prediction' })).toHaveCount(0);

  await box.getByRole('button', { name: 'Check it in the sandbox' }).click();
  await expect(box.locator('.prediction-check')).toContainText(`not your prediction "${wrongChoice.text}"`, { timeout: 15_000 });

  await page.reload();
  const again = page.locator('.prediction').filter({ hasText: plainText(prediction.prompt).slice(0, 40) });
  await again.scrollIntoViewIfNeeded();
  await expect(again.locator('.prediction-mine')).toContainText(wrongChoice.text, { timeout: 15_000 });
  await expect(again).toContainText('your prediction did not hold');
});

test('a learner answers a quiz question wrong, then right, and finds it all after a reload', async ({ page }) => {
  await page.goto(LESSON);
  await openQuiz(page);
  const q = quiz.questions[0]!;
  await answer(page, 0, q, false);
  const box = questionBox(page, 0);
  await expect(box.locator('.quiz-verdict')).toHaveText('Not right.');
  await expect(page.locator('.quiz [role="status"]')).toHaveText(/Question 1: not right\./);
  await expect(box.locator('.quiz-explanation')).toBeVisible();

  await box.getByRole('button', { name: 'Try this question again' }).click();
  await expect(box).toBeFocused();
  await answer(page, 0, q, true);
  await expect(box.locator('.quiz-verdict')).toContainText('Right.');
  await expect(box.locator('.quiz-verdict')).toContainText('Attempt 2.');
  await expect(page.locator('.quiz [role="status"]')).toHaveText(/Question 1: right\./);

  await page.reload();
  await openQuiz(page);
  await expect(questionBox(page, 0).locator('.quiz-verdict')).toContainText('Right.');
  await expect(page.locator('.quiz .quiz-summary')).toContainText(`Score: 1 of ${quiz.questions.length}`);
});

test('finishing a quiz gives a score against the pass mark, a retry of the missed questions and a review of every choice', async ({
  page,
}) => {
  await page.goto(LESSON);
  await openQuiz(page);
  const wrongAt = quiz.questions.findIndex((q) => q.type === 'single');
  for (const [i, q] of quiz.questions.entries()) await answer(page, i, q, i !== wrongAt);
  const n = quiz.questions.length;
  await expect(page.locator('.quiz-summary')).toContainText(`Score: ${n - 1} of ${n}`);
  await expect(page.locator('.quiz [role="status"]')).toContainText('Quiz complete');

  await page.getByRole('button', { name: 'Review every choice' }).click();
  const reviewed = questionBox(page, wrongAt);
  const q = quiz.questions[wrongAt]!;
  if (q.type !== 'single') throw new Error('expected a single-choice question');
  // Every choice now carries its feedback, not only the one picked.
  await expect(reviewed.locator('.quiz-fb')).toHaveCount(q.choices.length);

  await page.getByRole('button', { name: 'Retry the 1 missed' }).click();
  await expect(reviewed).toBeFocused();
  await answer(page, wrongAt, q, true);
  await expect(page.locator('.quiz-summary')).toContainText(`Score: ${n} of ${n} (100%) Passed.`);
});

test('a learner exports, resets, imports and gets everything back', async ({ page }, testInfo) => {
  await page.goto(LESSON);
  await openQuiz(page);
  await answer(page, 0, quiz.questions[0]!, true);
  await answer(page, 1, quiz.questions[1]!, false);
  const box = await predictionBox(page);
  await box.getByRole('radio', { name: rightChoice.text }).check();
  await box.getByRole('button', { name: 'Commit my prediction' }).click();

  await page.goto('progress/');
  const panel = page.locator('.progress-panel');
  await expect(panel.getByRole('heading', { name: 'Your scores' })).toBeVisible({ timeout: 15_000 });
  const row = panel.getByRole('row', { name: /Trace anatomy/ });
  const scoreText = `${Math.round((1 / quiz.questions.length) * 1000) / 10}%`;
  await expect(row).toContainText(scoreText);
  await expect(panel).toContainText('Predictions made: 1');
  await panel.getByLabel(/Your name or student id/).fill('Ada Example');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export my answers (JSON)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tracing-course-ada-example-\d{4}-\d{2}-\d{2}\.json$/);
  const file = testInfo.outputPath('export.json');
  await download.saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported).toMatchObject({ format: 'dt-course-export', version: 1, learner: { name: 'Ada Example' } });
  expect(exported.answers.map((a: { questionId: string }) => a.questionId).sort()).toEqual(
    [quiz.questions[0]!.id, quiz.questions[1]!.id].sort(),
  );

  await panel.getByRole('button', { name: 'Reset my progress…' }).click();
  await expect(panel.getByRole('button', { name: 'Yes, reset' })).toBeFocused();
  await panel.getByRole('button', { name: 'Yes, reset' }).click();
  await expect(row).toContainText('Not started');
  await expect(panel).toContainText('Predictions made: 0');

  // A broken file is refused with a reason, and changes nothing.
  await panel
    .getByLabel('Import answers from a file')
    .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"dt-course-export",') });
  await expect(panel.getByRole('alert')).toContainText('broken.json: the file ends early');

  await panel.getByLabel('Import answers from a file').setInputFiles(file);
  await expect(panel.getByRole('status').filter({ hasText: 'Imported' }).first()).toContainText('2 answers, 1 predictions');
  await expect(row).toContainText(scoreText);
  await expect(panel).toContainText('Predictions made: 1');
  await expect(panel.getByLabel(/Your name or student id/)).toHaveValue('Ada Example');

  await page.goto(LESSON);
  await openQuiz(page);
  await expect(questionBox(page, 0).locator('.quiz-verdict')).toContainText('Right.');
  await expect(questionBox(page, 1).locator('.quiz-verdict')).toHaveText('Not right.');
});

test('a page with corrupted storage still works and says so', async ({ page }) => {
  await page.goto(LESSON);
  await page.evaluate((key) => localStorage.setItem(key, '{"format":"dt-course-progress","version":1,"answers":{'), PROGRESS_KEY);
  await page.reload();
  await openQuiz(page);
  const notice = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText('dt-course:progress:backup:');
  const backup = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('dt-course:progress:backup:')));
  expect(backup).toHaveLength(1);
  expect(await page.evaluate((k) => localStorage.getItem(k), backup[0]!)).toBe('{"format":"dt-course-progress","version":1,"answers":{');

  await answer(page, 0, quiz.questions[0]!, true);
  await expect(questionBox(page, 0).locator('.quiz-verdict')).toContainText('Right.');
  await page.goto('progress/');
  await expect(page.locator('.progress-panel').getByRole('alert')).toContainText('could not be read');
  await page.locator('.progress-panel').getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.locator('.progress-panel').getByRole('alert')).toHaveCount(0);
  await expect(page.locator('.progress-panel').getByRole('row', { name: /Trace anatomy/ })).toContainText('1 of');
});

test('the quiz is usable with the keyboard alone', async ({ page }) => {
  await page.goto(LESSON);
  await openQuiz(page);
  const q = quiz.questions[0]!;
  if (q.type !== 'single') test.skip(true, 'first question is not single-choice');
  const first = questionBox(page, 0).getByRole('radio').first();
  await first.focus();
  await page.keyboard.press('Space');
  await expect(first).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(questionBox(page, 0).getByRole('button', { name: 'Check answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(questionBox(page, 0).locator('.quiz-verdict')).toBeVisible();
  await expect(page.locator('.quiz [role="status"]')).toHaveText(/Question 1: /);
  // The Check answer button is gone: focus lands on the feedback, not on the page.
  const feedback = questionBox(page, 0).locator('.quiz-result');
  await expect(feedback).toBeFocused();
  await expect(feedback).toBeVisible();
  await expect(feedback).toHaveAccessibleName(/^Question 1: (Right|Not right|Partly right)/);
  expect(await focusedElement(page)).not.toBe('BODY');
  // From the feedback, Tab goes on to its "Try this question again" button.
  await page.keyboard.press('Tab');
  await expect(questionBox(page, 0).getByRole('button', { name: 'Try this question again' })).toBeFocused();
});

test('committing and revealing a prediction with the keyboard keeps focus on what appears', async ({ page }) => {
  await page.goto(LESSON);
  const box = await predictionBox(page);
  const radio = box.getByRole('radio', { name: rightChoice.text });
  await radio.focus();
  await page.keyboard.press('Space');
  await expect(radio).toBeChecked();
  await box.getByRole('button', { name: 'Commit my prediction' }).focus();
  await page.keyboard.press('Enter');
  await expect(box.locator('.prediction-mine')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(box.getByRole('button', { name: 'Reveal the answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(box.locator('.prediction-answer')).toBeFocused();
  await expect(box.locator('.prediction-answer')).toBeVisible();
  await box.getByRole('button', { name: 'Check it in the sandbox' }).focus();
  await page.keyboard.press('Enter');
  await expect(box.locator('.prediction-check-verdict')).toBeFocused({ timeout: 15_000 });
  await expect(box.locator('.prediction-check-verdict')).toContainText('your prediction');
});

test('from the top of a lesson the quiz is a few Tab presses away, and it is a region with a heading', async ({ page }) => {
  const overview = bank('overview');
  await page.goto('overview/');
  const region = page.getByRole('region', { name: overview.title });
  await expect(region).toHaveCount(1);
  await expect(region.getByRole('heading', { name: overview.title })).toBeVisible();

  // Tab from the top as a keyboard user does, following a "Skip to the quiz" link when one is offered.
  let tabs = 0;
  let reached = false;
  while (!reached && tabs < 40) {
    await page.keyboard.press('Tab');
    tabs++;
    const at = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { text: el?.textContent?.trim() ?? '', inQuiz: Boolean(el?.closest('.quiz') && el.matches('input, textarea, button')) };
    });
    reached = at.inQuiz;
    if (at.text === 'Skip to the quiz') {
      // The link shows when focused, like Starlight's own skip link.
      await expect(page.getByRole('link', { name: 'Skip to the quiz' })).toBeVisible();
      await page.keyboard.press('Enter');
      await expect(page.locator(`#quiz-overview`)).toBeFocused();
      await expect(region.locator('.quiz-summary strong')).toContainText('Score:', { timeout: 15_000 }); // hydrated once in view
    }
  }
  expect(reached, 'a quiz control got focus (the skip link needs SkipLink: src/components/quiz/SkipLinks.astro in astro.config.mjs)').toBe(
    true,
  );
  expect(tabs).toBeLessThanOrEqual(10);
});

test('a lesson counts as visited once a quiz answer is checked there, not when its quiz scrolls into view', async ({ page }) => {
  const panel = page.locator('.progress-panel');
  const overviewRow = panel.locator('.progress-list li').filter({ hasText: /^Overview:/ });
  const total = countedLessons().length;
  await page.goto('overview/');
  await openQuiz(page); // scrolled into view and hydrated, nothing answered
  await page.goto('progress/');
  await expect(panel.getByRole('heading', { name: 'Your scores' })).toBeVisible({ timeout: 15_000 });
  await expect(panel).toContainText('Opening a page or scrolling past its quiz does not count.');
  await expect(overviewRow).toContainText('not yet');
  await expect(panel).toContainText(`0 of ${total} lessons visited.`);

  await page.goto('overview/');
  await openQuiz(page);
  await answer(page, 0, bank('overview').questions[0]!, false); // a wrong answer counts too: the learner did it
  await page.goto('progress/');
  await expect(overviewRow).toContainText(/visited .*\(quiz\)/, { timeout: 15_000 });
  await expect(panel).toContainText(`1 of ${total} lessons visited.`);
  // Every page a learner can act on is in the count, so the count can reach the total.
  await expect(panel.locator('.progress-list li')).toHaveCount(total);
});

test('without JavaScript the questions are readable and a notice says checking needs JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${baseURL}${LESSON}`);
  const q = quiz.questions[0]!;
  await expect(page.locator('.quiz')).toContainText(plainText(q.prompt).slice(0, 40));
  if (q.type === 'single') for (const c of q.choices) await expect(page.locator('.quiz')).toContainText(plainText(c.text));
  await expect(page.locator('.course-noscript').first()).toContainText('need JavaScript');
  await context.close();
});

test('the quiz fits a 375 px wide phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(LESSON);
  await openQuiz(page);
  const overflow = await page.locator('.quiz').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const docOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(docOverflow).toBeLessThanOrEqual(0);
});

test('ticks on the lab checklist are kept and counted on the progress page', async ({ page }) => {
  await page.goto('lab/');
  await page.locator('.lab-sync').scrollIntoViewIfNeeded(); // the island hydrates when it comes into view
  await expect(page.locator('.lab-sync')).toContainText('so far', { timeout: 15_000 });
  const boxes = page.locator('[data-lab-check] input[type="checkbox"]');
  const total = await boxes.count();
  expect(total).toBeGreaterThan(1);
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await boxes.nth(1).uncheck();
  await expect(page.locator('.lab-sync')).toContainText(`1 of ${total} so far`);
  await page.reload();
  await expect(page.locator('.lab-sync')).toContainText(`1 of ${total} so far`, { timeout: 15_000 });
  await expect(boxes.nth(0)).toBeChecked();
  await expect(boxes.nth(1)).not.toBeChecked();
  await page.goto('progress/');
  await expect(page.locator('.progress-panel')).toContainText(`Lab checklist: 1 of ${total} success criteria ticked.`, { timeout: 15_000 });
  // Ticking an item is doing the lab: the lab page counts as visited.
  await expect(page.locator('.progress-panel .progress-list li').filter({ hasText: /^Hands-on lab:/ })).toContainText(
    /visited .*\(lab checklist\)/,
  );
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`answered quizzes, revealed predictions and the progress panel have no serious accessibility violation (${colorScheme})`, async ({
    page,
  }) => {
    await page.addInitScript((theme) => localStorage.setItem('starlight-theme', theme), colorScheme);
    await page.emulateMedia({ colorScheme });
    await page.goto(LESSON);
    const box = await predictionBox(page);
    await box.getByRole('radio', { name: wrongChoice.text }).check();
    await box.getByRole('button', { name: 'Commit my prediction' }).click();
    await box.getByRole('button', { name: 'Reveal the answer' }).click();
    await openQuiz(page);
    for (const [i, q] of quiz.questions.entries()) await answer(page, i, q, i % 2 === 0);
    await page.getByRole('button', { name: 'Review every choice' }).click();
    const serious = async () =>
      (await new AxeBuilder({ page }).include('.quiz').include('.prediction').include('.progress-panel').analyze()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(' | ')}`,
        );
    expect(await serious()).toEqual([]);
    await page.goto('progress/');
    await expect(page.locator('.progress-panel h2')).toBeVisible({ timeout: 15_000 });
    expect(await serious()).toEqual([]);
  });
}
