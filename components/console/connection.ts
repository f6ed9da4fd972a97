// The browser side of the console protocol (server/console/protocol.ts), without React or
// xterm: one websocket at a time, a hello that resumes from the byte offset already held,
// acks from the terminal's write callback, skip markers, and reconnection with backoff.
import { CLOSE, type ClientMessage, type ConsoleStatus, type PresenceEntry, type ServerMessage, type ViewerMode } from '@/server/console/protocol';
import { paths } from '@/components/paths';

/** Ack at least this often (the hub allows 512 KiB in flight per viewer). */
const ACK_EVERY = 64 * 1024;
/** Keystrokes and pastes go out in frames of at most this many bytes. */
const INPUT_FRAME = 16 * 1024;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000, 8000, 15000];

export interface TerminalSink {
  /** write console bytes; call `done` once the terminal has processed them */
  write(data: Uint8Array, done: () => void): void;
  /** a line of our own (a skip marker, a reconnect note): shown, never counted as console bytes */
  note(text: string): void;
}

export type LinkState =
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open' }
  | { kind: 'waiting'; retryAt: number; reason: string }
  /** over for good: the session ended (signed out, ended by an admin, expired) */
  | { kind: 'ended'; reason: string };

/** Thrown by a `url` function when there is no point retrying (signed out). */
export class ConsoleEnded extends Error {}

export interface ConnectionEvents {
  link(state: LinkState): void;
  status(status: ConsoleStatus): void;
  presence(viewers: PresenceEntry[], selfId: string): void;
  notice(text: string): void;
  mode(mode: ViewerMode): void;
}

export interface ConnectionOptions {
  /** the websocket URL, or a function that makes one for each attempt (a fresh ticket) */
  url: string | (() => Promise<string>);
  mode: ViewerMode;
  name: string;
  size: () => { cols: number; rows: number };
  sink: TerminalSink;
  events: ConnectionEvents;
}

export class ConsoleConnection {
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private session: string | undefined;
  /** absolute offset of the next console byte this view expects */
  private offset: number | undefined;
  private selfId = '';
  /** a URL (a console ticket) is being fetched for the next attempt */
  private fetching = false;
  private readonly encoder = new TextEncoder();

  constructor(private readonly o: ConnectionOptions) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ws?.close(1000, 'viewer closed the console');
    this.ws = null;
  }

  /** Reconnect now (the "retry" button), skipping the rest of the backoff. */
  retryNow(): void {
    if (this.stopped || this.fetching || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** Typed or pasted text, as UTF-8 bytes. Dropped while disconnected: nothing is replayed later. */
  send(text: string): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    const bytes = this.encoder.encode(text);
    for (let i = 0; i < bytes.length; i += INPUT_FRAME) ws.send(bytes.subarray(i, i + INPUT_FRAME));
    return true;
  }

  resize(cols: number, rows: number): void {
    this.control({ type: 'resize', cols, rows });
  }

  private control(m: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }

  private connect(): void {
    this.o.events.link({ kind: 'connecting', attempt: this.attempt });
    if (typeof this.o.url === 'string') return this.open(this.o.url);
    // one attempt at a time: a retry waits for this one's URL
    if (this.fetching) return;
    this.fetching = true;
    this.o.url().then(
      (url) => {
        this.fetching = false;
        if (!this.stopped) this.open(url);
      },
      (e: unknown) => {
        this.fetching = false;
        if (e instanceof ConsoleEnded) return this.end(e.message);
        this.scheduleRetry(`could not get a console ticket: ${(e as Error).message}`);
      },
    );
  }

  private end(reason: string): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ws = null;
    this.o.events.link({ kind: 'ended', reason });
  }

  private open(url: string): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch (e) {
      this.scheduleRetry(`cannot open a websocket: ${(e as Error).message}`);
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    // per socket: what it delivered and the terminal wrote (the hub counts the same way)
    let written = 0;
    let acked = 0;
    let pending = 0;
    let welcomed = false;
    const current = () => this.ws === ws;
    const ack = (force: boolean) => {
      if (!current() || ws.readyState !== WebSocket.OPEN) return;
      if (written > acked && (force || written - acked >= ACK_EVERY)) {
        acked = written;
        ws.send(JSON.stringify({ type: 'ack', bytes: written } satisfies ClientMessage));
      }
    };

    ws.onopen = () => {
      if (!current()) return;
      const { cols, rows } = this.o.size();
      const hello: ClientMessage = { type: 'hello', mode: this.o.mode, name: this.o.name, cols, rows };
      if (this.session !== undefined && this.offset !== undefined) {
        hello.session = this.session;
        hello.offset = this.offset;
      }
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (ev: MessageEvent<ArrayBuffer | string>) => {
      if (!current()) return;
      if (typeof ev.data !== 'string') {
        const data = new Uint8Array(ev.data);
        if (this.offset !== undefined) this.offset += data.length;
        pending++;
        this.o.sink.write(data, () => {
          written += data.length;
          pending--;
          // ack in steps while a flood runs, and everything once the terminal has caught up
          ack(pending === 0);
        });
        return;
      }
      let m: ServerMessage;
      try {
        m = JSON.parse(ev.data) as ServerMessage;
      } catch {
        return;
      }
      this.onControl(m, welcomed);
      if (m.type === 'welcome') welcomed = true;
    };
    ws.onclose = (ev) => {
      if (!current()) return;
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === CLOSE.signedOut) return this.end(ev.reason || 'the session ended');
      const reason = ev.reason || (welcomed ? 'the connection to the dashboard was lost' : 'the dashboard refused or could not be reached');
      this.scheduleRetry(reason);
    };
  }

  private onControl(m: ServerMessage, welcomed: boolean): void {
    switch (m.type) {
      case 'welcome': {
        if (welcomed) return;
        const resumed = this.session === m.session && this.offset === m.offset;
        if (this.session !== undefined && !resumed) {
          this.o.sink.note(
            m.newSession
              ? '[the console session was restarted on the server: what follows is new output]'
              : '[reconnected: part of the output could not be resumed]',
          );
        } else if (this.session === undefined && m.offset > 0) {
          this.o.sink.note('[earlier console output is no longer kept; showing the most recent]');
        }
        this.session = m.session;
        this.offset = m.offset;
        this.selfId = m.viewerId;
        this.attempt = 0;
        this.o.events.mode(m.mode);
        this.o.events.link({ kind: 'open' });
        return;
      }
      case 'skip':
        this.offset = m.to;
        this.o.sink.note(`[${formatBytes(m.to - m.from)} of console output skipped: this view fell behind]`);
        return;
      case 'status': {
        const { type: _t, ...status } = m;
        void _t;
        this.o.events.status(status);
        return;
      }
      case 'presence':
        this.o.events.presence(m.viewers, this.selfId);
        return;
      case 'notice':
        this.o.events.notice(m.text);
        return;
    }
  }

  private scheduleRetry(reason: string): void {
    if (this.stopped || this.retryTimer) return;
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt++;
    this.o.events.link({ kind: 'waiting', retryAt: Date.now() + delay, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

export function consoleUrl(host: string, zone: string, mode: ViewerMode, ticket?: string): string {
  return paths.consoleSocket(window.location, host, zone, { ticket, mode });
}
