import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';
import { plainText } from '../../../src/course/markdown-fields.ts';
import type { Question, QuestionType } from '../../../src/course/question-types/index.ts';
import { recordableActivity } from '../../../src/course/activity.ts';
import { ALL_SLUGS } from '../../../src/course/sidebar.ts';

// Answers quiz questions the way a learner does (labels, buttons, typing),
// driven by the real banks so the tests follow the content.

export const content = loadCourseContentOrThrow(join(import.meta.dirname, '../../../content'));

export function bank(id: string) {
  const b = content.quizzes.find((x) => x.id === id);
  if (!b) throw new Error(`no quiz bank ${id}`);
  return b;
}

export function questionBox(page: Page, index: number): Locator {
  return page.locator('.quiz fieldset.quiz-q').nth(index);
}

type Of<T extends QuestionType> = Extract<Question, { type: T }>;

/** A wrong response for a question, where one is easy to give. */
export function wrongAnswer(q: Question): { choice?: string; value?: string; text?: string } {
  if (q.type === 'single') return { choice: q.choices.find((c) => !c.correct)!.id };
  if (q.type === 'numeric') return { value: String(q.answer * 10 + 7) };
  if (q.type === 'text') return { text: 'definitely not this' };
  return {};
}

async function pickChoices(box: Locator, q: Of<'single'> | Of<'multiple'>, right: boolean): Promise<void> {
  if (q.type === 'single') {
    const id = right ? q.choices.find((c) => c.correct)!.id : wrongAnswer(q).choice!;
    await box.getByRole('radio', { name: plainText(q.choices.find((c) => c.id === id)!.text) }).check();
    return;
  }
  for (const c of q.choices) {
    const pick = right ? c.correct : !c.correct;
    if (pick) await box.getByRole('checkbox', { name: plainText(c.text) }).check();
  }
}

/** How a learner answers each type of question, right or wrong; keyed by type like the quiz's views. */
const ANSWER: { [T in QuestionType]: (box: Locator, q: Of<T>, right: boolean) => Promise<void> } = {
  single: pickChoices,
  multiple: pickChoices,
  async order(box, q, right) {
    const target = right ? q.items : [...q.items].reverse();
    for (let i = 0; i < target.length; i++) {
      const texts = await box.locator('.quiz-order-text').allInnerTexts();
      let at = texts.findIndex((t) => t.trim() === plainText(target[i]!.text));
      while (at > i) {
        await box.getByRole('button', { name: `Move “${plainText(target[i]!.text)}” up` }).click();
        at--;
      }
    }
  },
  async numeric(box, q, right) {
    await box.getByLabel('Your answer').fill(right ? String(q.answer) : wrongAnswer(q).value!);
  },
  async text(box, q, right) {
    await box.getByLabel('Your answer').fill(right ? q.accepted[0]! : wrongAnswer(q).text!);
  },
  async traceql(box, q, right) {
    await box.getByRole('textbox').fill(right ? q.reference : (q.wrongAnswers[0]?.query ?? '{ name = "no-such-span" }'));
  },
  async 'sampling-policy'(box, q, right) {
    // Keeping nothing meets no requirement to keep traces.
    const wrong = 'policies:\n  - { name: none, type: probabilistic, probabilistic: { sampling_percentage: 0 } }\n';
    await box.getByRole('textbox').fill(right ? q.reference : wrong);
  },
  async 'sampling-threshold'(box, q, right) {
    if (right && q.reference === undefined) throw new Error(`quiz-driver: question ${q.id} needs a \`reference\` to answer it right`);
    // th:0 keeps every trace, which is wrong for any target below 100 %.
    await box.getByLabel('Your answer').fill(right ? q.reference! : (q.wrongAnswers[0]?.th ?? 'th:0'));
  },
};

/** Fills in a question with the right answer (right = true) or a wrong one, without checking it (an exam has no check). */
export async function fillAnswer(page: Page, index: number, q: Question, right: boolean): Promise<void> {
  const fill = (ANSWER as Partial<Record<string, (box: Locator, q: Question, right: boolean) => Promise<void>>>)[q.type];
  // A type this driver cannot answer would otherwise be checked empty and pass or fail for the wrong reason.
  if (!fill) throw new Error(`quiz-driver: no way to answer a "${q.type}" question (question ${q.id}); add it to ANSWER`);
  await fill(questionBox(page, index), q, right);
}

/** Fills in a question with the right answer (right = true) or a wrong one, then checks it. */
export async function answer(page: Page, index: number, q: Question, right: boolean): Promise<void> {
  const box = questionBox(page, index);
  await expect(box.getByRole('button', { name: 'Check answer' })).toBeVisible();
  await fillAnswer(page, index, q, right);
  await box.getByRole('button', { name: 'Check answer' }).click();
  // As a learner does, wait for the verdict (or the reason it could not be read): the check
  // loads its grader first, and leaving the page before it answers records nothing.
  await expect(box.locator('.quiz-result, .kit-alert').first()).toBeVisible({ timeout: 15_000 });
}

/** Scrolls the quiz into view and waits until its island has hydrated. */
export async function openQuiz(page: Page): Promise<void> {
  const quiz = page.locator('.quiz').first();
  await quiz.scrollIntoViewIfNeeded();
  // The score line appears once the island has hydrated and read the stored progress.
  await expect(quiz.locator('.quiz-summary strong')).toContainText('Score:', { timeout: 15_000 });
}

/** Course pages in the "lessons visited" count: those where the learner can do something the course records. */
export function countedLessons(): string[] {
  const docs = join(import.meta.dirname, '../../../content/docs');
  return ALL_SLUGS.filter((slug) => !['progress', 'instructors'].includes(slug)).filter(
    (slug) => recordableActivity(readFileSync(join(docs, `${slug}.mdx`), 'utf8')).length > 0,
  );
}

/** The tag name of the focused element ("BODY" when focus was lost). */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.tagName ?? 'BODY');
}
