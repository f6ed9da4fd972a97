'use client';
// The zone table's sparklines, loaded after the table: uPlot stays out of the first load of /.
import dynamic from 'next/dynamic';

export const SparklineLazy = dynamic(() => import('./sparkline').then((m) => m.Sparkline), {
  ssr: false,
  loading: () => <span className="inline-block h-6 w-24" aria-hidden="true" />,
});
