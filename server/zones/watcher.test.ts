import { describe, expect, it } from 'vitest';
import { applyChanges } from '@/components/zones/zone-changes';
import type { ZoneState } from '../illumos/types';
import { diffZones, type ZoneRow } from './watcher';

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
