// A lesson that shows TraceQL queries and then offers the TraceQL playground
// invites the learner to paste those queries in. Each must then find
// something in the playground's traffic: a search that matches no trace looks
// like a broken tool, or teaches that the query is wrong when it is not.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexTraces, runTraceQL, type TraceIndex } from '../../../src/sandbox/traceql';
import { generateTraffic } from '../../../src/sandbox/traffic';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const DOCS = join(ROOT, 'content', 'docs');
const PLAYGROUND_TAG = /^<TraceQLPlayground\b(.*?)\/>\s*$/m;

/** The traffic the playground runs over when a lesson passes no props: read from the component, so the two cannot drift. */
function playgroundDefaults(): { requests: number; seed: number } {
  const source = readFileSync(join(ROOT, 'src/components/TraceQLPlayground.astro'), 'utf8');
  const requests = /\brequests = (\d+)/.exec(source)?.[1];
  const seed = /\bseed = (\d+)/.exec(source)?.[1];
  if (!requests || !seed) throw new Error('TraceQLPlayground.astro: could not read the default requests and seed');
  return { requests: Number(requests), seed: Number(seed) };
}

interface Snippet {
  lesson: string;
  line: number;
  query: string;
}
interface PlaygroundLesson {
  lesson: string;
  requests: number;
  seed: number;
  snippets: Snippet[];
}

function playgroundLessons(): PlaygroundLesson[] {
  const defaults = playgroundDefaults();
  return readdirSync(DOCS)
    .filter((file) => file.endsWith('.mdx'))
    .flatMap((file) => {
      const source = readFileSync(join(DOCS, file), 'utf8');
      const tag = PLAYGROUND_TAG.exec(source);
      if (!tag) return [];
      const props = tag[1] ?? '';
      const prop = (name: string) => /^\d+$/.exec(new RegExp(`\\b${name}=\\{(\\d+)\\}`).exec(props)?.[1] ?? '')?.[0];
      const snippets: Snippet[] = [];
      const lines = source.split('\n');
      for (let i = 0; i < lines.length; i++) {
        if (lines[i]!.trim() !== '```traceql') continue;
        const code: string[] = [];
        let j = i + 1;
        for (; j < lines.length && lines[j]!.trim() !== '```'; j++) code.push(lines[j]!);
        snippets.push({ lesson: file, line: i + 1, query: code.join('\n').trim() });
        i = j;
      }
      return [
        {
          lesson: file,
          requests: Number(prop('requests') ?? defaults.requests),
          seed: Number(prop('seed') ?? defaults.seed),
          snippets,
        },
      ];
    });
}

const lessons = playgroundLessons();
const indexes = new Map<string, TraceIndex>();
function indexFor(lesson: PlaygroundLesson): TraceIndex {
  const key = `${lesson.requests}/${lesson.seed}`;
  let index = indexes.get(key);
  if (!index) {
    index = indexTraces(generateTraffic({ requests: lesson.requests, seed: lesson.seed }).spans);
    indexes.set(key, index);
  }
  return index;
}

describe('TraceQL snippets in lessons that offer the playground', () => {
  it('finds the lessons and their snippets', () => {
    expect(lessons.map((l) => l.lesson)).toContain('backends.mdx');
    const backends = lessons.find((l) => l.lesson === 'backends.mdx')!;
    expect(backends.snippets.length).toBeGreaterThanOrEqual(5);
    expect(backends.snippets.map((s) => s.query)).toContain('{ name = "authorize_payment" && span.payment.provider = "demo-bank" }');
  });

  for (const lesson of lessons) {
    for (const snippet of lesson.snippets) {
      it(`${snippet.lesson}:${snippet.line} ${snippet.query}`, () => {
        const result = runTraceQL(snippet.query, indexFor(lesson));
        if (!result.ok) throw new Error(`${snippet.lesson}:${snippet.line}: ${result.error.message}`);
        if (result.kind === 'search') {
          expect(result.traces.length, `${snippet.lesson}:${snippet.line} matches no trace of the playground's traffic`).toBeGreaterThan(0);
        } else {
          // A metrics query: at least one series with a value.
          const values = result.series.flatMap((s) => s.values).filter((v) => v !== null);
          expect(values.length, `${snippet.lesson}:${snippet.line} draws no point from the playground's traffic`).toBeGreaterThan(0);
        }
      });
    }
  }

  it('the queries about the worked example find what its spans carry', () => {
    const backends = lessons.find((l) => l.lesson === 'backends.mdx')!;
    const index = indexFor(backends);
    const run = (query: string) => {
      const result = runTraceQL(query, index);
      if (!result.ok || result.kind !== 'search') throw new Error(`${query} did not run as a search`);
      return result;
    };
    // Every checkout authorises its payment with the same provider, as the worked example does.
    const provider = run('{ name = "authorize_payment" && span.payment.provider = "demo-bank" }');
    const payments = run('{ name = "authorize_payment" }');
    expect(provider.traces.length).toBe(payments.traces.length);
    // Failing checkouts fail in the payment step, as in the worked example.
    expect(run('{ name = "authorize_payment" && status = error }').traces.length).toBeGreaterThan(0);
  });
});
