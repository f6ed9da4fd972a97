// prctl(1) of the simulated host against prctl.c's formats, errors and exit statuses, and the
// Solaris transcript in vectors-next (real-prctl-zone-cpu-shares-solaris11.txt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpHost, type TestHost } from './host-testkit';
import { scaled } from './prctl';

let h: TestHost;
const prctl = (...a: string[]) => h.run('prctl', a);

beforeAll(async () => {
  h = await tmpHost();
  const cfg = 'create -t lipkg; set zonepath=/zones/zone1; add capped-memory; set swap=2G; end; set max-lwps=500';
  expect((await h.zonecfg('-z', 'zone1', cfg)).code).toBe(0);
  expect((await h.zoneadm('-z', 'zone1', 'install')).code).toBe(0);
  expect((await h.zoneadm('-z', 'zone1', 'boot')).code).toBe(0);
  expect((await h.zonecfg('-z', 'idle', 'create -t lipkg; set zonepath=/zones/idle')).code).toBe(0);
});
afterAll(() => h.cleanup());

async function zoneId(): Promise<string> {
  const line = (await h.zoneadm('list', '-p')).stdout.split('\n').find((l) => l.split(':')[1] === 'zone1');
  return line!.split(':')[0]!;
}

describe('prctl -i zone', () => {
  it('replaces the privileged cpu-shares value and shows it as the Solaris transcript does', async () => {
    const set = await prctl('-n', 'zone.cpu-shares', '-v', '60', '-r', '-i', 'zone', 'zone1');
    expect(set).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const p = await prctl('-n', 'zone.cpu-shares', '-P', '-i', 'zone', 'zone1');
    expect(p.code).toBe(0);
    expect(p.stdout).toBe(
      `zone: ${await zoneId()}: zone1\n` +
        'zone.cpu-shares usage 60 - - -\n' +
        'zone.cpu-shares privileged 60 - none -\n' +
        'zone.cpu-shares system 65535 max none -\n',
    );
  });

  it('prints the table with print_rctls widths and uint64toscaled values', async () => {
    const r = await prctl('-n', 'zone.max-swap', '-i', 'zone', 'zone1');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `zone: ${await zoneId()}: zone1\n` +
        'NAME    PRIVILEGE       VALUE    FLAG   ACTION                       RECIPIENT\n' +
        'zone.max-swap\n' +
        '        usage            190MB   \n' +
        '        privileged      2.00GB      -   deny                                 -\n' +
        '        system          16.0EB    max   deny                                 -\n',
    );
  });

  it('-t privileged -r changes max-lwps this boot only; the configuration is untouched', async () => {
    expect((await prctl('-n', 'zone.max-lwps', '-t', 'privileged', '-r', '-v', '800', '-i', 'zone', 'zone1')).code).toBe(0);
    expect((await prctl('-n', 'zone.max-lwps', '-P', '-t', 'privileged', '-i', 'zone', 'zone1')).stdout).toContain('zone.max-lwps privileged 800 - deny -\n');
    expect((await h.zonecfg('-z', 'zone1', 'info', 'max-lwps')).stdout).toBe('[max-lwps: 500]\n');
    expect((await h.zoneadm('-z', 'zone1', 'reboot')).code).toBe(0);
    expect((await prctl('-n', 'zone.max-lwps', '-P', '-t', 'privileged', '-i', 'zone', 'zone1')).stdout).toContain('zone.max-lwps privileged 500 - deny -\n');
  });

  it('a zone without the value: -r -t privileged finds nothing to replace, -s adds it', async () => {
    const r = await prctl('-n', 'zone.cpu-cap', '-t', 'privileged', '-r', '-v', '150', '-i', 'zone', 'zone1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^[0-9]+:\t\/sbin\/init\nno matching resource control to replace\n$/);
    expect((await prctl('-n', 'zone.cpu-cap', '-t', 'privileged', '-s', '-v', '150', '-i', 'zone', 'zone1')).code).toBe(0);
    expect((await prctl('-n', 'zone.cpu-cap', '-P', '-i', 'zone', 'zone1')).stdout).toContain('zone.cpu-cap privileged 150 - deny -\nzone.cpu-cap system 4294967295 inf deny -\n');
    const again = await prctl('-n', 'zone.cpu-cap', '-t', 'privileged', '-s', '-v', '150', '-i', 'zone', 'zone1');
    expect(again.stderr).toMatch(/\nresource control already exists\n$/);
    expect((await prctl('-n', 'zone.cpu-cap', '-t', 'privileged', '-x', '-i', 'zone', 'zone1')).code).toBe(0);
    expect((await prctl('-n', 'zone.cpu-cap', '-P', '-i', 'zone', 'zone1')).stdout).not.toContain('privileged');
  });

  it('errors as prctl.c words them: unknown or not running zones exit 1, bad command lines print the usage and exit 2', async () => {
    expect(await prctl('-n', 'zone.cpu-shares', '-i', 'zone', 'nosuch')).toMatchObject({ code: 1, stdout: '', stderr: 'nosuch: unknown zone\n' });
    expect(await prctl('-n', 'zone.cpu-shares', '-i', 'zone', 'idle')).toMatchObject({ code: 1, stderr: 'idle: unknown zone\n' });
    const noId = await prctl('-n', 'zone.cpu-shares', '-i', 'zone');
    expect(noId.code).toBe(2);
    expect(noId.stderr).toMatch(/^no arguments specified\nusage:\n    Report resource control values and actions:\n/);
    const noV = await prctl('-n', 'zone.cpu-shares', '-r', '-i', 'zone', 'zone1');
    expect(noV.code).toBe(2);
    expect(noV.stderr.split('\n')[0]).toBe('option -r requires use of option -v');
    const tooBig = await prctl('-n', 'zone.cpu-shares', '-r', '-v', '70000', '-i', 'zone', 'zone1');
    expect(tooBig.stderr.split('\n')[0]).toBe('-v value 70000 exceeds system limit for resource control: zone.cpu-shares');
    const sys = await prctl('-n', 'zone.cpu-shares', '-t', 'system', '-r', '-v', '5', '-i', 'zone', 'zone1');
    expect(sys.stderr.split('\n')[0]).toBe('cannot modify system values');
    const bad = await prctl('-q', '-i', 'zone', 'zone1');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n').slice(0, 2)).toEqual(['prctl: illegal option -- q', 'unknown option']);
    const unknownName = await prctl('-n', 'zone.nosuch', '-i', 'zone', 'zone1');
    expect(unknownName).toMatchObject({ code: 1, stderr: 'failed to get resource control for zone.nosuch: Invalid argument\n' });
  });

  it('a zonecfg change does not reach the running zone: its values are those it booted with', async () => {
    expect((await h.zonecfg('-z', 'zone1', 'set max-processes=900')).code).toBe(0);
    // no privileged value: print_rctls has nothing to print, not even its heading
    expect(await prctl('-n', 'zone.max-processes', '-P', '-t', 'privileged', '-i', 'zone', 'zone1')).toMatchObject({ code: 0, stdout: '' });
    expect((await h.zoneadm('-z', 'zone1', 'reboot')).code).toBe(0);
    expect((await prctl('-n', 'zone.max-processes', '-P', '-t', 'privileged', '-i', 'zone', 'zone1')).stdout).toContain('zone.max-processes privileged 900 - deny -\n');
  });

  it('kstat shows a cap changed live', async () => {
    expect((await prctl('-n', 'zone.max-swap', '-t', 'privileged', '-r', '-v', '3G', '-i', 'zone', 'zone1')).code).toBe(0);
    const k = await h.run('kstat', ['-p', `memory_cap:${await zoneId()}::swapcap`]);
    expect(k.stdout.trim().split('\t')[1]).toBe(String(3 * 1024 ** 3));
  });
});

describe('uint64toscaled', () => {
  it('scales as utils.c does with a width of 4', () => {
    expect(scaled(60n, '')).toBe('60');
    expect(scaled(65535n, '')).toBe('65.5K');
    expect(scaled(4294967295n, '')).toBe('4.29G');
    expect(scaled(2147483647n, '')).toBe('2.15G');
    expect(scaled(2n * 1024n ** 3n, 'B')).toBe('2.00G');
    expect(scaled(18446744073709551615n, 'B')).toBe('16.0E');
  });
});
