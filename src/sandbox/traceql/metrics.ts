import type { GroupField, MetricsStage, Query } from './ast';
import { spend } from './budget';
import { evalTrace, matchedSpans } from './evaluate';
import { displayValue, evalField, numericValue } from './fields';
import type { TraceIndex } from './trace-index';
import { formatCount } from '../../shared/format';

// TraceQL metrics over the sandbox traffic: the spans the spanset part
// matches, bucketed by start time into steps, one series per by() group.

export interface MetricsSeries {
  /** by() labels and, for quantile_over_time, the quantile `p`. */
  readonly labels: readonly { readonly label: string; readonly value: string | number | boolean | null }[];
  /** One value per step; null where the step has no spans (or the series lost topk). */
  readonly values: readonly (number | null)[];
}

export interface MetricsResult {
  readonly fn: MetricsStage['fn'];
  readonly stepMs: number;
  /** Start of each step, in ms since the Unix epoch. */
  readonly timestamps: readonly number[];
  readonly series: readonly MetricsSeries[];
  /** "spans/s", "spans", "s" (durations are reported in seconds, as Tempo does) or "" for plain numbers. */
  readonly unit: string;
  readonly matchedSpans: number;
  /** What the same query needs in Tempo. */
  readonly note: string;
}

export const METRICS_NOTE =
  'In Grafana Tempo, metrics queries run only when TraceQL metrics are enabled on the Tempo database ' +
  '(the metrics-generator keeps recent spans for them); Grafana 10.4 or later draws the series as a time-series panel.';

/** The most series one metrics query may return (each by() value, times each quantile). */
export const MAX_SERIES = 1000;

export class MetricsSeriesLimit extends Error {}

function seriesLimit(groups: number, quantiles: number): MetricsSeriesLimit {
  const perGroup = quantiles > 1 ? ` × ${quantiles} quantiles` : '';
  return new MetricsSeriesLimit(
    `This metrics query makes more than ${formatCount(MAX_SERIES)} series (${formatCount(groups)}${groups >= MAX_SERIES ? '+' : ''} \`by()\` groups${perGroup}); ` +
      `the playground draws at most ${formatCount(MAX_SERIES)}. Group by a field with fewer values, such as \`resource.service.name\` or \`name\`, ` +
      'or keep the biggest with `| topk(10)`.',
  );
}

const NICE_STEPS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000,
];

/** A round step giving about `target` buckets over the range. */
export function chooseStepMs(rangeMs: number, target = 30): number {
  const wanted = rangeMs / target;
  return NICE_STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / 3_600_000) * 3_600_000;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 1) return sorted[0] ?? Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? Number.NaN;
  const b = sorted[high] ?? Number.NaN;
  return a + (b - a) * (position - low);
}

function isDurationField(field: GroupField | undefined): boolean {
  if (!field) return false;
  const f = field.field;
  return f.kind === 'intrinsic' && (f.name === 'duration' || f.name === 'traceDuration');
}

function labelKey(labels: MetricsSeries['labels']): string {
  return JSON.stringify(labels);
}

export function evaluateMetrics(query: Extract<Query, { kind: 'metrics' }>, index: TraceIndex, stepMsOption?: number): MetricsResult {
  const stage = query.metrics;
  const startMs = Math.floor(index.firstStartUs / 1000);
  const rangeMs = Math.max(1, index.lastStartUs / 1000 - startMs);
  const stepMs = stepMsOption && stepMsOption > 0 ? stepMsOption : chooseStepMs(rangeMs);
  const bucketCount = Math.floor(rangeMs / stepMs) + 1;
  spend(bucketCount);
  const seriesPerGroup = stage.fn === 'quantile_over_time' ? Math.max(1, stage.quantiles.length) : 1;
  // topk/bottomk keep few series, but every group is still computed first.
  const groupLimit = Math.floor(MAX_SERIES / seriesPerGroup) * (stage.top ? 10 : 1);
  if (groupLimit < 1) throw seriesLimit(1, seriesPerGroup);
  const durationField = isDurationField(stage.field);

  // group key → bucket → values
  const groups = new Map<string, { labels: MetricsSeries['labels']; buckets: number[][] }>();
  let matched = 0;
  for (const trace of index.traces) {
    const spans = matchedSpans(evalTrace(query.expr, trace));
    for (const record of spans) {
      let value = 1;
      if (stage.field) {
        const numeric = numericValue(evalField(stage.field.field, record, trace));
        if (numeric === undefined) continue;
        value = durationField ? numeric / 1e9 : numeric;
      }
      matched += 1;
      const labels = stage.by.map((group) => ({ label: group.label, value: displayValue(evalField(group.field, record, trace)) }));
      const key = labelKey(labels);
      let group = groups.get(key);
      if (!group) {
        if (groups.size >= groupLimit) throw seriesLimit(groups.size + 1, seriesPerGroup);
        spend(bucketCount);
        group = { labels, buckets: Array.from({ length: bucketCount }, () => []) };
        groups.set(key, group);
      }
      const bucket = Math.min(bucketCount - 1, Math.max(0, Math.floor((record.startUs / 1000 - startMs) / stepMs)));
      group.buckets[bucket]?.push(value);
    }
  }

  let series: MetricsSeries[] = [];
  for (const { labels, buckets } of groups.values()) {
    switch (stage.fn) {
      case 'rate':
        series.push({ labels, values: buckets.map((values) => values.length / (stepMs / 1000)) });
        break;
      case 'count_over_time':
        series.push({ labels, values: buckets.map((values) => values.length) });
        break;
      case 'sum_over_time':
        series.push({ labels, values: buckets.map((values) => (values.length ? values.reduce((a, b) => a + b, 0) : null)) });
        break;
      case 'avg_over_time':
        series.push({
          labels,
          values: buckets.map((values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null)),
        });
        break;
      case 'min_over_time':
        series.push({ labels, values: buckets.map((values) => (values.length ? values.reduce((a, b) => Math.min(a, b)) : null)) });
        break;
      case 'max_over_time':
        series.push({ labels, values: buckets.map((values) => (values.length ? values.reduce((a, b) => Math.max(a, b)) : null)) });
        break;
      case 'quantile_over_time': {
        const sorted = buckets.map((values) => [...values].sort((a, b) => a - b));
        for (const q of stage.quantiles) {
          spend(bucketCount);
          series.push({
            labels: [...labels, { label: 'p', value: q }],
            values: sorted.map((values) => (values.length ? quantile(values, q) : null)),
          });
        }
        break;
      }
    }
  }
  if (stage.top) series = keepTop(series, stage.top.fn, stage.top.k);
  if (series.length > MAX_SERIES) throw seriesLimit(series.length, 1);
  series.sort((a, b) => labelKey(a.labels).localeCompare(labelKey(b.labels)));

  const unit = stage.fn === 'rate' ? 'spans/s' : stage.fn === 'count_over_time' ? 'spans' : durationField ? 's' : '';
  return {
    fn: stage.fn,
    stepMs,
    timestamps: Array.from({ length: bucketCount }, (_, i) => startMs + i * stepMs),
    series,
    unit,
    matchedSpans: matched,
    note: METRICS_NOTE,
  };
}

/** topk/bottomk per step, as PromQL does: a series keeps only the steps where it ranks. */
function keepTop(series: MetricsSeries[], fn: 'topk' | 'bottomk', k: number): MetricsSeries[] {
  const steps = series[0]?.values.length ?? 0;
  const kept = series.map((s) => [...s.values] as (number | null)[]);
  for (let step = 0; step < steps; step += 1) {
    const ranked = series
      .map((s, i) => ({ i, value: s.values[step] ?? null }))
      .filter((entry): entry is { i: number; value: number } => entry.value !== null)
      .sort((a, b) => (fn === 'topk' ? b.value - a.value : a.value - b.value));
    const winners = new Set(ranked.slice(0, k).map((entry) => entry.i));
    kept.forEach((values, i) => {
      if (!winners.has(i)) values[step] = null;
    });
  }
  return series.map((s, i) => ({ labels: s.labels, values: kept[i] ?? [] })).filter((s) => s.values.some((value) => value !== null));
}
