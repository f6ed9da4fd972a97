import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database';
import type { Host } from '../hosts/registry';
import type { RunOptions, RunResult, Runner } from '../hosts/runner';
import type { ToolCall } from '../illumos/types';
import { TaskManager } from './tasks';
import { BusyError } from '../errors';

/** A runner whose tools answer from a script: exit codes and output per argv. */
function scriptedHost(script: (call: ToolCall) => { code: number; out?: string; err?: string; delayMs?: number }): Host {
  let spawns = 0;
  const runner: Runner = {
    kind: 'sim',
    get spawnCount() {
      return spawns;
    },
    async run(call: ToolCall, options: RunOptions = {}): Promise<RunResult> {
      spawns++;
      const s = script(call);
      if (s.out) options.onOutput?.('stdout', s.out);
      await new Promise((r) => setTimeout(r, s.delayMs ?? 0));
      return { stdout: s.out ?? '', stderr: s.err ?? '', exitCode: s.code, timedOut: false, truncated: false, startedAt: Date.now(), durationMs: s.delayMs ?? 0 };
    },
    async writeTempFile() {
      throw new Error('not used');
    },
  };
  return { name: 'h1', kind: 'sim', description: 'test', runner };
}

const call = (...args: string[]): ToolCall => ({ tool: 'zoneadm', args });

describe('TaskManager', () => {
  it('runs steps in order and persists argv, output, exit codes and times', async () => {
    const db = openDatabase(':memory:');
    const tasks = new TaskManager(db);
    const host = scriptedHost((c) => ({ code: 0, out: `ran ${c.args.join(' ')}\n` }));
    const t = tasks.start({ kind: 'boot', title: 'boot web01', user: 'alice', host, zone: 'web01', steps: [
      { label: 'Boot web01', call: call('-z', 'web01', 'boot') },
      { label: 'List', call: call('list', '-cp') },
    ] });
    expect(t.status).toBe('running');
    const done = await tasks.wait(t.id);
    expect(done?.status).toBe('succeeded');
    expect(done?.steps.map((s) => [s.argv, s.status, s.exitCode, s.stdout])).toEqual([
      [['zoneadm', '-z', 'web01', 'boot'], 'succeeded', 0, 'ran -z web01 boot\n'],
      [['zoneadm', 'list', '-cp'], 'succeeded', 0, 'ran list -cp\n'],
    ]);
    expect(done?.steps[0]?.startedAt).toBeTypeOf('number');
    expect(done?.steps[0]?.finishedAt).toBeGreaterThanOrEqual(done?.steps[0]?.startedAt ?? Infinity);
  });

  it('stops at a failed step, keeps its stderr verbatim and skips the rest', async () => {
    const tasks = new TaskManager(openDatabase(':memory:'));
    const host = scriptedHost((c) =>
      c.args.includes('boot') ? { code: 1, err: "zoneadm: zone 'web01': call to zoneadmd failed\n" } : { code: 0 },
    );
    const t = tasks.start({ kind: 'x', title: 'x', user: 'u', host, zone: 'web01', steps: [
      { label: 'Boot', call: call('-z', 'web01', 'boot') },
      { label: 'After', call: call('list') },
    ] });
    const done = await tasks.wait(t.id);
    expect(done?.status).toBe('failed');
    expect(done?.summary).toBe('Step 1 (Boot) failed; later steps were not run.');
    expect(done?.steps[0]?.stderr).toBe("zoneadm: zone 'web01': call to zoneadmd failed\n");
    expect(done?.steps[1]?.status).toBe('skipped');
    expect(host.runner.spawnCount).toBe(1);
  });

  it('refuses a second task on the same zone at once with a CONFLICT naming the first', async () => {
    const tasks = new TaskManager(openDatabase(':memory:'));
    const host = scriptedHost(() => ({ code: 0, delayMs: 100 }));
    const first = tasks.start({ kind: 'boot', title: 'boot web01', user: 'alice', host, zone: 'web01', steps: [{ label: 'Boot', call: call('boot') }] });
    let error: unknown;
    try {
      tasks.start({ kind: 'boot', title: 'boot web01', user: 'bob', host, zone: 'web01', steps: [{ label: 'Boot', call: call('boot') }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BusyError);
    expect((error as BusyError).holder).toBe(first.id);
    expect((error as BusyError).message).toContain(first.id);
    expect((error as BusyError).message).toContain('boot web01, started by alice');
    // another zone is not blocked
    const other = tasks.start({ kind: 'boot', title: 'boot db01', user: 'bob', host, zone: 'db01', steps: [] });
    await tasks.wait(first.id);
    await tasks.wait(other.id);
    expect(host.runner.spawnCount).toBe(1);
    // and once the first is done the zone is free again
    const again = tasks.start({ kind: 'boot', title: 'boot web01', user: 'bob', host, zone: 'web01', steps: [] });
    expect((await tasks.wait(again.id))?.status).toBe('succeeded');
  });

  it('marks tasks that were running when the process died as interrupted', async () => {
    const db = openDatabase(':memory:');
    const host = scriptedHost(() => ({ code: 0, delayMs: 10_000 }));
    const before = new TaskManager(db);
    const t = before.start({ kind: 'install', title: 'install web01', user: 'u', host, zone: 'web01', steps: [{ label: 'Install', call: call('install') }] });
    // a new manager on the same database is what a restarted server sees
    const after = new TaskManager(db);
    expect(after.markInterrupted()).toBe(1);
    const seen = after.get(t.id);
    expect(seen?.status).toBe('interrupted');
    expect(seen?.steps[0]?.status).toBe('interrupted');
    expect(seen?.summary).toMatch(/stopped while this task was running/);
  });

  it("gives each zone's latest task, with its steps' stderr but not their stdout", async () => {
    const tasks = new TaskManager(openDatabase(':memory:'));
    const host = scriptedHost((c) =>
      c.args.includes('boot') ? { code: 1, out: 'booting\n', err: "zoneadm: zone 'web01': call to zoneadmd failed\n" } : { code: 0, out: 'ok\n' },
    );
    const run = async (zone: string, verb: string) => {
      const t = tasks.start({ kind: verb, title: `${verb} ${zone}`, user: 'u', host, zone, steps: [{ label: verb, call: call('-z', zone, verb) }] });
      await tasks.wait(t.id);
      // created_at has millisecond resolution: keep the tasks' order unambiguous
      await new Promise((r) => setTimeout(r, 3));
      return t.id;
    };
    await run('web01', 'halt');
    const failed = await run('web01', 'boot');
    await run('db', 'boot');
    const fixed = await run('db', 'halt');
    const latest = tasks.latestPerZone();
    expect(latest.map((t) => [t.zone, t.id, t.status])).toEqual([
      ['db', fixed, 'succeeded'],
      ['web01', failed, 'failed'],
    ]);
    expect(latest[1]?.steps).toEqual([{ idx: 0, label: 'boot', status: 'failed', stderr: "zoneadm: zone 'web01': call to zoneadmd failed\n" }]);
    expect(tasks.latestPerZone({ host: 'elsewhere' })).toEqual([]);
    expect(tasks.latestPerZone({ host: 'h1' })).toHaveLength(2);
  });
});
