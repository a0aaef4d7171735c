import type { Choice } from '../schemas/question.ts';
import type { Misconception } from '../schemas/misconception.ts';
import type { QuizBank } from './quiz-bank.ts';
import type { Question } from './question-types/index.ts';

// Item-writing rules for the quiz banks: the cues a test-wise learner uses
// without knowing the subject. A keyed answer that is always the longest, a
// "select all" item where everything but the silly option is right, an "all of
// the above", an option that repeats another: each lets a learner pass the
// module by reading the options' form instead of their content. The content
// validator decides how a finding fails the build; this module only finds them.
// Pure: the banks come in validated, and every finding names the file and the
// path to the item (for example ['questions', 3, 'choices', 1]) so a line
// number can be attached from the YAML.

/** At most this share of single-choice items may have the keyed answer as the strictly longest option. */
export const MAX_LONGEST_KEYED_SHARE = 0.35;
/** A keyed answer may be at most this many times the mean length of its distractors. */
export const MAX_KEYED_LENGTH_RATIO = 1.5;
/** Share of a multiple-select item's options that are keyed right, inclusive bounds. */
export const KEYED_SHARE_RANGE = { min: 0.3, max: 0.6 } as const;

export type ItemRule =
  | 'longest-is-keyed'
  | 'keyed-much-longer'
  | 'keyed-share'
  | 'all-but-one-keyed'
  | 'catch-all-option'
  | 'option-inside-option'
  | 'misconception-unused';

export interface BankSource {
  /** Path as shown in messages, e.g. content/quizzes/sampling.yaml */
  file: string;
  bank: QuizBank;
}

export interface ItemFinding {
  rule: ItemRule;
  file: string;
  /** The question id, or the misconception id for `misconception-unused`. */
  id: string;
  /** From the root of the file to the item or field, for a line number. */
  path: (string | number)[];
  problem: string;
  fix: string;
}

/** A wrong (or right) choice that names a misconception, for a person to check that the tag fits. */
export interface MisconceptionUse {
  file: string;
  questionId: string;
  path: (string | number)[];
  /** A choice id, or the anticipated wrong answer of a numeric, text or TraceQL question. */
  answer: string;
  text: string;
  misconception: string;
  label: string;
}

export interface ItemRulesReport {
  findings: ItemFinding[];
  misconceptionReview: MisconceptionUse[];
}

/**
 * Length as a learner sees it: Markdown code and emphasis marks do not show,
 * so they do not count; runs of white space count once.
 */
export function visibleLength(text: string): number {
  return text
    .replace(/`|\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim().length;
}

export interface ChoiceCues {
  /** The keyed answer is longer than every other option. */
  longestIsKeyed: boolean;
  /** Length of the keyed answer over the mean length of the distractors. */
  keyedRatio: number;
}

/** Length cues of a single-choice item (null when it has no keyed answer or no distractor). */
export function singleChoiceCues(choices: readonly Choice[]): ChoiceCues | null {
  const keyed = choices.find((c) => c.correct);
  const distractors = choices.filter((c) => !c.correct);
  if (!keyed || distractors.length === 0) return null;
  const keyedLength = visibleLength(keyed.text);
  const lengths = distractors.map((c) => visibleLength(c.text));
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  return { longestIsKeyed: lengths.every((l) => keyedLength > l), keyedRatio: mean === 0 ? Infinity : keyedLength / mean };
}

const CATCH_ALL = /\b(all|none|both|neither) of (the )?(above|these|the options|the answers)\b/i;

function normalised(text: string): string {
  return text
    .replace(/`|\*\*/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[.;:,!?]+$/, '')
    .trim()
    .toLowerCase();
}

function percentText(share: number): string {
  return `${Math.round(share * 100)}%`;
}

interface Located {
  file: string;
  index: number;
  question: Question;
}

function choiceItems(banks: readonly BankSource[]): (Located & { question: Extract<Question, { type: 'single' | 'multiple' }> })[] {
  return banks.flatMap(({ file, bank }) =>
    bank.questions.flatMap((question, index) =>
      question.type === 'single' || question.type === 'multiple' ? [{ file, index, question }] : [],
    ),
  );
}

function lengthRules(banks: readonly BankSource[]): ItemFinding[] {
  const findings: ItemFinding[] = [];
  const singles = choiceItems(banks).flatMap((item) => {
    if (item.question.type !== 'single') return [];
    const cues = singleChoiceCues(item.question.choices);
    return cues ? [{ ...item, cues }] : [];
  });
  const longest = singles.filter((s) => s.cues.longestIsKeyed);
  const share = singles.length === 0 ? 0 : longest.length / singles.length;
  if (share > MAX_LONGEST_KEYED_SHARE) {
    for (const s of longest) {
      findings.push({
        rule: 'longest-is-keyed',
        file: s.file,
        id: s.question.id,
        path: ['questions', s.index, 'choices'],
        problem: `the keyed answer is the longest option, as in ${longest.length} of ${singles.length} single-choice items (${percentText(share)}; at most ${percentText(MAX_LONGEST_KEYED_SHARE)})`,
        fix: 'make a distractor as specific as the key (or say the key more briefly), so that picking the longest option stops paying',
      });
    }
  }
  for (const s of singles) {
    if (s.cues.keyedRatio <= MAX_KEYED_LENGTH_RATIO) continue;
    const keyedIndex = s.question.choices.findIndex((c) => c.correct);
    findings.push({
      rule: 'keyed-much-longer',
      file: s.file,
      id: s.question.id,
      path: ['questions', s.index, 'choices', keyedIndex],
      problem: `the keyed answer is ${s.cues.keyedRatio.toFixed(2)}× the mean length of its distractors (at most ${MAX_KEYED_LENGTH_RATIO}×)`,
      fix: 'move qualifications into the explanation, or give the distractors the same detail and form as the key',
    });
  }
  return findings;
}

function keyedShareRules(banks: readonly BankSource[]): ItemFinding[] {
  const findings: ItemFinding[] = [];
  for (const { file, index, question } of choiceItems(banks)) {
    if (question.type !== 'multiple') continue;
    const total = question.choices.length;
    const keyed = question.choices.filter((c) => c.correct).length;
    const share = keyed / total;
    const where = { file, id: question.id, path: ['questions', index, 'choices'] };
    if (total >= 2 && keyed === total - 1) {
      findings.push({
        ...where,
        rule: 'all-but-one-keyed',
        problem: `${keyed} of ${total} options are keyed right: ticking everything but the odd one out scores full marks`,
        fix: 'turn some right options into plausible mistakes, or add distractors that practitioners really choose',
      });
    } else if (share < KEYED_SHARE_RANGE.min || share > KEYED_SHARE_RANGE.max) {
      findings.push({
        ...where,
        rule: 'keyed-share',
        problem: `${keyed} of ${total} options are keyed right (${percentText(share)}; between ${percentText(KEYED_SHARE_RANGE.min)} and ${percentText(KEYED_SHARE_RANGE.max)} expected)`,
        fix:
          share > KEYED_SHARE_RANGE.max
            ? 'replace right options with plausible mistakes until at most 60% are right'
            : 'add right options or drop distractors until at least 30% are right',
      });
    }
  }
  return findings;
}

function optionFormRules(banks: readonly BankSource[]): ItemFinding[] {
  const findings: ItemFinding[] = [];
  for (const { file, index, question } of choiceItems(banks)) {
    question.choices.forEach((choice, c) => {
      if (CATCH_ALL.test(choice.text)) {
        findings.push({
          rule: 'catch-all-option',
          file,
          id: question.id,
          path: ['questions', index, 'choices', c, 'text'],
          problem: `option "${choice.id}" is a catch-all ("${CATCH_ALL.exec(choice.text)?.[0]}"), answerable by spotting two right or two wrong options`,
          fix: 'replace it with a specific statement, or make the item multiple-select',
        });
      }
      const inner = normalised(choice.text);
      const outer = question.choices.find((other) => other !== choice && normalised(other.text).includes(inner));
      if (outer) {
        findings.push({
          rule: 'option-inside-option',
          file,
          id: question.id,
          path: ['questions', index, 'choices', c, 'text'],
          problem: `option "${choice.id}" is contained in option "${outer.id}", so one of them is a give-away`,
          fix: 'word each option as its own claim',
        });
      }
    });
  }
  return findings;
}

interface Tagged {
  answer: string;
  text: string;
  misconception: string;
  path: (string | number)[];
}

function taggedAnswers(question: Question, index: number): Tagged[] {
  const base = ['questions', index];
  switch (question.type) {
    case 'single':
    case 'multiple':
      return question.choices.flatMap((c, i) =>
        c.misconception ? [{ answer: c.id, text: c.text, misconception: c.misconception, path: [...base, 'choices', i] }] : [],
      );
    case 'numeric':
      return question.wrongAnswers.flatMap((w, i) =>
        w.misconception
          ? [{ answer: String(w.answer), text: String(w.answer), misconception: w.misconception, path: [...base, 'wrongAnswers', i] }]
          : [],
      );
    case 'text':
      return question.wrongAnswers.flatMap((w, i) =>
        w.misconception
          ? [
              {
                answer: w.accepted[0] ?? '',
                text: w.accepted.join(' | '),
                misconception: w.misconception,
                path: [...base, 'wrongAnswers', i],
              },
            ]
          : [],
      );
    case 'traceql':
      return question.wrongAnswers.flatMap((w, i) =>
        w.misconception ? [{ answer: w.query, text: w.query, misconception: w.misconception, path: [...base, 'wrongAnswers', i] }] : [],
      );
    case 'sampling-threshold':
      return question.wrongAnswers.flatMap((w, i) =>
        w.misconception ? [{ answer: w.th, text: w.th, misconception: w.misconception, path: [...base, 'wrongAnswers', i] }] : [],
      );
    default:
      return [];
  }
}

function misconceptionRules(
  banks: readonly BankSource[],
  misconceptions: readonly Misconception[],
  misconceptionFile: string,
): { findings: ItemFinding[]; review: MisconceptionUse[] } {
  const labels = new Map(misconceptions.map((m) => [m.id, m.label]));
  const review: MisconceptionUse[] = banks.flatMap(({ file, bank }) =>
    bank.questions.flatMap((question, index) =>
      taggedAnswers(question, index).map((t) => ({
        file,
        questionId: question.id,
        path: t.path,
        answer: t.answer,
        text: t.text,
        misconception: t.misconception,
        label: labels.get(t.misconception) ?? '(not declared)',
      })),
    ),
  );
  const used = new Set(review.map((r) => r.misconception));
  const findings: ItemFinding[] = misconceptions.flatMap((m, i) =>
    used.has(m.id)
      ? []
      : [
          {
            rule: 'misconception-unused' as const,
            file: misconceptionFile,
            id: m.id,
            path: [i],
            problem: `misconception "${m.id}" is declared but no answer names it, so the item analysis can never report it`,
            fix: 'tag the wrong answer that shows this mistake, write an item that assesses it, or remove the declaration',
          },
        ],
  );
  return { findings, review };
}

/** Every item-writing rule over the given banks. */
export function checkItemRules(
  banks: readonly BankSource[],
  misconceptions: readonly Misconception[],
  misconceptionFile = 'content/misconceptions.yaml',
): ItemRulesReport {
  const tags = misconceptionRules(banks, misconceptions, misconceptionFile);
  return {
    findings: [...lengthRules(banks), ...keyedShareRules(banks), ...optionFormRules(banks), ...tags.findings],
    misconceptionReview: tags.review,
  };
}

/** One line per finding, for a terminal or a test. */
export function formatFinding(f: ItemFinding): string {
  return `${f.file} ${f.id} [${f.rule}]: ${f.problem}. Fix: ${f.fix}`;
}
