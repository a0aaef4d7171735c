import { describe, expect, it } from 'vitest';
import { lineChart, niceTicks } from '../../../../src/sandbox/view/line-chart';

describe('line chart geometry', () => {
  it('chooses round ticks that reach the largest value', () => {
    expect(niceTicks(257)).toEqual([0, 100, 200, 300]);
    expect(niceTicks(8)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0.37)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(0)).toEqual([0, 0.5, 1]);
  });

  it('draws one path per series, higher values higher on the screen', () => {
    const chart = lineChart(
      [0, 1000, 2000],
      [
        { label: 'a', values: [1, 2, 3] },
        { label: 'b', values: [3, 3, 3] },
      ],
    );
    expect(chart.paths).toHaveLength(2);
    const points = (d: string) => [...d.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const a = points(chart.paths[0]!);
    expect(a).toHaveLength(3);
    expect(a[0]![1]).toBeGreaterThan(a[2]![1]!);
    expect(a[0]![0]).toBe(chart.plot.left);
    expect(a[2]![0]).toBe(chart.plot.right);
    // The top tick is at least the largest value.
    expect(chart.yTicks.at(-1)!.value).toBeGreaterThanOrEqual(3);
  });

  it('lifts the pen over steps without a value and marks lone points with a dot', () => {
    const chart = lineChart([0, 1, 2, 3, 4], [{ label: 'gappy', values: [1, null, 2, null, null] }]);
    expect(chart.paths[0]!.match(/M/g)).toHaveLength(2);
    expect(chart.paths[0]).not.toContain('L');
    expect(chart.dots[0]).toHaveLength(2);
  });

  it('labels the time axis in UTC clock time', () => {
    const t = Date.UTC(2025, 5, 2, 9, 30, 0);
    const chart = lineChart([t, t + 60_000, t + 120_000], [{ label: 'x', values: [1, 1, 1] }], { xTickCount: 2 });
    expect(chart.xTicks.map((tick) => tick.label)).toEqual(['09:30:00', '09:32:00']);
  });
});
