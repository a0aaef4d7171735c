import { describe, expect, it } from 'vitest';
import { MAX_NESTING, MAX_QUERY_LENGTH } from '../../../src/sandbox/traceql/lexical';
import { MAX_SERIES } from '../../../src/sandbox/traceql/metrics';
import { parseTraceQL } from '../../../src/sandbox/traceql/parse';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import type { TraceQLResult } from '../../../src/sandbox/traceql/run';
import { indexTraces } from '../../../src/sandbox/traceql/trace-index';
import { generateTraffic } from '../../../src/sandbox/traffic';
import type { Expr, FieldExpr } from '../../../src/sandbox/traceql/ast';
import { fixedDataset } from './fixtures';

// The limits the playground sets, what Tempo accepts that Grafana's editor
// grammar does not, Tempo's operator precedence, and the inputs that once
// hung the playground or drew a wrong message.

const index = indexTraces(fixedDataset().spans);

function errorOf(query: string, options = {}): string {
  const result = runTraceQL(query, index, options);
  if (result.ok) throw new Error(`expected ${query.slice(0, 60)} to fail`);
  return result.error.message;
}

function ok(query: string): TraceQLResult {
  const result = runTraceQL(query, index);
  if (!result.ok) throw new Error(`${query.slice(0, 80)}: ${result.error.message}`);
  return result;
}

/** The parsed tree written with explicit parentheses, to compare groupings. */
function grouped(query: string): string {
  const parsed = parseTraceQL(query);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const field = (f: FieldExpr | undefined): string => {
    if (!f) return '';
    switch (f.kind) {
      case 'logical':
      case 'compare':
      case 'arith':
        return `(${field(f.left)} ${f.op} ${field(f.right)})`;
      case 'not':
        return `(!${field(f.operand)})`;
      case 'negate':
        return `(-${field(f.operand)})`;
      case 'literal':
        return 'value' in f.value ? String(f.value.value) : 'nil';
      default:
        return f.text;
    }
  };
  const expr = (e: Expr): string => {
    switch (e.kind) {
      case 'filter':
        return `{ ${field(e.condition)} }`;
      case 'spansetOp':
        return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
      case 'pipe':
        return `(${expr(e.input)} | ${expr(e.stage)})`;
      default:
        return e.kind;
    }
  };
  return expr(parsed.query.expr);
}

describe('limits, each refused with a message naming it', () => {
  it(`a query of up to ${MAX_QUERY_LENGTH} characters`, () => {
    const long = `{ name = "${'x'.repeat(5000)}" }`;
    expect(errorOf(long)).toBe(
      'The query is 5,013 characters long; the playground reads queries of up to 4,000 characters. Shorten it: a regular expression such as `name =~ "GET /(a|b)"` replaces many `||` conditions.',
    );
    expect(runTraceQL(long, index)).toMatchObject({ ok: false, error: { kind: 'unsupported', from: MAX_QUERY_LENGTH, to: long.length } });
    expect(ok(`{ name = "${'x'.repeat(MAX_QUERY_LENGTH - 13)}" }`).ok).toBe(true);
  });

  it(`nesting of up to ${MAX_NESTING} brackets or signs`, () => {
    expect(ok(`${'('.repeat(MAX_NESTING - 1)}{ name = "x" }${')'.repeat(MAX_NESTING - 1)}`).ok).toBe(true);
    expect(errorOf(`{ ${'('.repeat(MAX_NESTING + 1)}true${')'.repeat(MAX_NESTING + 1)} }`)).toMatch(
      /nests brackets more than 100 deep here; the playground reads up to 100 levels/,
    );
    expect(errorOf(`{ ${'!'.repeat(3900)}true }`)).toMatch(
      /stacks 3,900 `!` and `-` signs in a row here; the playground reads up to 100 levels of nesting/,
    );
  });

  it('numbers and durations out of range name the range', () => {
    expect(errorOf('{ duration > 2562048h }')).toBe(
      "`2562048h` is out of range: TraceQL durations run from 0 to 2562047h47m16.854775807s (about 292 years, the most Go's time.Duration holds).",
    );
    expect(ok('{ duration > 2562047h }').ok).toBe(true);
    expect(errorOf('{ span.size > 9223372036854775808 }')).toMatch(
      /out of range: TraceQL integers are 64-bit, from -9223372036854775808 to 9223372036854775807/,
    );
    expect(errorOf('{ span.size > 1e309 }')).toMatch(/out of range: TraceQL numbers are 64-bit floating point, up to about ±1\.8e308/);
    expect(errorOf('{ duration > 1e308ms }')).toMatch(
      /^`1e308ms` is not a duration TraceQL reads: .*without an exponent.*TraceQL durations run from 0 to 2562047h/,
    );
    expect(errorOf('{ } | rate() | topk(99999999999999999999)')).toMatch(/out of range/);
  });

  it('metrics return at most MAX_SERIES series', () => {
    expect(errorOf(`{ } | quantile_over_time(duration, ${Array.from({ length: 200 }, () => '0.5').join(', ')}) by (span:id)`)).toMatch(
      new RegExp(`more than ${MAX_SERIES.toLocaleString('en-US')} series .*the playground draws at most`),
    );
  });

  it('a query that needs more work than the budget stops with a message, not a frozen page', () => {
    expect(errorOf('{ } | by(span:id) | by(name) | by(kind)', { workLimit: 50 })).toMatch(
      /needs more than 50 evaluation steps over the \d+ spans here/,
    );
    expect(ok('{ } | by(span:id) | by(name) | by(kind)').ok).toBe(true);
  });
});

describe('what Tempo accepts and the editor grammar alone did not', () => {
  it.each([
    ['{ duration > 1h30m }', 'a compound duration'],
    ['{ duration > 1d }', 'days'],
    ['{ traceDuration < 2w }', 'weeks'],
    ['{ span.size > 1e3 }', 'an exponent'],
    ['{ span.size > 1. }', 'a float with a trailing dot'],
    ['{ name = "caf\\u00e9" }', 'a \\u escape'],
    ['{ statusMessage != "a\\nb\\t" }', '\\n and \\t'],
    ['{ childCount > 1 }', 'childCount'],
    ['{ } | by(span:childCount)', 'span:childCount'],
    [`{ ${Array.from({ length: 950 }, () => '.a').join('||')} }`, "a chain past the grammar's guard of 300 long reductions"],
    ['{ } !~ { } | rate()', 'a negated structural operator before a metrics function'],
  ])('%s (%s)', (query) => {
    expect(ok(query).ok).toBe(true);
  });

  it('the values are read as Tempo reads them', () => {
    const matches = (query: string) => (ok(query) as Extract<TraceQLResult, { kind: 'search' }>).traces.length;
    expect(matches('{ duration > 1h30m }')).toBe(0);
    expect(matches('{ duration < 1d }')).toBe(matches('{ duration < 24h }'));
    expect(matches('{ childCount > 0 }')).toBeGreaterThan(0);
  });

  it('what Tempo refuses gets a message that says why', () => {
    expect(errorOf('{ name =~ "GET /api/\\d+" }')).toMatch(/^`\\d` is not an escape TraceQL strings know .*double it/);
    expect(errorOf('{ span.size > 0x10 }')).toMatch(/^`0x10` is not a number TraceQL reads/);
    expect(errorOf('{ duration > 1.5d }')).toMatch(/days, weeks and years .* take whole numbers/);
    expect(errorOf('{ name = "a\nb" }')).toMatch(/A string in double quotes ends on its own line/);
    expect(errorOf('{ } | avg(duration) > ok')).toBe(
      'After `avg()` the comparison takes a number or a duration, e.g. `| avg(duration) > 100ms`.',
    );
  });
});

describe("Tempo's operator precedence (its parser's own test cases)", () => {
  it.each([
    ['{ .a * .b + .c }', '{ ((.a * .b) + .c) }'],
    ['{ .a + .b * .c }', '{ (.a + (.b * .c)) }'],
    ['{ .a + .b ^ .c }', '{ (.a + (.b ^ .c)) }'],
    ['{ .a ^ .b ^ .c }', '{ (.a ^ (.b ^ .c)) }'],
    ['{ .c - -.a + .b }', '{ ((.c - (-.a)) + .b) }'],
    ['{ .a && .b = .c }', '{ (.a && (.b = .c)) }'],
    ['{ .a = !.b && .c }', '{ ((.a = (!.b)) && .c) }'],
    ['{ !.a = .b }', '{ ((!.a) = .b) }'],
    ['{ .a || .b && .c }', '{ ((.a || .b) && .c) }'],
    ['{ } !> { } && { }', '(({  } !> {  }) && {  })'],
    ['{ } && { } >> { }', '({  } && ({  } >> {  }))'],
    ['{ } !< { } | coalesce()', '(({  } !< {  }) | coalesce)'],
  ])('%s', (query, expected) => {
    expect(grouped(query)).toBe(expected);
  });

  it('a pipeline stage joined by && without parentheses is named', () => {
    expect(errorOf('{ } | count() > 1 && { }')).toMatch(
      /`count\(\) > 1` is a pipeline stage; combine it with `&&` only inside parentheses/,
    );
  });
});

describe('inputs that once hung the playground now finish on its 2,000 requests of traffic', () => {
  const traffic = indexTraces(generateTraffic({ requests: 2000, seed: 7 }).spans);
  it.each([
    // Structural operators compared every pair of spans, walking the tree for each: 5.8 s.
    Array.from({ length: 50 }, () => '{ }').join(' &>> '),
    Array.from({ length: 50 }, () => '{ }').join(' !<< '),
    // 500 quantiles per by() group over 20,000 span ids filled the memory.
    `{ } | quantile_over_time(duration, ${Array.from({ length: 500 }, () => '0.5').join(', ')}) by (span:id)`,
    // 20,000 series, one per span.
    '{ } | rate() by (span:id)',
    // Every by() copied the groups before it: 4 s.
    `${'('.repeat(99)}{ } | by(span:id)${') | by(name)'.repeat(99)}`,
    // 660 conditions joined by ||: 40 million field reads.
    `{ ${Array.from({ length: 660 }, () => '.a=1').join('||')} }`,
  ])('%s', (query) => {
    const start = performance.now();
    const result = runTraceQL(query, traffic);
    // Generous for a shared CI machine; these took 4 s to minutes, or never finished.
    expect(performance.now() - start).toBeLessThan(3000);
    if (!result.ok) expect(result.error.message).toMatch(/series|evaluation steps/);
  });
});
