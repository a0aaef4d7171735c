// The lab exports lab-proof.ts is tested on are built, not typed: this holds
// the committed files to what proof-fixtures.ts builds. When it fails, run
//   npx tsx test/unit/labs/proof-fixtures.ts
// and review the diff.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROOF_FIXTURES_DIR, proofFixtures } from './proof-fixtures.ts';

const expected = proofFixtures();

describe('lab proof fixtures', () => {
  it.each(Object.keys(expected).map((file) => [file]))('%s is what the builder makes', (file) => {
    expect(readFileSync(join(PROOF_FIXTURES_DIR, file), 'utf8')).toBe(expected[file]);
  });

  it('the learner’s trace continues the learner’s traceparent: its first span’s parent is the caller’s span id', () => {
    const body = JSON.parse(expected['healthy.json']!) as { result: { resourceSpans: { scopeSpans: { spans: { traceId: string; name: string; parentSpanId?: string }[] }[] }[] } };
    const spans = body.result.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).filter((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spans.find((s) => s.name === 'GET /dispatch')!.parentSpanId).toBe('00f067aa0ba902b7');
  });
});
