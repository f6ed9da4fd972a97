// prctl argv for "Apply now" and the -P parser, against the Solaris transcript in
// vectors-next (real-prctl-zone-cpu-shares-solaris11.txt).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveSteps, parsePrctlP, prctlReplace } from './prctl';

const REAL = readFileSync('/work/shared/illumos/vectors-next/real-prctl-zone-cpu-shares-solaris11.txt', 'utf8');

describe('parsePrctlP', () => {
  it('reads the real transcript: the zone, the usage and each value', () => {
    const out = REAL.split('\n').filter((l) => !l.startsWith('#') && !l.startsWith('root@')).join('\n');
    expect(parsePrctlP(out)).toEqual({
      zoneId: 3,
      zone: 'zone1',
      rctls: [
        {
          name: 'zone.cpu-shares',
          usage: '60',
          values: [
            { priv: 'privileged', value: '60', flag: '-', action: 'none', recipient: '-' },
            { priv: 'system', value: '65535', flag: 'max', action: 'none', recipient: '-' },
          ],
        },
      ],
    });
  });

  it('skips lines of any other shape (untrusted text)', () => {
    expect(parsePrctlP('garbage\nzone.x privileged notanumber - none -\nzone.max-lwps privileged 5 - deny -').rctls).toEqual([
      { name: 'zone.max-lwps', usage: null, values: [{ priv: 'privileged', value: '5', flag: '-', action: 'deny', recipient: '-' }] },
    ]);
  });
});

describe('liveSteps', () => {
  const change = (key: string, label: string, before: string | null, after: string | null) => ({ key, label, before, after });

  it('builds the transcript command for cpu-shares', () => {
    expect(prctlReplace('zone1', 'zone.cpu-shares', '60')).toEqual({ tool: 'prctl', args: ['-n', 'zone.cpu-shares', '-t', 'privileged', '-r', '-v', '60', '-i', 'zone', 'zone1'] });
  });

  it('replaces, adds (with deny) or deletes by what the zone booted with; sizes in bytes, the CPU cap in percent', () => {
    const steps = liveSteps('w1', [
      change('cappedMemory.swap', 'capped-memory swap', '1G', '2G'),
      change('cappedCpu.ncpus', 'capped-cpu ncpus', null, '1.50'),
      change('maxLwps', 'max-lwps', '500', null),
      change('cpuShares', 'cpu-shares', '4', null),
    ]);
    expect(steps.map((s) => s.call.args.join(' '))).toEqual([
      '-n zone.max-swap -t privileged -r -v 2147483648 -i zone w1',
      '-n zone.cpu-cap -t privileged -s -v 150 -e deny -i zone w1',
      '-n zone.max-lwps -t privileged -x -i zone w1',
      // a zone always has cpu-shares: back to the default of 1
      '-n zone.cpu-shares -t privileged -r -v 1 -i zone w1',
    ]);
  });

  it('has nothing for what is not an rctl: the physical cap (rcapd), nets, autoboot', () => {
    expect(liveSteps('w1', [change('cappedMemory.physical', 'capped-memory physical', '1G', '2G'), change('net:n0', 'net n0', null, 'physical=n0'), change('autoboot', 'autoboot', 'false', 'true')])).toEqual([]);
  });
});
