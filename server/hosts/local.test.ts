import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRunner } from './local';

// A stand-in "tool" that prints its argv one per line, so we can see exactly what it got.
const dir = mkdtempSync(path.join(tmpdir(), 'runner-test-'));
const printArgs = path.join(dir, 'print-args');
writeFileSync(printArgs, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\necho "LC_ALL=$LC_ALL" >&2\nexit 3\n');
chmodSync(printArgs, 0o755);
const sleeper = path.join(dir, 'sleeper');
writeFileSync(sleeper, '#!/bin/sh\nsleep 5\n');
chmodSync(sleeper, 0o755);
const flood = path.join(dir, 'flood');
writeFileSync(flood, '#!/bin/sh\nhead -c 100000 /dev/zero | tr "\\0" x\n');
chmodSync(flood, 0o755);

describe('LocalRunner', () => {
  it('passes argv words literally, with no shell in between, and reports the exit code', async () => {
    const runner = new LocalRunner({ pfexec: false, toolPaths: { zoneadm: printArgs } });
    const hostile = ['a;rm -rf /', '$(id)', '`id`', 'x y', '*'];
    const r = await runner.run({ tool: 'zoneadm', args: hostile });
    expect(r.stdout).toBe(hostile.map((a) => `${a}\n`).join(''));
    expect(r.stderr).toBe('LC_ALL=C\n');
    expect(r.exitCode).toBe(3);
    expect(r.timedOut).toBe(false);
    expect(runner.spawnCount).toBe(1);
  });

  it('puts pfexec in front when asked', async () => {
    const runner = new LocalRunner({ pfexec: true, toolPaths: { dladm: '/usr/sbin/dladm' } });
    const { toolArgv } = await import('./local');
    expect(toolArgv({ tool: 'dladm', args: ['show-link'] }, { pfexec: true })).toEqual([
      '/usr/bin/pfexec',
      ['/usr/sbin/dladm', 'show-link'],
    ]);
    expect(runner.kind).toBe('local');
  });

  it('kills a tool at its timeout and says so', async () => {
    const runner = new LocalRunner({ pfexec: false, toolPaths: { zoneadm: sleeper } });
    const r = await runner.run({ tool: 'zoneadm', args: [] }, { timeoutMs: 200 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(124);
    expect(r.durationMs).toBeLessThan(4000);
  });

  it('bounds the output it keeps', async () => {
    const runner = new LocalRunner({ pfexec: false, toolPaths: { zoneadm: flood } });
    const r = await runner.run({ tool: 'zoneadm', args: [] }, { maxOutputBytes: 1000 });
    expect(r.stdout).toHaveLength(1000);
    expect(r.truncated).toBe(true);
  });

  it('reports a tool that cannot be started as exit 127 with the reason', async () => {
    const runner = new LocalRunner({ pfexec: false, toolPaths: { zoneadm: path.join(dir, 'missing') } });
    const r = await runner.run({ tool: 'zoneadm', args: [] });
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toMatch(/ENOENT/);
  });
});
