import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromOtlpJson, MAX_VALUE_DEPTH, OtlpJsonError, toOtlpJson } from '../../../src/sandbox/otlp-json';
import type { SpanRecord } from '../../../src/sandbox/trace-model';
import { fixedDataset } from '../sandbox/fixtures';
import { SEEDS, shown, withinBudget, jsonPaths, mutateJson } from './budget';

// Property-based fuzzing of the OTLP/JSON reader: random JSON values and
// mutations of a valid export must come back within the time budget as span
// records or as an OtlpJsonError naming the field, never another exception.

const valid = toOtlpJson(fixedDataset().spans);
const validDoc: unknown = JSON.parse(valid);

type Outcome = { records: SpanRecord[] } | { error: OtlpJsonError };

function check(text: string): Outcome {
  let outcome: Outcome | undefined;
  try {
    outcome = withinBudget(() => {
      try {
        return { records: fromOtlpJson(text) };
      } catch (error) {
        if (error instanceof OtlpJsonError) return { error };
        throw error;
      }
    });
  } catch (error) {
    throw new Error(`${shown(text)}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
  if ('error' in outcome) {
    // "OTLP JSON resourceSpans[0].scopeSpans[0].spans[2].traceId: must be …": a path, then the problem.
    if (!/^OTLP JSON (body|resourceSpans[\w.[\]]*): \S/.test(outcome.error.message))
      throw new Error(`${shown(text)}: unhelpful message ${outcome.error.message}`);
  } else {
    for (const record of outcome.records) {
      if (!Number.isFinite(record.startUs) || !Number.isFinite(record.endUs))
        throw new Error(`${shown(text)}: a time that is not a number`);
      if (Object.getPrototypeOf(record.attributes) !== Object.prototype) throw new Error(`${shown(text)}: attributes lost their prototype`);
    }
  }
  return outcome;
}

const ALL_PATHS = jsonPaths(validDoc);

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    '',
    '0',
    '-1',
    '1e3',
    '18446744073709551616',
    '99999999999999999999',
    'SPAN_KIND_SERVER',
    'CvdlGRbNQ92ESOshHIAxnA==',
    '0123456789ABCDEF',
    1748856600000000000,
    6,
    -1,
    2.5,
    null,
    true,
    [],
    {},
    { stringValue: 1 },
    { intValue: '1.5' },
    { intValue: '9223372036854775808' },
    { kvlistValue: { values: [] } },
    { bytesValue: 'AA==' },
    { arrayValue: { values: [{ arrayValue: {} }] } },
    { key: '__proto__', value: { intValue: 1 } },
  ),
  fc
    .integer({ min: 1, max: 400 })
    .map((n) => JSON.parse(`${'{"arrayValue":{"values":['.repeat(n)}{"intValue":1}${']}}'.repeat(n)}`) as unknown),
);

const mutation = fc.record({ at: fc.nat(), op: fc.integer({ min: 0, max: 3 }), value: replacement });

const mutate = (doc: unknown, steps: readonly { at: number; op: number; value: unknown }[]) => mutateJson(doc, ALL_PATHS, steps);

describe('fuzz: the OTLP/JSON reader returns spans or an OtlpJsonError with a path, never another exception', () => {
  check(valid);

  it('random JSON values and text (3,000 inputs)', () => {
    const text = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ resourceSpans: v })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [v] }] }] })),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(text, (t) => void check(t)),
      { seed: SEEDS.otlpJson, numRuns: 3000 },
    );
  });

  it('mutations of a valid export (3,000 inputs)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (steps) => {
        if ('records' in check(mutate(validDoc, steps))) read += 1;
      }),
      { seed: SEEDS.otlpMutation, numRuns: 3000 },
    );
    expect(read).toBeGreaterThan(0);
  });

  it('out-of-range numbers and deep values are errors that say so', () => {
    const withValue = (value: unknown) =>
      mutate(validDoc, [{ at: ALL_PATHS.findIndex((p) => p.join('.').endsWith('attributes.0.value')), op: 0, value }]);
    expect(() => fromOtlpJson(withValue({ intValue: '9223372036854775808' }))).toThrow(
      /intValue is out of range: an int64 runs from -9223372036854775808 to 9223372036854775807/,
    );
    expect(fromOtlpJson(withValue({ intValue: '-9223372036854775808' }))).toHaveLength(fromOtlpJson(valid).length);
    const deep = JSON.parse(
      `${'{"arrayValue":{"values":['.repeat(MAX_VALUE_DEPTH + 1)}{"intValue":1}${']}}'.repeat(MAX_VALUE_DEPTH + 1)}`,
    ) as unknown;
    expect(() => fromOtlpJson(withValue(deep))).toThrow(new RegExp(`nests arrays more than ${MAX_VALUE_DEPTH} levels deep`));
    const late = mutate(validDoc, [
      { at: ALL_PATHS.findIndex((p) => p.join('.').endsWith('endTimeUnixNano')), op: 0, value: '18446744073709551616' },
    ]);
    expect(() => fromOtlpJson(late)).toThrow(
      /endTimeUnixNano: is out of range: a fixed64 count of nanoseconds runs from 0 to 18446744073709551615/,
    );
    const proto = fromOtlpJson(
      JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: '0123456789abcdef0123456789abcdef',
                    spanId: '0123456789abcdef',
                    name: 'x',
                    startTimeUnixNano: '1',
                    endTimeUnixNano: '2',
                    attributes: [{ key: '__proto__', value: { arrayValue: { values: [{ intValue: 1 }] } } }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(Object.keys(proto[0]?.attributes ?? {})).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto[0]?.attributes)).toBe(Object.prototype);
  });
});
