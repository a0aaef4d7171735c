import type { Choice } from '../../schemas/question.ts';
import type { Feedback, Problem, WrongPick } from './define.ts';
import { duplicates, quoteList } from './define.ts';

// Shared by single- and multiple-choice questions.

export function checkChoiceIds(choices: readonly Choice[]): Problem[] {
  const problems: Problem[] = [];
  if (choices.length < 2) {
    problems.push({
      field: 'choices',
      problem: `has ${choices.length} choice${choices.length === 1 ? '' : 's'}, a choice question needs at least 2`,
      fix: 'add the plausible wrong answers learners would give, each with feedback',
    });
  }
  const dup = duplicates(choices.map((c) => c.id));
  if (dup.length > 0) {
    problems.push({
      field: 'choices',
      problem: `choice id ${quoteList(dup)} is used more than once`,
      fix: 'give every choice of the question its own id',
    });
  }
  return problems;
}

export function choiceFeedback(choices: readonly Choice[], selected: ReadonlySet<string>): Feedback[] {
  return choices.map((c) => {
    const picked = selected.has(c.id);
    const verdict = picked ? (c.correct ? 'right' : 'wrong') : c.correct ? 'missed' : 'skipped';
    return {
      kind: 'choice',
      id: c.id,
      selected: picked,
      isCorrect: c.correct,
      verdict,
      feedback: c.feedback,
      ...(c.misconception ? { misconception: c.misconception } : {}),
    } satisfies Feedback;
  });
}

/** Misconceptions shown by a response: wrong choices picked, and right choices missed that name one. */
export function hitMisconceptions(choices: readonly Choice[], selected: ReadonlySet<string>): string[] {
  const hit = new Set<string>();
  for (const c of choices) {
    if (!c.misconception) continue;
    if (selected.has(c.id) !== c.correct) hit.add(c.misconception);
  }
  return [...hit];
}

/** Wrong choices picked and, for "select all", right choices left out. */
export function wrongPicks(choices: readonly Choice[], selected: ReadonlySet<string>, countMissed = false): WrongPick[] {
  return choices
    .filter((c) => (selected.has(c.id) ? !c.correct : countMissed && c.correct))
    .map((c) => ({
      key: selected.has(c.id) ? c.id : `missed:${c.id}`,
      label: selected.has(c.id) ? c.text : `left out: ${c.text}`,
      ...(c.misconception ? { misconception: c.misconception } : {}),
    }));
}

export function unknownChoices(choices: readonly Choice[], picked: readonly string[]): string[] {
  const ids = new Set(choices.map((c) => c.id));
  return picked.filter((id) => !ids.has(id));
}

export function malformedChoice(choices: readonly Choice[], unknown: readonly string[]): string {
  return `unknown choice ${quoteList(unknown)}; this question's choices are ${quoteList(choices.map((c) => c.id))}`;
}
