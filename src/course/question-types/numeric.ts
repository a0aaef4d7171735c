import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { KebabIdSchema, MarkdownSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { defineQuestionType, publicBase, type Feedback, type GradeResult, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';

export const NumericWrongAnswerSchema = z.strictObject({
  answer: z.number(),
  tolerance: z.number().default(0),
  feedback: MarkdownSchema,
  misconception: KebabIdSchema.optional(),
});

export const NumericQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('numeric'),
  answer: z.number(),
  /** Absolute: a response r is right when |r − answer| ≤ tolerance. */
  tolerance: z.number().default(0),
  unit: z.string().trim().min(1).optional(),
  /** Anticipated mistakes (e.g. forgot to multiply by spans per request), with feedback. */
  wrongAnswers: z.array(NumericWrongAnswerSchema).default([]),
});
export type NumericQuestion = z.output<typeof NumericQuestionSchema>;

export const NumericResponseSchema = z.strictObject({ value: z.union([z.number(), z.string()]) });
export type NumericResponse = z.output<typeof NumericResponseSchema>;

export interface ParsedNumber {
  value: number;
  unit: string;
}

const NUMBER_AND_UNIT = /^([+-]?[\d.,_\s]*\d(?:[eE][+-]?\d+)?)\s*(.*)$/;

/**
 * Reads what a learner typed: "12.5", "12,5", "1,000,000", "1 000", "1.2e6",
 * "12.5 GB/day". A comma followed by groups of exactly three digits separates
 * thousands; any other single comma is a decimal comma.
 */
export function parseNumericInput(input: string): ParsedNumber | null {
  const m = NUMBER_AND_UNIT.exec(input.trim());
  if (!m) return null;
  let digits = m[1]!.replace(/[\s_]/g, '');
  const unit = m[2]!.trim();
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?([eE][+-]?\d+)?$/.test(digits)) digits = digits.replace(/,/g, '');
  else if (/^[+-]?\d*,\d+([eE][+-]?\d+)?$/.test(digits)) digits = digits.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(digits)) return null;
  const value = Number(digits);
  return Number.isFinite(value) ? { value, unit } : null;
}

function normaliseUnit(unit: string): string {
  return unit.toLowerCase().replace(/\s+/g, '').replace(/per/g, '/');
}

function within(value: number, target: number, tolerance: number): boolean {
  // A hair of slack for binary fractions (0.1 + 0.2) without widening authored tolerances.
  return Math.abs(value - target) <= tolerance + 1e-9 * Math.max(1, Math.abs(target));
}

function withUnit(value: number, unit: string | undefined): string {
  return unit ? `${value} ${unit}` : String(value);
}

/** A ratio near 10ⁿ (n ≠ 0) usually means a slipped unit conversion. */
function magnitudeHint(value: number, answer: number): string | null {
  if (value === 0 || answer === 0 || Math.sign(value) !== Math.sign(answer)) return null;
  const exp = Math.log10(Math.abs(value / answer));
  const n = Math.round(exp);
  if (n === 0 || Math.abs(exp - n) > 0.02) return null;
  return `Your answer is ${n > 0 ? 'larger' : 'smaller'} by a factor of about 10^${Math.abs(n)}: check each unit conversion.`;
}

export default defineQuestionType<NumericQuestion, NumericResponse, z.input<typeof NumericQuestionSchema>>({
  type: 'numeric',
  hint: 'a number',
  input: { kind: 'field', field: 'value', inputMode: 'decimal' },
  schema: NumericQuestionSchema,
  response: NumericResponseSchema,
  responseShape: '{ "value": 12.5 } or { "value": "12.5 GB/day" }',
  check(q) {
    const problems: Problem[] = [];
    if (!(q.tolerance >= 0)) {
      problems.push({
        field: 'tolerance',
        problem: `is ${q.tolerance}, a tolerance cannot be negative`,
        fix: 'use 0 for an exact answer or a positive margin such as 0.5',
      });
    }
    q.wrongAnswers.forEach((w, i) => {
      if (!(w.tolerance >= 0)) {
        problems.push({
          field: `wrongAnswers[${i}].tolerance`,
          problem: `is ${w.tolerance}, a tolerance cannot be negative`,
          fix: 'use 0 or a positive margin',
        });
      }
      if (within(w.answer, q.answer, q.tolerance)) {
        problems.push({
          field: `wrongAnswers[${i}].answer`,
          problem: `${w.answer} is within the tolerance of the right answer ${q.answer}, so it can never be reached`,
          fix: 'remove it or narrow `tolerance`',
        });
      }
    });
    return problems;
  },
  grade(q, r) {
    let value: number;
    if (typeof r.value === 'number') {
      value = r.value;
    } else {
      const parsed = parseNumericInput(r.value);
      if (!parsed) return malformedResult(`"${r.value}" is not a number`);
      if (parsed.unit) {
        if (!q.unit) return malformedResult(`"${r.value}" has a unit, this answer is a plain number`);
        if (normaliseUnit(parsed.unit) !== normaliseUnit(q.unit)) {
          return {
            score: 0,
            correct: false,
            feedback: [
              {
                kind: 'message',
                tone: 'wrong',
                text: `The answer is asked in ${q.unit}, yours is in ${parsed.unit}. Convert it to ${q.unit}.`,
              },
            ],
            misconceptions: [],
            wrong: [{ key: `unit:${normaliseUnit(parsed.unit)}`, label: `answered in ${parsed.unit}` }],
          };
        }
      }
      value = parsed.value;
    }
    if (within(value, q.answer, q.tolerance)) {
      return {
        score: 1,
        correct: true,
        feedback: [{ kind: 'message', tone: 'right', text: `${withUnit(value, q.unit)} is right.` }],
        misconceptions: [],
        wrong: [],
      };
    }
    const label = withUnit(value, q.unit);
    const anticipated = q.wrongAnswers.findIndex((w) => within(value, w.answer, w.tolerance));
    const feedback: Feedback[] = [];
    const result: GradeResult = { score: 0, correct: false, feedback, misconceptions: [], wrong: [] };
    if (anticipated >= 0) {
      const w = q.wrongAnswers[anticipated]!;
      feedback.push({ kind: 'message', tone: 'wrong', text: w.feedback, source: `wrongAnswers.${anticipated}.feedback` });
      if (w.misconception) result.misconceptions.push(w.misconception);
      result.wrong.push({
        key: `anticipated:${anticipated}`,
        label: withUnit(w.answer, q.unit),
        ...(w.misconception ? { misconception: w.misconception } : {}),
      });
    } else {
      const hint = magnitudeHint(value, q.answer);
      feedback.push({
        kind: 'message',
        tone: 'wrong',
        text: `${label} is not right${q.tolerance > 0 ? ` (answers within ±${q.tolerance} count)` : ''}.${hint ? ` ${hint}` : ''}`,
      });
      result.wrong.push({ key: String(value), label });
    }
    return result;
  },
  answerKey(q) {
    return `${withUnit(q.answer, q.unit)}${q.tolerance > 0 ? ` (±${q.tolerance})` : ''}`;
  },
  rightResponse(q) {
    return { value: q.answer };
  },
  examQuestion(q) {
    return { ...publicBase(q), ...(q.unit === undefined ? {} : { unit: q.unit }) };
  },
});
