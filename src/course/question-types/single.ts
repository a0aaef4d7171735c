import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { ChoiceSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { checkChoiceIds, choiceFeedback, hitMisconceptions, malformedChoice, unknownChoices, wrongPicks } from './choice-feedback.ts';
import { defineQuestionType, publicBase, publicChoices, quoteList, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';

export const SingleQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('single'),
  choices: z.array(ChoiceSchema),
  /** false keeps the authored order (for choices such as "0, 1, 2 spans"). */
  shuffle: z.boolean().default(true),
});
export type SingleQuestion = z.output<typeof SingleQuestionSchema>;

export const SingleResponseSchema = z.strictObject({ choice: z.string().min(1) });
export type SingleResponse = z.output<typeof SingleResponseSchema>;

export default defineQuestionType<SingleQuestion, SingleResponse, z.input<typeof SingleQuestionSchema>>({
  type: 'single',
  hint: 'choose one',
  input: { kind: 'choices', multiple: false },
  schema: SingleQuestionSchema,
  response: SingleResponseSchema,
  responseShape: '{ "choice": "<choice id>" }',
  check(q) {
    const problems: Problem[] = checkChoiceIds(q.choices);
    const right = q.choices.filter((c) => c.correct).map((c) => c.id);
    if (right.length === 0) {
      problems.push({
        field: 'choices',
        problem: 'no choice is marked right',
        fix: 'add `correct: true` to the one right choice',
      });
    } else if (right.length > 1) {
      problems.push({
        field: 'choices',
        problem: `a single-choice question needs exactly one right answer, ${right.length} are marked (${quoteList(right)})`,
        fix: 'keep `correct: true` on one choice, or change `type` to `multiple`',
      });
    }
    return problems;
  },
  grade(q, r) {
    const unknown = unknownChoices(q.choices, [r.choice]);
    if (unknown.length > 0) return malformedResult(malformedChoice(q.choices, unknown));
    const selected = new Set([r.choice]);
    const correct = q.choices.some((c) => c.id === r.choice && c.correct);
    return {
      score: correct ? 1 : 0,
      correct,
      feedback: choiceFeedback(q.choices, selected),
      misconceptions: hitMisconceptions(q.choices, selected),
      wrong: wrongPicks(q.choices, selected),
    };
  },
  answerKey(q) {
    const right = q.choices.find((c) => c.correct);
    return right ? `**${right.id}**: ${right.text}` : '';
  },
  rightResponse(q) {
    return { choice: q.choices.find((c) => c.correct)?.id ?? '' };
  },
  examQuestion(q) {
    return { ...publicBase(q), choices: publicChoices(q.choices), shuffle: q.shuffle };
  },
});
