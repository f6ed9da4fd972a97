// The simulated zfs(8) through its command line: snapshots that really capture a zone's files,
// rollback's refusal over newer snapshots and its -r, destroy and clone with their dependents,
// get with user properties, and zoneadm clone -s making a zone from a snapshot. Messages and exit
// statuses are zfs_main.c's and libzfs's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { tmpHost, type TestHost } from './host-testkit';
import { zoneRootDir } from './zoneos';

let h: TestHost;
const zfs = (...a: string[]) => h.run('zfs', a);

beforeAll(async () => {
  h = await tmpHost();
  for (const [z, brand] of [['lxa', 'lx'], ['sp', 'sparse']] as const) {
    expect((await h.zonecfg('-z', z, `create -t ${brand}; set zonepath=/zones/${z}`)).stderr).toBe('');
    expect((await h.zoneadm('-z', z, 'install')).code).toBe(0);
  }
});
afterAll(() => h.cleanup());

const motd = (z: string) => path.join(zoneRootDir(h.root, z), 'etc/motd');

describe('zfs snapshot and rollback', () => {
  it('snapshots a zone, and rollback brings its files back exactly', async () => {
    await fsp.writeFile(motd('lxa'), 'before\n');
    expect(await zfs('snapshot', '-o', 'org.zonedash:made=2026-12-03T20:00:00Z', 'rpool/zones/lxa@one')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await fsp.writeFile(motd('lxa'), 'after\n');
    await fsp.writeFile(path.join(zoneRootDir(h.root, 'lxa'), 'root/new-file'), 'x');
    expect(await zfs('rollback', 'rpool/zones/lxa@one')).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await fsp.readFile(motd('lxa'), 'utf8')).toBe('before\n');
    await expect(fsp.access(path.join(zoneRootDir(h.root, 'lxa'), 'root/new-file'))).rejects.toThrow();
    // /etc/hosts stays the symbolic link it was
    expect(await fsp.readlink(path.join(zoneRootDir(h.root, 'lxa'), 'etc/hosts'))).toBe('./inet/hosts');
  });

  it('lists snapshots with -t snapshot, their user property, creation and sizes in bytes', async () => {
    const r = await zfs('list', '-H', '-p', '-t', 'snapshot', '-o', 'name,used,refer,creation,org.zonedash:made', '-d', '1', 'rpool/zones/lxa');
    expect(r.code).toBe(0);
    const [row, ...more] = r.stdout.trimEnd().split('\n');
    expect(more).toEqual([]);
    const [name, used, refer, creation, made] = row!.split('\t');
    expect(name).toBe('rpool/zones/lxa@one');
    expect(Number(used)).toBeGreaterThanOrEqual(0);
    expect(Number(refer)).toBeGreaterThan(1024 * 1024);
    expect(Math.abs(Number(creation) - Date.now() / 1000)).toBeLessThan(120);
    expect(made).toBe('2026-12-03T20:00:00Z');
    expect((await zfs('list', '-H', '-o', 'name,mountpoint', 'rpool/zones/lxa@one')).stdout).toBe('rpool/zones/lxa@one\t-\n');
    const plain = await zfs('list', '-t', 'snapshot', '-o', 'name,creation', 'rpool/zones/lxa@one');
    expect(plain.stdout).toMatch(/^NAME {17}CREATION\nrpool\/zones\/lxa@one  [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d [ \d]\d:\d\d \d{4}\n$/);
  });

  it('refuses a snapshot that exists, and a missing dataset goes to usage (exit 2)', async () => {
    expect(await zfs('snapshot', 'rpool/zones/lxa@one')).toMatchObject({ code: 1, stderr: "cannot create snapshot 'rpool/zones/lxa@one': dataset already exists\n" });
    const r = await zfs('snapshot', 'rpool/zones/nope@x');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cannot open 'rpool\/zones\/nope': dataset does not exist\nusage:\n\tsnapshot \[-r\] \[-o property=value\] \.\.\. <filesystem\|volume>@<snap> \.\.\.\n/);
    expect((await zfs('snapshot', '-o', 'Bad=1', 'rpool/zones/lxa@two')).stderr).toBe("cannot create snapshot 'rpool/zones/lxa@two': invalid property 'Bad'\n");
    expect((await zfs('snapshot', 'rpool/zones/lxa@b/d')).stderr).toBe("cannot create snapshot 'rpool/zones/lxa@b/d': invalid character '/' in name\n");
  });

  it('rollback over newer snapshots is refused and lists them; -r destroys them', async () => {
    expect((await zfs('snapshot', 'rpool/zones/lxa@two')).code).toBe(0);
    expect((await zfs('snapshot', 'rpool/zones/lxa@three')).code).toBe(0);
    const r = await zfs('rollback', 'rpool/zones/lxa@one');
    expect(r).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        "cannot rollback to 'rpool/zones/lxa@one': more recent snapshots or bookmarks exist\n" +
        "use '-r' to force deletion of the following snapshots and bookmarks:\n" +
        'rpool/zones/lxa@two\nrpool/zones/lxa@three\n',
    });
    expect((await zfs('rollback', '-r', 'rpool/zones/lxa@one')).code).toBe(0);
    expect((await zfs('list', '-H', '-o', 'name', '-t', 'snapshot', '-r', 'rpool/zones/lxa')).stdout).toBe('rpool/zones/lxa@one\n');
  });

  it('a missing snapshot, a running zone and bad options', async () => {
    expect(await zfs('rollback', 'rpool/zones/lxa@nope')).toMatchObject({ code: 1, stderr: "cannot open 'rpool/zones/lxa@nope': dataset does not exist\n" });
    expect((await zfs('rollback', 'rpool/zones/lxa')).stderr).toBe("cannot open 'rpool/zones/lxa': missing '@' delimiter in snapshot name\n");
    const bad = await zfs('rollback', '-x', 'rpool/zones/lxa@one');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("zfs: illegal option -- x\ninvalid option 'x'\nusage:\n\trollback [-rRf] <snapshot>\n\nFor the property list, run: zfs set|get\n\nFor the delegated permission list, run: zfs allow|unallow\n");
    expect((await h.zoneadm('-z', 'lxa', 'boot')).code).toBe(0);
    expect(await zfs('rollback', 'rpool/zones/lxa@one')).toMatchObject({ code: 1, stderr: "cannot unmount '/zones/lxa': Device busy\n" });
    expect((await h.zoneadm('-z', 'lxa', 'halt')).code).toBe(0);
  });
});

describe('zfs snapshot -r, get, clone and destroy', () => {
  it('a recursive snapshot covers the boot environment of a sparse zone', async () => {
    expect((await zfs('snapshot', '-r', '-o', 'org.zonedash:made=t1', 'rpool/zones/sp@base')).code).toBe(0);
    const r = await zfs('list', '-H', '-o', 'name', '-t', 'snapshot', '-r', 'rpool/zones/sp');
    expect(r.stdout).toBe('rpool/zones/sp@base\nrpool/zones/sp/ROOT@base\nrpool/zones/sp/ROOT/zbe@base\n');
    const again = await zfs('snapshot', '-r', 'rpool/zones/sp@base');
    expect(again.stderr).toBe("cannot create snapshot 'rpool/zones/sp@base': dataset already exists\nno snapshots were created\n");
  });

  it('get prints user properties and native ones, with -H and -p', async () => {
    const r = await zfs('get', '-H', '-p', '-o', 'name,property,value,source', 'org.zonedash:made,type,used', 'rpool/zones/sp@base');
    const lines = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(lines[0]).toEqual(['rpool/zones/sp@base', 'org.zonedash:made', 't1', 'local']);
    expect(lines[1]).toEqual(['rpool/zones/sp@base', 'type', 'snapshot', '-']);
    expect(lines[2]![2]).toMatch(/^\d+$/);
    const table = await zfs('get', 'org.zonedash:made', 'rpool/zones/sp');
    expect(table.stdout).toBe('NAME            PROPERTY           VALUE  SOURCE\nrpool/zones/sp  org.zonedash:made  -      -\n');
    expect((await zfs('get', 'bogus', 'rpool/zones/sp')).stderr).toMatch(/^bad property list: invalid property 'bogus'\nusage:\n\tget /);
  });

  it('clone depends on its snapshot: destroy needs -R, and destroy of the clone frees it', async () => {
    expect((await zfs('clone', 'rpool/zones/sp/ROOT/zbe@base', 'rpool/scratch')).code).toBe(0);
    expect((await zfs('get', '-H', '-o', 'value', 'origin', 'rpool/scratch')).stdout).toBe('rpool/zones/sp/ROOT/zbe@base\n');
    expect(await zfs('clone', 'rpool/zones/sp/ROOT/zbe@base', 'rpool/scratch')).toMatchObject({ code: 1, stderr: "cannot create 'rpool/scratch': dataset already exists\n" });
    expect(await zfs('clone', 'rpool/zones/sp/ROOT/zbe@base', 'rpool/a/b')).toMatchObject({ code: 1, stderr: "cannot create 'rpool/a/b': parent does not exist\n" });
    expect(await zfs('destroy', 'rpool/zones/sp/ROOT/zbe@base')).toMatchObject({
      code: 1,
      stderr: "cannot destroy 'rpool/zones/sp/ROOT/zbe@base': snapshot has dependent clones\nuse '-R' to destroy the following datasets:\nrpool/scratch\n",
    });
    expect((await zfs('destroy', 'rpool/scratch')).code).toBe(0);
    expect((await zfs('destroy', '-r', 'rpool/zones/sp@base')).code).toBe(0);
    expect((await zfs('list', '-H', '-t', 'snapshot', '-r', 'rpool/zones/sp')).stdout).toBe('');
    expect(await zfs('destroy', 'rpool/zones/sp@gone')).toMatchObject({ code: 1, stderr: 'could not find any snapshots to destroy; check snapshot names.\n' });
  });
});

describe('zoneadm clone -s', () => {
  it('makes an installed zone from a snapshot of the source, with its files and its own dataset', async () => {
    await fsp.writeFile(motd('sp'), 'golden\n');
    expect((await zfs('snapshot', '-r', 'rpool/zones/sp@gold')).code).toBe(0);
    await fsp.writeFile(motd('sp'), 'changed later\n');
    expect((await h.zonecfg('-z', 'sp2', 'create -t sparse; set zonepath=/zones/sp2')).stderr).toBe('');
    const missing = await h.zoneadm('-z', 'sp2', 'clone', '-s', 'nope', 'sp');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("cannot open 'rpool/zones/sp/ROOT/zbe@nope': dataset does not exist\nERROR: Error: specified snapshot is invalid for this source zone.\n");
    const t0 = Date.now();
    expect(await h.zoneadm('-z', 'sp2', 'clone', '-s', 'gold', 'sp')).toMatchObject({ code: 0, stderr: '' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await h.zoneadm('list', '-p')).code).toBe(0);
    expect((await h.zoneadm('-z', 'sp2', 'list', '-p')).stdout).toMatch(/^-:sp2:installed:\/zones\/sp2:/);
    expect(await fsp.readFile(motd('sp2'), 'utf8')).toBe('golden\n');
    expect(await fsp.readFile(path.join(zoneRootDir(h.root, 'sp2'), 'etc/nodename'), 'utf8')).toBe('sp2\n');
    expect((await zfs('get', '-H', '-o', 'value', 'origin', 'rpool/zones/sp2/ROOT/zbe')).stdout).toBe('rpool/zones/sp/ROOT/zbe@gold\n');
    const d = await zfs('destroy', 'rpool/zones/sp/ROOT/zbe@gold');
    expect(d.stderr).toMatch(/snapshot has dependent clones\nuse '-R' to destroy the following datasets:\nrpool\/zones\/sp2\/ROOT\/zbe\n$/);
    // uninstalling the clone takes its datasets (and the dependency) away
    expect((await h.zoneadm('-z', 'sp2', 'uninstall', '-F')).code).toBe(0);
    expect((await zfs('destroy', 'rpool/zones/sp/ROOT/zbe@gold')).code).toBe(0);
  });
});
