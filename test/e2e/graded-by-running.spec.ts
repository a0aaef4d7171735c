import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { bank, openQuiz, questionBox } from './support/quiz-driver.ts';
import { watchConsoleErrors } from './support/site.ts';

// Questions graded by running the learner's answer in the browser: a TraceQL
// query on the backends lesson, a tail-sampling policy on the sampling lesson,
// a tracestate threshold on the collector-tiers lesson.
// Their engines load only on pages whose quiz asks such a question.

function find(bankId: string, type: string) {
  const questions = bank(bankId).questions;
  const index = questions.findIndex((q) => q.type === type);
  if (index < 0) throw new Error(`bank ${bankId} has no ${type} question`);
  return { index, question: questions[index]! };
}

/** Script files the page requested, by name without the build hash. */
function watchScripts(page: Page): Set<string> {
  const names = new Set<string>();
  page.on('request', (request) => {
    const m = /\/_astro\/([^/.]+)\.[^/]*\.js$/.exec(new URL(request.url()).pathname);
    if (m) names.add(m[1]!);
  });
  return names;
}

async function check(page: Page, index: number, text: string) {
  const box = questionBox(page, index);
  await box.getByRole('textbox').fill(text);
  await box.getByRole('button', { name: 'Check answer' }).click();
  return box;
}

test('a TraceQL question: a query that does not parse, a wrong query told what it found, then an equivalent right one', async ({
  page,
}) => {
  const scripts = watchScripts(page);
  const errors = await watchConsoleErrors(page);
  await page.goto('backends/');
  await openQuiz(page);
  // The engine loads when a question that runs it is checked, not when the quiz appears.
  expect(scripts.has('traceql')).toBe(false);

  const { index, question } = find('backends', 'traceql');
  const box = questionBox(page, index);
  const query = box.getByRole('textbox', { name: 'Your TraceQL query' });
  await expect(query).toHaveValue(question.type === 'traceql' ? (question.starter ?? '') : '');

  await check(page, index, '{ status = error');
  await expect(box.locator('.quiz-verdict')).toHaveText('Not right.');
  expect(scripts.has('traceql')).toBe(true);
  expect(scripts.has('sampling-policy')).toBe(false);
  await expect(box.locator('.quiz-message').first()).toHaveText(
    /^Your query does not run \(line 1, column 17\): .*closing `?}`? is missing/,
  );

  await box.getByRole('button', { name: 'Try this question again' }).click();
  // The query comes back to be corrected, not emptied.
  await expect(query).toHaveValue('{ status = error');
  await check(page, index, '{ status = error }');
  await expect(box.locator('.quiz-verdict')).toHaveText('Not right. Attempt 2.');
  await expect(box.locator('.quiz-result')).toContainText('This returns every failing span');
  await expect(box.locator('.quiz-result')).toContainText(/Your query finds \d+ traces; the question asks for \d+ traces/);
  await expect(box.locator('.quiz-result')).toContainText(/It also finds \d+ traces? it should not: .*GET \/products\/\{product_id\}/);
  await expect(box.locator('.quiz-result')).toContainText('it finds the right trace but not the right spans');
  await expect(page.locator('.quiz [role="status"]')).toHaveText(new RegExp(`Question ${index + 1}: not right\\.`));
  const axe = await new AxeBuilder({ page }).include('.quiz').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await box.getByRole('button', { name: 'Try this question again' }).click();
  await check(page, index, '{ status = error && .service.name = "payment-api" }');
  await expect(box.locator('.quiz-verdict')).toContainText('Right.');
  await expect(box.locator('.quiz-verdict')).toContainText('Attempt 3.');
  await expect(box.locator('.quiz-message')).toHaveText(/^Right: your query finds the same \d+ traces and, in them, the same \d+ spans/);

  // After a reload the stored query is graded again by the engine, loaded on demand.
  await page.reload();
  await openQuiz(page);
  await expect(questionBox(page, index).locator('.quiz-verdict')).toContainText('Right.');
  await expect(questionBox(page, index).getByRole('textbox')).toHaveValue('{ status = error && .service.name = "payment-api" }');
  // Grading ran under the site's Content-Security-Policy without a violation or an error.
  expect(errors).toEqual([]);
});

test('a sampling-policy question: the starter loses errors, a broken YAML gets its line, a full policy is right', async ({ page }) => {
  const scripts = watchScripts(page);
  const errors = await watchConsoleErrors(page);
  await page.goto('sampling/');
  await openQuiz(page);
  expect(scripts.has('sampling-policy')).toBe(false);

  const { index, question } = find('sampling', 'sampling-policy');
  if (question.type !== 'sampling-policy') throw new Error('unreachable');
  const box = questionBox(page, index);
  await expect(box.getByRole('textbox', { name: 'Your tail_sampling configuration (YAML)' })).toHaveValue(question.starter ?? '');

  await box.getByRole('button', { name: 'Check answer' }).click();
  await expect(box.locator('.quiz-verdict')).toHaveText('Partly right: 33.3% of the marks.');
  expect(scripts.has('sampling-policy')).toBe(true);
  expect(scripts.has('traceql')).toBe(false);
  await expect(box.locator('.quiz-result')).toContainText('Not met: keep every trace with an error.');
  await expect(box.locator('.quiz-result')).toContainText('Not met: keep every trace slower than 500 ms.');
  await expect(box.locator('.quiz-result')).toContainText('Met: keep at most 20% of the normal traces.');

  await box.getByRole('button', { name: 'Try this question again' }).click();
  await check(page, index, 'policies:\n  - name: slow\n    type: latency\n    latency:\n      threshold_ms: 0.5s\n');
  await expect(box.locator('.quiz-verdict')).toHaveText('Not right. Attempt 2.');
  await expect(box.locator('.quiz-result')).toContainText('The collector would refuse this configuration');
  await expect(box.locator('.quiz-result')).toContainText(/line 5, column \d+: field policies\[0\]\.latency\.threshold_ms/);

  await box.getByRole('button', { name: 'Try this question again' }).click();
  await check(
    page,
    index,
    [
      'tail_sampling:',
      '  policies:',
      '    - { name: failures, type: status_code, status_code: { status_codes: [ERROR] } }',
      '    - { name: over-half-a-second, type: latency, latency: { threshold_ms: 500 } }',
      '    - { name: a-few-others, type: probabilistic, probabilistic: { sampling_percentage: 15 } }',
    ].join('\n'),
  );
  await expect(box.locator('.quiz-verdict')).toContainText('Right.');
  await expect(box.locator('.quiz-result')).toContainText('It meets all 3 requirements.');
  expect(errors).toEqual([]);
});

test('a sampling-threshold question: a th read as the share kept is told what it keeps, a whole tracestate is right', async ({ page }) => {
  const scripts = watchScripts(page);
  const errors = await watchConsoleErrors(page);
  await page.goto('collector-tiers/');
  await openQuiz(page);
  expect(scripts.has('sampling-threshold')).toBe(false);

  const { index } = find('collector-tiers', 'sampling-threshold');
  const box = questionBox(page, index);
  await box.getByLabel('Your answer').fill('ot=th:4');
  await box.getByRole('button', { name: 'Check answer' }).click();
  await expect(box.locator('.quiz-verdict')).toContainText('Not right');
  expect(scripts.has('sampling-threshold')).toBe(true);
  await expect(box.locator('.quiz-result')).toContainText('keeps 75% of traces (it rejects 25%), not 25%.');
  await expect(box.locator('.quiz-result')).toContainText('the share rejected, not the share kept');

  await box.getByRole('button', { name: 'Try this question again' }).click();
  await box.getByLabel('Your answer').fill('congo=t61rcWkgMzE, ot=th:C');
  await box.getByRole('button', { name: 'Check answer' }).click();
  await expect(box.locator('.quiz-verdict')).toContainText('Right.');
  await expect(box.locator('.quiz-result')).toContainText('keeps 25% of traces (it rejects 75%).');
  expect(errors).toEqual([]);
});

test('a lesson whose quiz asks no such question loads neither engine', async ({ page }) => {
  const scripts = watchScripts(page);
  await page.goto('correlation/');
  await openQuiz(page);
  expect(scripts.has('QuizIsland')).toBe(true);
  for (const engine of ['traceql', 'sampling-policy', 'sampling-threshold', 'collector-yaml', 'dataset'])
    expect(scripts.has(engine), engine).toBe(false);
});
