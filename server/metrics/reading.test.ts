import { describe, expect, it } from 'vitest';
import { parseKstatParsable } from '../illumos/parse';
import { readSample, toPoint } from './reading';

/** one `kstat -p -T u` sample of a host with the zones given */
function sample(time: number, zones: { id: number; name: string; boot: number; user: bigint; sys: bigint; snap: number; rss?: number; physcap?: string }[], extra = ''): string {
  const lines = [`${time}`];
  for (const z of zones) {
    const k = z.name.slice(0, 30);
    lines.push(
      `zones:${z.id}:${k}:boot_time\t${z.boot}`,
      `zones:${z.id}:${k}:nsec_sys\t${z.sys}`,
      `zones:${z.id}:${k}:nsec_user\t${z.user}`,
      `zones:${z.id}:${k}:snaptime\t${z.snap.toFixed(9)}`,
      `zones:${z.id}:${k}:zonename\t${z.name}`,
      `memory_cap:${z.id}:${k}:physcap\t${z.physcap ?? '18446744073709551615'}`,
      `memory_cap:${z.id}:${k}:rss\t${z.rss ?? 100}`,
      `memory_cap:${z.id}:${k}:swapcap\t18446744073709551615`,
    );
  }
  return lines.join('\n') + '\n' + extra;
}

const read = (text: string) => readSample(parseKstatParsable(text)[0]!);
const NO_VNICS = new Map<string, string>();

describe('rates from counter deltas over snaptime', () => {
  it('turns ns of CPU over seconds of snaptime into CPUs, % of host and % of cap', () => {
    const a = read(sample(1000, [{ id: 3, name: 'web', boot: 900, user: 0n, sys: 0n, snap: 100 }], 'unix:0:system_misc:ncpus\t8\ncaps:3:cpucaps_zone_3:value\t50\n'));
    const b = read(sample(1005, [{ id: 3, name: 'web', boot: 900, user: 2_000_000_000n, sys: 500_000_000n, snap: 105 }], 'unix:0:system_misc:ncpus\t8\ncaps:3:cpucaps_zone_3:value\t50\n'));
    expect(toPoint(null, a, NO_VNICS).zones[0]!.cpu).toBeNull(); // first reading: no rate yet
    const p = toPoint(a, b, NO_VNICS);
    expect(p.t).toBe(1005_000);
    const z = p.zones[0]!;
    expect(z.cpu).toBeCloseTo(0.5); // 2.5 s of CPU in 5 s
    expect(z.cpuHostPct).toBeCloseTo(6.25);
    expect(z.cpuCap).toBe(0.5);
    expect(z.cpuCapPct).toBeCloseTo(100);
  });

  it('uses each kstat own snaptime, not the wall clock of the sample', () => {
    const a = read(sample(1000, [{ id: 1, name: 'a', boot: 1, user: 0n, sys: 0n, snap: 100 }]));
    const b = read(sample(1005, [{ id: 1, name: 'a', boot: 1, user: 1_000_000_000n, sys: 0n, snap: 102 }]));
    expect(toPoint(a, b, NO_VNICS).zones[0]!.cpu).toBeCloseTo(0.5);
  });

  it('a reboot (new id, new boot_time, counters from 0) gives no rate, never a negative one', () => {
    const a = read(sample(1000, [{ id: 3, name: 'web', boot: 900, user: 9_000_000_000n, sys: 0n, snap: 100 }]));
    // after a reboot the zone has a new id; the old id may even be reused by another zone
    const b = read(sample(1005, [
      { id: 4, name: 'web', boot: 1003, user: 10_000_000n, sys: 0n, snap: 105 },
      { id: 3, name: 'db', boot: 1004, user: 1_000n, sys: 0n, snap: 105 },
    ]));
    const p = toPoint(a, b, NO_VNICS);
    expect(p.zones.find((z) => z.zone === 'web')!.cpu).toBeNull();
    expect(p.zones.find((z) => z.zone === 'db')!.cpu).toBeNull();
    const c = read(sample(1010, [{ id: 4, name: 'web', boot: 1003, user: 510_000_000n, sys: 0n, snap: 110 }]));
    expect(toPoint(b, c, NO_VNICS).zones[0]!.cpu).toBeCloseTo(0.1);
  });

  it('a counter that went backwards under the same id and boot is a reset: no rate', () => {
    const a = read(sample(1000, [{ id: 2, name: 'x', boot: 5, user: 5_000_000_000n, sys: 0n, snap: 100 }]));
    const b = read(sample(1005, [{ id: 2, name: 'x', boot: 5, user: 1_000n, sys: 0n, snap: 105 }]));
    expect(toPoint(a, b, NO_VNICS).zones[0]!.cpu).toBeNull();
  });

  it('keys zones by id and names them by zonename, not by the 30-character kstat name', () => {
    const long = 'f7860689-c435-4964-9f7d-2d2d70cfe389';
    const r = read(sample(1000, [{ id: 7, name: long, boot: 1, user: 1n, sys: 1n, snap: 1 }]));
    expect(r.zones.get(7)!.name).toBe(long);
  });

  it('memory: caps in bytes, UINT64_MAX as no cap; the global zone is the host, not a zone', () => {
    const r = read(sample(1000, [
      { id: 0, name: 'global', boot: 1, user: 1n, sys: 1n, snap: 1 },
      { id: 5, name: 'db', boot: 1, user: 1n, sys: 1n, snap: 1, rss: 3_600_000_000, physcap: '4294967296' },
      { id: 6, name: 'web', boot: 1, user: 1n, sys: 1n, snap: 1 },
    ]));
    const p = toPoint(null, r, NO_VNICS);
    expect(p.zones.map((z) => z.zone)).toEqual(['db', 'web']);
    expect(p.zones[0]!.physcap).toBe(4294967296);
    expect(p.zones[0]!.rss).toBe(3_600_000_000);
    expect(p.zones[1]!.physcap).toBeNull();
  });

  it('host CPU from all CPUs busy/total deltas, memory from pages', () => {
    const host = (idle: bigint, user: bigint, kernel: bigint, snap: number) =>
      [0, 1].map((c) => `cpu:${c}:sys:cpu_nsec_idle\t${idle}\ncpu:${c}:sys:cpu_nsec_kernel\t${kernel}\ncpu:${c}:sys:cpu_nsec_user\t${user}\ncpu:${c}:sys:snaptime\t${snap}\n`).join('') +
      'unix:0:system_pages:physmem\t1000\nunix:0:system_pages:freemem\t250\n';
    const a = read(sample(1000, [], host(0n, 0n, 0n, 1)));
    const b = read(sample(1005, [], host(4_000_000_000n, 750_000_000n, 250_000_000n, 6)));
    const p = toPoint(a, b, NO_VNICS);
    expect(p.cpuPct).toBeCloseTo(20);
    expect(p.memTotal).toBe(1000 * 4096);
    expect(p.memUsed).toBe(750 * 4096);
  });

  it('network per VNIC of the zone that holds it, counter resets give null', () => {
    const link = (rb: bigint, ob: bigint, snap: number) => `link:0:web0:obytes64\t${ob}\nlink:0:web0:rbytes64\t${rb}\nlink:0:web0:snaptime\t${snap}\nlink:0:i40e0:rbytes64\t5\n`;
    const z = [{ id: 1, name: 'web', boot: 1, user: 1n, sys: 1n, snap: 1 }];
    const vnics = new Map([['web0', 'web']]);
    const a = read(sample(1000, z, link(1000n, 500n, 10)));
    const b = read(sample(1005, z, link(11000n, 2500n, 15)));
    const p = toPoint(a, b, vnics);
    expect(p.zones[0]!.net).toEqual({ web0: { rx: 2000, tx: 400 } });
    const c = read(sample(1010, z, link(10n, 10n, 20)));
    expect(toPoint(b, c, vnics).zones[0]!.net).toEqual({ web0: { rx: null, tx: null } });
  });
});
