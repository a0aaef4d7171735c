// The recorded Jaeger answers are built, not typed: this holds the committed
// files to what verify-fixtures.ts builds from the upstream-shaped traces and
// the lab's own collector config. When it fails, run
//   npx tsx test/unit/labs/verify-fixtures.ts
// and review the diff: a change in the lab's redaction shows up here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allVerifyFixtures, FIXTURES_DIR } from './verify-fixtures.ts';

const read = (file: string) => readFileSync(join(FIXTURES_DIR, file), 'utf8');
const expected = allVerifyFixtures(read);

describe('verify.sh fixtures', () => {
  it.each(Object.keys(expected).map((file) => [file]))('%s is what the builder makes', (file) => {
    expect(read(file)).toBe(expected[file]);
  });

  it('answers trace searches in the v3 gateway shape: OTLP JSON inside "result", hex ids, integer enums', () => {
    const body = JSON.parse(read('passing/responses/jaeger-v3-traces-checkout.json')) as {
      result: { resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; kind: number; startTimeUnixNano: string; status: { code?: number } }[] }[] }[] };
    };
    const spans = body.result.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(spans.length).toBe(9);
    for (const span of spans) {
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect([1, 2, 3]).toContain(span.kind);
      expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    }
    expect(spans.filter((s) => s.status.code === 2)).toHaveLength(2);
  });

  it('has the no-match and error answers as kubectl prints them (stderr, no body)', () => {
    expect(read('errors/not-found.stderr')).toBe('Error from server (NotFound): the server could not find the requested resource\n');
    expect(read('no-services/responses/jaeger-v3-services.json')).toBe('{"services":[]}');
  });
});
