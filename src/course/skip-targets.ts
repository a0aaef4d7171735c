import { withoutCode } from './activity.ts';

// Keyboard users reach a lesson's quiz from the top of the page in a few key
// presses: next to Starlight's "Skip to content" link, a page that uses
// <Quiz> gets a "Skip to the quiz" link to the quiz's wrapper, which carries
// the id below. Plain links: no script needed.

/** The id of a quiz's wrapper on its page (Quiz.astro). */
export function quizAnchor(bank: string): string {
  return `quiz-${bank.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export interface SkipTarget {
  href: string;
  label: string;
}

/** The extra skip links a page (its MDX source) gets: the first quiz, when it has one. */
export function skipTargets(source: string): SkipTarget[] {
  const quiz = /<Quiz\s[^>]*?\bbank=(?:"([^"]+)"|'([^']+)')/.exec(withoutCode(source));
  const bank = quiz?.[1] ?? quiz?.[2];
  return bank ? [{ href: `#${quizAnchor(bank)}`, label: 'Skip to the quiz' }] : [];
}
