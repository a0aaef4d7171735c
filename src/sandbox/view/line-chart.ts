import { formatClock, formatValue } from './format';

// The geometry of a small line chart (TraceQL metrics series): axes with
// round ticks and one SVG path per series, breaking where a step has no value.

export interface ChartSeries {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

export interface ChartTick {
  readonly value: number;
  /** Position in SVG units. */
  readonly at: number;
  readonly label: string;
}

export interface LineChartGeometry {
  readonly width: number;
  readonly height: number;
  /** The plotting area inside the margins. */
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly yTicks: readonly ChartTick[];
  readonly xTicks: readonly ChartTick[];
  /** SVG path data per series, in the order given. */
  readonly paths: readonly string[];
  /** Steps where a series has a value between two gaps: drawn as dots, a path alone would not show them. */
  readonly dots: readonly (readonly { readonly x: number; readonly y: number }[])[];
}

/** Round ticks from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(max: number, count = 4): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw - 1e-12) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v < top + step - 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export interface LineChartOptions {
  readonly width?: number;
  readonly height?: number;
  readonly xTickCount?: number;
}

export function lineChart(
  timestamps: readonly number[],
  series: readonly ChartSeries[],
  options: LineChartOptions = {},
): LineChartGeometry {
  const width = options.width ?? 640;
  const height = options.height ?? 240;
  const plot = { left: 48, top: 12, right: width - 12, bottom: height - 28 };
  let max = 0;
  for (const s of series) for (const v of s.values) if (v !== null && Number.isFinite(v) && v > max) max = v;
  const ticks = niceTicks(max);
  const yTop = ticks.at(-1) ?? 1;
  const y = (v: number) => plot.bottom - (v / yTop) * (plot.bottom - plot.top);
  const steps = timestamps.length;
  const x = (i: number) => (steps <= 1 ? (plot.left + plot.right) / 2 : plot.left + (i / (steps - 1)) * (plot.right - plot.left));
  const r = (n: number) => Math.round(n * 10) / 10;

  const paths: string[] = [];
  const dots: { x: number; y: number }[][] = [];
  for (const s of series) {
    let d = '';
    let penDown = false;
    const lonely: { x: number; y: number }[] = [];
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        penDown = false;
        return;
      }
      d += `${penDown ? 'L' : 'M'}${r(x(i))} ${r(y(v))}`;
      const prev = s.values[i - 1];
      const next = s.values[i + 1];
      if ((prev === null || prev === undefined) && (next === null || next === undefined)) lonely.push({ x: r(x(i)), y: r(y(v)) });
      penDown = true;
    });
    paths.push(d);
    dots.push(lonely);
  }

  const xCount = Math.min(options.xTickCount ?? 4, steps);
  const xIndexes =
    xCount <= 1 ? (steps ? [0] : []) : Array.from({ length: xCount }, (_, k) => Math.round((k * (steps - 1)) / (xCount - 1)));
  return {
    width,
    height,
    plot,
    yTicks: ticks.map((value) => ({ value, at: r(y(value)), label: formatValue(value) })),
    xTicks: [...new Set(xIndexes)].map((i) => ({ value: timestamps[i] ?? 0, at: r(x(i)), label: formatClock(timestamps[i] ?? 0) })),
    paths,
    dots,
  };
}
