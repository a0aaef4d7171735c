import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getCollection } from 'astro:content';
import { courseConfigForBuild, unknownExamBanks } from './course-config.ts';
import { bankOutlines, indexCourseContent, type CourseContent } from '../course/course-content.ts';
import { labChecklist, type LabItem } from '../course/lab-checklist.ts';
import { markdownFields } from '../course/markdown-fields.ts';
import { answerKey, examQuestion, hintOf, inputOf } from '../course/question-types/index.ts';
import type { BankOutline } from '../course/scoring.ts';
import { ALL_SLUGS } from '../course/sidebar.ts';
import type { Prediction } from '../schemas/prediction.ts';
import { renderAll, renderMarkdown } from './render-markdown.ts';
import type { QuizIslandProps } from '../course/island-props.ts';

// Build time only (Astro frontmatter): the banks from the content collections
// (validated by their loader, src/node/content-loader.ts, where an invalid bank
// stops the build with one line per problem), and the props each island receives.

const CONTENT_DIR = resolve('content');

async function collectedContent(): Promise<CourseContent> {
  const [quizzes, predictions, misconceptions] = await Promise.all([
    getCollection('quizzes'),
    getCollection('predictions'),
    getCollection('misconceptions'),
  ]);
  const config = courseConfigForBuild(join(CONTENT_DIR, 'course.yaml'));
  const unknown = unknownExamBanks(
    config,
    quizzes.map((entry) => entry.data.id),
  );
  if (unknown.length) throw new Error(unknown.join('\n'));
  return indexCourseContent(
    quizzes.map((entry) => entry.data),
    predictions.map((entry) => entry.data),
    misconceptions.map((entry) => entry.data),
    config.examBanks,
  );
}

let content = await collectedContent();
// `astro dev` reloads the collections when a bank changes and then sends this event, which
// Astro's own dev server listens to as well (astro/dist/core/app/entrypoints/virtual/dev.js).
import.meta.hot?.on('astro:content-changed', () => {
  void collectedContent().then((fresh) => (content = fresh));
});

export function courseContent(): CourseContent {
  return content;
}

export function courseSettings(): { passMark: number; requireLearnerId: boolean; title: string; url: string } {
  const config = courseConfigForBuild(join(CONTENT_DIR, 'course.yaml'));
  return {
    passMark: config.passMark,
    requireLearnerId: config.requireLearnerId,
    title: config.title,
    url: new URL(config.base, config.site).href,
  };
}

export function quizProps(bankId: string): QuizIslandProps {
  const content = courseContent();
  const bank = content.quizzes.find((b) => b.id === bankId);
  if (!bank) {
    throw new Error(
      `<Quiz bank="${bankId}" />: there is no content/quizzes/${bankId}.yaml. Fix: use one of ${content.quizzes.map((b) => b.id).join(', ')}.`,
    );
  }
  const passMark = courseSettings().passMark;
  if (bank.exam) {
    // Only what the learner reads and answers with: the key stays in content/ for the grade command.
    const questions = bank.questions.map((question) => {
      const shown = examQuestion(question);
      return {
        question: shown,
        hash: content.questions.get(question.id)!.hash,
        html: renderAll(markdownFields(shown)),
        hint: hintOf(question),
        input: inputOf(question)!,
      };
    });
    return { exam: true, bank: { id: bank.id, title: bank.title, lesson: bank.lesson }, questions, passMark };
  }
  const labels = new Map(content.misconceptions.map((m) => [m.id, m.label]));
  const used = new Set<string>();
  const questions = bank.questions.map((question) => {
    for (const c of 'choices' in question ? question.choices : []) if (c.misconception) used.add(c.misconception);
    for (const w of 'wrongAnswers' in question ? question.wrongAnswers : []) if (w.misconception) used.add(w.misconception);
    return {
      question,
      hash: content.questions.get(question.id)!.hash,
      html: { ...renderAll(markdownFields(question)), answerKey: renderMarkdown(answerKey(question)) },
      hint: hintOf(question),
      // index.ts loads every type before the build reads a bank, so every question has its input.
      input: inputOf(question)!,
    };
  });
  return {
    exam: false,
    bank: { id: bank.id, title: bank.title, lesson: bank.lesson },
    questions,
    misconceptions: Object.fromEntries([...used].map((id) => [id, labels.get(id) ?? id])),
    passMark,
  };
}

export function predictionProps(id: string): { prediction: Prediction; lesson: string; hash: string; html: Record<string, string> } {
  const content = courseContent();
  const found = content.predictionsById.get(id);
  if (!found) {
    const known = [...content.predictionsById.keys()];
    throw new Error(
      `<Prediction id="${id}" />: no prediction has this id in content/predictions/*.yaml. Fix: use one of ${known.join(', ') || '(none yet)'}.`,
    );
  }
  return { prediction: found.prediction, lesson: found.lesson, hash: found.hash, html: renderAll(markdownFields(found.prediction)) };
}

export function outlines(): { banks: BankOutline[]; predictions: { id: string; lesson: string; hash: string }[] } {
  const content = courseContent();
  // In course order, so the progress page reads like the sidebar.
  const place = (lesson: string) => (ALL_SLUGS.includes(lesson) ? ALL_SLUGS.indexOf(lesson) : ALL_SLUGS.length);
  return {
    banks: bankOutlines(content).sort((a, b) => place(a.lesson) - place(b.lesson) || a.id.localeCompare(b.id)),
    predictions: [...content.predictionsById.values()].map((p) => ({ id: p.prediction.id, lesson: p.lesson, hash: p.hash })),
  };
}

/** The lab page's checklist items, or undefined when there is no lab page. */
export function labItems(): LabItem[] | undefined {
  const file = join(CONTENT_DIR, 'docs', 'lab.mdx');
  return existsSync(file) ? labChecklist(readFileSync(file, 'utf8')) : undefined;
}
