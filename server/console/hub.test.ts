// The hub over real websockets and a real pty (server/console/fake-zlogin.mjs stands in for
// `zlogin -C -E`): the upgrade's refusals, byte-exact input and output, resume after a drop,
// read-only viewers, a frozen viewer, and no process left behind after 100 visits.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnPty } from '../hosts/pty';
import { ConsoleHub } from './hub';
import { openGate, TestViewer } from './testkit';
import { upgradeWith } from '../ws/upgrade';
import type { ConsoleHost } from './zone-console';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAKE = path.join(here, 'fake-zlogin.mjs');

let server: Server;
let base: string;
let origin: string;
const pids: number[] = [];
let hub: ConsoleHub;

const host: ConsoleHost = {
  name: 'h1',
  openPty: (call, size) => {
    const p = spawnPty(process.execPath, [FAKE, ...call.args], { ...size, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    pids.push(p.pid);
    return p;
  },
  zoneState: async (zone) => (zone === 'gone' ? null : 'running'),
  watchZones: () => () => {},
};

beforeAll(async () => {
  hub = new ConsoleHub({ resolveHost: async (n) => (n === 'h1' ? host : undefined), config: { graceMs: 150 } });
  server = createServer((_req, res) => res.end());
  server.on('upgrade', (req, socket, head) => upgradeWith(hub, req, socket, head, openGate));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  base = `ws://127.0.0.1:${port}/ws/console`;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  hub.shutdown();
  await new Promise((r) => server.close(r));
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const connect = (zone: string, o: Parameters<typeof TestViewer.connect>[1] = {}) => TestViewer.connect(`${base}/h1/${zone}`, { origin, ...o });

describe('upgrade refusals (before anything is spawned)', () => {
  it.each<[string, string, string | undefined, number]>([
    ['no Origin', '/h1/web01', undefined, 403],
    ['another origin', '/h1/web01', 'http://evil.example', 403],
    ['the global zone', '/h1/global', 'self', 400],
    ['a SUNW name', '/h1/SUNWx', 'self', 400],
    ['an option-like name', '/h1/-C', 'self', 400],
    ['a name with a space', '/h1/a%20b', 'self', 400],
    ['a name with a slash', '/h1/a%2Fb', 'self', 400],
    ['a broken escape', '/h1/%E0%A4%A', 'self', 400],
    ['an unknown host', '/h2/web01', 'self', 404],
    ['a path that is not a console', '/h1/web01/extra', 'self', 404],
  ])('refuses %s', async (_what, p, o, status) => {
    const before = pids.length;
    const r = await TestViewer.connect(`${base}${p}`, { origin: o === 'self' ? origin : o }).then(
      () => 'opened',
      (e: Error) => e.message,
    );
    expect(r).toBe(`HTTP ${status}`);
    expect(pids.length).toBe(before);
  });

  it('spawns nothing for a refused upgrade', async () => {
    const before = pids.length;
    for (const p of ['/h1/global', '/h1/-E', '/h9/web01']) {
      await TestViewer.connect(`${base}${p}`, { origin }).catch(() => {});
    }
    await TestViewer.connect(`${base}/h1/web01`, { origin: 'http://evil.example' }).catch(() => {});
    expect(pids.length).toBe(before);
  });
});

describe('bytes through the hub', () => {
  it('echoes a 64 KiB paste byte-exact, and a 4 MiB burst arrives whole (SHA-256 on both ends)', async () => {
    const v = await connect('paste', { keep: true });
    await v.waitFor("[Connected to zone 'paste' console]\r\n");
    const paste = Buffer.alloc(64 * 1024);
    for (let i = 0; i < paste.length; i++) paste[i] = 32 + ((i * 31 + (i >> 7)) % 95);
    const start = v.received;
    for (let i = 0; i < paste.length; i += 16 * 1024) v.send(paste.subarray(i, i + 16 * 1024));
    await v.until(() => v.received - start >= paste.length);
    expect(Buffer.concat(v.chunks).subarray(start).equals(paste)).toBe(true);

    const hash = createHash('sha256');
    const from = v.received;
    const all: Buffer[] = [];
    const flood = await connect('paste', { keep: false, onBytes: (b) => all.push(b) });
    void flood;
    v.send('\x02flood 4194304\r');
    await v.waitFor(/\x1b\]fake;done;[0-9a-f]{64}\x07/, 30_000);
    const got = Buffer.concat(v.chunks).subarray(from);
    const end = got.indexOf('\x1b]fake;done;');
    hash.update(got.subarray(0, end));
    const theirs = got.subarray(end + 12, end + 12 + 64).toString();
    expect(end).toBe(4 * 1024 * 1024);
    expect(hash.digest('hex')).toBe(theirs);
    expect(v.skipped).toBe(0);
    await flood.close();
    await v.close();
  });

  it('two viewers see the same bytes; what one types both see; a read-only viewer reaches nothing', async () => {
    const a = await connect('shared', { name: 'alice' });
    const b = await connect('shared', { name: 'bob' });
    const ro = await connect('shared', { name: 'carol', mode: 'ro' });
    await a.waitFor('console]\r\n');
    a.send('typed-by-a ');
    await b.waitFor('typed-by-a ');
    ro.send('typed-by-ro ');
    b.send('typed-by-b ');
    await a.waitFor('typed-by-b ');
    await sleep(200);
    expect(a.text).toBe(b.text);
    expect(ro.text).toBe(a.text);
    expect(a.text).not.toContain('typed-by-ro');
    expect(ro.of('notice')[0]?.text).toMatch(/read-only/);
    const names = a.of('presence').at(-1)!.viewers.map((p) => `${p.name}:${p.mode}`);
    expect(names).toEqual(['alice:rw', 'bob:rw', 'carol:ro']);
    // a read-only socket stays read-only whatever its hello says
    const sneaky = await TestViewer.connect(`${base}/h1/shared?mode=ro`, { origin, mode: 'rw', name: 'mallory' });
    expect(sneaky.of('welcome')[0]!.mode).toBe('ro');
    sneaky.send('typed-by-mallory ');
    a.send('after ');
    await b.waitFor('after ');
    expect(b.text).not.toContain('mallory');
    for (const v of [a, b, ro, sneaky]) await v.close();
  });

  it('resumes after a dropped connection with no byte lost or doubled', async () => {
    const first = await connect('resume');
    await first.waitFor('console]\r\n');
    first.send('\x02lines 3000 0\r');
    await first.waitFor('line-000500');
    await first.close();
    const again = await connect('resume', { session: first.session, offset: first.offset });
    expect(again.of('welcome')[0]!.offset).toBe(first.offset);
    await again.waitFor('lines-done\r\n', 30_000);
    const text = first.text + again.text;
    const lines = text.match(/line-\d{6}/g)!;
    expect(lines).toHaveLength(3000);
    expect(lines.every((l, i) => l === `line-${String(i + 1).padStart(6, '0')}`)).toBe(true);
    expect(again.skipped).toBe(0);
    await again.close();
  });

  it("a frozen viewer does not hold back another's output or its echo, and is skipped ahead when it wakes", async () => {
    const frozen = await connect('frozen', { keep: false });
    const live = await connect('frozen', { keep: false });
    const live2 = await connect('frozen', { keep: true });
    await live2.waitFor('console]\r\n');
    frozen.freeze();
    live2.send('\x02flood 8388608\r');
    // while the flood runs, keystrokes still come back to the live viewer
    const t0 = Date.now();
    live2.send('@');
    await live2.waitFor('@', 20_000);
    const echoMs = Date.now() - t0;
    await live2.waitFor(/\x1b\]fake;done;/, 60_000);
    expect(live2.skipped).toBe(0);
    expect(echoMs).toBeLessThan(5000);
    frozen.thaw();
    await frozen.until(() => frozen.skipped > 0, 20_000, 'skip marker');
    expect(frozen.of('skip')[0]!.reason).toBe('behind');
    for (const v of [frozen, live, live2]) await v.close();
  });
});

describe('processes', () => {
  it('after 100 connect/disconnect cycles no zlogin is left, and never more than one ran at a time', async () => {
    const before = pids.length;
    for (let i = 0; i < 100; i++) {
      const v = await connect('cycles');
      if (i % 10 === 0) await v.waitFor('console]');
      await v.close();
      const running = pids.slice(before).filter(alive);
      expect(running.length).toBeLessThanOrEqual(1);
    }
    await sleep(150 + 500);
    expect(pids.slice(before).filter(alive)).toEqual([]);
    expect(hub.find('h1', 'cycles')!.attachedPid).toBeNull();
  });

  it('says there is no such zone instead of spawning zlogin', async () => {
    const before = pids.length;
    const v = await connect('gone');
    await v.until(() => v.of('status').some((s) => s.state === 'unavailable'));
    expect(v.of('status').at(-1)!.message).toMatch(/no zone named gone/);
    expect(pids.length).toBe(before);
    await v.close();
  });
});
