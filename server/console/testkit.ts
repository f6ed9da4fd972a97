// A console viewer in Node, speaking the pane's protocol (hello with resume, acks as the
// terminal writes, skip markers), for the hub's tests and the console bench.
import { WebSocket } from 'ws';
import type { ConsoleGate } from '../auth/console-gate';
import type { ClientMessage, ServerMessage } from './protocol';

export interface TestViewerOptions {
  origin?: string;
  /** more request headers for the upgrade (a session cookie) */
  headers?: Record<string, string>;
  name?: string;
  mode?: 'rw' | 'ro';
  session?: string;
  offset?: number;
  /** ack what arrives (as xterm's write callback would); off: a frozen tab */
  autoAck?: boolean;
  /** keep received bytes (off for floods where only counts and hashes matter) */
  keep?: boolean;
  onBytes?: (data: Buffer) => void;
}

export class TestViewer {
  readonly ws: WebSocket;
  readonly chunks: Buffer[] = [];
  readonly messages: ServerMessage[] = [];
  session = '';
  /** absolute offset of the next byte expected */
  offset = 0;
  /** bytes received on this socket */
  received = 0;
  acked = 0;
  skipped = 0;
  closed: { code: number; reason: string } | null = null;
  private ackTimer: NodeJS.Immediate | null = null;
  private waiters = new Set<() => void>();

  private constructor(url: string, readonly options: TestViewerOptions) {
    this.ws = new WebSocket(url, { origin: options.origin, perMessageDeflate: false, headers: options.headers });
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) {
        this.received += data.length;
        this.offset += data.length;
        if (options.keep !== false) this.chunks.push(data);
        options.onBytes?.(data);
        if (options.autoAck !== false) this.scheduleAck();
      } else {
        const m = JSON.parse(data.toString('utf8')) as ServerMessage;
        this.messages.push(m);
        if (m.type === 'welcome') {
          this.session = m.session;
          this.offset = m.offset;
        } else if (m.type === 'skip') {
          this.skipped += m.to - m.from;
          this.offset = m.to;
        }
      }
      this.wake();
    });
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    this.ws.on('error', () => {});
  }

  /** Connects and waits for the hub's welcome. */
  static async connect(url: string, options: TestViewerOptions = {}): Promise<TestViewer> {
    const v = new TestViewer(url, options);
    await new Promise<void>((resolve, reject) => {
      v.ws.once('open', () => resolve());
      v.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      v.ws.once('error', reject);
    });
    const hello: ClientMessage = { type: 'hello', name: options.name ?? 'test', mode: options.mode, session: options.session, offset: options.offset, cols: 80, rows: 24 };
    v.ws.send(JSON.stringify(hello));
    await v.until(() => v.session !== '', 10_000, 'welcome');
    return v;
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  send(data: string | Buffer): void {
    this.ws.send(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { binary: true });
  }

  control(m: ClientMessage): void {
    this.ws.send(JSON.stringify(m));
  }

  ack(): void {
    if (this.acked === this.received || this.ws.readyState !== WebSocket.OPEN) return;
    this.acked = this.received;
    this.control({ type: 'ack', bytes: this.acked });
  }

  private scheduleAck(): void {
    if (this.received - this.acked >= 64 * 1024) this.ack();
    this.ackTimer ??= setImmediate(() => {
      this.ackTimer = null;
      this.ack();
    });
  }

  /** Stops reading the socket (a frozen tab: TCP backpressure, no acks). ws.pause(), not
   *  the raw socket's: ws resumes its socket by itself whenever its parser drains. */
  freeze(): void {
    this.ws.pause();
  }

  thaw(): void {
    this.ws.resume();
  }

  /** Waits until the output holds `what` (searched incrementally: floods stay linear). */
  waitFor(what: string | RegExp, ms = 15_000): Promise<void> {
    let chunk = 0;
    let carry = '';
    const test = () => {
      // new bytes since the last look, with enough of the previous ones for a match across
      let fresh = carry;
      for (; chunk < this.chunks.length; chunk++) fresh += this.chunks[chunk]!.toString('latin1');
      const hit = typeof what === 'string' ? fresh.includes(what) : what.test(fresh);
      carry = fresh.slice(-Math.max(typeof what === 'string' ? what.length : 0, 4096));
      return hit;
    };
    return this.until(test, ms, String(what));
  }

  until(cond: () => boolean, ms = 15_000, label = 'condition'): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const tail = JSON.stringify(this.text.slice(-300));
        reject(new Error(`timed out waiting for ${label}; last output ${tail}`));
      }, ms);
      const check = () => {
        if (!cond()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.ws.close();
    return this.until(() => this.closed !== null, 5000, 'close');
  }
}

/** A console gate that lets every upgrade in with the mode its URL asks for: for the hub's
 *  own tests and the bench, which test the hub, not accounts (server/auth/console-gate.ts). */
export const openGate: ConsoleGate = {
  authorize: (_req, target) => ({ ok: true, grant: { mode: target.urlMode } }),
  refused: () => {},
};
