// The redaction-processor engine against the behaviour of the collector's
// processor (processor/redactionprocessor/processor.go, processAttrs and
// maskValue, blob 051a8b70): expected values are written out by hand from
// that code, not computed with the engine.
import { describe, expect, it } from 'vitest';
import { compileRedaction, parseRedactionProcessorYaml, redactAttributes, redactTraces } from '../../../src/sandbox/redaction-processor';
import { compileGoRegExp } from '../../../src/shared/go-regexp';
import type { OtlpKeyValue } from '../../../src/sandbox/otlp-json';

function run(yaml: string, attributes: OtlpKeyValue[]) {
  const parsed = parseRedactionProcessorYaml(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return redactAttributes(attributes, compileRedaction(parsed.config));
}

const s = (key: string, stringValue: string): OtlpKeyValue => ({ key, value: { stringValue } });
const i = (key: string, n: number): OtlpKeyValue => ({ key, value: { intValue: String(n) } });

function re(pattern: string) {
  const compiled = compileGoRegExp(pattern);
  if (!compiled.ok) throw new Error(compiled.message);
  return compiled.regexp;
}

describe("Go's ReplaceAllStringFunc (RE2 through re2js)", () => {
  it('masks `.*` once on a non-empty value, as Go does (JavaScript would add a second empty match)', () => {
    expect(re('(?s).*').replaceAll('abc', () => '****')).toBe('****');
    expect('abc'.replace(/.*/gs, '****')).toBe('********');
  });
  it('masks an empty value once', () => {
    expect(re('(?s).*').replaceAll('', () => '****')).toBe('****');
  });
  it('replaces every non-overlapping match', () => {
    expect(re('id=[0-9]+').replaceAll('id=1&id=22&x=3', () => '****')).toBe('****&****&x=3');
  });
  it('runs a pattern that backtracking engines choke on in linear time, and refuses what RE2 refuses with its own words', () => {
    expect(re('(a*)*b').test('a'.repeat(100_000))).toBe(false);
    const refused = compileGoRegExp('price(?=EUR)');
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.message).toBe(
        '"price(?=EUR)" is not a valid regular expression (error parsing regexp: invalid or unsupported Perl syntax: `(?=`)',
      );
  });
});

describe('the redaction processor', () => {
  it('masks only the part of a value that matches blocked_values', () => {
    const out = run("redaction:\n  allow_all_keys: true\n  blocked_values: ['4[0-9]{12}(?:[0-9]{3})?']\n", [
      s('note', 'card 4111111111111111 used'),
    ]);
    expect(out.attributes).toEqual([s('note', 'card **** used')]);
    expect(out.masked).toEqual(['note']);
  });

  it('deletes every key not on allowed_keys when allow_all_keys is false ("fails closed")', () => {
    const out = run('redaction:\n  allowed_keys: [http.route]\n', [
      s('http.route', '/dispatch'),
      s('user.email', 'a@b.example'),
      i('retries', 2),
    ]);
    expect(out.attributes).toEqual([s('http.route', '/dispatch')]);
    expect(out.deleted).toEqual(['user.email', 'retries']);
  });

  it('reads only strings by default: a blocked value inside an integer is left alone', () => {
    const out = run("redaction:\n  allow_all_keys: true\n  blocked_values: ['^123$']\n", [i('customer_id', 123)]);
    expect(out.attributes).toEqual([i('customer_id', 123)]);
  });

  it('with redact_all_types, reads integers as text and masks them', () => {
    const out = run("redaction:\n  allow_all_keys: true\n  redact_all_types: true\n  blocked_values: ['^123$']\n", [i('customer_id', 123)]);
    expect(out.attributes).toEqual([s('customer_id', '****')]);
  });

  it('masks the whole value of a key matching blocked_key_patterns', () => {
    const out = run("redaction:\n  allow_all_keys: true\n  blocked_key_patterns: ['authorization$']\n", [
      s('http.request.header.authorization', 'Bearer abc.def'),
    ]);
    expect(out.attributes).toEqual([s('http.request.header.authorization', '****')]);
  });

  it('lets allowed_values and ignored_keys pass untouched', () => {
    const out = run(
      "redaction:\n  allow_all_keys: true\n  ignored_keys: [trace.note]\n  allowed_values: ['@example\\.com$']\n  blocked_values: ['[a-z]+@[a-z.]+']\n",
      [s('trace.note', 'bob@shop.test'), s('owner', 'ops@example.com'), s('user', 'eve@shop.test')],
    );
    expect(out.attributes).toEqual([s('trace.note', 'bob@shop.test'), s('owner', 'ops@example.com'), s('user', '****')]);
  });

  it('adds the summary attributes: counts for info, sorted key lists as well for debug', () => {
    const info = run("redaction:\n  allowed_keys: [a, b]\n  blocked_values: ['x']\n  summary: info\n", [
      s('b', 'x'),
      s('a', 'x'),
      s('c', 'y'),
    ]);
    expect(info.attributes.slice(2)).toEqual([i('redaction.redacted.count', 1), i('redaction.masked.count', 2)]);
    const debug = run("redaction:\n  allowed_keys: [a, b]\n  blocked_values: ['x']\n  summary: debug\n", [
      s('b', 'x'),
      s('a', 'x'),
      s('c', 'y'),
    ]);
    expect(debug.attributes.slice(2)).toEqual([
      s('redaction.redacted.keys', 'c'),
      i('redaction.redacted.count', 1),
      s('redaction.masked.keys', 'a,b'),
      i('redaction.masked.count', 2),
    ]);
  });

  it('visits resource, span and span-event attributes but leaves span names alone', () => {
    const parsed = parseRedactionProcessorYaml("processors:\n  redaction/pii:\n    allow_all_keys: true\n    blocked_values: ['secret']\n");
    if (!parsed.ok) throw new Error('does not parse');
    const out = redactTraces(
      {
        resourceSpans: [
          {
            resource: { attributes: [s('host.note', 'secret host')] },
            scopeSpans: [
              {
                scope: { name: 'x' },
                spans: [
                  { name: 'secret span', attributes: [s('q', 'a secret')], events: [{ name: 'log', attributes: [s('msg', 'secret!')] }] },
                ],
              },
            ],
          },
        ],
      },
      compileRedaction(parsed.config),
    );
    const rs = out.resourceSpans![0]!;
    expect(rs.resource?.attributes).toEqual([s('host.note', '**** host')]);
    const span = rs.scopeSpans![0]!.spans![0]!;
    expect(span.name).toBe('secret span');
    expect(span.attributes).toEqual([s('q', 'a ****')]);
    expect(span.events?.[0]?.attributes).toEqual([s('msg', '****!')]);
  });

  it('names settings it does not run and the field of a bad regular expression', () => {
    const notRun = parseRedactionProcessorYaml('redaction:\n  allow_all_keys: true\n  hash_function: hmac-sha256\n');
    expect(notRun.ok).toBe(false);
    if (!notRun.ok)
      expect(notRun.errors[0]?.message).toContain('`hash_function`: a real redaction-processor setting that this engine does not run');
    const bad = parseRedactionProcessorYaml("redaction:\n  allow_all_keys: true\n  blocked_values: ['customer=([0-9]+']\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors[0]?.line).toBe(3);
      expect(bad.errors[0]?.path).toBe('redaction.blocked_values[0]');
    }
  });
});
