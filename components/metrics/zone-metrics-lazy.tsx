'use client';
// The zone page's charts, loaded on demand: uPlot and the chart code stay out of every other
// page's JavaScript (the zone table's first load stays small).
import dynamic from 'next/dynamic';

export const ZoneMetricsLazy = dynamic(() => import('./zone-metrics').then((m) => m.ZoneMetrics), {
  ssr: false,
  loading: () => <p role="status" className="text-sm text-zinc-500">Loading charts…</p>,
});
