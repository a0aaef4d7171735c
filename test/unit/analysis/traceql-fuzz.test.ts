import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../src/sandbox/random';
import type { Random } from '../../../src/sandbox/random';
import { runTraceQL } from '../../../src/sandbox/traceql/run';
import type { TraceQLResult } from '../../../src/sandbox/traceql/run';
import { indexTraces } from '../../../src/sandbox/traceql/trace-index';
import { fixedDataset } from './fixtures';

// Thousands of seeded random, generated and mutated queries: the engine must
// answer every one with a result or a positioned error, never a throw, never
// an internal error.

const { spans } = fixedDataset();
const index = indexTraces(spans);
const spanIds = new Set(spans.map((s) => s.spanContext().spanId));

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(0, items.length - 1)] as T;

const TOKENS = [
  '{', '}', '{ }', '(', ')', '|', '&&', '||', '>', '>>', '<', '<<', '~', '!~', '=~', '=', '!=', '>=', '<=', '!', '-', '+', '*', '/',
  '%', '^', ',', '.', ':', '&>>', '!<', 'name', 'status', 'duration', 'kind', 'rootName', 'rootServiceName', 'traceDuration',
  'statusMessage', 'childCount', 'parent', 'span.', 'resource.', '.http.route', 'span:name', 'trace:duration', 'event:name',
  'error', 'ok', 'unset', 'server', 'client', 'nil', 'true', 'false', '1', '-2', '3.5', '250ms', '1s', '10us', '"GET /products"',
  '"(bad"', '`raw`', 'by(', 'by (', 'count()', 'avg(', 'max(', 'min(', 'sum(', 'select(', 'coalesce()', 'rate()', 'count_over_time()',
  'avg_over_time(', 'quantile_over_time(', 'histogram_over_time(', 'compare(', 'topk(', 'bottomk(', 'with', '$svc', '//c\n',
  '/* c */', '\n', '  ', 'ü', '"', "'", '==', 'and', 'minInt',
];

const VALID = [
  '{ status = error } | by(resource.service.name) | count() > 1',
  '{ duration > 250ms } | count_over_time() by (resource.service.name)',
  '{ resource.service.name = "payment-api" } | avg_over_time(duration) by (name)',
  '{ .http.route =~ "/check.*" && kind = server } >> { status = error }',
  '({ name = "POST /payments" } ~ { }) | select(span.http.response.status_code)',
  '{ } | quantile_over_time(duration, 0.5, 0.9) by (resource.service.name) | topk(2)',
  '{ rootName = "GET /products" || traceDuration > 1s } | avg(duration) > 100ms',
  '{ kind = client } !< { } && { span.db.system != nil }',
];

function randomSoup(random: Random): string {
  const length = random.int(0, 14);
  let out = '';
  for (let i = 0; i < length; i += 1) out += pick(random, TOKENS) + (random.chance(0.6) ? ' ' : '');
  return out;
}

const FIELDS = ['name', 'status', 'duration', 'kind', 'rootName', 'traceDuration', 'statusMessage', 'span.http.route', 'resource.service.name', '.db.system', 'span.http.response.status_code', 'childCount'];
const VALUES = ['error', 'ok', 'server', 'client', '"GET /products"', '"payment-api"', '200', '502', '250ms', '1s', 'nil', 'true', '3.5'];
const CMP = ['=', '!=', '>', '>=', '<', '<=', '=~', '!~'];

function condition(random: Random, depth: number): string {
  if (depth > 2 || random.chance(0.5)) {
    const op = pick(random, CMP);
    const value = op.endsWith('~') ? pick(random, ['".*"', '"GET .*"', '"POST /(payments|checkout)"']) : pick(random, VALUES);
    return `${pick(random, FIELDS)} ${op} ${value}`;
  }
  return `${condition(random, depth + 1)} ${pick(random, ['&&', '||'])} ${random.chance(0.3) ? '!' : ''}(${condition(random, depth + 1)})`;
}

function generated(random: Random, depth = 0): string {
  let query = `{ ${random.chance(0.1) ? '' : condition(random, 0)} }`;
  if (depth < 2 && random.chance(0.4)) query = `${query} ${pick(random, ['&&', '||', '>', '>>', '<', '<<', '~', '&>>', '!<'])} ${generated(random, depth + 1)}`;
  if (random.chance(0.5)) {
    query += pick(random, [
      ' | count() > 1',
      ' | by(resource.service.name) | count() >= 2',
      ' | avg(duration) > 20ms',
      ' | max(span.http.response.status_code) < 500',
      ' | select(name, resource.service.name)',
      ' | coalesce()',
      ' | rate() by (name)',
      ' | count_over_time()',
      ' | min_over_time(duration) by (kind)',
      ' | quantile_over_time(duration, 0.99) | bottomk(1)',
    ]);
  }
  return query;
}

function mutate(random: Random, query: string): string {
  let out = query;
  const steps = random.int(1, 3);
  for (let i = 0; i < steps; i += 1) {
    const at = random.int(0, out.length);
    switch (random.int(0, 4)) {
      case 0:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + random.int(1, 4)));
        break;
      case 1:
        out = out.slice(0, at) + pick(random, TOKENS) + out.slice(at);
        break;
      case 2:
        out = out.slice(0, at);
        break;
      case 3: {
        const other = random.int(0, Math.max(0, out.length - 1));
        const chars = [...out];
        const a = chars[at];
        chars[at] = chars[other] ?? '';
        chars[other] = a ?? '';
        out = chars.join('');
        break;
      }
      default:
        out = out.slice(0, at) + out.slice(at, at + random.int(1, 6)) + out.slice(at);
    }
  }
  return out;
}

/** What is wrong with an answer, or undefined when it is well formed. */
function problemWith(query: string, result: TraceQLResult): string | undefined {
  if (!result.ok) {
    const { error } = result;
    if (error.message.length === 0) return 'empty message';
    if (/Internal error/.test(error.message)) return error.message;
    if (!(error.from >= 0 && error.to >= error.from && error.to <= query.length)) return `position ${error.from}-${error.to} outside the query`;
    if (!(error.line >= 1 && error.column >= 1)) return `line ${error.line}, column ${error.column}`;
    return undefined;
  }
  if (result.kind === 'search') {
    for (const trace of result.traces) for (const id of trace.spanIds) if (!spanIds.has(id)) return `unknown span ${id}`;
  } else {
    for (const series of result.series) if (series.values.length !== result.timestamps.length) return 'series length differs from the steps';
  }
  return undefined;
}

function runMany(seed: number, count: number, make: (random: Random) => string): { ok: number; errors: number; problems: string[] } {
  const random = createRandom(seed);
  let ok = 0;
  let errors = 0;
  const problems: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const query = make(random);
    try {
      const result = runTraceQL(query, index);
      const problem = problemWith(query, result);
      if (problem) problems.push(`${JSON.stringify(query)}: ${problem}`);
      if (result.ok) ok += 1;
      else errors += 1;
    } catch (error) {
      problems.push(`${JSON.stringify(query)} threw ${String(error)}`);
    }
  }
  return { ok, errors, problems };
}

describe('fuzz: the engine never throws', () => {
  it('on 3,000 random token soups', () => {
    const { errors, problems } = runMany(101, 3000, randomSoup);
    expect(problems).toEqual([]);
    expect(errors).toBeGreaterThan(1000);
  });

  it('on 3,000 generated queries, most of which run', () => {
    const { ok, problems } = runMany(202, 3000, (random) => generated(random));
    expect(problems).toEqual([]);
    expect(ok).toBeGreaterThan(2000);
  });

  it('on 4,000 mutations of valid queries', () => {
    const { problems } = runMany(303, 4000, (random) => mutate(random, random.chance(0.5) ? pick(random, VALID) : generated(random)));
    expect(problems).toEqual([]);
  });
});
