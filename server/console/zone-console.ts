// One zone's console in the hub: a single `zlogin -C -E` on a pty, shared by every viewer.
//
// - Output: the pty is read all the time (zoneadmd stalls the zone's console writers when its
//   one client stops reading). Every byte goes into the replay buffer (ByteRing) with an
//   absolute offset, then out to each viewer as far as that viewer's window allows.
// - Flow control, per viewer: at most `windowBytes` sent and not yet acknowledged (the browser
//   acks from xterm's write callback). A viewer that stops acking simply stops being sent to;
//   its backlog is the shared buffer, which keeps up to `maxLagBytes` for the furthest-behind
//   viewer (and only the replay size when nobody lags). A viewer further behind than that is
//   skipped ahead with a `skip` message (the pane prints a marker); one that acks nothing for
//   `stallMs` is disconnected with a reason. Nobody else is slowed, zlogin least of all.
// - Input: keystrokes of read-write viewers go to zlogin. zlogin runs with -E, so no escape
//   sequence exists: `~.` typed by a viewer reaches the zone like any text and can never end
//   the shared session; the hub ends it by hanging up the pty. No shell is involved anywhere.
// - Lifecycle: attach when the first viewer comes (in any zone state >= installed, so a boot
//   is seen from its first line), detach `graceMs` after the last one leaves. If zlogin says
//   another client holds the console, report it and retry; if the zone cannot have a console
//   (configured, unknown), report it and wait for the zone's state to change.
// - zlogin greets every attach with "[Connected to zone 'Z' console]". The buffer outlives
//   zlogin (it is hung up `graceMs` after the last viewer leaves), so each return visit would
//   add another banner that every later visitor's replay repeats: a banner is kept only when
//   no earlier one is still within the replay a new viewer gets.
import { randomUUID } from 'node:crypto';
import { zloginConsole } from '../illumos/zlogin';
import { zloginConsoleAttached, zloginConsoleBanner, zloginConsoleHolder } from '../illumos/zloginParse';
import type { PtyProcess, PtySize } from '../hosts/runner';
import { ByteRing } from './ring';
import { CLOSE, type ConsoleState, type ConsoleStatus, type PresenceEntry, type ServerMessage, type ViewerMode } from './protocol';

export interface ConsoleConfig {
  /** replay buffer size: the history a new viewer gets */
  replayBytes: number;
  /** how far behind the newest byte a viewer may fall before it is skipped ahead (the
   *  buffer keeps that much for it, and only while someone is that far behind) */
  maxLagBytes: number;
  /** per viewer: bytes sent and not yet acknowledged */
  windowBytes: number;
  /** largest binary frame sent to a viewer */
  frameBytes: number;
  /** how long zlogin stays attached after the last viewer left */
  graceMs: number;
  /** a viewer that acknowledges nothing for this long while output waits is disconnected */
  stallMs: number;
  /** retry interval while another console client holds the console */
  busyRetryMs: number;
  /** zlogin is taken as attached after this long even without its banner */
  bannerTimeoutMs: number;
  /** a console nobody has watched for this long is forgotten (its replay buffer freed) */
  idleEvictMs: number;
  /** send what the pty gave in one turn of the event loop together (off: at once, for tests) */
  batch: boolean;
}

export const DEFAULT_CONFIG: ConsoleConfig = {
  replayBytes: 256 * 1024,
  maxLagBytes: 4 * 1024 * 1024,
  windowBytes: 512 * 1024,
  frameBytes: 64 * 1024,
  graceMs: 5000,
  stallMs: 60_000,
  busyRetryMs: 3000,
  bannerTimeoutMs: 3000,
  idleEvictMs: 30 * 60_000,
  batch: true,
};

/** What the console needs of a host: a pty for zlogin, and the zone's state. */
export interface ConsoleHost {
  name: string;
  openPty(call: ReturnType<typeof zloginConsole>, size: PtySize): PtyProcess;
  /** the zone's state now: null if the host has no such zone, undefined if not known yet */
  zoneState(zone: string): Promise<string | null | undefined>;
  /** calls back whenever the host's zones may have changed */
  watchZones(onChange: () => void): () => void;
}

/** The transport of one viewer (a websocket in the hub; a fake in tests). */
export interface ViewerSocket {
  sendBinary(data: Buffer): void;
  sendJson(msg: ServerMessage): void;
  /** bytes queued in the transport and not yet written to the network */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
}

export interface JoinOptions {
  name: string;
  mode: ViewerMode;
  session?: string;
  offset?: number;
  size?: PtySize;
}

export class Viewer {
  readonly id = randomUUID().slice(0, 8);
  readonly since = Date.now();
  /** absolute offset of the next byte to send */
  next = 0;
  /** data bytes sent on this socket, and acknowledged by the browser */
  sent = 0;
  acked = 0;
  /** bytes this viewer never got because it fell behind */
  skipped = 0;
  /** when its window filled up with output still waiting, null while it keeps up */
  stalledSince: number | null = null;
  closed = false;
  private lastNotice = 0;

  constructor(
    readonly socket: ViewerSocket,
    readonly name: string,
    readonly mode: ViewerMode,
  ) {}

  notice(text: string): void {
    // at most one of the same kind every few seconds: a held key must not flood the socket
    const now = Date.now();
    if (now - this.lastNotice < 3000) return;
    this.lastNotice = now;
    this.socket.sendJson({ type: 'notice', text });
  }
}

const NO_CONSOLE_STATES = new Set(['configured', 'incomplete']);

export class ZoneConsole {
  /** identifies this console's offset space; a hub restart or an eviction starts a new one */
  readonly session = randomUUID();
  private readonly ring: ByteRing;
  private readonly viewers = new Set<Viewer>();
  private pty: PtyProcess | null = null;
  private closing = false;
  private preamble: Buffer[] = [];
  /** absolute offset of the last zlogin banner kept in the buffer */
  private bannerAt: number | null = null;
  /** a banner was left out before its line end arrived: the CR LF (or LF) still to drop */
  private bannerLineEnd: 'crlf' | 'lf' | null = null;
  private status: ConsoleStatus = { state: 'detached', zoneState: null };
  private size: PtySize = { cols: 80, rows: 24 };
  private graceTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private bannerTimer: NodeJS.Timeout | null = null;
  private stallTimer: NodeJS.Timeout | null = null;
  private unwatch: (() => void) | null = null;
  private failures = 0;
  private attachedAt = 0;
  private flushScheduled = false;
  private checking = false;
  private lastActive = Date.now();
  /** counters for tests and the bench */
  readonly stats = { spawns: 0, inputBytes: 0, outputBytes: 0 };

  constructor(
    private readonly host: ConsoleHost,
    readonly zone: string,
    private readonly config: ConsoleConfig = DEFAULT_CONFIG,
  ) {
    this.ring = new ByteRing(config.replayBytes);
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  get attachedPid(): number | null {
    return this.pty?.pid ?? null;
  }

  get state(): ConsoleStatus {
    return this.status;
  }

  /** forgettable: nobody watching, nothing attached, for a while */
  idleFor(now = Date.now()): number {
    return this.viewers.size || this.pty ? 0 : now - this.lastActive;
  }

  // ------------------------------------------------------------------ viewers

  join(socket: ViewerSocket, o: JoinOptions): Viewer {
    const v = new Viewer(socket, o.name, o.mode);
    const resumable = o.session === this.session && typeof o.offset === 'number' && Number.isSafeInteger(o.offset) && o.offset >= 0;
    const from = resumable ? Math.min(o.offset!, this.ring.end) : Math.max(this.ring.start, this.ring.end - this.config.replayBytes);
    v.next = from;
    socket.sendJson({
      type: 'welcome',
      session: this.session,
      viewerId: v.id,
      mode: v.mode,
      offset: from,
      newSession: o.session !== undefined && o.session !== this.session,
    });
    this.viewers.add(v);
    this.lastActive = Date.now();
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    if (o.size && v.mode === 'rw') this.resize(v, o.size);
    socket.sendJson({ type: 'status', ...this.status });
    this.broadcastPresence();
    this.pump(v);
    this.startWatching();
    this.ensureAttached();
    return v;
  }

  leave(v: Viewer): void {
    if (!this.viewers.delete(v)) return;
    v.closed = true;
    this.lastActive = Date.now();
    // what only this viewer still needed can go now
    this.ring.trim(this.keepFrom(), this.config.maxLagBytes);
    this.broadcastPresence();
    if (this.viewers.size === 0) {
      if (this.graceTimer) clearTimeout(this.graceTimer);
      this.graceTimer = setTimeout(() => this.detach(), this.config.graceMs);
      this.graceTimer.unref?.();
    }
  }

  /** The browser has written `bytes` of what this socket sent (cumulative). */
  ack(v: Viewer, bytes: number): boolean {
    if (!Number.isSafeInteger(bytes) || bytes < v.acked || bytes > v.sent) return false;
    v.acked = bytes;
    this.pump(v);
    return true;
  }

  input(v: Viewer, data: Buffer): void {
    if (v.mode === 'ro') {
      v.notice('This console is read-only for you: your keystrokes are not sent.');
      return;
    }
    if (!this.pty || this.status.state !== 'attached') {
      v.notice('The console is not attached yet: keystrokes are dropped.');
      return;
    }
    this.stats.inputBytes += data.length;
    this.pty.write(data);
  }

  resize(v: Viewer, size: PtySize): void {
    // zlogin -C does not carry the window size into the zone; this only keeps the pty's idea
    // of its size in line with the last read-write viewer
    if (v.mode !== 'rw') return;
    this.size = size;
    this.pty?.resize(size);
  }

  presence(): PresenceEntry[] {
    return [...this.viewers].map((v) => ({ id: v.id, name: v.name, mode: v.mode, since: v.since }));
  }

  private broadcastPresence(): void {
    const msg: ServerMessage = { type: 'presence', viewers: this.presence() };
    for (const v of this.viewers) v.socket.sendJson(msg);
  }

  private setStatus(next: Partial<ConsoleStatus> & { state: ConsoleState }): void {
    const s: ConsoleStatus = { state: next.state, zoneState: next.zoneState !== undefined ? next.zoneState : this.status.zoneState };
    if (next.holderPid !== undefined) s.holderPid = next.holderPid;
    if (next.message !== undefined) s.message = next.message;
    const same =
      s.state === this.status.state && s.zoneState === this.status.zoneState && s.holderPid === this.status.holderPid && s.message === this.status.message;
    this.status = s;
    if (same) return;
    for (const v of this.viewers) v.socket.sendJson({ type: 'status', ...s });
  }

  // ------------------------------------------------------------------ output

  /** Sends a viewer what it may have: from its offset, within its window. */
  private pump(v: Viewer): void {
    if (v.closed) return;
    for (;;) {
      if (v.next >= this.ring.end) {
        v.stalledSince = null;
        return;
      }
      const room = this.config.windowBytes - (v.sent - v.acked);
      if (room <= 0) {
        v.stalledSince ??= Date.now();
        this.armStallCheck();
        return;
      }
      v.stalledSince = null;
      // said once, when the viewer can take bytes again: what it will never get
      if (v.next < this.ring.start) {
        const to = this.ring.start;
        v.socket.sendJson({ type: 'skip', from: v.next, to, reason: 'behind' });
        v.skipped += to - v.next;
        v.next = to;
      }
      // one frame for what is there (a catching-up viewer gets few large frames, not many small)
      const parts = this.ring.read(v.next, Math.min(room, this.config.frameBytes));
      const frame = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      v.socket.sendBinary(frame);
      v.sent += frame.length;
      v.next += frame.length;
    }
  }

  /** the oldest offset a viewer still has to be sent */
  private keepFrom(): number {
    let from = Infinity;
    for (const v of this.viewers) from = Math.min(from, v.next);
    return from;
  }

  private onOutput(data: Buffer): void {
    this.stats.outputBytes += data.length;
    if (this.bannerLineEnd) data = this.dropBannerLineEnd(data);
    if (data.length === 0) return;
    // keep what the furthest-behind viewer still needs, within maxLagBytes
    this.ring.append(data, this.keepFrom(), this.config.maxLagBytes);
    if (!this.config.batch) {
      for (const v of this.viewers) this.pump(v);
      return;
    }
    // a pty hands over at most 4 KiB per read: everything read in this turn of the event
    // loop goes out as one frame per viewer, right after it (no timer, no added latency)
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      for (const v of this.viewers) this.pump(v);
    });
  }

  private armStallCheck(): void {
    if (this.stallTimer) return;
    this.stallTimer = setInterval(() => {
      const now = Date.now();
      let stalled = 0;
      for (const v of this.viewers) {
        if (v.stalledSince === null) continue;
        stalled++;
        if (now - v.stalledSince >= this.config.stallMs) {
          const secs = Math.round(this.config.stallMs / 1000);
          v.socket.close(CLOSE.stalled, `disconnected: this viewer acknowledged no console output for ${secs} s`);
          this.leave(v);
        }
      }
      if (!stalled && this.stallTimer) {
        clearInterval(this.stallTimer);
        this.stallTimer = null;
      }
    }, Math.min(5000, Math.max(50, this.config.stallMs / 4)));
    this.stallTimer.unref?.();
  }

  // ------------------------------------------------------------------ zlogin

  private startWatching(): void {
    if (this.unwatch) return;
    this.unwatch = this.host.watchZones(() => void this.checkZone());
  }

  private stopWatching(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  /** The zone may have changed: report its state; attach if we should and are not. */
  private async checkZone(): Promise<void> {
    const zs = await this.host.zoneState(this.zone).catch(() => undefined);
    if (zs !== undefined && zs !== this.status.zoneState) this.setStatus({ ...this.status, zoneState: zs });
    if (!this.pty && this.viewers.size && this.status.state !== 'busy') this.ensureAttached();
  }

  private ensureAttached(): void {
    if (this.pty || this.checking || this.viewers.size === 0 || this.retryTimer) return;
    this.checking = true;
    void this.host
      .zoneState(this.zone)
      .catch(() => undefined)
      .then((zs) => {
        this.checking = false;
        if (this.pty || this.viewers.size === 0) return;
        const zoneState = zs === undefined ? this.status.zoneState : zs;
        if (zs === null) {
          this.setStatus({ state: 'unavailable', zoneState: null, message: `There is no zone named ${this.zone} on ${this.host.name}.` });
          return;
        }
        if (zoneState && NO_CONSOLE_STATES.has(zoneState)) {
          this.setStatus({
            state: 'unavailable',
            zoneState,
            message: `${this.zone} is ${zoneState}: it has a console once it is installed.`,
          });
          return;
        }
        this.spawn(zoneState);
      });
  }

  private spawn(zoneState: string | null): void {
    let p: PtyProcess;
    this.stats.spawns++;
    this.preamble = [];
    this.bannerLineEnd = null;
    this.setStatus({ state: 'starting', zoneState });
    try {
      p = this.host.openPty(zloginConsole(this.zone, { escape: false }), this.size);
    } catch (e) {
      this.setStatus({ state: 'unavailable', zoneState, message: `zlogin could not be started: ${(e as Error).message}` });
      this.scheduleRetry();
      return;
    }
    this.pty = p;
    this.closing = false;
    p.onData((d) => {
      if (this.pty !== p) return;
      if (this.status.state === 'starting') this.onPreamble(d);
      else this.onOutput(d);
    });
    p.onExit(() => this.onExit(p));
    this.bannerTimer = setTimeout(() => {
      if (this.pty === p && this.status.state === 'starting') this.attached();
    }, this.config.bannerTimeoutMs);
    this.bannerTimer.unref?.();
  }

  /** zlogin's first words: its banner (attached) or why it refuses (in use, no such zone) */
  private onPreamble(d: Buffer): void {
    this.preamble.push(d);
    const text = Buffer.concat(this.preamble).toString('latin1');
    if (zloginConsoleAttached(text)) this.attached();
  }

  private attached(): void {
    if (this.bannerTimer) clearTimeout(this.bannerTimer);
    this.bannerTimer = null;
    this.attachedAt = Date.now();
    this.setStatus({ state: 'attached' });
    const pre = this.withoutRepeatedBanner(Buffer.concat(this.preamble));
    this.preamble = [];
    if (pre.length) this.onOutput(pre);
  }

  /** zlogin's first output, without its banner when an earlier banner is still in the replay
   *  (a new viewer sees one line saying the console is attached, not one per earlier visit). */
  private withoutRepeatedBanner(pre: Buffer): Buffer {
    const banner = zloginConsoleBanner(pre.toString('latin1'));
    if (!banner) return pre;
    const replayFrom = Math.max(this.ring.start, this.ring.end - this.config.replayBytes);
    if (this.bannerAt === null || this.bannerAt < replayFrom) {
      this.bannerAt = this.ring.end + banner.start;
      return pre;
    }
    if (!banner.lineEnded) this.bannerLineEnd = pre[banner.end - 1] === 0x0d ? 'lf' : 'crlf';
    return Buffer.concat([pre.subarray(0, banner.start), pre.subarray(banner.end)]);
  }

  /** The line end of a banner that was left out, arriving in the next output. */
  private dropBannerLineEnd(data: Buffer): Buffer {
    let i = 0;
    if (this.bannerLineEnd === 'crlf' && data[i] === 0x0d) {
      i++;
      this.bannerLineEnd = 'lf';
      if (i === data.length) return data.subarray(i);
    }
    if (data[i] === 0x0a) i++;
    this.bannerLineEnd = null;
    return data.subarray(i);
  }

  private onExit(p: PtyProcess): void {
    if (this.pty !== p) return;
    this.pty = null;
    if (this.bannerTimer) clearTimeout(this.bannerTimer);
    this.bannerTimer = null;
    const wasClosing = this.closing;
    this.closing = false;
    this.preamble = wasClosing ? [] : this.preamble;
    if (wasClosing && this.viewers.size === 0) {
      this.setStatus({ state: 'detached' });
      this.stopWatching();
      return;
    }
    if (this.status.state === 'starting' && !wasClosing) {
      const said = Buffer.concat(this.preamble).toString('utf8').trim();
      this.preamble = [];
      const pid = zloginConsoleHolder(said);
      if (pid !== null) {
        this.setStatus({
          state: 'busy',
          holderPid: pid,
          message: `Another console client (process ID ${pid}) holds ${this.zone}'s console; the dashboard attaches as soon as it lets go.`,
        });
        this.scheduleRetry(this.config.busyRetryMs);
        return;
      }
      this.failures++;
      this.setStatus({ state: 'unavailable', message: said || 'zlogin ended before it attached.' });
      this.scheduleRetry();
      return;
    }
    // zlogin went away by itself (the zone was uninstalled, zoneadmd closed the console) or
    // a viewer came back while it was being closed: attach again, backing off if it keeps
    // going away right after attaching
    if (Date.now() - this.attachedAt > 10_000) this.failures = 0;
    else this.failures++;
    this.setStatus({ state: 'starting' });
    if (wasClosing) this.ensureAttached();
    else this.scheduleRetry();
  }

  private scheduleRetry(ms?: number): void {
    if (this.retryTimer || this.viewers.size === 0) return;
    const delay = ms ?? Math.min(30_000, 500 * 2 ** Math.min(this.failures, 6));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ensureAttached();
    }, delay);
    this.retryTimer.unref?.();
  }

  /** Nobody is watching any more: hang up zlogin (the replay buffer stays). */
  private detach(): void {
    this.graceTimer = null;
    if (this.viewers.size) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.pty) {
      this.closing = true;
      this.pty.close();
    } else {
      this.setStatus({ state: 'detached' });
      this.stopWatching();
    }
  }

  /** The hub shuts down: close every viewer and hang up. */
  shutdown(): void {
    for (const v of [...this.viewers]) {
      v.socket.close(CLOSE.shutdown, 'the dashboard server is shutting down');
      this.leave(v);
    }
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    this.detach();
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
  }
}
