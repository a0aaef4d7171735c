import './csp-safe-zod.ts';
import { z } from 'zod';
import { compileGoRegExp } from '../shared/go-regexp';
import { parseGoDuration } from '../shared/go-duration';

// The body of an OpenTelemetry Collector `tail_sampling` processor, as the
// collector reads it (field names and defaults from the contrib processor's
// config.go). Messages say what is wrong and how to fix it, because learners
// paste their own YAML here.

/** Policy types the course simulator evaluates. */
export const SIMULATED_POLICY_TYPES = [
  'always_sample',
  'latency',
  'status_code',
  'string_attribute',
  'numeric_attribute',
  'probabilistic',
  'and',
  'drop',
] as const;

/** Policy types the real processor has but the simulator does not run. */
export const OTHER_COLLECTOR_POLICY_TYPES = [
  'rate_limiting',
  'bytes_limiting',
  'span_count',
  'trace_state',
  'trace_flags',
  'boolean_attribute',
  'ottl_condition',
  'composite',
  'not',
  'skip',
] as const;

function policyTypeMessage(input: unknown, allowed: readonly string[]): string {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const list = allowed.join(', ');
  if (type === undefined) return `every policy needs a \`type\`: one of ${list}`;
  if (typeof type === 'string' && (OTHER_COLLECTOR_POLICY_TYPES as readonly string[]).includes(type)) {
    return `\`${type}\` is a real collector policy, but this simulator does not run it; use one of ${list}`;
  }
  if (typeof type === 'string' && (SIMULATED_POLICY_TYPES as readonly string[]).includes(type)) {
    return `\`${type}\` cannot be used here; inside \`and\` and \`drop\` use one of ${list}`;
  }
  return `unknown policy type ${JSON.stringify(type)}; use one of ${list}`;
}

const name = z
  .string({ error: 'every policy needs a `name` (any text, used in metrics and logs), e.g. `name: keep-errors`' })
  .min(1, 'the policy `name` must not be empty');

/** The collector's counts and limits are Go int64/uint64; a page holds whole numbers exactly up to 2^53 − 1. */
const MAX_WHOLE = Number.MAX_SAFE_INTEGER;

/**
 * A whole number from `min` to 2^53 − 1, with one message per problem: not
 * a number or not whole (`typeMessage`), below `min` (`belowMessage`, or the
 * range), too large (the range, named).
 */
function wholeNumber(field: string, typeMessage: string, min: number, belowMessage?: string) {
  const range = `\`${field}\` is a whole number from ${min} to ${MAX_WHOLE} (the largest a web page holds exactly)`;
  return z
    .number({ error: (issue) => (typeof issue.input === 'number' && !Number.isNaN(issue.input) ? range : typeMessage) })
    .superRefine((value, ctx) => {
      if (!Number.isInteger(value)) ctx.addIssue({ code: 'custom', message: typeMessage });
      else if (value < min) ctx.addIssue({ code: 'custom', message: belowMessage ?? range });
      else if (value > MAX_WHOLE) ctx.addIssue({ code: 'custom', message: range });
    });
}

const wholeMs = (field: string, example: number) =>
  wholeNumber(field, `\`${field}\` is a whole number of milliseconds, e.g. \`${field}: ${example}\``, 0, `\`${field}\` cannot be negative`);

const stringValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'each value is a plain text value' })
  .transform((value) => String(value));

const statusCodeEnum = z.enum(['OK', 'ERROR', 'UNSET'], {
  error: (issue) => `unknown status code ${JSON.stringify(issue.input)}, supported: OK, ERROR, UNSET (upper case)`,
});

const alwaysSample = z.strictObject({ name, type: z.literal('always_sample') });

const latency = z.strictObject({
  name,
  type: z.literal('latency'),
  latency: z
    .strictObject(
      { threshold_ms: wholeMs('threshold_ms', 500), upper_threshold_ms: wholeMs('upper_threshold_ms', 5000).optional() },
      { error: 'a `latency` policy needs a `latency:` block with `threshold_ms`, e.g. `latency: { threshold_ms: 500 }`' },
    )
    .refine((cfg) => cfg.upper_threshold_ms === undefined || cfg.upper_threshold_ms === 0 || cfg.upper_threshold_ms > cfg.threshold_ms, {
      message: '`upper_threshold_ms` must be greater than `threshold_ms` (or left out for no upper bound)',
      path: ['upper_threshold_ms'],
    }),
});

const statusCode = z.strictObject({
  name,
  type: z.literal('status_code'),
  status_code: z.strictObject(
    {
      status_codes: z
        .array(statusCodeEnum, { error: 'write the codes as a list, e.g. `status_codes: [ERROR]`' })
        .min(1, 'expected at least one status code to filter on, e.g. `status_codes: [ERROR]`'),
    },
    { error: 'a `status_code` policy needs a `status_code:` block, e.g. `status_code: { status_codes: [ERROR] }`' },
  ),
});

const stringAttribute = z.strictObject({
  name,
  type: z.literal('string_attribute'),
  string_attribute: z
    .strictObject(
      {
        key: z.string({ error: '`key` names the attribute to match, e.g. `key: http.route`' }).min(1, '`key` must not be empty'),
        values: z
          .array(stringValue, { error: 'write the values as a list, e.g. `values: [/checkout]`' })
          .min(1, 'list at least one value to match, e.g. `values: [/checkout]`'),
        enabled_regex_matching: z.boolean({ error: '`enabled_regex_matching` is true or false' }).optional(),
        cache_max_size: wholeNumber('cache_max_size', '`cache_max_size` is a whole number', -MAX_WHOLE).optional(),
        invert_match: z.boolean({ error: '`invert_match` is true or false' }).optional(),
      },
      { error: 'a `string_attribute` policy needs a `string_attribute:` block with `key` and `values`' },
    )
    .superRefine((cfg, ctx) => {
      if (!cfg.enabled_regex_matching) return;
      cfg.values.forEach((value, index) => {
        const compiled = compileGoRegExp(value);
        if (!compiled.ok) ctx.addIssue({ code: 'custom', message: compiled.message, path: ['values', index] });
      });
    }),
});

const numericAttribute = z.strictObject({
  name,
  type: z.literal('numeric_attribute'),
  numeric_attribute: z
    .strictObject(
      {
        key: z
          .string({ error: '`key` names the attribute to match, e.g. `key: http.response.status_code`' })
          .min(1, '`key` must not be empty'),
        min_value: wholeNumber('min_value', '`min_value` is a whole number, e.g. `min_value: 500`', -MAX_WHOLE).optional(),
        max_value: wholeNumber('max_value', '`max_value` is a whole number, e.g. `max_value: 599`', -MAX_WHOLE).optional(),
        invert_match: z.boolean({ error: '`invert_match` is true or false' }).optional(),
      },
      { error: 'a `numeric_attribute` policy needs a `numeric_attribute:` block with `key` and `min_value` and/or `max_value`' },
    )
    .superRefine((cfg, ctx) => {
      if (cfg.min_value === undefined && cfg.max_value === undefined) {
        ctx.addIssue({ code: 'custom', message: 'set at least one of `min_value` and `max_value`', path: [] });
      } else if (cfg.min_value !== undefined && cfg.max_value !== undefined && cfg.min_value > cfg.max_value) {
        ctx.addIssue({ code: 'custom', message: '`min_value` must be less than or equal to `max_value`', path: ['min_value'] });
      }
    }),
});

const probabilistic = z.strictObject({
  name,
  type: z.literal('probabilistic'),
  probabilistic: z.strictObject(
    {
      sampling_percentage: z
        .number({
          error:
            '`sampling_percentage` is required: a number from 0 to 100, e.g. `sampling_percentage: 10` (the collector would silently use 0 and keep nothing)',
        })
        // A share of traces: above 100 would keep no more than 100, below 0 nothing; either is a typo worth naming.
        .min(0, '`sampling_percentage` is a share of traces from 0 to 100; a negative value keeps nothing')
        .max(100, '`sampling_percentage` is a share of traces from 0 to 100; write 100 to keep every trace this policy sees'),
      hash_salt: stringValue.optional(),
    },
    { error: 'a `probabilistic` policy needs a `probabilistic:` block, e.g. `probabilistic: { sampling_percentage: 10 }`' },
  ),
});

const basicPolicies = [alwaysSample, latency, statusCode, stringAttribute, numericAttribute, probabilistic] as const;
const BASIC_TYPES = ['always_sample', 'latency', 'status_code', 'string_attribute', 'numeric_attribute', 'probabilistic'];

const subPolicy = z.discriminatedUnion('type', [...basicPolicies], {
  error: (issue) => policyTypeMessage(issue.input, BASIC_TYPES),
});

const andPolicy = z.strictObject({
  name,
  type: z.literal('and'),
  and: z.strictObject(
    {
      and_sub_policy: z
        .array(subPolicy, { error: '`and_sub_policy` is a list of policies' })
        .min(1, '`and_sub_policy` needs at least one policy'),
    },
    { error: 'an `and` policy needs an `and:` block with `and_sub_policy:` (a list of policies that must all sample)' },
  ),
});

const dropPolicy = z.strictObject({
  name,
  type: z.literal('drop'),
  drop: z.strictObject(
    {
      drop_sub_policy: z
        .array(subPolicy, { error: '`drop_sub_policy` is a list of policies' })
        .min(1, '`drop_sub_policy` needs at least one policy'),
    },
    { error: 'a `drop` policy needs a `drop:` block with `drop_sub_policy:` (a list of policies that must all match to drop)' },
  ),
});

const policy = z.discriminatedUnion('type', [...basicPolicies, andPolicy, dropPolicy], {
  error: (issue) => policyTypeMessage(issue.input, SIMULATED_POLICY_TYPES),
});

/** Go's time.Duration holds up to 2^63 − 1 ns. */
const MAX_DECISION_WAIT_MS = Number(2n ** 63n - 1n) / 1e6;

const decisionWait = z.union([z.string(), z.number()], { error: '`decision_wait` is a duration such as `10s`' }).transform((value, ctx) => {
  if (typeof value === 'number') {
    ctx.addIssue({
      code: 'custom',
      message: `a bare number is read by the collector as nanoseconds; write a unit, e.g. \`decision_wait: ${value}s\``,
    });
    return z.NEVER;
  }
  const ms = parseGoDuration(value);
  // Too many digits to add up is still a duration, only out of range: the same text with small numbers parses.
  const outOfRange = ms === undefined ? parseGoDuration(value.replace(/\d+/g, '1')) !== undefined : ms < 0 || ms > MAX_DECISION_WAIT_MS;
  if (outOfRange) {
    ctx.addIssue({
      code: 'custom',
      message:
        '`decision_wait` is a duration from 0s to 2562047h47m16.854775807s (about 292 years, the longest Go duration), e.g. `decision_wait: 10s`',
    });
    return z.NEVER;
  }
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(value)} is not a duration; write e.g. \`10s\`, \`500ms\` or \`1m\`` });
    return z.NEVER;
  }
  return ms;
});

export const TailSamplingSchema = z
  .strictObject({
    decision_wait: decisionWait.default(30_000),
    num_traces: wholeNumber(
      'num_traces',
      '`num_traces` is a whole number of traces, e.g. `num_traces: 50000`',
      1,
      '`num_traces` must be at least 1',
    ).default(50_000),
    expected_new_traces_per_sec: wholeNumber(
      'expected_new_traces_per_sec',
      '`expected_new_traces_per_sec` is a whole number, e.g. `expected_new_traces_per_sec: 100`',
      0,
    ).optional(),
    decision_cache: z
      .strictObject(
        {
          sampled_cache_size: wholeNumber('sampled_cache_size', '`sampled_cache_size` is a whole number of trace ids', 0).optional(),
          non_sampled_cache_size: wholeNumber(
            'non_sampled_cache_size',
            '`non_sampled_cache_size` is a whole number of trace ids',
            0,
          ).optional(),
        },
        { error: '`decision_cache` is a block with `sampled_cache_size` and/or `non_sampled_cache_size`' },
      )
      .optional(),
    sample_on_first_match: z.boolean({ error: '`sample_on_first_match` is true or false' }).optional(),
    block_on_overflow: z.boolean({ error: '`block_on_overflow` is true or false' }).optional(),
    drop_pending_traces_on_shutdown: z.boolean({ error: '`drop_pending_traces_on_shutdown` is true or false' }).optional(),
    policies: z
      .array(policy, {
        error:
          '`policies` is required: a list of policies, e.g. `policies: [{ name: errors, type: status_code, status_code: { status_codes: [ERROR] } }]`',
      })
      .min(1, 'list at least one policy under `policies`')
      // The simulator evaluates every policy for every trace; real configurations have a handful.
      .max(200, 'at most 200 policies here: group values into one string_attribute policy instead of one policy per value'),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.policies.forEach((p, index) => {
      if (seen.has(p.name))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate policy name ${JSON.stringify(p.name)}; give each policy its own name`,
          path: ['policies', index, 'name'],
        });
      seen.add(p.name);
    });
  });

export type TailSampling = z.output<typeof TailSamplingSchema>;
export type TailSamplingInput = z.input<typeof TailSamplingSchema>;
export type TailSamplingPolicy = TailSampling['policies'][number];
export type TailSamplingSubPolicy = z.output<typeof subPolicy>;

/** Every field name the processor knows, for "did you mean" hints on typos. */
export const TAIL_SAMPLING_FIELD_NAMES = [
  'decision_wait',
  'num_traces',
  'expected_new_traces_per_sec',
  'decision_cache',
  'sample_on_first_match',
  'block_on_overflow',
  'drop_pending_traces_on_shutdown',
  'policies',
  'name',
  'type',
  'latency',
  'threshold_ms',
  'upper_threshold_ms',
  'status_code',
  'status_codes',
  'string_attribute',
  'numeric_attribute',
  'key',
  'values',
  'enabled_regex_matching',
  'cache_max_size',
  'invert_match',
  'min_value',
  'max_value',
  'probabilistic',
  'sampling_percentage',
  'hash_salt',
  'and',
  'and_sub_policy',
  'drop',
  'drop_sub_policy',
  'sampled_cache_size',
  'non_sampled_cache_size',
] as const;
