import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { ChoiceSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { checkChoiceIds, choiceFeedback, hitMisconceptions, malformedChoice, unknownChoices, wrongPicks } from './choice-feedback.ts';
import { clampScore, defineQuestionType, publicBase, publicChoices, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';

export const MultipleQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('multiple'),
  choices: z.array(ChoiceSchema),
  shuffle: z.boolean().default(true),
});
export type MultipleQuestion = z.output<typeof MultipleQuestionSchema>;

export const MultipleResponseSchema = z.strictObject({ choices: z.array(z.string().min(1)) });
export type MultipleResponse = z.output<typeof MultipleResponseSchema>;

// Partial credit for "select all that apply":
//   score = max(0, (right choices picked − wrong choices picked) / right choices)
// so picking everything earns nothing, each right pick is worth an equal share,
// and each wrong pick cancels one right pick. Correct means exactly the right set.
export function multipleScore(rightPicked: number, wrongPicked: number, rightTotal: number): number {
  if (rightTotal === 0) return 0;
  return clampScore((rightPicked - wrongPicked) / rightTotal);
}

export default defineQuestionType<MultipleQuestion, MultipleResponse, z.input<typeof MultipleQuestionSchema>>({
  type: 'multiple',
  hint: 'choose all that apply',
  input: { kind: 'choices', multiple: true },
  schema: MultipleQuestionSchema,
  response: MultipleResponseSchema,
  responseShape: '{ "choices": ["<choice id>", ...] }',
  check(q) {
    const problems: Problem[] = checkChoiceIds(q.choices);
    if (!q.choices.some((c) => c.correct)) {
      problems.push({
        field: 'choices',
        problem: 'no choice is marked right',
        fix: 'add `correct: true` to every right choice',
      });
    }
    return problems;
  },
  grade(q, r) {
    const unknown = unknownChoices(q.choices, r.choices);
    if (unknown.length > 0) return malformedResult(malformedChoice(q.choices, unknown));
    const selected = new Set(r.choices);
    const rightTotal = q.choices.filter((c) => c.correct).length;
    const rightPicked = q.choices.filter((c) => c.correct && selected.has(c.id)).length;
    const wrongPicked = q.choices.filter((c) => !c.correct && selected.has(c.id)).length;
    const correct = rightPicked === rightTotal && wrongPicked === 0;
    const score = correct ? 1 : multipleScore(rightPicked, wrongPicked, rightTotal);
    const summary = correct
      ? `All ${rightTotal} right choices and nothing else.`
      : `${rightPicked} of ${rightTotal} right choices picked, ${wrongPicked} wrong choice${wrongPicked === 1 ? '' : 's'} picked.`;
    return {
      score,
      correct,
      feedback: [
        { kind: 'message', tone: correct ? 'right' : score > 0 ? 'partial' : 'wrong', text: summary },
        ...choiceFeedback(q.choices, selected),
      ],
      misconceptions: hitMisconceptions(q.choices, selected),
      wrong: wrongPicks(q.choices, selected, true),
    };
  },
  answerKey(q) {
    return q.choices
      .filter((c) => c.correct)
      .map((c) => `**${c.id}**: ${c.text}`)
      .join('; ');
  },
  rightResponse(q) {
    return { choices: q.choices.filter((c) => c.correct).map((c) => c.id) };
  },
  examQuestion(q) {
    return { ...publicBase(q), choices: publicChoices(q.choices), shuffle: q.shuffle };
  },
});
