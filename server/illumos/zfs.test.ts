// zfs builders and parsers against the real output shapes (vectors-next) and the simulator's.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  datasetMountedAt,
  defaultSnapshotName,
  parseRollbackNewer,
  parseZfsGet,
  parseZfsMountpoints,
  parseZfsSnapshotList,
  validateSnapshotShortName,
  zfsDestroySnapshot,
  zfsGet,
  zfsListSnapshots,
  zfsRollback,
  zfsSnapshot,
} from './zfs';
import { ValidationError } from './validate';
import { ParseError } from './parseError';

const VECTORS = '/work/shared/illumos/vectors-next';
/** the transcript part of a vector (after its # header line), as the tool printed it */
function vector(name: string): string {
  return readFileSync(`${VECTORS}/${name}`, 'utf8').split('\n').slice(1).join('\n');
}

describe('zfs builders', () => {
  it('build the snapshot argv the dashboard runs', () => {
    expect(zfsListSnapshots('rpool/zones/web').args).toEqual(['list', '-H', '-p', '-t', 'snapshot', '-o', 'name,used,refer,creation,org.zonedash:made', '-d', '1', 'rpool/zones/web']);
    expect(zfsSnapshot('rpool/zones/web', 'before-upgrade', new Date('2026-12-03T20:00:00Z')).args).toEqual([
      'snapshot',
      '-r',
      '-o',
      'org.zonedash:made=2026-12-03T20:00:00.000Z',
      'rpool/zones/web@before-upgrade',
    ]);
    expect(zfsRollback('rpool/zones/web', 'a', { destroyNewer: false }).args).toEqual(['rollback', 'rpool/zones/web@a']);
    expect(zfsRollback('rpool/zones/web', 'a', { destroyNewer: true }).args).toEqual(['rollback', '-r', 'rpool/zones/web@a']);
    expect(zfsDestroySnapshot('rpool/zones/web', 'a').args).toEqual(['destroy', '-r', 'rpool/zones/web@a']);
    expect(zfsGet(['org.zonedash:made', 'origin'], ['rpool/zones/web', 'rpool/zones/web@a']).args).toEqual([
      'get',
      '-H',
      '-p',
      '-o',
      'name,property,value,source',
      'org.zonedash:made,origin',
      'rpool/zones/web',
      'rpool/zones/web@a',
    ]);
  });

  it('refuse names zfs would refuse, and ones that would be read as something else', () => {
    for (const bad of ['', 'a b', 'a@b', 'a/b', '.', '..', '-o', '--x', '.hidden', 'x%y', 'a,b', 'é', 'x\n']) {
      expect(validateSnapshotShortName(bad).ok, bad).toBe(false);
    }
    expect(validateSnapshotShortName('zd-20261203-200000').ok).toBe(true);
    expect(validateSnapshotShortName('0-daily:2026.12').ok).toBe(true);
    expect(() => zfsSnapshot('rpool/zones/web', 'a b', new Date())).toThrow(ValidationError);
    expect(() => zfsSnapshot('/zones/web', 'a', new Date())).toThrow(ValidationError);
    expect(() => zfsRollback('rpool/zones/web', 'x'.repeat(250), { destroyNewer: false })).toThrow(/at most 200/);
    expect(() => zfsGet(['Bad prop'], ['rpool'])).toThrow(ValidationError);
  });

  it('names a default snapshot from the time, in UTC', () => {
    expect(defaultSnapshotName(new Date('2026-01-02T03:04:05Z'))).toBe('zd-20260102-030405');
  });
});

describe('zfs parsers', () => {
  it('read list -Hp of snapshots, with the dashboard mark or without', () => {
    const rows = parseZfsSnapshotList('rpool/zones/web@zd-1\t1536\t671088640\t1764792000\t2025-12-03T20:00:00.000Z\nrpool/zones/web@autosnap_2020-04-09_00:00:02_daily\t0\t5\t1586390402\t-\n');
    expect(rows).toEqual([
      { fullName: 'rpool/zones/web@zd-1', dataset: 'rpool/zones/web', name: 'zd-1', used: 1536, refer: 671088640, createdAt: '2025-12-03T20:00:00.000Z', made: '2025-12-03T20:00:00.000Z' },
      { fullName: 'rpool/zones/web@autosnap_2020-04-09_00:00:02_daily', dataset: 'rpool/zones/web', name: 'autosnap_2020-04-09_00:00:02_daily', used: 0, refer: 5, createdAt: '2020-04-09T00:00:02.000Z', made: null },
    ]);
    expect(parseZfsSnapshotList('')).toEqual([]);
    expect(() => parseZfsSnapshotList('rpool/zones/web@a\t1.5K\t5\t1\t-\n')).toThrow(ParseError);
    expect(() => parseZfsSnapshotList('rpool/zones/web\t1\t5\t1\t-\n')).toThrow(/not a snapshot name/);
  });

  it('find the dataset mounted at a zonepath', () => {
    const rows = parseZfsMountpoints('rpool\t/rpool\nrpool/zones\t/zones\nrpool/zones/web\t/zones/web\nrpool/zones/web/ROOT\tlegacy\n');
    expect(datasetMountedAt(rows, '/zones/web')).toBe('rpool/zones/web');
    expect(datasetMountedAt(rows, '/zones/web/')).toBe('rpool/zones/web');
    expect(datasetMountedAt(rows, '/zones/nope')).toBeNull();
  });

  it('read zfs get -Hp', () => {
    expect(parseZfsGet('rpool/zones/web\torigin\t-\t-\nrpool/zones/web@a\torg.zonedash:made\t2026\tlocal\n')).toEqual([
      { name: 'rpool/zones/web', property: 'origin', value: '-', source: '-' },
      { name: 'rpool/zones/web@a', property: 'org.zonedash:made', value: '2026', source: 'local' },
    ]);
  });

  it("read rollback's refusal in the illumos/OpenZFS wording and the older Solaris one", () => {
    const openzfs = vector('real-zfs-rollback-more-recent-openzfs-linux.txt').split('\n').slice(1).join('\n');
    expect(parseRollbackNewer(openzfs)).toEqual(['ZFS-SAS/VHD/vm-950-disk-0@autosnap_2020-04-09_00:00:02_daily']);
    const solaris = vector('real-zfs-rollback-more-recent-solaris.txt').split('\n').slice(1, 5).join('\n');
    expect(parseRollbackNewer(solaris)).toEqual(['tank/home/ahrens@wednesday', 'tank/home/ahrens@thursday']);
    expect(parseRollbackNewer("cannot open 'rpool/zones/web@x': dataset does not exist\n")).toBeNull();
  });
});
