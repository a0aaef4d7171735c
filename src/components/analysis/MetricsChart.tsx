import { useId } from 'react';
import type { MetricsResult } from '../../sandbox/traceql/metrics';
import { formatClock } from '../../sandbox/view/format';
import { lineChart } from '../../sandbox/view/line-chart';
import { cellValue, seriesLabel } from '../../sandbox/view/traceql-view';

const COLORS = 8;

/** A TraceQL metrics result as a small line chart, with the same numbers in a table. */
export function MetricsChart({ result, query }: { result: MetricsResult; query: string }) {
  const id = useId();
  const series = result.series.map((s) => ({ label: seriesLabel(s.labels), values: s.values }));
  const chart = lineChart(result.timestamps, series);
  const unit = result.unit ? ` (${result.unit})` : '';
  const title = `${result.fn}${unit} per ${result.stepMs >= 1000 ? `${result.stepMs / 1000} s` : `${result.stepMs} ms`} step`;
  if (series.length === 0) return null;
  return (
    <figure className="anl-stack anl-figure">
      <svg
        className="anl-chart"
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>
          {series.length} series for {query}; the table below lists every value.
        </desc>
        {chart.yTicks.map((tick) => (
          <g key={tick.value}>
            <line className="anl-grid" x1={chart.plot.left} x2={chart.plot.right} y1={tick.at} y2={tick.at} />
            <text x={chart.plot.left - 6} y={tick.at + 4} textAnchor="end">
              {tick.label}
            </text>
          </g>
        ))}
        <line className="anl-axis" x1={chart.plot.left} x2={chart.plot.right} y1={chart.plot.bottom} y2={chart.plot.bottom} />
        {chart.xTicks.map((tick, i) => (
          <text
            key={tick.value}
            x={tick.at}
            y={chart.height - 8}
            textAnchor={i === 0 ? 'start' : i === chart.xTicks.length - 1 ? 'end' : 'middle'}
          >
            {tick.label}
          </text>
        ))}
        {chart.paths.map((d, i) => (
          <g key={series[i]!.label} className={`anl-s${i % COLORS}`}>
            <path className="anl-line" d={d} />
            {chart.dots[i]!.map((dot, j) => (
              <circle key={j} className="anl-dot" cx={dot.x} cy={dot.y} r={3} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="anl-legend" aria-label="Series">
          {series.map((s, i) => (
            <li key={s.label} className={`anl-s${i % COLORS}`}>
              <span className="anl-swatch" aria-hidden="true" />
              <code>{s.label}</code>
            </li>
          ))}
        </ul>
      </figcaption>
      <details className="anl-details">
        <summary>The numbers as a table</summary>
        <div className="anl-table-wrap" tabIndex={0} role="region" aria-label="Series values">
          <table className="anl-table">
            <caption>{title}, time in UTC; – means no span in that step</caption>
            <thead>
              <tr>
                <th scope="col">Step start</th>
                {series.map((s) => (
                  <th key={s.label} scope="col" className="anl-num">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.timestamps.map((t, row) => (
                <tr key={t}>
                  <th scope="row">{formatClock(t)}</th>
                  {series.map((s) => (
                    <td key={s.label} className="anl-num">
                      {cellValue(s.values[row] ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
