'use client';
// A time-series chart drawn by uPlot. Why uPlot: it is small (~50 KB minified, no
// dependencies), draws thousands of points on a canvas in a millisecond or two, and is made
// for live time series (setData without rebuilding the chart), so 5-second updates and 50
// sparklines on one page stay cheap. It is only ever loaded on pages that show charts.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  /** a limit drawn as a dashed line (a cap, a quota) */
  dashed?: boolean;
  values: (number | null)[];
}

export interface UplotChartProps {
  /** ms since the epoch, ascending */
  t: number[];
  series: ChartSeries[];
  height: number;
  /** formats a y value for the axis and the legend */
  format: (v: number) => string;
  /** fixed y range (e.g. 0–100 %); otherwise from the data, starting at 0 */
  yMax?: number;
  /** a sparkline: no axes, no legend, no cursor */
  spark?: boolean;
  /** the time window shown (ms since the epoch); default: the data's own span */
  window?: [number, number];
}

const AXIS = '#71717a';
const GRID = 'rgba(113,113,122,0.18)';

export function UplotChart({ t, series, height, format, yMax, spark = false, window: win }: UplotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // read by the x scale's range function at every redraw (the window slides with time)
  const windowRef = useRef(win);
  const shape = series.map((s) => `${s.label}|${s.color}|${s.dashed ? 1 : 0}`).join(',') + `|${yMax ?? ''}|${spark}`;

  const data = (): uPlot.AlignedData => [t.map((x) => x / 1000), ...series.map((s) => s.values)];

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(40, el.clientWidth),
      height,
      legend: { show: !spark },
      cursor: spark ? { show: false } : { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: (_u, min, max) => (windowRef.current ? [windowRef.current[0] / 1000, windowRef.current[1] / 1000] : [min, max]) },
        y: { range: (_u, _min, max) => [0, yMax ?? (max > 0 ? max * 1.1 : 1)] },
      },
      axes: spark
        ? [{ show: false }, { show: false }]
        : [
            { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID } },
            { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID }, size: 70, values: (_u, vals) => vals.map((v) => format(v)) },
          ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: spark ? 1.25 : 1.5,
          dash: s.dashed ? [6, 4] : undefined,
          fill: spark && !s.dashed ? `${s.color}22` : undefined,
          points: { show: false },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : format(v)),
        })),
      ],
    };
    const u = new uPlot(opts, data(), el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(40, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // the chart is rebuilt only when its shape changes; new points go through setData below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);

  const [from, to] = win ?? [];
  useEffect(() => {
    windowRef.current = from !== undefined && to !== undefined ? [from, to] : undefined;
    plot.current?.setData(data());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t, series, from, to]);

  return <div ref={box} aria-hidden="true" className="w-full" />;
}
