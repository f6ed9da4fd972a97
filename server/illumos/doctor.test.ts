import { describe, expect, it } from 'vitest';
import {
  clockSkew,
  parseFilesystems,
  parseKstatClock,
  privilegeProblem,
  toolMissing,
  zfsDestroyZoneDataset,
  zonesRoot,
} from './doctor';

describe('doctor argv builders refuse what is not theirs to touch', () => {
  it('destroys only a dataset directly under the zones root', () => {
    expect(zfsDestroyZoneDataset('rpool/zones/old', 'rpool/zones')).toEqual({ tool: 'zfs', args: ['destroy', '-r', 'rpool/zones/old'] });
    expect(() => zfsDestroyZoneDataset('rpool/zones', 'rpool/zones')).toThrow(/not a dataset directly under/);
    expect(() => zfsDestroyZoneDataset('rpool/ROOT/omnios', 'rpool/zones')).toThrow(/not a dataset directly under/);
    expect(() => zfsDestroyZoneDataset('rpool/zones/a/ROOT', 'rpool/zones')).toThrow(/not a dataset directly under/);
    expect(() => zfsDestroyZoneDataset('rpool/zones/-r', 'rpool/zones')).toThrow(/not a ZFS dataset name/);
    expect(() => zfsDestroyZoneDataset('rpool/zones/a b', 'rpool/zones')).toThrow(/not a ZFS dataset name/);
  });
});

describe('doctor parsers', () => {
  it('finds the zones root where the zonepaths live', () => {
    const rows = parseFilesystems('rpool\t10\t20\t/rpool\nrpool/zones\t5\t20\t/zones\ndata/z\t1\t9\t/z\n');
    expect(zonesRoot(rows, ['/zones/a', '/zones/b'])?.name).toBe('rpool/zones');
    expect(zonesRoot(rows, ['/z/a', '/z/b', '/zones/c'])?.name).toBe('data/z');
    expect(zonesRoot(rows, [])?.name).toBe('rpool/zones');
    expect(() => parseFilesystems('rpool\t10\t20\n')).toThrow(/expected 4 TAB-separated fields/);
  });

  it("reads the host's clock and the skew, with the round trip's uncertainty", () => {
    expect(parseKstatClock('1796330410\nunix:0:system_misc:boot_time\t1796071210\n')).toBe(1796330410);
    expect(() => parseKstatClock('unix:0:system_misc:boot_time\t1796071210\n')).toThrow(/no -T u timestamp/);
    // the host said 1000 s while the dashboard read 1000.2 .. 1000.4 s: in agreement
    expect(clockSkew(1000, 1_000_200, 1_000_400)).toEqual({ skewSeconds: 0.2, uncertaintySeconds: 0.6 });
    // 90 s behind
    expect(clockSkew(910, 1_000_000, 1_000_000)).toEqual({ skewSeconds: -89.5, uncertaintySeconds: 0.5 });
  });

  it('tells a missing tool and a refused one apart from a tool that failed for its own reasons', () => {
    expect(toolMissing(127, 'sh: /usr/sbin/zfs: not found\n')).toBe('missing');
    expect(toolMissing(127, '/usr/sbin/ipadm: spawn /usr/sbin/ipadm ENOENT\n')).toBe('missing');
    expect(toolMissing(126, 'sh: /opt/bin/zfs: Permission denied\n')).toBe('not-executable');
    expect(toolMissing(1, "zoneadm: zone 'x': No such zone configured\n")).toBeNull();
    expect(privilegeProblem('zoneadm', "zoneadm: zone 'p': only a privileged user may verify a zone.\n")).toEqual({ kind: 'profile' });
    expect(privilegeProblem('zlogin', 'zlogin: You lack sufficient privilege to run this command (all privs required)\n')).toEqual({ kind: 'profile' });
    expect(privilegeProblem('zoneadm', "zoneadm: zone 'p': User zdash is not authorized to boot this zone.\n")).toEqual({ kind: 'authorization', authorization: 'solaris.zone.manage' });
    expect(privilegeProblem('zoneadm', 'zoneadm: zone p: must be installed before boot\n')).toBeNull();
  });
});
