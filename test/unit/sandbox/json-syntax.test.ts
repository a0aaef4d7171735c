// The scanner that locates a JSON error must agree with JSON.parse on what is
// JSON, or a learner would be told a valid file is broken (or the reverse).
import { describe, expect, it } from 'vitest';
import { checkJsonSyntax, lineAndColumn } from '../../../src/sandbox/json-syntax';
import { createRandom } from '../../../src/shared/random.ts';

const SAMPLE = JSON.stringify(
  {
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'front"end\\\u00e9\n' } }] }, scopeSpans: [] }],
    n: [-0.5e-3, 0, 12, 1e10, true, false, null, {}, [], ''],
  },
  null,
  2,
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('checkJsonSyntax', () => {
  it('accepts what JSON.parse accepts and rejects what it rejects, over random damage to a sample', () => {
    const random = createRandom(11);
    let broken = 0;
    const pieces = ['{', '}', '[', ']', ',', ':', '"', '\\', 'x', '1', '-', '.', 'e', ' ', '\n', 'tru', 'null', '\u0001'];
    for (let i = 0; i < 2_000; i += 1) {
      let text = SAMPLE;
      for (let edits = random.int(1, 3); edits > 0; edits -= 1) {
        const at = random.int(0, text.length);
        text =
          random.int(0, 1) === 0
            ? text.slice(0, at) + pieces[random.int(0, pieces.length - 1)]! + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1);
      }
      expect(checkJsonSyntax(text).ok, text).toBe(parses(text));
      if (!parses(text)) broken += 1;
    }
    // Both answers are exercised: most damage breaks the text, some leaves valid JSON.
    expect(broken).toBeGreaterThan(1_000);
    expect(broken).toBeLessThan(2_000);
  });

  it('calls every proper prefix of a document truncated, at its end', () => {
    for (let end = 1; end < SAMPLE.length; end += 7) {
      const result = checkJsonSyntax(SAMPLE.slice(0, end));
      expect(result).toMatchObject({ ok: false, truncated: true, offset: end });
    }
  });

  it('points at the first character that cannot be JSON', () => {
    const text = '{\n  "a": 1,\n  "b": 2\n  "c": 3\n}';
    const result = checkJsonSyntax(text);
    expect(result).toMatchObject({ ok: false, truncated: false, expected: "',' or '}'" });
    expect(!result.ok && lineAndColumn(text, result.offset)).toEqual({ line: 4, column: 3 });
  });

  it('says when a whole value is followed by more: one JSON value per line', () => {
    expect(checkJsonSyntax('{"a":1}\n{"a":2}\n')).toMatchObject({ ok: false, afterValue: true, offset: 8 });
  });

  it('does not overflow on deep nesting', () => {
    expect(checkJsonSyntax(`${'['.repeat(100_000)}${']'.repeat(100_000)}`).ok).toBe(true);
  });
});
