import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { test, expect } from './support/site.ts';
import { loadCourseContentOrThrow } from '../../src/node/load-content.ts';
import { plainText } from '../../src/course/markdown-fields.ts';
import { PROGRESS_KEY } from '../../src/course/progress-store.ts';
import type { Question } from '../../src/course/question-types/index.ts';
import { fillAnswer, questionBox } from './support/quiz-driver.ts';

// The module quiz as an exam: a build made with COURSE_EXAM_BANKS=module (test/run-all.mjs
// builds it as dist-exam). By hand:
//   COURSE_EXAM_BANKS=module npx astro build --outDir dist-exam
//   COURSE_EXAM_BANKS=module SITE_DIR=dist-exam npx playwright test test/e2e/exam.spec.ts

const EXAM = 'module';
const PAGE = 'module-quiz/';
const content = loadCourseContentOrThrow(join(import.meta.dirname, '../../content'));
const exam = content.quizzes.find((b) => b.id === EXAM)!;

/** Every file of the build as text; gzip-compressed files (the search index) unpacked first. */
function buildTexts(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        let bytes = readFileSync(full);
        if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
        out.push({ file: relative(dir, full), text: bytes.toString('utf8') });
      }
    }
  };
  walk(dir);
  return out;
}

/** A run of plain words from a Markdown text: the same in the Markdown, its HTML and a JSON string of either. */
function words(markdown: string): string {
  const runs = plainText(markdown).match(/[A-Za-z0-9][A-Za-z0-9 ,]{23,}[A-Za-z0-9]/g) ?? [];
  return runs.sort((a, b) => b.length - a.length)[0] ?? '';
}

/** What gives an exam question's key away: text that must not be anywhere in the site. */
function keyMaterial(q: Question): string[] {
  const texts = [q.explanation];
  if ('choices' in q) texts.push(...q.choices.flatMap((c) => [c.feedback]));
  if ('wrongAnswers' in q) texts.push(...q.wrongAnswers.map((w) => w.feedback));
  if ('items' in q) texts.push(...q.items.flatMap((i) => (i.feedback ? [i.feedback] : [])));
  const needles = texts.map(words).filter(Boolean);
  // Reference solutions, as written (a query or a policy is not Markdown).
  if (q.type === 'traceql') needles.push(q.reference);
  if (q.type === 'sampling-policy') {
    // The whole policy as a JSON string, how props would hold it (its single lines are common collector settings, found in the lab too).
    needles.push(JSON.stringify(q.reference).slice(1, -1));
  }
  if (q.type === 'traceql') needles.push(...q.wrongAnswers.map((w) => w.query));
  // The hash over the whole question, key included (what a self-study page ships): one could try guesses against it.
  needles.push(content.questions.get(q.id)!.hash);
  return needles;
}

test('the build holds none of the exam’s key, in any file', ({ site }) => {
  const files = buildTexts(site.dir);
  expect(files.length).toBeGreaterThan(20);
  const needles = exam.questions.flatMap((q) => keyMaterial(q).map((needle) => ({ id: q.id, needle })));
  // One run of words per explanation and per feedback at least: the search is not empty.
  expect(needles.length).toBeGreaterThan(exam.questions.length * 2);
  const found = needles.flatMap(({ id, needle }) =>
    files.filter((f) => f.text.includes(needle)).map((f) => `${id}: ${JSON.stringify(needle)} in ${f.file}`),
  );
  expect(found).toEqual([]);

  // In the exam page's island props: no field that holds a key, whatever its value (numbers, accepted answers, right flags).
  const page = files.find((f) => f.file === join(PAGE, 'index.html'))!;
  const props = [...page.text.matchAll(/<astro-island[^>]*component-export="default"[^>]*props="([^"]*)"/g)]
    .map((m) => m[1]!.replaceAll('&quot;', '"'))
    .filter((p) => p.includes('"exam":[0,true]'));
  expect(props).toHaveLength(1);
  const fields = [...props[0]!.matchAll(/"([A-Za-z]+)":/g)].map((m) => m[1]!);
  for (const field of [
    'correct',
    'feedback',
    'misconception',
    'explanation',
    'accepted',
    'answer',
    'tolerance',
    'wrongAnswers',
    'reference',
    'answerKey',
    'pattern',
  ]) {
    expect(fields, field).not.toContain(field);
  }
  // The progress page ships no exam question to grade with.
  const progress = files.find((f) => f.file === join('progress', 'index.html'))!;
  for (const q of exam.questions) expect(progress.text).not.toContain(`&quot;${q.id}&quot;:[0,{`);
});

test('a learner answers the exam, changes an answer, reloads, submits once and sees no score', async ({ page }) => {
  await page.goto(PAGE);
  const quiz = page.locator('.quiz[data-exam="true"]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz.getByRole('button', { name: 'Submit the exam' })).toBeVisible({ timeout: 15_000 });
  await expect(quiz.getByRole('button', { name: 'Check answer' })).toHaveCount(0);

  const first = exam.questions[0]!;
  if (first.type !== 'single') throw new Error('the module exam starts with a single-choice question');
  // A wrong pick first, then the learner changes their mind: only the last answer is kept.
  await fillAnswer(page, 0, first, false);
  await fillAnswer(page, 0, first, true);
  for (let i = 1; i < 3; i++) await fillAnswer(page, i, exam.questions[i]!, true);
  await expect(quiz.getByText(`3 of ${exam.questions.length} answered.`)).toBeVisible();

  await page.reload();
  await quiz.scrollIntoViewIfNeeded();
  const right = first.choices.find((c) => c.correct)!;
  await expect(questionBox(page, 0).getByRole('radio', { name: plainText(right.text) })).toBeChecked({ timeout: 15_000 });
  await expect(quiz.getByText(`3 of ${exam.questions.length} answered.`)).toBeVisible();

  // Not yet: the exam stays open.
  await quiz.getByRole('button', { name: 'Submit the exam' }).click();
  await expect(quiz.locator('.quiz-confirm')).toContainText(`${exam.questions.length - 3} questions are still unanswered`);
  await quiz.getByRole('button', { name: 'Not yet' }).click();
  await expect(quiz.getByRole('button', { name: 'Submit the exam' })).toBeVisible();

  await quiz.getByRole('button', { name: 'Submit the exam' }).click();
  await quiz.getByRole('button', { name: 'Yes, submit' }).click();
  await expect(quiz.locator('.quiz-submitted')).toContainText('Submitted');
  await expect(quiz.locator('.quiz-submitted')).toContainText('Your instructor grades the exam.');
  await expect(quiz).not.toContainText(/Score:|Right\.|Not right|Partly right|Passed|pass mark/);
  await expect(questionBox(page, 0).getByRole('radio', { name: plainText(right.text) })).toBeDisabled();

  // The responses are in the stored progress, for the export.
  const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}'), PROGRESS_KEY);
  expect(stored.answers[first.id].response).toEqual({ choice: right.id });
  expect(stored.quizzes[EXAM].finishedAt).toEqual(expect.any(String));

  await page.reload();
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz.locator('.quiz-submitted')).toContainText('Submitted', { timeout: 15_000 });

  await page.goto('progress/');
  const row = page.locator('tr[data-exam="true"]');
  await expect(row).toContainText('graded by your instructor', { timeout: 15_000 });
  await expect(row).toContainText(`3 of ${exam.questions.length}`);
  await expect(page.getByText('Self-study quizzes only: your instructor grades the exams.')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export my answers (JSON)' }).click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
  const exported = file.answers.find((a: { questionId: string }) => a.questionId === first.id);
  expect(exported.response).toEqual({ choice: right.id });
});

test('a self-study quiz says that its key is in the page', async ({ page }) => {
  await page.goto('trace-anatomy/');
  await expect(page.getByText('Self-study quiz: its answer key is in this page')).toBeVisible();
});
