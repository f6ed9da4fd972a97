// The hub's console logic against a fake pty and fake sockets: attach/detach, replay and
// resume by offset, per-viewer windows, skip-ahead and stall disconnects, read-only viewers,
// the escape, a console held by someone else, zones that cannot have a console.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PtyProcess, PtySize } from '../hosts/runner';
import type { ToolCall } from '../illumos/types';
import type { ServerMessage } from './protocol';
import { DEFAULT_CONFIG, ZoneConsole, type ConsoleConfig, type ConsoleHost, type ViewerSocket } from './zone-console';

class FakePty implements PtyProcess {
  static seq = 1000;
  readonly pid = FakePty.seq++;
  written: Buffer[] = [];
  closed = false;
  size: PtySize;
  private dataCbs: ((d: Buffer) => void)[] = [];
  private exitCbs: ((e: { exitCode: number; signal: number | null }) => void)[] = [];
  constructor(
    readonly call: ToolCall,
    size: PtySize,
  ) {
    this.size = size;
  }
  onData(cb: (d: Buffer) => void) {
    this.dataCbs.push(cb);
  }
  onExit(cb: (e: { exitCode: number; signal: number | null }) => void) {
    this.exitCbs.push(cb);
  }
  write(d: Buffer | string) {
    this.written.push(Buffer.from(d));
  }
  resize(s: PtySize) {
    this.size = s;
  }
  close() {
    this.closed = true;
  }
  emit(s: string | Buffer) {
    for (const cb of this.dataCbs) cb(Buffer.from(s));
  }
  exit(code = 0) {
    for (const cb of this.exitCbs) cb({ exitCode: code, signal: null });
  }
  get input(): string {
    return Buffer.concat(this.written).toString();
  }
}

class FakeHost implements ConsoleHost {
  name = 'h1';
  ptys: FakePty[] = [];
  states = new Map<string, string | null>([['web01', 'running']]);
  private listeners = new Set<() => void>();
  openPty(call: ToolCall, size: PtySize) {
    const p = new FakePty(call, size);
    this.ptys.push(p);
    return p;
  }
  async zoneState(zone: string) {
    return this.states.has(zone) ? this.states.get(zone)! : null;
  }
  watchZones(cb: () => void) {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  setState(zone: string, st: string | null) {
    this.states.set(zone, st);
    for (const l of this.listeners) l();
  }
  get watching() {
    return this.listeners.size;
  }
  get last(): FakePty {
    return this.ptys[this.ptys.length - 1]!;
  }
}

class FakeSocket implements ViewerSocket {
  frames: Buffer[] = [];
  messages: ServerMessage[] = [];
  /** everything in arrival order: bytes and control messages */
  log: (Buffer | ServerMessage)[] = [];
  closedWith: { code: number; reason: string } | null = null;
  bufferedAmount = 0;
  sendBinary(d: Buffer) {
    this.frames.push(d);
    this.log.push(d);
  }
  sendJson(m: ServerMessage) {
    this.messages.push(m);
    this.log.push(m);
  }
  close(code: number, reason: string) {
    this.closedWith = { code, reason };
  }
  get text() {
    return Buffer.concat(this.frames).toString('latin1');
  }
  get bytes() {
    return this.frames.reduce((n, f) => n + f.length, 0);
  }
  of<T extends ServerMessage['type']>(type: T) {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
  lastStatus() {
    return this.of('status').at(-1);
  }
}

const flush = () => new Promise((r) => setImmediate(r));
const BANNER = "[Connected to zone 'web01' console]\r\n";

function setup(config: Partial<ConsoleConfig> = {}) {
  const host = new FakeHost();
  // batch off: output reaches the fake sockets synchronously (batching has its own test)
  const zc = new ZoneConsole(host, 'web01', { ...DEFAULT_CONFIG, graceMs: 1000, batch: false, ...config });
  return { host, zc };
}

async function attached(config: Partial<ConsoleConfig> = {}) {
  const s = setup(config);
  const sock = new FakeSocket();
  const v = s.zc.join(sock, { name: 'a', mode: 'rw' });
  await flush();
  s.host.last.emit(BANNER);
  return { ...s, sock, v, pty: s.host.last };
}

beforeEach(() => {
  vi.useRealTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('attach and share', () => {
  it('runs one `zlogin -C -E ZONE` for all viewers, and everyone sees the same bytes', async () => {
    const { host, zc, sock, pty } = await attached();
    expect(host.ptys).toHaveLength(1);
    expect(pty.call).toEqual({ tool: 'zlogin', args: ['-C', '-E', 'web01'] });
    expect(sock.lastStatus()).toMatchObject({ state: 'attached', zoneState: 'running' });
    const b = new FakeSocket();
    zc.join(b, { name: 'b', mode: 'rw' });
    await flush();
    expect(host.ptys).toHaveLength(1);
    pty.emit('hello\r\n');
    expect(sock.text).toBe(BANNER + 'hello\r\n');
    expect(b.text).toBe(BANNER + 'hello\r\n');
    expect(b.of('presence').at(-1)!.viewers.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('holds back what zlogin says before its banner, and reports a console held by someone else', async () => {
    vi.useFakeTimers();
    const { host, zc } = setup({ busyRetryMs: 2000 });
    const sock = new FakeSocket();
    zc.join(sock, { name: 'a', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    host.last.emit('zlogin: Zone is already in use by process ID 4242.\r\n');
    host.last.exit(1);
    expect(sock.lastStatus()).toMatchObject({ state: 'busy', holderPid: 4242 });
    expect(sock.lastStatus()!.message).toContain('process ID 4242');
    expect(sock.bytes).toBe(0); // the refusal is a status, not terminal output
    await vi.advanceTimersByTimeAsync(2000);
    expect(host.ptys).toHaveLength(2); // retried
    host.last.emit(BANNER);
    expect(sock.lastStatus()).toMatchObject({ state: 'attached' });
    expect(sock.text).toBe(BANNER);
  });

  it('waits, without zlogin, while the zone cannot have a console, and attaches when it can', async () => {
    const { host, zc } = setup();
    host.states.set('web01', 'configured');
    const sock = new FakeSocket();
    zc.join(sock, { name: 'a', mode: 'rw' });
    await flush();
    expect(host.ptys).toHaveLength(0);
    expect(sock.lastStatus()).toMatchObject({ state: 'unavailable', zoneState: 'configured' });
    expect(sock.lastStatus()!.message).toMatch(/configured/);
    host.setState('web01', 'installed');
    await flush();
    await flush();
    expect(host.ptys).toHaveLength(1);
    host.last.emit(BANNER);
    // attached to a zone that is not running: the pane says so, and the boot will show
    expect(sock.lastStatus()).toMatchObject({ state: 'attached', zoneState: 'installed' });
    host.setState('web01', 'running');
    await flush();
    expect(sock.lastStatus()).toMatchObject({ state: 'attached', zoneState: 'running' });
  });

  it('says so when the host has no such zone', async () => {
    const { host, zc } = setup();
    const sock = new FakeSocket();
    const other = new ZoneConsole(host, 'nosuch', { ...DEFAULT_CONFIG, batch: false });
    other.join(sock, { name: 'a', mode: 'rw' });
    await flush();
    expect(host.ptys).toHaveLength(0);
    expect(sock.lastStatus()).toMatchObject({ state: 'unavailable', zoneState: null });
    expect(sock.lastStatus()!.message).toContain('no zone named nosuch');
    void zc;
  });

  it('attaches again when zlogin goes away by itself (the zone was uninstalled and reinstalled)', async () => {
    vi.useFakeTimers();
    const { host, zc } = setup();
    const sock = new FakeSocket();
    zc.join(sock, { name: 'a', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    host.last.emit(BANNER + '\r\n[NOTICE: Zone is being uninstalled.  Disconnecting...]\r\n');
    host.last.exit(0);
    expect(sock.lastStatus()!.state).toBe('starting');
    await vi.advanceTimersByTimeAsync(1000);
    expect(host.ptys).toHaveLength(2);
  });
});

describe('batching', () => {
  it('sends what the pty gave in one turn of the event loop as one frame, right after it', async () => {
    const { zc, pty } = await attached({ batch: true });
    const s = new FakeSocket();
    zc.join(s, { name: 'b', mode: 'rw' });
    const before = s.frames.length;
    for (let i = 0; i < 10; i++) pty.emit(`chunk-${i};`);
    expect(s.frames.length).toBe(before);
    await flush();
    expect(s.frames.length).toBe(before + 1);
    expect(s.frames.at(-1)!.toString()).toBe(Array.from({ length: 10 }, (_, i) => `chunk-${i};`).join(''));
  });
});

describe('replay and resume', () => {
  it('gives a new viewer the recent history and a reconnecting one exactly what it missed', async () => {
    const { zc, sock, pty } = await attached();
    pty.emit('one\r\n');
    pty.emit('two\r\n');
    const welcome = sock.of('welcome')[0]!;
    const seen = sock.bytes; // the viewer got everything so far
    sock.closedWith = null;
    // it drops; meanwhile more output
    zc.leave(zc['viewers'].values().next().value!);
    pty.emit('three\r\n');
    pty.emit('four\r\n');
    const again = new FakeSocket();
    zc.join(again, { name: 'a', mode: 'rw', session: welcome.session, offset: welcome.offset + seen });
    expect(again.of('welcome')[0]).toMatchObject({ offset: seen, newSession: false });
    expect(sock.text + again.text).toBe(BANNER + 'one\r\ntwo\r\nthree\r\nfour\r\n');
    // a fresh viewer gets the whole buffer
    const fresh = new FakeSocket();
    zc.join(fresh, { name: 'c', mode: 'rw' });
    expect(fresh.text).toBe(BANNER + 'one\r\ntwo\r\nthree\r\nfour\r\n');
    // an unknown session (the hub restarted) is a new start, said so
    const stale = new FakeSocket();
    zc.join(stale, { name: 'd', mode: 'rw', session: 'old', offset: 3 });
    expect(stale.of('welcome')[0]).toMatchObject({ offset: 0, newSession: true });
    expect(stale.text).toBe(fresh.text);
  });

  it('a resume older than the buffer is told what was skipped before any byte', async () => {
    const { zc, sock, pty } = await attached({ replayBytes: 1024, maxLagBytes: 1024 });
    const w = sock.of('welcome')[0]!;
    for (let i = 0; i < 100; i++) pty.emit(`line ${String(i).padStart(3, '0')}\r\n`);
    const again = new FakeSocket();
    zc.join(again, { name: 'a', mode: 'rw', session: w.session, offset: 10 });
    const first = again.log.find((x) => !Buffer.isBuffer(x) && x.type === 'skip');
    const firstFrame = again.log.findIndex((x) => Buffer.isBuffer(x));
    expect(first).toMatchObject({ type: 'skip', from: 10, reason: 'behind' });
    expect(again.log.indexOf(first!)).toBeLessThan(firstFrame);
    expect(again.bytes).toBe(1024);
  });
});

describe('flow control', () => {
  it('sends a viewer no more than its window until it acks; others are not held back', async () => {
    const { zc, sock: slow, pty } = await attached({ windowBytes: 4096, replayBytes: 1 << 20, frameBytes: 1024 });
    const fast = new FakeSocket();
    const vf = zc.join(fast, { name: 'fast', mode: 'rw' });
    const chunk = 'x'.repeat(1000);
    for (let i = 0; i < 50; i++) {
      pty.emit(chunk);
      zc.ack(vf, fast.bytes); // the fast viewer writes as it receives
    }
    expect(fast.bytes).toBe(BANNER.length + 50_000);
    expect(slow.bytes).toBeLessThanOrEqual(4096);
    expect(slow.bytes).toBeGreaterThan(4096 - 1024);
    // the slow one catches up as it acks: no byte lost or doubled
    const vs = [...zc['viewers']].find((v) => v.name === 'a')!;
    for (let i = 0; i < 100 && slow.bytes < fast.bytes; i++) zc.ack(vs, slow.bytes);
    expect(slow.text).toBe(fast.text);
  });

  it('skips a viewer that fell behind the replay buffer ahead, with a marker, never blocking zlogin', async () => {
    const { zc, sock: stuck, pty } = await attached({ windowBytes: 2048, replayBytes: 4096, maxLagBytes: 8192 });
    const vs = [...zc['viewers']][0]!;
    const all: string[] = [BANNER];
    for (let i = 0; i < 40; i++) {
      const s = `${String(i).padStart(4, '0')}:${'y'.repeat(995)}`;
      all.push(s);
      pty.emit(s); // the hub takes every byte whatever the viewer does
    }
    expect(zc.stats.outputBytes).toBe(all.join('').length);
    expect(stuck.bytes).toBe(2048); // its window, and not a byte more
    zc.ack(vs, stuck.bytes);
    const total = all.join('').length;
    const skip = stuck.of('skip');
    expect(skip).toHaveLength(1);
    expect(skip[0]).toMatchObject({ from: 2048, to: total - 8192, reason: 'behind' });
    // what follows the marker is exactly the buffer's content from its start
    for (let i = 0; i < 20; i++) zc.ack(vs, vs.sent);
    const whole = all.join('');
    const afterSkip = stuck.log.slice(stuck.log.indexOf(skip[0]!) + 1).filter(Buffer.isBuffer);
    expect(Buffer.concat(afterSkip).toString('latin1')).toBe(whole.slice(skip[0]!.to));
    expect(Buffer.concat(stuck.log.slice(0, stuck.log.indexOf(skip[0]!)).filter(Buffer.isBuffer)).toString('latin1')).toBe(whole.slice(0, skip[0]!.from));
  });

  it('keeps up to maxLagBytes for a lagging viewer (no skip), and only the replay size once nobody lags', async () => {
    const { zc, sock: slow, pty } = await attached({ windowBytes: 2048, replayBytes: 4096, maxLagBytes: 64 * 1024 });
    const vs = [...zc['viewers']][0]!;
    let total = BANNER.length;
    for (let i = 0; i < 30; i++) {
      pty.emit('w'.repeat(1000)); // 30 KB behind: more than the replay, less than the lag bound
      total += 1000;
    }
    expect(zc['ring'].bytes).toBeGreaterThan(4096);
    // a newcomer meanwhile gets the replay size, not the lagging viewer's backlog
    const fresh = new FakeSocket();
    zc.join(fresh, { name: 'new', mode: 'rw' });
    expect(fresh.bytes).toBe(2048); // its first window of the last 4096 bytes
    zc.leave([...zc['viewers']].find((v) => v.name === 'new')!);
    for (let i = 0; i < 40 && vs.next < total; i++) zc.ack(vs, slow.bytes);
    expect(slow.of('skip')).toHaveLength(0);
    expect(slow.bytes).toBe(total);
    pty.emit('x'); // the next output trims the buffer back
    expect(zc['ring'].bytes).toBe(4096);
  });

  it('lets go of a lagging viewer\'s backlog when it leaves', async () => {
    const { zc, sock: a, pty } = await attached({ windowBytes: 1024, replayBytes: 4096, maxLagBytes: 1 << 20 });
    for (let i = 0; i < 100; i++) pty.emit('v'.repeat(1000));
    expect(zc['ring'].bytes).toBeGreaterThan(90_000);
    void a;
    zc.leave([...zc['viewers']][0]!);
    expect(zc['ring'].bytes).toBe(4096);
  });

  it('disconnects a viewer that acknowledges nothing for stallMs, with the reason', async () => {
    vi.useFakeTimers();
    const { host, zc } = setup({ windowBytes: 1024, stallMs: 10_000 });
    const stuck = new FakeSocket();
    const ok = new FakeSocket();
    zc.join(stuck, { name: 'stuck', mode: 'rw' });
    const vo = zc.join(ok, { name: 'ok', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    host.last.emit(BANNER);
    for (let i = 0; i < 30; i++) {
      host.last.emit('z'.repeat(500));
      zc.ack(vo, ok.bytes);
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(stuck.closedWith).toMatchObject({ code: 4408 });
    expect(stuck.closedWith!.reason).toMatch(/acknowledged no console output for 10 s/);
    expect(ok.closedWith).toBeNull();
    expect(zc.viewerCount).toBe(1);
  });
});

describe('input', () => {
  it("passes a read-write viewer's bytes to zlogin unchanged, `~.` included (zlogin runs with -E)", async () => {
    const { sock, v, zc, pty } = await attached();
    const paste = Buffer.alloc(64 * 1024);
    for (let i = 0; i < paste.length; i++) paste[i] = 32 + ((i * 7) % 95);
    zc.input(v, Buffer.from('\r~.'));
    zc.input(v, paste);
    expect(Buffer.concat(pty.written).equals(Buffer.concat([Buffer.from('\r~.'), paste]))).toBe(true);
    expect(pty.closed).toBe(false);
    expect(sock.closedWith).toBeNull();
  });

  it("drops a read-only viewer's keystrokes and resizes, and tells it why", async () => {
    const { zc, pty } = await attached();
    const ro = new FakeSocket();
    const v = zc.join(ro, { name: 'ro', mode: 'ro', size: { cols: 200, rows: 50 } });
    zc.input(v, Buffer.from('rm -rf /\r'));
    zc.resize(v, { cols: 10, rows: 5 });
    expect(pty.written).toHaveLength(0);
    expect(pty.size).toEqual({ cols: 80, rows: 24 });
    expect(ro.of('notice')[0]!.text).toMatch(/read-only/);
    expect(ro.of('welcome')[0]!.mode).toBe('ro');
  });

  it('drops keystrokes typed before zlogin is attached', async () => {
    const { host, zc } = setup();
    const s = new FakeSocket();
    const v = zc.join(s, { name: 'a', mode: 'rw' });
    await flush();
    zc.input(v, Buffer.from('\x03'));
    expect(host.last.written).toHaveLength(0);
  });
});

describe('detach', () => {
  it('hangs up zlogin a grace period after the last viewer leaves; a viewer coming back in time keeps it', async () => {
    vi.useFakeTimers();
    const { host, zc } = setup({ graceMs: 1000 });
    const a = new FakeSocket();
    const va = zc.join(a, { name: 'a', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    host.last.emit(BANNER);
    zc.leave(va);
    await vi.advanceTimersByTimeAsync(900);
    const vb = zc.join(new FakeSocket(), { name: 'b', mode: 'rw' }); // a reload, StrictMode's double effect
    await vi.advanceTimersByTimeAsync(2000);
    expect(host.last.closed).toBe(false);
    expect(host.ptys).toHaveLength(1);
    zc.leave(vb);
    await vi.advanceTimersByTimeAsync(1000);
    expect(host.last.closed).toBe(true);
    host.last.exit(129);
    expect(zc.state.state).toBe('detached');
    expect(zc.attachedPid).toBeNull();
    expect(host.watching).toBe(0);
    // the history survives the detach; a new viewer reattaches and still sees it
    const c = new FakeSocket();
    zc.join(c, { name: 'c', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    expect(host.ptys).toHaveLength(2);
    expect(c.text).toBe(BANNER);
  });

  it("keeps one banner per visit: a reattach's banner is left out while an earlier one is still in the replay", async () => {
    vi.useFakeTimers();
    const { host, zc } = setup({ graceMs: 10, replayBytes: 200, maxLagBytes: 200 });
    const visit = async (say: (p: FakePty) => void) => {
      const sock = new FakeSocket();
      const v = zc.join(sock, { name: 'v', mode: 'rw' });
      await vi.advanceTimersByTimeAsync(0);
      say(host.last);
      zc.leave(v);
      await vi.advanceTimersByTimeAsync(10);
      host.last.exit(129);
      return sock;
    };
    await visit((p) => p.emit(`${BANNER}login: `));
    // the second zlogin's banner comes in pieces: the line end after the attach was seen
    const second = await visit((p) => {
      p.emit("[Connected to zone 'web01' console]\r");
      p.emit('\nsecond\r\n');
    });
    expect(second.text).toBe(`${BANNER}login: second\r\n`);
    const third = await visit((p) => p.emit(`${BANNER}third\r\n`));
    expect(third.text).toBe(`${BANNER}login: second\r\nthird\r\n`);
    expect(host.ptys).toHaveLength(3);
    // once the kept banner has left the replay, the next attach's banner is kept
    const flood = await visit((p) => p.emit(`${BANNER}${'x'.repeat(300)}`));
    expect(flood.text.endsWith('x'.repeat(150))).toBe(true);
    const last = await visit((p) => p.emit(`${BANNER}back\r\n`));
    expect(last.text.split('[Connected').length - 1).toBe(1);
    expect(last.text.endsWith(`${BANNER}back\r\n`)).toBe(true);
  });

  it('a viewer arriving while zlogin is being hung up gets a new zlogin once the old one is gone', async () => {
    vi.useFakeTimers();
    const { host, zc } = setup({ graceMs: 10 });
    const va = zc.join(new FakeSocket(), { name: 'a', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    host.last.emit(BANNER);
    zc.leave(va);
    await vi.advanceTimersByTimeAsync(10);
    expect(host.last.closed).toBe(true);
    zc.join(new FakeSocket(), { name: 'b', mode: 'rw' });
    await vi.advanceTimersByTimeAsync(0);
    expect(host.ptys).toHaveLength(1); // never two zlogins at once
    host.last.exit(129);
    await vi.advanceTimersByTimeAsync(0);
    expect(host.ptys).toHaveLength(2);
  });
});
