import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, MAX_QUERY_LENGTH } from '../../../src/sandbox/traceql/lexical';
import { parseTraceQL } from '../../../src/sandbox/traceql/parse';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import type { TraceQLResult } from '../../../src/sandbox/traceql/run';
import { indexTraces } from '../../../src/sandbox/traceql/trace-index';
import { fixedDataset } from '../sandbox/fixtures';
import { SEEDS, shown, withinBudget } from './budget';

// Property-based fuzzing of the TraceQL engine (parse + evaluate) over a
// small fixed dataset: random text, grammar-shaped queries, mutations of
// valid ones and pathological repetitions. Every input must come back within
// the time budget, without a throw, as a result or as an error with a
// position inside the query and a message that is not an internal error.

const { spans } = fixedDataset();
const index = indexTraces(spans);
const spanIds = new Set(spans.map((s) => s.spanContext().spanId));

/** What is wrong with an answer, or undefined when it is well formed. */
function problemWith(query: string, result: TraceQLResult): string | undefined {
  if (!result.ok) {
    const { error } = result;
    if (error.message.trim() === '') return 'empty message';
    if (/Internal error/.test(error.message)) return error.message;
    if (!(error.from >= 0 && error.to >= error.from && error.to <= query.length))
      return `position ${error.from}-${error.to} outside the query`;
    if (!(Number.isInteger(error.line) && error.line >= 1 && Number.isInteger(error.column) && error.column >= 1))
      return `line ${error.line}, column ${error.column}`;
    if (!['syntax', 'unsupported', 'invalid'].includes(error.kind)) return `kind ${error.kind}`;
    return undefined;
  }
  if (result.kind === 'search') {
    for (const trace of result.traces) for (const id of trace.spanIds) if (!spanIds.has(id)) return `unknown span ${id}`;
  } else {
    for (const series of result.series)
      if (series.values.length !== result.timestamps.length) return 'series length differs from the steps';
  }
  return undefined;
}

function check(query: string): TraceQLResult {
  let result: TraceQLResult | undefined;
  try {
    result = withinBudget(() => runTraceQL(query, index));
  } catch (error) {
    throw new Error(`${shown(query)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const problem = problemWith(query, result);
  if (problem) throw new Error(`${shown(query)}: ${problem}`);
  return result;
}

// ---- Generators ------------------------------------------------------------

const TOKENS = [
  '{',
  '}',
  '{ }',
  '(',
  ')',
  '[',
  ']',
  '|',
  '&&',
  '||',
  '>',
  '>>',
  '<',
  '<<',
  '~',
  '!~',
  '=~',
  '=',
  '!=',
  '>=',
  '<=',
  '!',
  '-',
  '+',
  '*',
  '/',
  '%',
  '^',
  ',',
  '.',
  ':',
  '&>>',
  '&>',
  '&<',
  '&~',
  '!<',
  '!>',
  '!>>',
  '!<<',
  'name',
  'status',
  'duration',
  'kind',
  'rootName',
  'rootServiceName',
  'traceDuration',
  'statusMessage',
  'childCount',
  'parent',
  'span.',
  'resource.',
  'event.',
  'link.',
  '.http.route',
  'span:name',
  'span:id',
  'trace:duration',
  'trace:id',
  'event:name',
  'error',
  'ok',
  'unset',
  'server',
  'client',
  'nil',
  'true',
  'false',
  '1',
  '-2',
  '3.5',
  '1e3',
  '1e309',
  '0x10',
  '99999999999999999999',
  '250ms',
  '1s',
  '1h30m',
  '2d',
  '1.5d',
  '1e308ms',
  '10us',
  '1µs',
  '"GET /products"',
  '"(bad"',
  '"\\d"',
  '"\\n"',
  '"\\u00e9"',
  '"a\nb"',
  '`raw\\d`',
  'by(',
  'by (',
  'count()',
  'avg(',
  'max(',
  'min(',
  'sum(',
  'select(',
  'coalesce()',
  'rate()',
  'count_over_time()',
  'avg_over_time(',
  'quantile_over_time(',
  'histogram_over_time(',
  'compare(',
  'topk(',
  'bottomk(',
  'with',
  '(most_recent=true)',
  '$svc',
  '//c\n',
  '/* c */',
  '\n',
  '  ',
  'ü',
  '"',
  "'",
  '==',
  'and',
  '\\',
  '\u0000',
  '\uD800',
  '😀',
];

const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 30 })
  .chain((tokens) =>
    fc
      .array(fc.boolean(), { minLength: tokens.length, maxLength: tokens.length })
      .map((spaces) => tokens.map((t, i) => t + (spaces[i] ? ' ' : '')).join('')),
  );

const randomText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...'{}()[]|&!<>=~"`\\.:,-+*/%^ \n\t0123456789aehmnsuµdwyx'), maxLength: 120 }),
  tokenSoup,
);

const INTRINSICS = [
  'name',
  'status',
  'duration',
  'kind',
  'rootName',
  'rootServiceName',
  'traceDuration',
  'statusMessage',
  'childCount',
  'span:name',
  'span:id',
  'trace:id',
];
const ATTRIBUTES = [
  'span.http.route',
  'resource.service.name',
  '.db.system',
  'span.http.response.status_code',
  '.customer.email',
  'span."with space"',
  'span.a-b',
  '.missing',
];

const field = fc.constantFrom(...INTRINSICS, ...ATTRIBUTES);
const unit = fc.constantFrom('ns', 'us', 'µs', 'ms', 's', 'm', 'h');
const literal = fc.oneof(
  fc.constantFrom('error', 'ok', 'unset', 'server', 'client', 'internal', 'nil', 'true', 'false'),
  fc.constantFrom('"GET /products"', '"payment-api"', '"checkout-api"', '""', '"\\n\\t\\"\\\\"', '"\\u00e9"', '`a\\d`'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.bigInt({ min: 0n, max: 10n ** 22n }).map(String),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((n) => (Number.isInteger(n) ? `${n}.5` : String(n))),
  fc.tuple(fc.nat({ max: 100_000 }), unit).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.nat({ max: 1000 }), fc.nat({ max: 59 })).map(([h, m]) => `${h}h${m}m`),
  fc.tuple(fc.nat({ max: 400 }), fc.constantFrom('d', 'w', 'y')).map(([n, u]) => `${n}${u}`),
  fc.bigInt({ min: 2_000_000n, max: 10n ** 15n }).map((n) => `${n}h`),
);
const regexLiteral = fc.constantFrom(
  '".*"',
  '"GET .*"',
  '"POST /(payments|checkout)"',
  '"(bad"',
  '"a{1000}{1000}"',
  '`\\d+`',
  '"[[:alpha:]]+"',
);
const compareOp = fc.constantFrom('=', '!=', '>', '>=', '<', '<=');

const { condition } = fc.letrec<{ condition: string }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(field, compareOp, literal).map(([f, op, v]) => `${f} ${op} ${v}`),
    fc.tuple(field, fc.constantFrom('=~', '!~'), regexLiteral).map(([f, op, v]) => `${f} ${op} ${v}`),
    fc
      .tuple(field, fc.constantFrom('+', '-', '*', '/', '%', '^'), literal, compareOp, literal)
      .map(([f, a, x, op, y]) => `${f} ${a} ${x} ${op} ${y}`),
    field,
    fc.tuple(tie('condition'), fc.constantFrom('&&', '||'), tie('condition')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('condition').map((c) => `!(${c})`),
    tie('condition').map((c) => `(${c})`),
  ),
}));

const spanset = fc.oneof(
  fc.constant('{ }'),
  condition.map((c) => `{ ${c} }`),
);
const { spansetExpr } = fc.letrec<{ spansetExpr: string }>((tie) => ({
  spansetExpr: fc.oneof(
    { depthSize: 'small' },
    spanset,
    fc
      .tuple(
        tie('spansetExpr'),
        fc.constantFrom('&&', '||', '>', '>>', '<', '<<', '~', '&>', '&>>', '&<', '&<<', '&~', '!>', '!>>', '!<', '!<<', '!~'),
        tie('spansetExpr'),
      )
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('spansetExpr').map((e) => `(${e})`),
  ),
}));

const scalar = fc.oneof(
  fc.nat({ max: 1000 }).map(String),
  fc.tuple(fc.nat({ max: 5000 }), unit).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('1.5', '1e3', '2 * count()', 'count() + 1'),
);
const searchStage = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('count()', 'avg(duration)', 'max(span.http.response.status_code)', 'min(duration)', 'sum(duration)', 'avg(name)'),
      compareOp,
      scalar,
    )
    .map(([agg, op, v]) => `| ${agg} ${op} ${v}`),
  fc.array(field, { minLength: 1, maxLength: 3 }).map((fs) => `| by(${fs.join(', ')})`),
  fc.array(field, { minLength: 1, maxLength: 3 }).map((fs) => `| select(${fs.join(', ')})`),
  fc.constant('| coalesce()'),
);
const metricsStage = fc.oneof(
  fc.constantFrom(
    '| rate()',
    '| count_over_time()',
    '| avg_over_time(duration)',
    '| min_over_time(duration)',
    '| max_over_time(span.http.response.status_code)',
    '| sum_over_time(duration)',
  ),
  fc
    .array(fc.constantFrom('0', '0.5', '0.9', '0.99', '1', '1e-1'), { minLength: 1, maxLength: 4 })
    .map((qs) => `| quantile_over_time(duration, ${qs.join(', ')})`),
);
const grammarShaped = fc
  .tuple(
    spansetExpr,
    fc.array(searchStage, { maxLength: 3 }),
    fc.option(
      fc.tuple(
        metricsStage,
        fc.option(fc.array(field, { minLength: 1, maxLength: 2 })),
        fc.option(fc.tuple(fc.constantFrom('topk', 'bottomk'), fc.integer({ min: 1, max: 5 }))),
      ),
    ),
  )
  .map(([expr, stages, metrics]) => {
    let query = [expr, ...stages].join(' ');
    if (metrics) {
      const [stage, by, top] = metrics;
      query += ` ${stage}${by ? ` by (${by.join(', ')})` : ''}${top ? ` | ${top[0]}(${top[1]})` : ''}`;
    }
    return query;
  });

const VALID = [
  '{ status = error } | by(resource.service.name) | count() > 1',
  '{ duration > 250ms } | count_over_time() by (resource.service.name)',
  '{ resource.service.name = "payment-api" } | avg_over_time(duration) by (name)',
  '{ .http.route =~ "/check.*" && kind = server } >> { status = error }',
  '({ name = "POST /payments" } ~ { }) | select(span.http.response.status_code)',
  '{ } | quantile_over_time(duration, 0.5, 0.9) by (resource.service.name) | topk(2)',
  '{ rootName = "GET /products" || traceDuration > 1s } | avg(duration) > 100ms',
  '{ kind = client } !< { } && { span.db.system != nil }',
  '{ duration > 1h30m || duration < 1e3 }',
  '{ name = "caf\\u00e9\\n" }',
];

const mutation = fc.record({
  at: fc.nat(),
  op: fc.integer({ min: 0, max: 4 }),
  length: fc.integer({ min: 1, max: 6 }),
  token: fc.constantFrom(...TOKENS),
});
const mutated = fc
  .tuple(fc.oneof(fc.constantFrom(...VALID), grammarShaped), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([query, steps]) => {
    let out = query;
    for (const { at: rawAt, op, length, token } of steps) {
      const at = rawAt % (out.length + 1);
      if (op === 0) out = out.slice(0, at) + out.slice(at + length);
      else if (op === 1) out = out.slice(0, at) + token + out.slice(at);
      else if (op === 2) out = out.slice(0, at);
      else if (op === 3)
        out =
          out.slice(0, at) +
          out
            .slice(at, at + length)
            .split('')
            .reverse()
            .join('') +
          out.slice(at + length);
      else out = out.slice(0, at) + out.slice(at, at + length) + out.slice(at);
    }
    return out;
  });

/** Repetitions that once hung the playground or drew a wrong message: deep nesting, long chains, many stages. */
const PIECES = [
  ['(', ')'],
  ['{ (', ') }'],
  ['!', ''],
  ['-', ''],
  ['!(', ')'],
] as const;
const pathological = fc.oneof(
  fc
    .tuple(fc.constantFrom(...PIECES), fc.integer({ min: 1, max: 2000 }))
    .map(([[open, close], n]) => `{ ${open.repeat(n)}name = "x"${close.repeat(n)} }`),
  fc
    .tuple(fc.constantFrom(' && ', ' || ', ' >> ', ' &>> ', ' !<< ', ' ~ ', ' &~ ', ' > ', ' < '), fc.integer({ min: 1, max: 1400 }))
    .map(([op, n]) => Array.from({ length: n }, () => '{ }').join(op)),
  fc
    .tuple(fc.constantFrom('&&', '||', '+', '^', '*'), fc.integer({ min: 1, max: 1400 }))
    .map(([op, n]) => `{ ${Array.from({ length: n }, () => '1').join(op)} > 0 }`),
  fc
    .tuple(
      fc.constantFrom(' | by(name)', ' | by(span:id)', ' | count() > 0', ' | coalesce()', ' | select(name)', ' | avg(duration) > 1ms'),
      fc.integer({ min: 1, max: 400 }),
    )
    .map(([stage, n]) => `{ }${stage.repeat(n)}`),
  fc
    .integer({ min: 1, max: 500 })
    .map((n) => `{ } | quantile_over_time(duration, ${Array.from({ length: n }, () => '0.5').join(', ')}) by (span:id)`),
  fc.integer({ min: 1, max: 4000 }).map((n) => `{ name = "${'x'.repeat(n)}" }`),
  fc.integer({ min: 1, max: 1000 }).map((n) => `{ name =~ "${'(.*)'.repeat(n)}" }`),
  fc.integer({ min: 300, max: 3990 }).map((n) => `{ duration > ${'9'.repeat(n)}ms }`),
);

// ---- Properties ----------------------------------------------------------------

describe('fuzz: TraceQL parse and evaluate never throw, never hang', () => {
  // Warm the engine (JIT, the regex compiler) so the first timed input is not charged for it.
  for (const query of VALID) runTraceQL(query, index);

  it('random text and token soups (4,000 inputs)', () => {
    fc.assert(
      fc.property(randomText, (query) => void check(query)),
      { seed: SEEDS.traceqlSoup, numRuns: 4000 },
    );
  });

  it('grammar-shaped queries (3,000 inputs), most of which run', () => {
    let ok = 0;
    fc.assert(
      fc.property(grammarShaped, (query) => {
        if (check(query).ok) ok += 1;
      }),
      { seed: SEEDS.traceqlGrammar, numRuns: 3000 },
    );
    expect(ok).toBeGreaterThan(2000);
  });

  it('mutations of valid queries (3,000 inputs)', () => {
    fc.assert(
      fc.property(mutated, (query) => void check(query)),
      { seed: SEEDS.traceqlMutation, numRuns: 3000 },
    );
  });

  it('pathological repetitions (600 inputs): bounded, and refused only with a message naming the limit', () => {
    fc.assert(
      fc.property(pathological, (query) => {
        const result = check(query);
        if (!result.ok && result.error.kind === 'unsupported' && query.length > MAX_QUERY_LENGTH) {
          expect(result.error.message).toContain(`up to ${MAX_QUERY_LENGTH.toLocaleString('en-US')} characters`);
        }
      }),
      { seed: SEEDS.traceqlPathological, numRuns: 600 },
    );
  });
});

describe('fuzz: long valid queries are accepted, or refused with a true message', () => {
  it('a chain of conditions within the length limit parses, whatever its length (400 inputs)', () => {
    const chain = fc
      .tuple(
        fc.array(
          fc.tuple(field, compareOp, literal).map(([f, op, v]) => `${f} ${op} ${v}`),
          { minLength: 1, maxLength: 400 },
        ),
        fc.constantFrom('&&', '||'),
      )
      .map(([conditions, op]) => `{ ${conditions.join(` ${op} `)} }`);
    fc.assert(
      fc.property(chain, (query) => {
        const parsed = withinBudget(() => parseTraceQL(query));
        if (query.length > MAX_QUERY_LENGTH) {
          expect(parsed.ok).toBe(false);
          if (!parsed.ok) expect(parsed.error.message).toMatch(/up to 4,000 characters/);
        } else if (!parsed.ok) {
          // The only refusals left are values out of range or not TraceQL, named as such.
          expect(parsed.error.message, shown(query)).toMatch(/out of range|is not a (duration|number)|not an escape/);
        }
      }),
      { seed: SEEDS.traceqlLong, numRuns: 400 },
    );
  });

  it('nesting up to the limit is accepted; deeper is refused naming the limit', () => {
    for (const depth of [1, 10, MAX_NESTING - 1]) {
      expect(parseTraceQL(`${'('.repeat(depth)}{ name = "x" }${')'.repeat(depth)}`).ok, `depth ${depth}`).toBe(true);
      expect(parseTraceQL(`{ ${'!'.repeat(depth)}true }`).ok, `${depth} signs`).toBe(true);
    }
    const deep = parseTraceQL(`${'('.repeat(MAX_NESTING + 1)}{ }${')'.repeat(MAX_NESTING + 1)}`);
    expect(deep.ok).toBe(false);
    if (!deep.ok) expect(deep.error.message).toContain(`up to ${MAX_NESTING} levels`);
  });

  it('numbers and durations: in range they run, out of range the message names the range (1,000 inputs)', () => {
    const number = fc.oneof(
      fc.bigInt({ min: 0n, max: 2n ** 70n }).map((n) => ({ text: String(n), inRange: n <= 2n ** 63n - 1n })),
      fc.bigInt({ min: 0n, max: 2n ** 70n }).map((n) => ({ text: `${n}ns`, inRange: n <= 2n ** 63n - 1n })),
      fc.integer({ min: 0, max: 5_000_000 }).map((n) => ({ text: `${n}h`, inRange: n <= 2_562_047 })),
      fc.integer({ min: 0, max: 400 }).map((e) => ({ text: `1e${e}`, inRange: e <= 308 })),
    );
    fc.assert(
      fc.property(number, fc.constantFrom('duration', 'span.size'), ({ text, inRange }, left) => {
        const query = `{ ${left} > ${text} }`;
        const result = check(query);
        if (inRange) expect(result.ok, shown(query)).toBe(true);
        else {
          expect(result.ok, shown(query)).toBe(false);
          if (!result.ok) expect(result.error.message).toMatch(/out of range: TraceQL (integers|numbers|durations)/);
        }
      }),
      { seed: SEEDS.traceqlNumbers, numRuns: 1000 },
    );
  });
});
