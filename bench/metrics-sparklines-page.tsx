// The page bench/metrics-sparklines.ts loads into Chromium: a table of 50 zones with the real
// <Sparkline> components (CPU and memory, 60 points each, as the zone table will show them),
// appended to live through appendLive() as the live subscription will (every 5 s, or #every=MS).
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { formatBytes } from '../components/metrics/format';
import { Sparkline } from '../components/metrics/sparkline';
import { appendLive, type SparklinesData } from '../components/metrics/sparkline-data';

// #none: the same table with numbers instead of sparklines (the machine's own baseline)
const NONE = location.hash.includes('none');
// #every=MS: how often a live point arrives (the sampler's 5 s by default)
const EVERY_MS = Number(/every=(\d+)/.exec(location.hash)?.[1] ?? 5000);
const ZONES = Array.from({ length: 50 }, (_, i) => `zone-${String(i).padStart(2, '0')}`);
const START = Date.now() - 60 * 5000;

function initial(): SparklinesData {
  const zones: SparklinesData['zones'] = {};
  for (const [i, z] of ZONES.entries()) {
    const t = Array.from({ length: 60 }, (_, k) => START + k * 5000);
    zones[z] = { t, cpu: t.map((_, k) => Math.abs(Math.sin(k / 7 + i)) * 0.3), rss: t.map((_, k) => 2e8 + Math.sin(k / 11 + i) * 2e7), physcap: i % 3 ? null : 3e8 };
  }
  return { host: 'bench', zones };
}

function Table() {
  const [data, setData] = useState(initial);
  useEffect(() => {
    // #static: no live updates (to tell scrolling's cost from the updates')
    if (location.hash.includes('static')) return;
    let t = START + 60 * 5000;
    const timer = setInterval(() => {
      t += 5000;
      const zones = Object.fromEntries(ZONES.map((z, i) => [z, { cpu: Math.abs(Math.sin(t / 35000 + i)) * 0.3, rss: 2e8 + Math.sin(t / 55000 + i) * 2e7, physcap: i % 3 ? null : 3e8 }]));
      setData((prev) => appendLive(prev, { host: 'bench', t, ncpus: 8, cpuPct: 5, memUsed: 1, memTotal: 2, zones }, 5 * 60_000)!);
    }, EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <table style={{ borderCollapse: 'collapse', width: 900 }}>
      <tbody>
        {ZONES.map((z) => {
          const d = data.zones[z]!;
          return (
            <tr key={z} style={{ height: 48, borderBottom: '1px solid #ddd' }}>
              <td style={{ width: 200 }}>{z}</td>
              {NONE ? (
                <td>{`${d.cpu.at(-1)?.toFixed(2)} CPU, ${formatBytes(d.rss.at(-1))}`}</td>
              ) : (
                <>
                  <td>
                    <Sparkline t={d.t} values={d.cpu} label={`CPU of ${z}`} format={(v) => `${v.toFixed(2)} CPU`} />
                  </td>
                  <td>
                    <Sparkline t={d.t} values={d.rss} label={`Memory of ${z}`} format={formatBytes} cap={d.physcap} color="#7c3aed" />
                  </td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

createRoot(document.getElementById('root')!).render(<Table />);
