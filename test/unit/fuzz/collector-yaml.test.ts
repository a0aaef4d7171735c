import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseRedactionYaml, redactSpans } from '../../../src/sandbox/redaction';
import { compileRedaction, parseRedactionProcessorYaml } from '../../../src/sandbox/redaction-processor';
import type { ConfigError, ConfigResult } from '../../../src/sandbox/tail-sampling/collector-yaml';
import { parseTailSamplingYaml, simulateTailSampling } from '../../../src/sandbox/tail-sampling/simulate';
import { fixedDataset } from '../sandbox/fixtures';
import { SEEDS, shown, withinBudget } from './budget';

// Property-based fuzzing of the collector YAML readers: the tail_sampling
// processor, the attributes processor (redaction actions) and the redaction
// processor. Random YAML-ish text and structured random configurations must
// come back within the time budget as a config or as ConfigErrors with a line
// and a column, never as an exception; a config that is accepted must also
// run on a small dataset without throwing.

const { spans } = fixedDataset();

function wellFormed(error: ConfigError, text: string): string | undefined {
  if (!(Number.isInteger(error.line) && error.line >= 1)) return `line ${error.line}`;
  if (!(Number.isInteger(error.column) && error.column >= 1)) return `column ${error.column}`;
  if (!error.message.startsWith(`line ${error.line}, column ${error.column}: `))
    return `message does not start with its position: ${error.message}`;
  if (error.detail.trim() === '') return 'empty detail';
  if (error.line > text.split('\n').length + 1) return `line ${error.line} beyond the text`;
  return undefined;
}

function checkResult<T>(text: string, read: (text: string) => ConfigResult<T>): ConfigResult<T> {
  let result: ConfigResult<T>;
  try {
    result = withinBudget(() => read(text));
  } catch (error) {
    throw new Error(`${shown(text)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!result.ok) {
    if (result.errors.length === 0) throw new Error(`${shown(text)}: refused with no error`);
    for (const error of result.errors) {
      const problem = wellFormed(error, text);
      if (problem) throw new Error(`${shown(text)}: ${problem}`);
    }
  }
  return result;
}

const READERS = {
  tail_sampling: (text: string) => {
    const result = checkResult(text, parseTailSamplingYaml);
    if (result.ok) withinBudget(() => simulateTailSampling(result.config, spans));
  },
  attributes: (text: string) => {
    const result = checkResult(text, parseRedactionYaml);
    if (result.ok) withinBudget(() => redactSpans(spans, result.config));
  },
  redaction: (text: string) => {
    const result = checkResult(text, parseRedactionProcessorYaml);
    if (result.ok) withinBudget(() => compileRedaction(result.config));
  },
} as const;

// ---- YAML-ish text ---------------------------------------------------------------

const YAML_TOKENS = [
  'processors:',
  'tail_sampling:',
  'tail_sampling/2:',
  'attributes:',
  'attributes/redact:',
  'redaction:',
  'policies:',
  'actions:',
  'name:',
  'type:',
  'decision_wait:',
  'num_traces:',
  'expected_new_traces_per_sec:',
  'latency:',
  'threshold_ms:',
  'status_code:',
  'status_codes:',
  'string_attribute:',
  'key:',
  'values:',
  'enabled_regex_matching:',
  'probabilistic:',
  'sampling_percentage:',
  'and:',
  'and_sub_policy:',
  'drop:',
  'drop_sub_policy:',
  'action:',
  'pattern:',
  'value:',
  'from_attribute:',
  'allow_all_keys:',
  'allowed_keys:',
  'blocked_values:',
  'blocked_key_patterns:',
  'summary:',
  'always_sample',
  'delete',
  'hash',
  'upsert',
  'ERROR',
  'OK',
  '10s',
  '-1s',
  '1e999',
  '.inf',
  '.nan',
  '0x10',
  '0o17',
  '99999999999999999999',
  '-5',
  '3.5',
  'true',
  'null',
  '~',
  '"(bad"',
  "'x'",
  '"\\u00e9"',
  '"\\d"',
  '[',
  ']',
  '{',
  '}',
  ',',
  '- ',
  '  ',
  '    ',
  '\t',
  '\n',
  '\n  ',
  '\n    - ',
  '&a ',
  '*a',
  '<<: *a',
  '!!str ',
  '!!binary ',
  '!!set ',
  '? ',
  ': ',
  '|',
  '>',
  '# c',
  '---',
  '...',
  '%YAML 1.2\n',
  '"',
  "'",
  '\\',
  '\u0000',
  '\uFEFF',
  '😀',
  '__proto__:',
  'constructor:',
];
const yamlSoup = fc
  .array(fc.constantFrom(...YAML_TOKENS), { maxLength: 40 })
  .chain((tokens) =>
    fc
      .array(fc.constantFrom('', ' ', '\n', '\n  '), { minLength: tokens.length, maxLength: tokens.length })
      .map((gaps) => tokens.map((t, i) => t + gaps[i]).join('')),
  );
const yamlText = fc.oneof(
  yamlSoup,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: fc.constantFrom(...'abc:-[]{},&*!|>?#%@`"\'\\ \n\t0123456789.'), maxLength: 200 }),
  // Nesting the YAML parser still walks well (much deeper is a separate case below).
  fc.integer({ min: 1, max: 500 }).map((n) => `policies: ${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => `${' '.repeat(Math.min(i, 40))}k${i}:`).join('\n')),
);

// ---- Structured configurations ----------------------------------------------------

/** Any value a field might get: the right kind, a wrong kind, or an extreme. */
const anyValue = fc.oneof(
  { depthSize: 'small' },
  fc.constantFrom(
    0,
    1,
    -1,
    100,
    101,
    1.5,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 63,
    1e308,
    '10s',
    '0s',
    '-1s',
    '2562048h',
    '1h30m',
    'ERROR',
    'OK',
    'ok',
    '',
    ' ',
    '(bad',
    '.*',
    'a{1001}',
    true,
    false,
    null,
  ),
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.constantFrom('key', 'values', 'x', 'threshold_ms'), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: anyValue });

const basicPolicy = fc.oneof(
  fc.record({ name: maybe(fc.string({ minLength: 1, maxLength: 8 })), type: fc.constant('always_sample') }),
  fc.record({
    name: maybe(fc.string({ minLength: 1, maxLength: 8 })),
    type: fc.constant('latency'),
    latency: fc.record({ threshold_ms: maybe(fc.nat()), upper_threshold_ms: maybe(fc.nat()) }, { requiredKeys: ['threshold_ms'] }),
  }),
  fc.record({
    name: maybe(fc.string({ minLength: 1, maxLength: 8 })),
    type: fc.constant('status_code'),
    status_code: fc.record({ status_codes: maybe(fc.array(fc.constantFrom('ERROR', 'OK', 'UNSET', 'error'), { maxLength: 3 })) }),
  }),
  fc.record({
    name: maybe(fc.string({ minLength: 1, maxLength: 8 })),
    type: fc.constant('string_attribute'),
    string_attribute: fc.record(
      {
        key: maybe(fc.constantFrom('http.route', 'service.name', '')),
        values: maybe(
          fc.array(fc.oneof(fc.constantFrom('/checkout', '.*', '(bad', 'GET .*', 'a{1000}'), fc.string({ maxLength: 10 })), {
            maxLength: 4,
          }),
        ),
        enabled_regex_matching: maybe(fc.boolean()),
        invert_match: maybe(fc.boolean()),
        cache_max_size: maybe(fc.integer()),
      },
      { requiredKeys: ['key', 'values'] },
    ),
  }),
  fc.record({
    name: maybe(fc.string({ minLength: 1, maxLength: 8 })),
    type: fc.constant('numeric_attribute'),
    numeric_attribute: fc.record(
      { key: maybe(fc.constant('http.response.status_code')), min_value: maybe(fc.integer()), max_value: maybe(fc.integer()) },
      { requiredKeys: ['key'] },
    ),
  }),
  fc.record({
    name: maybe(fc.string({ minLength: 1, maxLength: 8 })),
    type: fc.constant('probabilistic'),
    probabilistic: fc.record({
      sampling_percentage: maybe(fc.double({ min: -10, max: 110, noNaN: true })),
      hash_salt: maybe(fc.string({ maxLength: 6 })),
    }),
  }),
  fc.record({ name: fc.string({ maxLength: 6 }), type: fc.constantFrom('rate_limiting', 'ottl_condition', 'nonsense', 'AND') }),
);
const policy = fc.oneof(
  { weight: 4, arbitrary: basicPolicy },
  fc.record({
    name: fc.string({ minLength: 1, maxLength: 8 }),
    type: fc.constant('and'),
    and: fc.record({ and_sub_policy: fc.array(basicPolicy, { maxLength: 3 }) }),
  }),
  fc.record({
    name: fc.string({ minLength: 1, maxLength: 8 }),
    type: fc.constant('drop'),
    drop: fc.record({ drop_sub_policy: fc.array(basicPolicy, { maxLength: 3 }) }),
  }),
);
const tailSamplingBody = fc.record(
  {
    decision_wait: maybe(fc.constantFrom('10s', '500ms', '1m', '0s', '2562047h', '2562048h', '-1s', 10)),
    num_traces: maybe(fc.integer({ min: -5, max: 1_000_000 })),
    expected_new_traces_per_sec: maybe(fc.nat()),
    decision_cache: maybe(
      fc.record({ sampled_cache_size: maybe(fc.nat({ max: 100 })), non_sampled_cache_size: maybe(fc.nat({ max: 100 })) }),
    ),
    sample_on_first_match: maybe(fc.boolean()),
    block_on_overflow: maybe(fc.boolean()),
    policies: maybe(fc.array(policy, { maxLength: 6 })),
    treshold_ms: fc.constant(5),
  },
  { requiredKeys: ['policies'] },
);

const redactionAction = fc.record(
  {
    key: maybe(fc.constantFrom('user.email', 'http.url', 'customer.card', '')),
    pattern: maybe(fc.constantFrom('.*email.*', '(bad', '^card\\.', 'a{1000}{1000}')),
    action: maybe(fc.constantFrom('delete', 'hash', 'update', 'insert', 'upsert', 'extract', 'HASH', 'nope')),
    value: maybe(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean())),
    from_attribute: maybe(fc.constantFrom('http.route', '')),
  },
  { requiredKeys: ['action'] },
);
const attributesBody = fc.record(
  { actions: maybe(fc.array(redactionAction, { maxLength: 5 })), include: fc.constant({ match_type: 'strict' }) },
  { requiredKeys: ['actions'] },
);

const regexes = fc.array(fc.oneof(fc.constantFrom('customer=[0-9]+', '(bad', '.*', '\\d{16}', 'a{1000}'), fc.string({ maxLength: 8 })), {
  maxLength: 4,
});
const redactionBody = fc.record({
  allow_all_keys: maybe(fc.boolean()),
  allowed_keys: maybe(fc.array(fc.constantFrom('http.route', 'user.email', 'service.name'), { maxLength: 3 })),
  ignored_keys: maybe(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 })),
  blocked_values: maybe(regexes),
  blocked_key_patterns: maybe(regexes),
  allowed_values: maybe(regexes),
  redact_all_types: maybe(fc.boolean()),
  summary: maybe(fc.constantFrom('debug', 'info', 'silent', '', 'loud')),
  hash_function: fc.constantFrom('md5', 'sha1'),
});

/** The body as a learner pastes it: bare, under its type, or under `processors:`, in block or flow style. */
function pasted(type: string, body: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.tuple(body, fc.constantFrom('bare', 'typed', 'processors'), fc.boolean()).map(([value, wrap, flow]) => {
    const doc = wrap === 'bare' ? value : wrap === 'typed' ? { [type]: value } : { processors: { [type]: value } };
    return stringify(doc, flow ? { collectionStyle: 'flow' } : undefined);
  });
}

/** Deletes, duplicates or re-indents a piece of a valid paste. */
function mutatedPaste(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      text,
      fc.array(
        fc.record({
          at: fc.nat(),
          op: fc.integer({ min: 0, max: 3 }),
          length: fc.integer({ min: 1, max: 12 }),
          token: fc.constantFrom(...YAML_TOKENS),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([source, steps]) => {
      let out = source;
      for (const { at: rawAt, op, length, token } of steps) {
        const at = rawAt % (out.length + 1);
        if (op === 0) out = out.slice(0, at) + out.slice(at + length);
        else if (op === 1) out = out.slice(0, at) + token + out.slice(at);
        else if (op === 2) out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
        else out = out.slice(0, at) + ' '.repeat(length % 4) + out.slice(at);
      }
      return out;
    });
}

describe('fuzz: collector YAML readers answer with a config or positioned ConfigErrors, never an exception', () => {
  // Warm up (JIT, the YAML parser) before inputs are timed.
  for (const read of Object.values(READERS)) read('policies: []\nactions: []\nallow_all_keys: true\n');

  for (const [type, read] of Object.entries(READERS)) {
    it(`${type}: random YAML-ish text (800 inputs)`, () => {
      fc.assert(
        fc.property(yamlText, (text) => read(text)),
        { seed: SEEDS.yamlText, numRuns: 800 },
      );
    });
  }

  it('nesting so deep that the YAML parser runs out of stack is still a ConfigError, not an exception', () => {
    // Under the 100 kB limit, `[` nested 40,000 deep overflows the yaml package's recursion; it
    // reports that as a YAML error. Not timed: it takes 100-200 ms, and its message ("Maximum
    // call stack size exceeded") is the yaml package's (a depth check before parsing would word it better).
    for (const depth of [5_000, 20_000, 40_000]) {
      for (const read of [parseTailSamplingYaml, parseRedactionYaml, parseRedactionProcessorYaml]) {
        const text = `policies: ${'['.repeat(depth)}${']'.repeat(depth)}`;
        const result = read(text);
        expect(result.ok).toBe(false);
        if (!result.ok) for (const error of result.errors) expect(wellFormed(error, text)).toBeUndefined();
      }
    }
  });

  it('tail_sampling: structured random configurations and their mutations (1,500 inputs), every out-of-range number named with its range', () => {
    fc.assert(
      fc.property(fc.oneof(pasted('tail_sampling', tailSamplingBody), mutatedPaste(pasted('tail_sampling', tailSamplingBody))), (text) => {
        READERS.tail_sampling(text);
        const result = parseTailSamplingYaml(text);
        if (!result.ok) {
          for (const error of result.errors) {
            if (
              /num_traces|expected_new_traces_per_sec|threshold_ms|decision_wait|cache_size|min_value|max_value/.test(error.path) &&
              /out of range|too (big|large)/i.test(error.detail)
            ) {
              throw new Error(`${shown(text)}: a range error without the range: ${error.message}`);
            }
          }
        }
      }),
      { seed: SEEDS.yamlStructured, numRuns: 1500 },
    );
  });

  it('attributes: structured random actions and their mutations (1,000 inputs)', () => {
    fc.assert(
      fc.property(fc.oneof(pasted('attributes', attributesBody), mutatedPaste(pasted('attributes', attributesBody))), (text) =>
        READERS.attributes(text),
      ),
      {
        seed: SEEDS.yamlStructured + 1,
        numRuns: 1000,
      },
    );
  });

  it('redaction: structured random settings and their mutations (1,000 inputs)', () => {
    fc.assert(
      fc.property(fc.oneof(pasted('redaction', redactionBody), mutatedPaste(pasted('redaction', redactionBody))), (text) =>
        READERS.redaction(text),
      ),
      {
        seed: SEEDS.yamlStructured + 2,
        numRuns: 1000,
      },
    );
  });
});

describe('the tail_sampling schema names the allowed range of each number', () => {
  const body = (line: string) => `${line}\npolicies: [{ name: e, type: status_code, status_code: { status_codes: [ERROR] } }]`;
  const detail = (text: string) => {
    const result = parseTailSamplingYaml(text);
    return result.ok ? 'accepted' : result.errors.map((e) => e.detail).join(' | ');
  };
  it.each([
    ['num_traces: 1e20', /`num_traces` is a whole number from 1 to 9007199254740991/],
    ['num_traces: .inf', /`num_traces` is a whole number from 1 to 9007199254740991/],
    ['expected_new_traces_per_sec: -1', /from 0 to 9007199254740991/],
    ['decision_wait: 2562048h', /`decision_wait` is a duration from 0s to 2562047h47m16.854775807s/],
    ['decision_wait: -1s', /from 0s to 2562047h47m16.854775807s/],
    [`decision_wait: ${'9'.repeat(400)}s`, /from 0s to 2562047h47m16.854775807s/],
    ['decision_cache: { sampled_cache_size: 1e300 }', /`sampled_cache_size` is a whole number from 0 to/],
  ])('%s', (line, message) => {
    expect(detail(body(line))).toMatch(message);
  });

  it('latency thresholds and numeric bounds', () => {
    expect(detail('policies: [{ name: l, type: latency, latency: { threshold_ms: 1e300 } }]')).toMatch(
      /`threshold_ms` is a whole number from 0 to 9007199254740991/,
    );
    expect(detail('policies: [{ name: l, type: latency, latency: { threshold_ms: -1 } }]')).toBe('`threshold_ms` cannot be negative.');
    expect(detail('policies: [{ name: n, type: numeric_attribute, numeric_attribute: { key: a, min_value: -1e300 } }]')).toMatch(
      /from -9007199254740991 to 9007199254740991/,
    );
    expect(detail(body('decision_wait: 2562047h\nnum_traces: 9007199254740991'))).toBe('accepted');
  });
});
