import { describe, expect, it } from 'vitest';
import { parseTailSamplingYaml } from '../../../src/sandbox/tail-sampling/simulate';
import type { ConfigError } from '../../../src/sandbox/tail-sampling/collector-yaml';

// The learner pastes the YAML a collector takes; mistakes come back with the
// line, the field path and the fix.

function errorsOf(yaml: string): readonly ConfigError[] {
  const parsed = parseTailSamplingYaml(yaml);
  if (parsed.ok) throw new Error('expected the configuration to be rejected');
  return parsed.errors;
}

function firstError(yaml: string): ConfigError {
  const [error] = errorsOf(yaml);
  if (!error) throw new Error('expected an error');
  return error;
}

const body = `decision_wait: 10s
num_traces: 100
policies:
  - name: failures
    type: status_code
    status_code: { status_codes: [ERROR] }
  - name: slowest
    type: latency
    latency: { threshold_ms: 500 }
`;

describe('where the configuration may start', () => {
  it('reads the whole processors block, the tail_sampling block, or just its body, to the same config', () => {
    const indent = (text: string, by: string) =>
      text
        .split('\n')
        .map((line) => (line ? by + line : line))
        .join('\n');
    const forms = [
      `receivers:\n  otlp: {}\nprocessors:\n  batch: {}\n  tail_sampling:\n${indent(body, '    ')}exporters:\n  debug: {}\n`,
      `tail_sampling:\n${indent(body, '  ')}`,
      `tail_sampling/lab:\n${indent(body, '  ')}`,
      body,
    ];
    const configs = forms.map((form) => {
      const parsed = parseTailSamplingYaml(form);
      if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
      return parsed.config;
    });
    for (const config of configs) expect(config).toEqual(configs[0]);
    expect(configs[0]?.decision_wait).toBe(10_000);
    expect(configs[0]?.num_traces).toBe(100);
  });

  it('reads the flow style of the processor README and fills in the defaults', () => {
    const parsed = parseTailSamplingYaml(`processors:
  tail_sampling:
    policies:
      [
          { name: test-policy-1, type: always_sample },
          { name: test-policy-2, type: latency, latency: {threshold_ms: 5000, upper_threshold_ms: 10000} },
          { name: test-policy-3, type: numeric_attribute, numeric_attribute: {key: key1, min_value: 50, max_value: 100} },
          { name: test-policy-4, type: probabilistic, probabilistic: {sampling_percentage: 10} },
          { name: test-policy-5, type: status_code, status_code: {status_codes: [ERROR, UNSET]} },
          { name: test-policy-7, type: string_attribute, string_attribute: {key: key2, values: [value1, val*], enabled_regex_matching: true, cache_max_size: 10} },
      ]
`);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    expect(parsed.config.policies).toHaveLength(6);
    expect(parsed.config.decision_wait).toBe(30_000);
    expect(parsed.config.num_traces).toBe(50_000);
  });

  it('says what to paste when there is no tail_sampling processor', () => {
    const error = firstError('processors:\n  batch: {}\n');
    expect(error.line).toBe(1);
    expect(error.detail).toMatch(/no `tail_sampling` processor found/);
  });
});

describe('mistakes', () => {
  it('a duration where milliseconds are expected: line, path and fix', () => {
    const error = firstError(`processors:
  tail_sampling:
    policies:
      - name: slow
        type: latency
        latency:
          threshold_ms: 5s
`);
    expect(error.line).toBe(7);
    expect(error.path).toBe('processors.tail_sampling.policies[0].latency.threshold_ms');
    expect(error.message).toBe(
      'line 7, column 25: field processors.tail_sampling.policies[0].latency.threshold_ms: `threshold_ms` is a whole number of milliseconds, e.g. `threshold_ms: 500`.',
    );
  });

  it('a typo in a field name suggests the right one', () => {
    const error = firstError(`tail_sampling:
  policies:
    - name: slow
      type: latency
      latency: { treshold_ms: 500 }
`);
    expect(error.line).toBe(5);
    expect(error.path).toBe('tail_sampling.policies[0].latency.treshold_ms');
    expect(error.detail).toContain('did you mean `threshold_ms`?');
  });

  it('a policy type the simulator does not run is named as a real collector policy', () => {
    const error = firstError(`tail_sampling:
  policies:
    - name: limit
      type: rate_limiting
      rate_limiting: { spans_per_second: 35 }
`);
    expect(error.line).toBe(4);
    expect(error.path).toBe('tail_sampling.policies[0].type');
    expect(error.detail).toMatch(/`rate_limiting` is a real collector policy, but this simulator does not run it/);
  });

  it('an unknown policy type lists the ones that work', () => {
    const error = firstError('policies:\n  - { name: x, type: errors_only }\n');
    expect(error.detail).toMatch(/unknown policy type "errors_only"; use one of always_sample, latency, status_code/);
  });

  it('status codes are upper case, as the collector requires', () => {
    const error = firstError('policies:\n  - { name: e, type: status_code, status_code: { status_codes: [error] } }\n');
    expect(error.path).toBe('policies[0].status_code.status_codes[0]');
    expect(error.detail).toBe('unknown status code "error", supported: OK, ERROR, UNSET (upper case).');
  });

  it('a missing policy block names the block and shows an example', () => {
    const error = firstError('policies:\n  - name: e\n    type: status_code\n');
    expect(error.path).toBe('policies[0].status_code');
    expect(error.detail).toMatch(/needs a `status_code:` block/);
    expect(error.line).toBe(2);
  });

  it('a bare number for decision_wait is caught (the collector would read nanoseconds)', () => {
    const error = firstError('decision_wait: 10\npolicies: [{ name: a, type: always_sample }]\n');
    expect(error.line).toBe(1);
    expect(error.detail).toMatch(/nanoseconds; write a unit, e.g. `decision_wait: 10s`/);
  });

  it('an invalid regular expression points at the value', () => {
    const error = firstError(`policies:
  - name: r
    type: string_attribute
    string_attribute:
      key: http.route
      enabled_regex_matching: true
      values:
        - /ok
        - /(broken
`);
    expect(error.line).toBe(9);
    expect(error.path).toBe('policies[0].string_attribute.values[1]');
    expect(error.detail).toMatch(/is not a valid regular expression/);
  });

  it('YAML syntax errors carry their line', () => {
    const error = firstError('tail_sampling:\n  policies:\n    - name: a\n   type: always_sample\n');
    expect(error.line).toBe(4);
    expect(error.detail).toMatch(/^not valid YAML: .+\. Fix: check the indentation/);
  });

  it('reports every problem, each with its own line, in line order', () => {
    const errors = errorsOf(`policies:
  - name: a
    type: latency
    latency: { threshold_ms: -1 }
  - name: b
    type: probabilistic
    probabilistic: {}
`);
    expect(errors.map((e) => e.line)).toEqual([4, 7]);
    expect(errors[0]?.detail).toBe('`threshold_ms` cannot be negative.');
    expect(errors[1]?.detail).toMatch(/`sampling_percentage` is required/);
  });

  it('two policies with one name', () => {
    const error = firstError('policies:\n  - { name: a, type: always_sample }\n  - { name: a, type: always_sample }\n');
    expect(error.line).toBe(3);
    expect(error.detail).toBe('duplicate policy name "a"; give each policy its own name.');
  });

  it('the and policy refuses nested and/drop policies', () => {
    const error = firstError(`policies:
  - name: outer
    type: and
    and:
      and_sub_policy:
        - { name: inner, type: drop, drop: { drop_sub_policy: [{ name: x, type: always_sample }] } }
`);
    expect(error.path).toBe('policies[0].and.and_sub_policy[0].type');
    expect(error.detail).toMatch(/cannot be used here/);
  });

  it('a key indented one space too far: the line and column of that key, not the line above', () => {
    const error = firstError('tail_sampling:\n  policies:\n    - name: errors\n       type: status_code\n');
    expect(error.message).toBe(
      'line 4, column 8: `type:` starts in column 8, but `name:` on line 3 starts in column 7. Fix: start the keys of one block in the same column (remove 1 space), or nest it under a key that ends with `:`.',
    );
  });

  it('a known key at the wrong level is an indentation problem, never "did you mean" itself', () => {
    const error = firstError('tail_sampling:\n  policies:\n    - name: p\n  type: latency\n');
    const all = parseTailSamplingYaml('tail_sampling:\n  policies:\n    - name: p\n  type: latency\n');
    const messages = all.ok ? [] : all.errors.map((e) => e.message);
    expect(messages).toContain('line 4, column 3: field tail_sampling: `type` does not belong at this level. Fix: check its indentation.');
    expect(messages.join('\n')).not.toMatch(/did you mean `type`/);
    expect(error.line).toBe(3);
  });

  it.each([
    [150, 'write 100 to keep every trace this policy sees'],
    [-10, 'a negative value keeps nothing'],
  ])('sampling_percentage %d is an error naming the range 0 to 100', (value, fix) => {
    const error = firstError(
      `tail_sampling:\n  policies:\n    - name: p\n      type: probabilistic\n      probabilistic:\n        sampling_percentage: ${value}\n`,
    );
    expect(error.path).toBe('tail_sampling.policies[0].probabilistic.sampling_percentage');
    expect(error.line).toBe(6);
    expect(error.detail).toBe(`\`sampling_percentage\` is a share of traces from 0 to 100; ${fix}.`);
  });

  it('takes YAML merge keys, as the collector does', () => {
    const parsed = parseTailSamplingYaml(`tail_sampling:
  policies:
    - &slow { name: slow, type: latency, latency: { threshold_ms: 500 } }
    - <<: *slow
      name: slower
      latency: { threshold_ms: 900 }
`);
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
    expect(parsed.config.policies.map((p) => p.name)).toEqual(['slow', 'slower']);
    expect(parsed.config.policies[1]).toMatchObject({ type: 'latency', latency: { threshold_ms: 900 } });
  });

  it('refuses a huge paste before parsing it, and more than 200 policies, each with a message', () => {
    const big = `tail_sampling:\n  policies:\n${'    - { name: p, type: always_sample }\n'.repeat(4000)}`;
    expect(firstError(big).detail).toMatch(/^this configuration is \d+ kB\. Fix: paste at most 100 kB/);
    const many = `tail_sampling:\n  policies:\n${Array.from({ length: 201 }, (_, i) => `    - { name: p${i}, type: always_sample }\n`).join('')}`;
    expect(firstError(many).detail).toBe(
      'at most 200 policies here: group values into one string_attribute policy instead of one policy per value.',
    );
  });
});
