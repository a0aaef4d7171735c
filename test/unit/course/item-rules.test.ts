import { describe, expect, it } from 'vitest';
import { checkItemRules, formatFinding, type BankSource } from '../../../src/course/item-rules.ts';
import { QuizBankSchema } from '../../../src/course/quiz-bank.ts';
import type { QuestionInput } from '../../../src/course/question-types/index.ts';
import type { Misconception } from '../../../src/schemas/misconception.ts';
import { loadCourseContentOrThrow } from '../../../src/node/load-content.ts';

// Each rule gets a small bank that breaks it and nothing else, and the exact
// message an author would read. The last test holds the course's own banks to
// every rule.

type Option = [text: string, correct?: boolean, misconception?: string];

function choices(options: readonly Option[]) {
  return options.map(([text, correct = false, misconception], i) => ({
    id: `c${i + 1}`,
    text,
    correct,
    feedback: correct ? 'Right.' : 'Not this one.',
    ...(misconception ? { misconception } : {}),
  }));
}

function single(id: string, options: readonly Option[]): QuestionInput {
  return { id, type: 'single', outcome: 'debug', prompt: 'Which?', explanation: 'Because.', choices: choices(options) };
}

function multiple(id: string, options: readonly Option[]): QuestionInput {
  return { id, type: 'multiple', outcome: 'debug', prompt: 'Which ones?', explanation: 'Because.', choices: choices(options) };
}

function bank(questions: QuestionInput[]): BankSource {
  return {
    file: 'content/quizzes/overview.yaml',
    bank: QuizBankSchema.parse({ id: 'overview', title: 'Check', lesson: 'overview', questions }),
  };
}

/** Four options of similar length, the keyed one second and not the longest. */
const FAIR: Option[] = [
  ['The storage settings of the backend', false],
  ['The header at each service boundary', true],
  ['The sampling ratio of every single service', false],
  ['The clocks of the hosts the services run on', false],
];

function lines(banks: BankSource[], misconceptions: Misconception[] = []): string[] {
  return checkItemRules(banks, misconceptions).findings.map(formatFinding);
}

describe('item-writing rules', () => {
  it('accepts items whose options are alike in length and form', () => {
    expect(
      lines([
        bank([single('fair', FAIR), multiple('half', [['Alpha one', true], ['Bravo two'], ['Charlie three', true], ['Delta four']])]),
      ]),
    ).toEqual([]);
  });

  it('flags the keyed answer being the longest option in more than 35% of single-choice items', () => {
    const longestKeyed: Option[] = [
      ['The storage settings of the backend', false],
      ['The header at each one of the service boundaries', true],
      ['The sampling ratio of every service', false],
    ];
    // 2 of 3 items (67%) have the longest option keyed.
    const found = lines([bank([single('one', longestKeyed), single('two', longestKeyed), single('three', FAIR)])]);
    expect(found).toMatchInlineSnapshot(`
      [
        "content/quizzes/overview.yaml one [longest-is-keyed]: the keyed answer is the longest option, as in 2 of 3 single-choice items (67%; at most 35%). Fix: make a distractor as specific as the key (or say the key more briefly), so that picking the longest option stops paying",
        "content/quizzes/overview.yaml two [longest-is-keyed]: the keyed answer is the longest option, as in 2 of 3 single-choice items (67%; at most 35%). Fix: make a distractor as specific as the key (or say the key more briefly), so that picking the longest option stops paying",
      ]
    `);
  });

  it('flags a keyed answer more than 1.5 times the mean length of its distractors', () => {
    const found = lines([
      bank([
        single('padded-key', [
          ['Jaeger is broken', false],
          ['Whether traceparent leaves each caller and is read by each receiver', true],
          ['Clock skew', false],
          ['Sampling ratios', false],
        ]),
        single('fair-1', FAIR),
        single('fair-2', FAIR),
      ]),
    ]);
    expect(found).toMatchInlineSnapshot(`
      [
        "content/quizzes/overview.yaml padded-key [keyed-much-longer]: the keyed answer is 4.90× the mean length of its distractors (at most 1.5×). Fix: move qualifications into the explanation, or give the distractors the same detail and form as the key",
      ]
    `);
  });

  it('flags multiple-select items with too many or too few options keyed right', () => {
    const found = lines([
      bank([
        multiple('too-many', [
          ['Alpha one', true],
          ['Bravo two', true],
          ['Charlie three', true],
          ['Delta four', true],
          ['Echo five'],
          ['Foxtrot six'],
        ]),
        multiple('too-few', [['Alpha one', true], ['Bravo two'], ['Charlie three'], ['Delta four'], ['Echo five']]),
      ]),
    ]);
    expect(found).toMatchInlineSnapshot(`
      [
        "content/quizzes/overview.yaml too-many [keyed-share]: 4 of 6 options are keyed right (67%; between 30% and 60% expected). Fix: replace right options with plausible mistakes until at most 60% are right",
        "content/quizzes/overview.yaml too-few [keyed-share]: 1 of 5 options are keyed right (20%; between 30% and 60% expected). Fix: add right options or drop distractors until at least 30% are right",
      ]
    `);
  });

  it('flags a multiple-select item where all options but one are right', () => {
    expect(lines([bank([multiple('all-but-one', [['Alpha one', true], ['Bravo two']])])])).toMatchInlineSnapshot(`
      [
        "content/quizzes/overview.yaml all-but-one [all-but-one-keyed]: 1 of 2 options are keyed right: ticking everything but the odd one out scores full marks. Fix: turn some right options into plausible mistakes, or add distractors that practitioners really choose",
      ]
    `);
  });

  it('flags "all of the above" and "none of the above"', () => {
    const found = lines([
      bank([
        single('catch-all', [
          ['The storage settings of the backend'],
          ['The header at each service boundary'],
          ['All of the above', true],
          ['None of these, it is the network'],
        ]),
      ]),
    ]);
    expect(found).toMatchInlineSnapshot(`
      [
        "content/quizzes/overview.yaml catch-all [catch-all-option]: option "c3" is a catch-all ("All of the above"), answerable by spotting two right or two wrong options. Fix: replace it with a specific statement, or make the item multiple-select",
        "content/quizzes/overview.yaml catch-all [catch-all-option]: option "c4" is a catch-all ("None of these"), answerable by spotting two right or two wrong options. Fix: replace it with a specific statement, or make the item multiple-select",
      ]
    `);
  });

  it('flags an option contained in another one', () => {
    const found = lines([
      bank([
        single('nested', [
          ['Clock drift', false],
          ['The header at each boundary', true],
          ['Clock drift between the hosts', false],
          ['The backend storage settings', false],
        ]),
      ]),
    ]);
    expect(found).toMatchInlineSnapshot(`
      [
        "content/quizzes/overview.yaml nested [option-inside-option]: option "c1" is contained in option "c3", so one of them is a give-away. Fix: word each option as its own claim",
      ]
    `);
  });

  it('flags a declared misconception that no answer names, and lists every answer that names one', () => {
    const misconceptions: Misconception[] = [
      { id: 'blames-backend', label: 'Blames the backend' },
      { id: 'baggage-stays-local', label: 'Assumes baggage stays local' },
    ];
    const withTag: Option[] = [
      ['The storage settings of the backend', false, 'blames-backend'],
      ['The header at each service boundary', true],
      ['The sampling ratio of every single service', false],
      ['The clocks of the hosts the services run on', false],
    ];
    const report = checkItemRules([bank([single('tagged', withTag)])], misconceptions);
    expect(report.findings.map(formatFinding)).toMatchInlineSnapshot(`
      [
        "content/misconceptions.yaml baggage-stays-local [misconception-unused]: misconception "baggage-stays-local" is declared but no answer names it, so the item analysis can never report it. Fix: tag the wrong answer that shows this mistake, write an item that assesses it, or remove the declaration",
      ]
    `);
    expect(report.misconceptionReview).toEqual([
      {
        file: 'content/quizzes/overview.yaml',
        questionId: 'tagged',
        path: ['questions', 0, 'choices', 0],
        answer: 'c1',
        text: 'The storage settings of the backend',
        misconception: 'blames-backend',
        label: 'Blames the backend',
      },
    ]);
  });

  it('gives the path to the item so that a line can be attached', () => {
    const report = checkItemRules(
      [
        bank([
          single('fair', FAIR),
          multiple('too-many', [['A one', true], ['B two', true], ['C three', true], ['D four', true], ['E five'], ['F six']]),
        ]),
      ],
      [],
    );
    expect(report.findings.map((f) => [f.id, f.rule, f.path])).toEqual([['too-many', 'keyed-share', ['questions', 1, 'choices']]]);
  });

  it('passes every rule on the course banks', () => {
    const content = loadCourseContentOrThrow('content');
    const banks = content.quizzes.map((b) => ({ file: `content/quizzes/${b.id}.yaml`, bank: b }));
    expect(lines(banks, content.misconceptions)).toEqual([]);
  });
});
