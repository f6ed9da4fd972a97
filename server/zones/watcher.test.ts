import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyChanges } from '@/components/zones/zone-changes';
import type { Runner } from '../hosts/runner';
import { SimRunner } from '../hosts/sim';
import type { ZoneState } from '../illumos/types';
import { ensureHost } from '../sim/store';
import { HostWatcher, diffZones, type ZoneRow } from './watcher';

const row = (name: string, state: ZoneState = 'installed', id: number | null = null): ZoneRow => ({
  host: 'sim', id, name, state, zonepath: `/zones/${name}`, uuid: '', brand: 'lipkg', ipType: 'excl', debugid: null,
});

describe('diffZones / applyChanges', () => {
  it('reports nothing for an identical list', () => {
    expect(diffZones([row('a'), row('b')], [row('a'), row('b')])).toEqual([]);
  });

  it('reports a state change as one upsert and keeps the other rows identical objects', () => {
    const before = [row('a'), row('b'), row('c')];
    const after = [row('a'), row('b', 'running', 4), row('c')];
    const changes = diffZones(before, after);
    expect(changes).toEqual([{ kind: 'upsert', zone: after[1] }]);
    const applied = applyChanges(before, changes);
    expect(applied).toEqual(after);
    expect(applied[0]).toBe(before[0]);
    expect(applied[2]).toBe(before[2]);
  });

  it('round-trips creations, deletions and reordering', () => {
    const cases: [string[], string[]][] = [
      [['a', 'b', 'c'], ['a', 'c']],
      [['a', 'b'], ['a', 'b', 'x']],
      [['a', 'b', 'c'], ['c', 'a', 'b']],
      [[], ['x', 'y']],
      [['x', 'y'], []],
      [['a', 'b', 'c', 'd'], ['x', 'd', 'b']],
    ];
    for (const [from, to] of cases) {
      const before = from.map((n) => row(n));
      const after = to.map((n) => row(n, 'running', 1));
      expect(applyChanges(before, diffZones(before, after))).toEqual(after);
    }
  });
});

describe('HostWatcher interval', () => {
  it('an interval tick right after a list ended lists nothing more; the next tick does', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'watcher-tick-'));
    await ensureHost(root);
    const runner = new SimRunner({ root, timeScale: 0 });
    // the interval's timer and the clock it compares are ours to move; the list itself is real
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const w = new HostWatcher({ name: 'sim', kind: 'sim', description: 'sim', runner }, 400);
    try {
      await w.snapshot(); // starts it: the first list
      expect(runner.spawnCount).toBe(1);
      vi.advanceTimersByTime(300);
      await w.refresh(); // a poke after an action, 100 ms before the tick
      expect(runner.spawnCount).toBe(2);
      vi.advanceTimersByTime(100); // the tick: that list is 100 ms old, under half an interval
      expect(runner.spawnCount).toBe(2);
      vi.advanceTimersByTime(400); // the next tick: 500 ms since the last list
      expect(runner.spawnCount).toBe(3);
    } finally {
      w.stop();
      vi.useRealTimers();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('HostWatcher on a host without change events (a remote host)', () => {
  it('sees a change made on the host by its own tools within a few intervals, again and again', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'watcher-poll-'));
    await ensureHost(root);
    const sim = new SimRunner({ root, timeScale: 0 });
    // the simulated host's tools without its change events: the watcher has only its interval
    const runner: Runner = { kind: 'ssh', run: (call, options) => sim.run(call, options) } as Runner;
    const w = new HostWatcher({ name: 'remote', kind: 'ssh', description: 'remote', runner }, 150);
    const other = new SimRunner({ root, timeScale: 0 }); // an operator's shell on the host
    try {
      await w.snapshot();
      for (const n of [1, 2, 3]) {
        const name = `poll${n}`;
        const seen = new Promise<number>((resolve) => {
          const t0 = Date.now();
          const off = w.subscribe((e) => {
            if (e.changes.some((c) => c.kind === 'upsert' && c.zone.name === name)) {
              off();
              resolve(Date.now() - t0);
            }
          });
        });
        const r = await other.run({ tool: 'zonecfg', args: ['-z', name, `create -t sparse; set zonepath=/zones/${name}`] });
        expect(r.exitCode).toBe(0);
        // a list runs every 150 ms: well within 20 intervals even on a loaded machine
        expect(await Promise.race([seen, new Promise<string>((r2) => setTimeout(() => r2('not seen in 3 s'), 3000))])).toBeTypeOf('number');
      }
    } finally {
      w.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
