import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { equalize, probabilityToTh, proportional, thToThreshold, thresholdToProbability } from '../../../src/sandbox/consistent-sampling.ts';
import { gatewayRoutingDemo } from '../../../src/sandbox/tail-sampling/index.ts';
import { indexTraces, runTraceQL } from '../../../src/sandbox/traceql/index.ts';
import { generateTraffic } from '../../../src/sandbox/traffic.ts';
import { ROOT, readLesson } from './lessons.ts';

// The figures the collector-tiers lesson and bank state about th thresholds,
// and the TraceQL the traceql-deep-dive lesson shows, checked against the
// engines: a lesson that says `th:e` or shows a query must agree with what
// the course's own sampler and query engine do.

interface Choice {
  id: string;
  text: string;
  correct?: boolean;
}
interface Question {
  id: string;
  type: string;
  answer?: number;
  probability?: number;
  reference?: string;
  choices?: Choice[];
}
function question(bank: string, id: string): Question {
  const parsed = parseYaml(readFileSync(join(ROOT, 'content', 'quizzes', `${bank}.yaml`), 'utf8')) as { questions: Question[] };
  const found = parsed.questions.find((q) => q.id === id);
  if (!found) throw new Error(`${bank}.yaml has no question ${id}`);
  return found;
}

describe('collector-tiers: th figures', () => {
  it('tiers-write-threshold asks for the th a 25 % sampler writes, and its reference is that th', () => {
    const q = question('collector-tiers', 'tiers-write-threshold');
    expect(q.probability).toBe(0.25);
    expect(q.reference).toBe(`ot=th:${probabilityToTh(0.25)}`);
  });

  it('tiers-equalized-threshold: a 25 % equalizing stage writes its reference on a th:8 span it keeps', () => {
    const q = question('collector-tiers', 'tiers-equalized-threshold');
    // A randomness value above every threshold involved, so the span is kept.
    const decision = equalize('8', probabilityToTh(0.25), 0xff_ffff_ffff_ffffn);
    if (!decision.kept) throw new Error('expected the span to be kept');
    expect(q.reference).toBe(`ot=th:${decision.th}`);
    expect(q.probability).toBe(thresholdToProbability(thToThreshold(decision.th)));
  });

  it('the answer of tiers-two-stage-share is the share a th:8 span keeps after a 20 % proportional stage', () => {
    const q = question('collector-tiers', 'tiers-two-stage-share');
    const decision = proportional('8', 0.2, 0xff_ffff_ffff_ffffn);
    if (!decision.kept) throw new Error('expected the span to be kept');
    expect(q.answer).toBeCloseTo(thresholdToProbability(thToThreshold(decision.th)) * 100, 1);
  });

  it('every row of the lesson’s threshold table agrees with the encoder', () => {
    const lesson = readLesson('collector-tiers');
    const rows = [...lesson.body.matchAll(/^\| ([\d.]+) % \| (0x[0-9a-f]+|0) \| `ot=th:([0-9a-f]+)` \|$/gm)];
    expect(rows.length).toBe(6);
    for (const [, percent, threshold, th] of rows) {
      expect(probabilityToTh(Number(percent) / 100), `${percent} %`).toBe(th);
      expect(thToThreshold(th!), `${percent} %`).toBe(BigInt(threshold!));
    }
  });
});

describe('collector-tiers: the prediction describes the trace the lesson’s table shows', () => {
  it('its spans, durations and answer match the demo’s split trace', () => {
    const bank = parseYaml(readFileSync(join(ROOT, 'content', 'predictions', 'collector-tiers.yaml'), 'utf8')) as {
      predictions: { id: string; prompt: string; answer: string }[];
    };
    const p = bank.predictions.find((x) => x.id === 'tiers-two-gateways')!;
    const { example } = gatewayRoutingDemo();
    expect(example).toBeDefined();
    const [small, large] = [...example!.views].sort((a, b) => a.spansSeen - b.spansSeen);
    const prompt = p.prompt.replace(/\s+/g, ' ');
    expect(prompt).toContain(`A ${Math.round(example!.durationMs)} ms checkout`);
    expect(prompt).toContain(`${small!.spansSeen} fast spans covering ${Math.round(small!.durationInViewMs)} ms`);
    expect(prompt).toContain(`the remaining ${large!.spansSeen} spans`);
    expect(small!.decision).toBe('not-sampled');
    expect(large!.decision).toBe('sampled');
    expect(p.answer).toBe('part');
  });
});

describe('traceql-deep-dive: every query the lesson shows runs on the sandbox’s traffic', () => {
  const index = indexTraces(generateTraffic({ requests: 2000, seed: 7 }).spans);
  const lesson = readLesson('traceql-deep-dive');
  const queries = lesson.blocks.filter((b) => b.lang === 'traceql');

  it('shows TraceQL examples', () => {
    expect(queries.length).toBeGreaterThanOrEqual(5);
  });

  it.each(queries.map((b) => [b.line, b.code.trim()] as const))('line %i: %s', (_line, query) => {
    const result = runTraceQL(query, index);
    if (!result.ok) throw new Error(result.error.message);
    if (result.kind === 'search') expect(result.traces.length).toBeGreaterThan(0);
    else expect(result.series.length).toBeGreaterThan(0);
  });
});
