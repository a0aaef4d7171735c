import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { KebabIdSchema, MarkdownSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { defineQuestionType, publicBase, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';

export const TextWrongAnswerSchema = z.strictObject({
  accepted: z.array(z.string().trim().min(1)).min(1),
  feedback: MarkdownSchema,
  misconception: KebabIdSchema.optional(),
});

export const TextQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('text'),
  accepted: z.array(z.string().trim().min(1)).default([]),
  /** Regular expression tested against the normalised response. */
  pattern: z.string().min(1).optional(),
  caseSensitive: z.boolean().default(false),
  wrongAnswers: z.array(TextWrongAnswerSchema).default([]),
});
export type TextQuestion = z.output<typeof TextQuestionSchema>;

export const TextResponseSchema = z.strictObject({ text: z.string() });
export type TextResponse = z.output<typeof TextResponseSchema>;

/**
 * What counts as the same answer: Unicode-normalised, backticks and wrapping
 * quotes dropped, runs of whitespace made one space, trailing full stops and
 * similar removed, and lower-cased unless the question is case-sensitive.
 */
export function normaliseText(text: string, caseSensitive = false): string {
  let t = text.normalize('NFKC').replace(/`/g, '').replace(/\s+/g, ' ').trim();
  t = t
    .replace(/^["'“‘]+|["'”’]+$/g, '')
    .replace(/[.!?;:,]+$/, '')
    .trim();
  return caseSensitive ? t : t.toLowerCase();
}

function compile(pattern: string, caseSensitive: boolean): RegExp | string {
  try {
    return new RegExp(pattern, caseSensitive ? 'u' : 'iu');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function matches(q: TextQuestion, normalised: string): boolean {
  if (q.accepted.some((a) => normaliseText(a, q.caseSensitive) === normalised)) return true;
  if (q.pattern) {
    const re = compile(q.pattern, q.caseSensitive);
    return typeof re !== 'string' && re.test(normalised);
  }
  return false;
}

export default defineQuestionType<TextQuestion, TextResponse, z.input<typeof TextQuestionSchema>>({
  type: 'text',
  hint: 'a short answer',
  input: { kind: 'field', field: 'text', inputMode: 'text' },
  schema: TextQuestionSchema,
  response: TextResponseSchema,
  responseShape: '{ "text": "<answer>" }',
  check(q) {
    const problems: Problem[] = [];
    if (q.accepted.length === 0 && !q.pattern) {
      problems.push({
        field: 'accepted',
        problem: 'no accepted answer and no pattern, so no answer can be right',
        fix: 'list the answers to accept under `accepted:` or add a `pattern:`',
      });
    }
    if (q.pattern) {
      const re = compile(q.pattern, q.caseSensitive);
      if (typeof re === 'string') {
        problems.push({
          field: 'pattern',
          problem: `is not a valid regular expression (${re})`,
          fix: 'correct the expression; in YAML double quotes write a backslash as \\\\',
        });
      }
    }
    q.wrongAnswers.forEach((w, i) => {
      const clash = w.accepted.find((a) => matches(q, normaliseText(a, q.caseSensitive)));
      if (clash !== undefined) {
        problems.push({
          field: `wrongAnswers[${i}].accepted`,
          problem: `"${clash}" is also accepted as right`,
          fix: 'remove it from one of the two lists',
        });
      }
    });
    return problems;
  },
  grade(q, r) {
    const normalised = normaliseText(r.text, q.caseSensitive);
    if (normalised === '') return malformedResult('the answer is empty');
    if (matches(q, normalised)) {
      return {
        score: 1,
        correct: true,
        feedback: [{ kind: 'message', tone: 'right', text: `"${r.text.trim()}" is right.` }],
        misconceptions: [],
        wrong: [],
      };
    }
    const anticipated = q.wrongAnswers.findIndex((w) => w.accepted.some((a) => normaliseText(a, q.caseSensitive) === normalised));
    if (anticipated >= 0) {
      const w = q.wrongAnswers[anticipated]!;
      return {
        score: 0,
        correct: false,
        feedback: [{ kind: 'message', tone: 'wrong', text: w.feedback, source: `wrongAnswers.${anticipated}.feedback` }],
        misconceptions: w.misconception ? [w.misconception] : [],
        wrong: [
          {
            key: `anticipated:${anticipated}`,
            label: w.accepted[0]!,
            ...(w.misconception ? { misconception: w.misconception } : {}),
          },
        ],
      };
    }
    return {
      score: 0,
      correct: false,
      feedback: [{ kind: 'message', tone: 'wrong', text: `"${r.text.trim()}" is not one of the accepted answers.` }],
      misconceptions: [],
      wrong: [{ key: normalised.slice(0, 80), label: normalised.slice(0, 80) }],
    };
  },
  answerKey(q) {
    const parts = q.accepted.map((a) => `\`${a}\``);
    if (q.pattern) parts.push(`anything matching \`/${q.pattern}/\``);
    return parts.join(' or ');
  },
  rightResponse(q) {
    return q.accepted[0] === undefined ? null : { text: q.accepted[0] };
  },
  examQuestion(q) {
    return publicBase(q);
  },
});
