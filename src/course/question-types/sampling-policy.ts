import '../../schemas/csp-safe-zod.ts';
import { z } from 'zod';
import { DatasetSchema, QuestionBaseSchema } from '../../schemas/question.ts';
import { gradeSamplingPolicy, traceDurationUs, groupTraces, type RequirementResult } from '../../sandbox/tail-sampling/index.ts';
import { gradingData, describeDataset } from './dataset.ts';
import { defineQuestionType, publicBase, type Feedback, type Problem } from './define.ts';
import { malformedResult } from './malformed.ts';
import { unevaluatedResult } from './unevaluated.ts';
import { formatCount as count, formatPercent as percent } from '../../shared/format.ts';

/** What a learner's tail-sampling policy must achieve on the dataset (gradeSamplingPolicy). */
export const SamplingRequirementsSchema = z.strictObject({
  /** Every trace with an ERROR span is kept. */
  keepAllErrors: z.boolean().optional(),
  /** Every trace longer than this many ms (whole trace) is kept. */
  keepSlowerThanMs: z.int().min(1).max(60_000).optional(),
  /** At most this share (0..1) of the other traces is kept. */
  maxShareOfNormal: z.number().min(0).max(1).optional(),
});
export type SamplingRequirements = z.output<typeof SamplingRequirementsSchema>;

export const SamplingPolicyQuestionSchema = QuestionBaseSchema.extend({
  type: z.literal('sampling-policy'),
  dataset: DatasetSchema,
  requirements: SamplingRequirementsSchema,
  /** A tail_sampling configuration that meets every requirement (checked at build time). */
  reference: z.string().trim().min(1),
  /** YAML the answer box starts with. */
  starter: z.string().optional(),
});
export type SamplingPolicyQuestion = z.output<typeof SamplingPolicyQuestionSchema>;

export const SamplingPolicyResponseSchema = z.strictObject({ policy: z.string() });
export type SamplingPolicyResponse = z.output<typeof SamplingPolicyResponseSchema>;

// A sampling-policy question: the learner's collector `tail_sampling` YAML
// runs over the question's seeded traffic, and each stated requirement is
// checked against what it kept. Each requirement met earns its share of the
// marks; a configuration the collector would refuse earns none.

// A graded answer is bounded by its size: the engine's cost grows with the
// YAML (policies, regex values) times the dataset, and 20,000 characters over
// the largest dataset (2,000 requests) grade in about 2 s. The collector-yaml
// reader (src/sandbox/tail-sampling/collector-yaml.ts) takes up to
// MAX_CONFIG_CHARS (100,000) in the playground; a question's answer, one
// `tail_sampling` block, fits in a few hundred characters.
export const MAX_POLICY_LENGTH = 20_000;

type Requirement = RequirementResult['requirement'];

/** The requirements as the engine takes them (absent ones left out). */
function engineRequirements(r: SamplingRequirements) {
  return {
    ...(r.keepAllErrors ? { keepAllErrors: true } : {}),
    ...(r.keepSlowerThanMs !== undefined ? { keepSlowerThanMs: r.keepSlowerThanMs } : {}),
    ...(r.maxShareOfNormal !== undefined ? { maxShareOfNormal: r.maxShareOfNormal } : {}),
  };
}

function stated(r: SamplingRequirements): string[] {
  const out: string[] = [];
  if (r.keepAllErrors) out.push('keeps every trace with an error');
  if (r.keepSlowerThanMs !== undefined) out.push(`keeps every trace slower than ${r.keepSlowerThanMs} ms`);
  if (r.maxShareOfNormal !== undefined) out.push(`keeps at most ${percent(r.maxShareOfNormal)} of the normal traces (no error, not slow)`);
  return out;
}

function label(requirement: Requirement, r: SamplingRequirements): string {
  if (requirement === 'keepAllErrors') return 'keep every trace with an error';
  if (requirement === 'keepSlowerThanMs') return `keep every trace slower than ${r.keepSlowerThanMs ?? 0} ms`;
  return `keep at most ${percent(r.maxShareOfNormal ?? 0)} of the normal traces`;
}

/** How a failed requirement reads in the instructor's item analysis. */
const FAILED: Record<Requirement, string> = {
  keepAllErrors: 'loses error traces',
  keepSlowerThanMs: 'loses slow traces',
  maxShareOfNormal: 'keeps too much normal traffic',
};

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

const KEEP_EVERYTHING = 'policies: [{ name: keep-everything, type: always_sample }]';
const KEEP_NOTHING = 'policies: [{ name: keep-nothing, type: probabilistic, probabilistic: { sampling_percentage: 0 } }]';

export default defineQuestionType<SamplingPolicyQuestion, SamplingPolicyResponse, z.input<typeof SamplingPolicyQuestionSchema>>({
  type: 'sampling-policy',
  hint: 'write a tail-sampling policy',
  input: { kind: 'code', field: 'policy', label: 'Your tail_sampling configuration (YAML)', rows: 8 },
  schema: SamplingPolicyQuestionSchema,
  response: SamplingPolicyResponseSchema,
  responseShape: '{ "policy": "<tail_sampling YAML>" }',
  check(q) {
    const problems: Problem[] = [];
    const req = engineRequirements(q.requirements);
    if (Object.keys(req).length === 0) {
      return [
        {
          field: 'requirements',
          problem: 'states no requirement, so any configuration would be right',
          fix: 'add `keepAllErrors: true`, `keepSlowerThanMs` and/or `maxShareOfNormal`',
        },
      ];
    }
    const { spans } = gradingData(q.dataset);
    const traces = groupTraces(spans);
    const dataset = describeDataset(q.dataset);
    if (req.keepAllErrors && !traces.some((t) => t.hasError)) {
      problems.push({
        field: 'requirements.keepAllErrors',
        problem: `tests nothing: the dataset (${dataset}) has no trace with an error`,
        fix: 'raise `dataset.errorRate` or `dataset.requests`',
      });
    }
    if (req.keepSlowerThanMs !== undefined) {
      const slowest = Math.max(0, ...traces.map((t) => traceDurationUs(t) / 1000));
      if (slowest <= req.keepSlowerThanMs) {
        problems.push({
          field: 'requirements.keepSlowerThanMs',
          problem: `tests nothing: no trace in the dataset (${dataset}) is slower than ${req.keepSlowerThanMs} ms (the slowest takes ${Math.round(slowest)} ms)`,
          fix: `use a threshold below ${Math.floor(slowest)} ms, or raise \`dataset.slowRate\``,
        });
      }
    }
    if (problems.length) return problems;
    if (gradeSamplingPolicy(KEEP_EVERYTHING, req, spans).correct) {
      problems.push({
        field: 'requirements',
        problem: 'are met by a policy that keeps every trace (`always_sample`), so they do not ask for any sampling',
        fix: 'add `maxShareOfNormal` with a share below 1, such as 0.2',
      });
    }
    if (gradeSamplingPolicy(KEEP_NOTHING, req, spans).correct) {
      problems.push({
        field: 'requirements',
        problem: 'are met by a policy that keeps nothing',
        fix: 'add `keepAllErrors: true` or `keepSlowerThanMs`, so that some traces must be kept',
      });
    }
    const reference = gradeSamplingPolicy(q.reference, req, spans);
    if (reference.errors) {
      problems.push({
        field: 'reference',
        problem: `does not load (${reference.errors.map((e) => e.message).join('; ')})`,
        fix: 'correct the YAML: it is the same `tail_sampling` configuration the collector takes',
      });
    } else if (!reference.correct) {
      const failed = reference.results.filter((r) => !r.passed).map((r) => r.message);
      problems.push({
        field: 'reference',
        problem: `does not meet the requirements on the dataset: it ${joinAnd(failed)}`,
        fix: 'change the reference policy, or the requirements',
      });
    }
    if (q.starter !== undefined && q.starter.trim() !== '' && gradeSamplingPolicy(q.starter, req, spans).correct) {
      problems.push({
        field: 'starter',
        problem: 'already meets every requirement',
        fix: 'start the box with a skeleton or a policy that falls short, or remove `starter`',
      });
    }
    return problems;
  },
  grade(q, r) {
    if (r.policy.trim() === '') return malformedResult('the configuration is empty');
    if (r.policy.length > MAX_POLICY_LENGTH) {
      return unevaluatedResult(
        `the configuration is ${count(r.policy.length)} characters long; the grader runs configurations of up to ${count(MAX_POLICY_LENGTH)} characters (paste one \`tail_sampling\` block, not a file of generated policies)`,
      );
    }
    const { spans } = gradingData(q.dataset);
    const g = gradeSamplingPolicy(r.policy, engineRequirements(q.requirements), spans);
    if (g.errors) {
      return {
        score: 0,
        correct: false,
        feedback: [
          { kind: 'message', tone: 'wrong', text: 'The collector would refuse this configuration, so nothing was sampled:' },
          ...g.errors.map((e): Feedback => ({ kind: 'message', tone: 'wrong', text: e.message })),
        ],
        misconceptions: [],
        wrong: [{ key: 'error:config', label: 'a configuration that does not load' }],
      };
    }
    const met = g.results.filter((x) => x.passed).length;
    const feedback: Feedback[] = [
      g.correct
        ? { kind: 'message', tone: 'right', text: `It meets all ${g.results.length} requirements.` }
        : { kind: 'message', tone: met > 0 ? 'partial' : 'wrong', text: `It meets ${met} of ${g.results.length} requirements.` },
      ...g.results.map((x): Feedback => ({
        kind: 'message',
        tone: x.passed ? 'right' : 'wrong',
        text: `${x.passed ? 'Met' : 'Not met'}: ${label(x.requirement, q.requirements)}. It ${x.message}.`,
      })),
    ];
    if (g.totals) {
      const t = g.totals;
      const buffer = t.droppedByBuffer
        ? ` ${t.droppedByBuffer} traces were pushed out of the full buffer (\`num_traces\`) before any decision.`
        : '';
      feedback.push({
        kind: 'message',
        tone: 'info',
        text: `Of the ${count(t.traces)} traces in the dataset it keeps ${count(t.tracesKept)} (${percent(t.traces ? t.tracesKept / t.traces : 0)}), ${count(t.spansKept)} of ${count(t.spans)} spans.${buffer}`,
      });
    }
    const failed = g.results.filter((x) => !x.passed).map((x) => x.requirement);
    return {
      score: g.score,
      correct: g.correct,
      feedback,
      misconceptions: [],
      wrong: failed.length ? [{ key: `failed:${failed.join('+')}`, label: joinAnd(failed.map((f) => FAILED[f])) }] : [],
    };
  },
  answerKey(q) {
    return `Any configuration that ${joinAnd(stated(q.requirements))}, for example:\n\n\`\`\`yaml\n${q.reference.trimEnd()}\n\`\`\``;
  },
  rightResponse(q) {
    return { policy: q.reference };
  },
  examQuestion(q) {
    // The requirements are the task itself; the reference policy is the key.
    return {
      ...publicBase(q),
      dataset: q.dataset,
      requirements: q.requirements,
      ...(q.starter === undefined ? {} : { starter: q.starter }),
    };
  },
});
