import type { EdgeRecord } from './network';
import type { ResponseTiming } from './run-facts';
import { formatDuration, formatPercent } from '../shared/format';
import { errorOrigins, type TraceTree } from './trace-model';

// What a trace shows, said in words: the waterfall's bars and colours are
// not the only way to learn that a run split in two or that time went
// missing.

export type FindingKind = 'summary' | 'separate-traces' | 'broken-edge' | 'errors' | 'critical-path' | 'after-response' | 'gap' | 'orphans';

export interface Finding {
  kind: FindingKind;
  text: string;
}

const label = (service: string, name: string) => `${service} “${name}”`;

/**
 * What the customer got and when, e.g. "HTTP 200 to the customer after
 * 60.8 ms; background work went on for 12.3 ms after the response (…)".
 * The response time is the root span's; work that outlives it is said apart.
 */
export function describeResponse(timing: ResponseTiming): string {
  const response = `HTTP ${timing.statusCode} to the customer after ${formatDuration(timing.responseUs / 1000)}`;
  const work = timing.background;
  if (!work) return response;
  return (
    `${response}; ${label(work.service, work.name)} ended ${formatDuration(work.afterResponseUs / 1000)} after the response ` +
    '(background work the customer did not wait for)'
  );
}

export function describeTraces(traces: readonly TraceTree[], edges: readonly EdgeRecord[] = []): Finding[] {
  const findings: Finding[] = [];
  if (traces.length === 0) return findings;
  const spanCount = traces.reduce((sum, t) => sum + t.nodes.length, 0);
  findings.push({
    kind: 'summary',
    text:
      traces.length === 1
        ? `One trace, ${spanCount} spans across ${traces[0]!.services.length} services, ${formatDuration(traces[0]!.durationUs / 1000)}.`
        : `${traces.length} separate traces, ${spanCount} spans in all.`,
  });

  if (traces.length > 1) {
    const heads = traces.map((t, i) => {
      const head = t.root ?? t.roots[0]!;
      return `trace ${i + 1} starts at ${label(head.span.service, head.span.name)}`;
    });
    findings.push({
      kind: 'separate-traces',
      text: `The spans do not share one trace id: ${heads.join('; ')}. A backend shows them as unrelated traces.`,
    });
  }
  for (const edge of edges) {
    if (edge.injected) continue;
    findings.push({
      kind: 'broken-edge',
      text:
        `${edge.from} called ${edge.to} without a traceparent ${edge.transport === 'message' ? 'message header' : 'header'}, ` +
        `so ${edge.to} could not continue the caller’s trace and started a new one.`,
    });
  }

  traces.forEach((trace, i) => {
    const where = traces.length > 1 ? ` in trace ${i + 1}` : '';
    if (trace.errors.length > 0) {
      const origins = errorOrigins(trace).map((n) => label(n.span.service, n.span.name));
      findings.push({
        kind: 'errors',
        text:
          `${trace.errors.length} span${trace.errors.length === 1 ? ' has' : 's have'} status ERROR${where}; ` +
          `the deepest: ${origins.join(', ')}.`,
      });
    }
    const onPath = trace.nodes.filter((n) => n.criticalUs > 0).sort((a, b) => b.criticalUs - a.criticalUs);
    const top = onPath[0];
    if (top && trace.root && trace.nodes.length > 1) {
      findings.push({
        kind: 'critical-path',
        text:
          `Critical path${where}: ${formatDuration(trace.root.durationUs / 1000)} end to end, of which ` +
          `${formatDuration(top.criticalUs / 1000)} in ${label(top.span.service, top.span.name)}.`,
      });
    }
    if (trace.root && trace.endUs > trace.root.span.endUs) {
      const last = trace.nodes.reduce((a, b) => (b.span.endUs > a.span.endUs ? b : a));
      findings.push({
        kind: 'after-response',
        text:
          `After the response${where}: ${label(last.span.service, last.span.name)} ends ` +
          `${formatDuration((last.span.endUs - trace.root.span.endUs) / 1000)} after the root span, so the trace lasts ` +
          `${formatDuration(trace.durationUs / 1000)} while the response took ${formatDuration(trace.root.durationUs / 1000)}: ` +
          'asynchronous work the caller did not wait for.',
      });
    }
    for (const gap of trace.gaps) {
      findings.push({
        kind: 'gap',
        text:
          `Gap${where}: ${label(gap.service, gap.name)} has ${formatDuration(gap.durationUs / 1000)} ` +
          `(${formatPercent(gap.share)} of its time, from ${formatDuration(gap.offsetUs / 1000)}) with no child span: ` +
          'work that nothing instrumented describes.',
      });
    }
    if (trace.orphans.length > 0) {
      findings.push({
        kind: 'orphans',
        text:
          `${trace.orphans.length} span${trace.orphans.length === 1 ? ' names a parent' : 's name parents'} missing from the data${where} ` +
          `(orphan${trace.orphans.length === 1 ? '' : 's'}: ${trace.orphans.map((n) => label(n.span.service, n.span.name)).join(', ')}); ` +
          'shown at the top level.',
      });
    }
  });
  return findings;
}
