// The fleet over real simulated hosts (in-process tools): one list across hosts, events in
// one numbered sequence that a browser can replay, and hosts that come and go.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFleetEvent } from '@/components/zones/zone-changes';
import type { Host, HostRegistry } from '../hosts/registry';
import { fixedRegistry } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { runTool } from '../sim/tools';
import { ensureHost } from '../sim/store';
import { Fleet, type FleetEvent } from './fleet';
import { HostWatcher } from './watcher';

const roots: string[] = [];
const watchers = new Map<string, HostWatcher>();
afterEach(() => {
  for (const w of watchers.values()) w.stop();
  watchers.clear();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

async function simHost(name: string, zones: string[]): Promise<Host> {
  const root = mkdtempSync(path.join(tmpdir(), `fleet-${name}-`));
  roots.push(root);
  await ensureHost(root);
  const io = { root, stdin: null, isTTY: false, stdout: () => {}, stderr: () => {}, timeScale: 0 };
  for (const z of zones) await runTool('zonecfg', ['-z', z, `create; set zonepath=/zones/${z}`], io);
  return { name, kind: 'sim', description: name, runner: new SimRunner({ root, timeScale: 0 }) };
}

const watcherOf = (host: Host) => {
  let w = watchers.get(host.name);
  if (!w || w.host !== host) {
    w = new HostWatcher(host, 60_000);
    watchers.set(host.name, w);
  }
  return w;
};

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

describe('Fleet', () => {
  it('lists every host\'s zones, host by host, each with its connection state', async () => {
    const a = await simHost('a', ['web', 'db']);
    const b = await simHost('b', ['web']);
    const fleet = new Fleet(fixedRegistry([a, b]), watcherOf);
    const snap = await fleet.snapshot();
    expect(snap.zones.map((z) => `${z.host}/${z.name}`)).toEqual(['a/web', 'a/db', 'b/web']);
    expect(snap.hosts.map((h) => [h.name, h.state, h.stale])).toEqual([
      ['a', 'connected', false],
      ['b', 'connected', false],
    ]);
    expect(snap.hosts.every((h) => typeof h.fetchedAt === 'number')).toBe(true);
  });

  it('numbers one host\'s change in the fleet\'s sequence, and a browser\'s copy follows it', async () => {
    const a = await simHost('a', ['web']);
    const b = await simHost('b', ['web']);
    const fleet = new Fleet(fixedRegistry([a, b]), watcherOf);
    const before = await fleet.snapshot();
    const events: FleetEvent[] = [];
    fleet.subscribe((e) => events.push(e));
    const rootB = (b.runner as SimRunner).options.root;
    await runTool('zoneadm', ['-z', 'web', 'install'], { root: rootB, stdin: null, isTTY: false, stdout: () => {}, stderr: () => {}, timeScale: 0 });
    await watcherOf(b).refresh();
    await until(() => fleet.current().zones.find((z) => z.host === 'b')?.state === 'installed');
    // install passes through incomplete: one or more events, all b's, numbered one after another
    const changed = events.filter((e) => e.changes.length > 0);
    expect(new Set(changed.map((e) => e.host))).toEqual(new Set(['b']));
    expect(changed.map((e) => e.version)).toEqual(changed.map((_, i) => before.version + 1 + i));
    expect(fleet.eventsSince(before.version)).toEqual(changed);
    // the browser applies the event to its copy: b's row changes, a's row is the same object
    const after = events.reduce(applyFleetEvent, before);
    expect(after.zones.find((z) => z.host === 'b')!.state).toBe('installed');
    expect(after.zones[0]).toBe(before.zones[0]);
    expect({ version: after.version, zones: after.zones }).toEqual({ version: fleet.current().version, zones: fleet.current().zones });
  });

  it('follows hosts as they are added and removed; a removed host takes its rows along', async () => {
    const a = await simHost('a', ['web']);
    const b = await simHost('b', ['db']);
    const registry = fixedRegistry([a]);
    const listeners: ((hosts: Host[]) => void)[] = [];
    // the fixed registry never changes by itself: drive its hosts the way reload() does
    const live: HostRegistry = {
      ...registry,
      get hosts() {
        return current;
      },
      get: (n) => current.find((h) => h.name === n),
      status: () => ({ state: 'connected', lastHeardAt: null, rttMs: null, error: null, offeredFingerprint: null }),
      onHostsChange: (l) => {
        listeners.push(l);
        return () => {};
      },
      onStatusChange: () => () => {},
      defaultHost: a,
      reload: async () => {},
      close: () => {},
    };
    let current: Host[] = [a];
    const fleet = new Fleet(live, watcherOf);
    let copy = await fleet.snapshot();
    fleet.subscribe((e) => {
      if (e.version > copy.version) copy = applyFleetEvent(copy, e);
    });
    current = [a, b];
    for (const l of listeners) l(current);
    await until(() => copy.zones.some((z) => z.host === 'b'));
    expect(copy.hosts.map((h) => h.name)).toEqual(['a', 'b']);
    current = [a];
    for (const l of listeners) l(current);
    await until(() => !copy.hosts.some((h) => h.name === 'b'));
    expect(copy.zones.map((z) => `${z.host}/${z.name}`)).toEqual(['a/web']);
  });

  it('a heartbeat (nothing changed) carries the current version and is not recorded', async () => {
    const a = await simHost('a', ['web']);
    const fleet = new Fleet(fixedRegistry([a]), watcherOf);
    const snap = await fleet.snapshot();
    const events: FleetEvent[] = [];
    fleet.subscribe((e) => events.push(e));
    await watcherOf(a).refresh();
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({ host: 'a', version: snap.version, changes: [] });
    expect(fleet.eventsSince(snap.version)).toEqual([]);
  });
});
