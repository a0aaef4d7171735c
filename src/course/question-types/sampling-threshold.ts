import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { KebabIdSchema, MarkdownSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { probabilityToTh, thresholdToProbability, thresholdToTh, thToThreshold } from '../../sandbox/consistent-sampling.ts';
import { formatPercent as percent } from '../../shared/format.ts';
import { defineQuestionType, publicBase, type GradeResult, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';

// A sampling-threshold question: the learner writes the `th` value a
// consistent probability sampler puts into tracestate for a stated sampling
// probability. The answer is graded by what it means, not how it is spelt:
// it is decoded to the 56-bit rejection threshold and the probability that
// threshold keeps (src/sandbox/consistent-sampling.ts), and is right when that
// probability is the target.

/** A wrong threshold learners are expected to write; recognised by the threshold it encodes, whatever its spelling. */
export const ThresholdWrongAnswerSchema = z.strictObject({
  th: z.string().trim().min(1),
  feedback: MarkdownSchema,
  misconception: KebabIdSchema.optional(),
});

export const SamplingThresholdQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('sampling-threshold'),
  /** The sampling probability the learner's `th` must encode, in (0, 1]. */
  probability: z.number(),
  /**
   * How far the encoded probability may be from the target. Absent: as close
   * as the specification's 4-digit encoding of the target (exact for 25 %,
   * 0.0000061 for 10 %, whose `th:e666` keeps 10.00061 %).
   */
  tolerance: z.number().min(0).max(0.5).optional(),
  /** A right answer as a learner would type it (checked at build time); absent, the 4-digit `th` of the target. */
  reference: z.string().trim().min(1).optional(),
  wrongAnswers: z.array(ThresholdWrongAnswerSchema).default([]),
});
export type SamplingThresholdQuestion = z.output<typeof SamplingThresholdQuestionSchema>;

export const SamplingThresholdResponseSchema = z.strictObject({ tracestate: z.string() });
export type SamplingThresholdResponse = z.output<typeof SamplingThresholdResponseSchema>;

// What a learner may write, by the specifications' syntax:
// - open-telemetry/opentelemetry-specification,
//   specification/trace/tracestate-handling.md: OpenTelemetry's values live
//   in the `ot` entry as `key:value` pairs separated by ";"; "Valid values of
//   the `th` sub-fields include between 1 and 14 hexadecimal digits"
//   (`hexdigit = DIGIT ; A-F ; a-f`, so either case), and a reader "first
//   extend[s] the value with trailing zeros to make 14 digits", so `th:c0`
//   means what `th:c` means (writers drop the zeros; readers accept them).
// - W3C Trace Context, "tracestate Header Field Values": list members
//   `key=value` separated by commas, with optional spaces or tabs around each.
// So the answer may be a bare th value (`c`), an `ot` value (`th:c`, `th:c;rv:…`),
// an `ot` entry (`ot=th:c`) or a whole tracestate with other vendors' entries.
const TH_VALUE = /^[0-9A-Fa-f]{1,14}$/;
const MAX_ANSWER_LENGTH = 512;

type Reading = { ok: true; th: string; threshold: bigint; probability: number } | { ok: false; problem: string };

function thOfOtValue(value: string): string | { problem: string } {
  const pairs = value.split(';').map((p) => p.trim());
  const th = pairs.filter((p) => p.startsWith('th:'));
  if (th.length === 0) return { problem: 'the `ot` entry has no `th:` value' };
  if (th.length > 1) return { problem: 'the `ot` entry has more than one `th:` value; its keys must be unique' };
  return th[0]!.slice('th:'.length);
}

function thOfTracestate(text: string): string | { problem: string } {
  const members = text
    .split(',')
    .map((m) => m.trim())
    .filter((m) => m !== '');
  const ot = members.filter((m) => m.slice(0, m.indexOf('=')).trim() === 'ot');
  if (ot.length === 0) return { problem: 'the tracestate has no `ot=` entry, where OpenTelemetry writes `th`' };
  if (ot.length > 1) return { problem: 'the tracestate has more than one `ot=` entry; its keys must be unique' };
  return thOfOtValue(ot[0]!.slice(ot[0]!.indexOf('=') + 1).trim());
}

/** What a learner's answer says the threshold is, and the probability it keeps. */
export function readThreshold(answer: string): Reading {
  const text = answer
    .trim()
    .replace(/^tracestate\s*:\s*/i, '')
    .replace(/^`|`$/g, '');
  if (text === '') return { ok: false, problem: 'the answer is empty' };
  if (text.length > MAX_ANSWER_LENGTH) return { ok: false, problem: `the answer is over ${MAX_ANSWER_LENGTH} characters` };
  const found = text.includes('=') ? thOfTracestate(text) : text.includes(':') ? thOfOtValue(text) : text;
  if (typeof found !== 'string') return { ok: false, problem: found.problem };
  if (!TH_VALUE.test(found)) {
    return { ok: false, problem: `"${found}" is not a th value, which is 1 to 14 hexadecimal digits (0–9, a–f)` };
  }
  const threshold = thToThreshold(found.toLowerCase());
  // Feedback names the threshold as a sampler writes it: lower case, no trailing zeros.
  return { ok: true, th: thresholdToTh(threshold), threshold, probability: thresholdToProbability(threshold) };
}

/** The th value a sampler writes for the target, at the specification's recommended 4 digits. */
function referenceTh(q: SamplingThresholdQuestion): string {
  return probabilityToTh(q.probability);
}

function allowed(q: SamplingThresholdQuestion): number {
  if (q.tolerance !== undefined) return q.tolerance;
  return Math.abs(thresholdToProbability(thToThreshold(referenceTh(q))) - q.probability);
}

function isRight(q: SamplingThresholdQuestion, probability: number): boolean {
  return Math.abs(probability - q.probability) <= allowed(q);
}

function validTarget(p: number): boolean {
  return Number.isFinite(p) && p >= 2 ** -56 && p <= 1;
}

/** A threshold as a learner can check it: "th:c keeps 25% (rejects 75%)". */
function meaning(th: string, probability: number): string {
  return `\`th:${th}\` keeps ${percent(probability)} of traces (it rejects ${percent(1 - probability)})`;
}

export default defineQuestionType<SamplingThresholdQuestion, SamplingThresholdResponse, z.input<typeof SamplingThresholdQuestionSchema>>({
  type: 'sampling-threshold',
  hint: 'write the th value (or the tracestate)',
  input: { kind: 'field', field: 'tracestate', inputMode: 'text' },
  schema: SamplingThresholdQuestionSchema,
  response: SamplingThresholdResponseSchema,
  responseShape: '{ "tracestate": "<th value, e.g. c, th:c or ot=th:c>" }',
  check(q) {
    if (!validTarget(q.probability)) {
      return [
        {
          field: 'probability',
          problem: `is ${q.probability}; a sampling probability a th value can encode lies in (0, 1] (at least 2^-56)`,
          fix: 'write the share of traces the sampler keeps as a number such as 0.25',
        },
      ];
    }
    const problems: Problem[] = [];
    if (q.reference !== undefined) {
      const r = readThreshold(q.reference);
      if (!r.ok) problems.push({ field: 'reference', problem: `cannot be read: ${r.problem}`, fix: 'write a th value such as `ot=th:c`' });
      else if (!isRight(q, r.probability)) {
        problems.push({
          field: 'reference',
          problem: `${meaning(r.th, r.probability)}, not the target ${percent(q.probability)}, so it grades wrong`,
          fix: `write \`ot=th:${referenceTh(q)}\`, or correct \`probability\``,
        });
      }
    }
    const seen = new Map<bigint, number>();
    q.wrongAnswers.forEach((w, i) => {
      const field = `wrongAnswers[${i}].th`;
      const r = readThreshold(w.th);
      if (!r.ok) {
        problems.push({ field, problem: `cannot be read: ${r.problem}`, fix: 'write a th value such as `4` or `ot=th:4`' });
        return;
      }
      if (isRight(q, r.probability)) {
        problems.push({ field, problem: 'grades right, so this feedback never shows', fix: 'remove it or change the value' });
        return;
      }
      const earlier = seen.get(r.threshold);
      if (earlier !== undefined) {
        problems.push({
          field,
          problem: `is the same threshold as wrongAnswers[${earlier}], so only that entry's feedback shows`,
          fix: 'merge the two entries',
        });
        return;
      }
      seen.set(r.threshold, i);
    });
    return problems;
  },
  grade(q, r): GradeResult {
    const read = readThreshold(r.tracestate);
    if (!read.ok) return malformedResult(read.problem);
    if (isRight(q, read.probability)) {
      return {
        score: 1,
        correct: true,
        feedback: [{ kind: 'message', tone: 'right', text: `Right: ${meaning(read.th, read.probability)}.` }],
        misconceptions: [],
        wrong: [],
      };
    }
    const result: GradeResult = {
      score: 0,
      correct: false,
      feedback: [{ kind: 'message', tone: 'wrong', text: `${meaning(read.th, read.probability)}, not ${percent(q.probability)}.` }],
      misconceptions: [],
      wrong: [],
    };
    const anticipated = q.wrongAnswers.findIndex((w) => {
      const wr = readThreshold(w.th);
      return wr.ok && wr.threshold === read.threshold;
    });
    if (anticipated >= 0) {
      const w = q.wrongAnswers[anticipated]!;
      result.feedback.push({ kind: 'message', tone: 'wrong', text: w.feedback, source: `wrongAnswers.${anticipated}.feedback` });
      if (w.misconception) result.misconceptions.push(w.misconception);
      result.wrong.push({
        key: `anticipated:${anticipated}`,
        label: `th:${read.th}`,
        ...(w.misconception ? { misconception: w.misconception } : {}),
      });
    } else {
      // One key per threshold, so `e`, `E` and `th:e0` count as one wrong answer in the item analysis.
      result.wrong.push({ key: `th:${read.th}`, label: `th:${read.th}` });
    }
    return result;
  },
  answerKey(q) {
    const th = referenceTh(q);
    return `\`ot=th:${th}\` (any spelling of a threshold that keeps ${percent(q.probability)} of traces)`;
  },
  rightResponse(q) {
    return { tracestate: q.reference ?? `ot=th:${referenceTh(q)}` };
  },
  examQuestion(q) {
    return publicBase(q);
  },
});
