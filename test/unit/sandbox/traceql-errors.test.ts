import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../../../src/sandbox/traceql/parse';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import type { QueryError } from '../../../src/sandbox/traceql/ast';
import { fixedDataset } from './fixtures';

const { spans } = fixedDataset();

function errorOf(query: string): QueryError {
  const result = runTraceQL(query, spans);
  if (result.ok) throw new Error(`expected ${query} to fail`);
  return result.error;
}

describe('the corrected TraceQL of the course (CORRECTIONS item 1)', () => {
  it('the course forms parse with Grafana’s grammar', () => {
    for (const query of [
      '{ status = error } | by(resource.service.name) | count() > 1',
      '{ duration > 250ms } | count_over_time() by (resource.service.name)',
      '{ resource.service.name = "payment-api" } | avg_over_time(duration) by (name)',
    ]) {
      expect(parseTraceQL(query).ok, query).toBe(true);
    }
  });

  it('the outline’s forms are syntax errors that point at `by` and show the fix', () => {
    const count = errorOf('{ duration > 250ms } | count() by (resource.service.name)');
    expect(count.kind).toBe('syntax');
    expect(count.from).toBe(31);
    expect(count.column).toBe(32);
    expect(count.message).toContain('`{ status = error } | by(resource.service.name) | count() > 1`');
    expect(count.message).toContain('count_over_time() by (resource.service.name)');

    const avg = errorOf('{ resource.service.name = "payment-api" } | avg(duration) by (name)');
    expect(avg.kind).toBe('syntax');
    expect('{ resource.service.name = "payment-api" } | avg(duration) by (name)'.slice(avg.from, avg.from + 2)).toBe('by');
    expect(avg.message).toMatch(/`by\(\)` is a pipeline stage of its own/);
  });
});

describe('syntax errors come back with a position and a message, never a throw', () => {
  const cases: [string, RegExp][] = [
    ['', /The query is empty/],
    ['   ', /The query is empty/],
    ['{ status = error', /a closing `}` is missing/],
    ['{ name = "GET /x }', /A string is not closed/],
    ['{ name = }', /A value is missing after `=`/],
    ['{ duration > }', /A value is missing after `>`/],
    ['{ status = error } |', /ends after `\|`/],
    ['{ foo = 1 }', /`foo` is not something TraceQL knows here/],
    ['{ .a = 1 and .b = 2 }', /writes `&&` instead of `and`/],
    ["{ name = 'x' }", /double quotes/],
    ['{ name == "x" }', /single `=`/],
    ['{ status = error } | count(', /a closing `\)` is missing/],
    ['{ } | count()', /`count\(\)` needs a comparison, e\.g\. `\| count\(\) > 1`/],
    ['{ } | by()', /`by\(\)` needs at least one field/],
    ['{ span. = 1 }', /attribute name is missing after the `\.`/],
  ];
  for (const [query, message] of cases) {
    it(JSON.stringify(query), () => {
      const error = errorOf(query);
      expect(error.kind).toBe('syntax');
      expect(error.message).toMatch(message);
      expect(error.from).toBeGreaterThanOrEqual(0);
      expect(error.to).toBeLessThanOrEqual(query.length);
      expect(error.line).toBe(1);
    });
  }

  it('line and column count from 1 across lines', () => {
    const error = errorOf('{ status = error }\n| by(name)\n| count( > 1');
    expect(error.line).toBe(3);
    expect(error.column).toBeGreaterThan(1);
  });
});

describe('constructs outside the subset are named, not silently empty', () => {
  const cases: [string, RegExp][] = [
    ['{ event.name = "exception" }', /`event\.` attributes are outside the playground’s subset/],
    ['{ link.traceID = "x" }', /`link\.` attributes/],
    ['{ instrumentation:version = "1.0.0" }', /of the instrumentation intrinsics it evaluates `instrumentation:name`/],
    ['{ event:timeSinceStart > 2ms }', /of the event intrinsics it evaluates `event:name`/],
    ['{ resource.service.name = $service }', /Grafana dashboard variable/],
    ['{ } | histogram_over_time(duration)', /`histogram_over_time\(\)` draws a heatmap/],
    ['{ } | compare({ status = error })', /`compare\(\)` contrasts every attribute/],
    ['{ } | rate() | count() > 1', /must be the last stage/],
    ['{ } | count() > 1 && { }', /is a pipeline stage/],
    ['{ parent.name = "x" }', /`parent\.` attributes/],
  ];
  for (const [query, message] of cases) {
    it(query, () => {
      const error = errorOf(query);
      expect(error.kind).toBe('unsupported');
      expect(error.message).toMatch(message);
      expect(query.slice(error.from, error.to).length).toBeGreaterThan(0);
    });
  }

  it('an invalid regular expression is an error at the string', () => {
    const query = '{ name =~ "(unclosed" }';
    const error = errorOf(query);
    expect(error.kind).toBe('invalid');
    expect(query.slice(error.from, error.to)).toBe('"(unclosed"');
  });
});

describe('warnings for queries that run but can never match', () => {
  it('a duration compared with a plain number', () => {
    const result = runTraceQL('{ duration > 250 }', spans);
    expect(result.ok && result.kind === 'search' && result.traces.length).toBe(0);
    expect(result.ok && result.warnings[0]).toMatch(/`duration` is a duration: write a unit/);
  });

  it('a value where a condition belongs, and an aggregate over text', () => {
    const bare = runTraceQL('{ name }', spans);
    expect(bare.ok && bare.warnings[0]).toMatch(/holds a value, not a condition/);
    const text = runTraceQL('{ } | max(name) > 1', spans);
    expect(text.ok && text.warnings[0]).toMatch(/`name` is not one/);
  });

  it('status written as a string', () => {
    const result = runTraceQL('{ status = "error" }', spans);
    expect(result.ok && result.warnings[0]).toMatch(/without quotes/);
  });
});
