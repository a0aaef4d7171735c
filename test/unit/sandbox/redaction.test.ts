import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  applyActions,
  checkSpansForSensitiveData,
  findSensitiveAttributes,
  hashAttributeValue,
  luhnValid,
  parseRedactionYaml,
  runRedaction,
} from '../../../src/sandbox/redaction';
import type { Redaction } from '../../../src/schemas/redaction';
import { TraceBuilder } from './fixtures';

function config(yaml: string): Redaction {
  const parsed = parseRedactionYaml(yaml);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.config;
}

describe('SHA-256 as the attributes processor hashes', () => {
  it('hashes a string as its UTF-8 bytes, as node:crypto does, on every padding length', () => {
    for (let length = 0; length < 130; length += 1) {
      const text = 'x'.repeat(length) + 'é';
      expect(hashAttributeValue(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });

  it('hashes ints and doubles as 8 little-endian bytes and bools as one byte', () => {
    const int = Buffer.alloc(8);
    int.writeBigInt64LE(-42n);
    expect(hashAttributeValue(-42)).toBe(createHash('sha256').update(int).digest('hex'));
    const double = Buffer.alloc(8);
    double.writeDoubleLE(1.5);
    expect(hashAttributeValue(1.5)).toBe(createHash('sha256').update(double).digest('hex'));
    expect(hashAttributeValue(true)).toBe(
      createHash('sha256')
        .update(Buffer.from([1]))
        .digest('hex'),
    );
  });
});

describe('attributes processor actions', () => {
  const before = {
    'user.email': 'ada@example.com',
    'http.request.header.authorization': 'Bearer abc.def',
    'http.route': '/checkout/{cart_id}',
    'app.card': '4111 1111 1111 1111',
    'session.token': 'tok_123',
  };

  it('delete by key and by pattern, hash by key, in order', () => {
    const { after, changes } = applyActions(
      before,
      config(`processors:
  attributes/redact:
    actions:
      - key: http.request.header.authorization
        action: delete
      - pattern: ^session\\.
        action: delete
      - key: user.email
        action: hash
`),
    );
    expect(Object.keys(after).sort()).toEqual(['app.card', 'http.route', 'user.email']);
    expect(after['user.email']).toBe(createHash('sha256').update('ada@example.com').digest('hex'));
    expect(changes.map((c) => `${c.change}:${c.key}`)).toEqual([
      'deleted:http.request.header.authorization',
      'deleted:session.token',
      'hashed:user.email',
    ]);
  });

  it('insert only adds, update only changes, upsert does both; from_attribute copies', () => {
    const { after } = applyActions(
      { 'http.route': '/a', 'user.id': 'u-1' },
      config(`actions:
  - { key: http.route, action: insert, value: /ignored }
  - { key: redacted, action: insert, value: true }
  - { key: missing, action: update, value: 1 }
  - { key: http.route, action: update, value: /b }
  - { key: owner, action: upsert, from_attribute: user.id }
`),
    );
    expect(after).toEqual({ 'http.route': '/b', 'user.id': 'u-1', redacted: true, owner: 'u-1' });
  });

  it('applies to every span and shows before and after', () => {
    const builder = new TraceBuilder();
    builder.add({ name: 'POST /signup', service: 'auth-service', at: 0, ms: 5, attributes: { 'user.email': 'ada@example.com' } });
    const run = runRedaction('attributes:\n  actions:\n    - { key: user.email, action: delete }\n', builder.spans);
    if (!run.ok) throw new Error('config should load');
    expect(run.views[0]?.before).toEqual({ 'user.email': 'ada@example.com' });
    expect(run.views[0]?.after).toEqual({});
  });

  it('configuration mistakes name the line and the fix', () => {
    const hashWithValue = parseRedactionYaml('actions:\n  - key: user.email\n    action: hash\n    value: x\n');
    expect(hashWithValue.ok).toBe(false);
    if (!hashWithValue.ok) expect(hashWithValue.errors[0]?.detail).toMatch(/`hash` does not use `value`/);
    const extract = parseRedactionYaml('actions:\n  - key: a\n    action: extract\n    pattern: (?P<x>.*)\n');
    if (!extract.ok) {
      expect(extract.errors[0]?.line).toBe(3);
      expect(extract.errors[0]?.detail).toMatch(/`extract` is a real attributes-processor action/);
    } else throw new Error('expected an error');
    const upper = parseRedactionYaml('actions:\n  - { key: a, action: DELETE }\n');
    expect(upper.ok).toBe(true);
  });
});

describe('the sensitive-data check', () => {
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('flags authorization headers, e-mail addresses, card numbers and tokens', () => {
    const kinds = (attrs: Record<string, string | number>) => findSensitiveAttributes(attrs).map((f) => `${f.key}:${f.kind}`);
    expect(kinds({ 'http.request.header.authorization': 'Basic dXNlcjpwYXNz' })).toEqual([
      'http.request.header.authorization:authorization',
    ]);
    expect(kinds({ note: 'Bearer eyJhbGciOi.x.y' })).toEqual(['note:authorization']);
    expect(kinds({ 'user.email': 'ada@example.com', 'app.comment': 'mail me at bob@example.org' })).toEqual([
      'user.email:email',
      'app.comment:email',
    ]);
    expect(kinds({ 'app.card': '4111-1111-1111-1111', 'order.id': '4111111111111112', 'app.phone': '+44 20 7946 0958' })).toEqual([
      'app.card:card-number',
    ]);
    expect(kinds({ 'session.token': 'abc', 'app.jwt': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig' })).toEqual([
      'session.token:token',
      'app.jwt:token',
    ]);
    expect(kinds({ 'http.route': '/checkout/{cart_id}', 'http.response.status_code': 200 })).toEqual([]);
  });

  it('passes values the hash action has replaced', () => {
    const { after } = applyActions(
      { 'user.email': 'ada@example.com', 'session.token': 'abc' },
      config('actions:\n  - { pattern: ".*", action: hash }\n'),
    );
    expect(findSensitiveAttributes(after)).toEqual([]);
  });

  it('checks span and resource attributes of real spans', () => {
    const builder = new TraceBuilder({ 'checkout-api': { 'owner.email': 'team@example.com' } });
    builder.add({ name: 'GET /checkout', service: 'checkout-api', at: 0, ms: 5, attributes: { 'app.card': '4111111111111111' } });
    builder.add({ name: 'GET /health', service: 'api-gateway', at: 0, ms: 1 }, 10);
    const findings = checkSpansForSensitiveData(builder.spans);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.span.map((f) => f.kind)).toEqual(['card-number']);
    expect(findings[0]?.resource.map((f) => f.kind)).toEqual(['email']);
  });
});
