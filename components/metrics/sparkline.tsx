'use client';
// A tiny uPlot line for a table cell (the zone table's CPU and memory columns): the last few
// minutes, no axes, with its numbers in words for screen readers (now, min, max).
import { summarize } from './format';
import { UplotChart, type ChartSeries } from './uplot-chart';

export interface SparklineProps {
  /** ms since the epoch, ascending */
  t: number[];
  values: (number | null)[];
  /** what is measured, for the text alternative ("CPU of web01") */
  label: string;
  format: (v: number) => string;
  /** a limit drawn dashed (the zone's memory cap) */
  cap?: number | null;
  /** fixed top of the scale (100 for percentages) */
  max?: number;
  color?: string;
  width?: number;
  height?: number;
  /** the "now" figure beside the line (off where room is short: it stays in the title and
   *  the text alternative) */
  showNow?: boolean;
}

export function Sparkline({ t, values, label, format, cap = null, max, color = '#2563eb', width = 96, height = 24, showNow = true }: SparklineProps) {
  const s = summarize(values);
  const f = (v: number | null) => (v === null ? 'no value' : format(v));
  const text = `${label}: now ${f(s.now)}, min ${f(s.min)}, max ${f(s.max)}${cap !== null ? `, cap ${format(cap)}` : ''}`;
  const series: ChartSeries[] = [{ label, color, values }];
  if (cap !== null) series.push({ label: 'cap', color: '#dc2626', values: values.map(() => cap), dashed: true });
  return (
    <span className="inline-flex items-center gap-2" title={text}>
      {/* contain: strict keeps each chart's layout and paint to its own box: with 100 of them
          a scrolled table went from p95 67 ms to 17 ms a frame (bench/metrics-sparklines.ts) */}
      <span style={{ width, height, contain: 'strict' }} className="inline-block">
        <UplotChart t={t} series={series} height={height} format={format} yMax={max} spark />
      </span>
      <span className="sr-only">{text}</span>
      {showNow && <span aria-hidden="true" className="tabular-nums text-xs text-zinc-600 dark:text-zinc-400">{s.now === null ? '—' : format(s.now)}</span>}
    </span>
  );
}
