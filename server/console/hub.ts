// The console hub: one ZoneConsole per (host, zone), and the websocket side of each viewer
// (hello, acks, resizes, keystrokes; heartbeats). One per process, built by the composition
// root (server/services.ts).
import { WebSocket } from 'ws';
import { z } from 'zod';
import { serverEnv } from '../env';
import type { Host, HostRegistry } from '../hosts/registry';
import { watcherFor } from '../services';
import { CLOSE, type ServerMessage, type ViewerMode } from './protocol';
import { DEFAULT_CONFIG, ZoneConsole, type ConsoleConfig, type ConsoleHost, type Viewer, type ViewerSocket } from './zone-console';

/** Largest keystroke frame accepted (the pane cuts pastes into 16 KiB frames). */
const MAX_INPUT_FRAME = 64 * 1024;
const HELLO_TIMEOUT_MS = 10_000;
const HEARTBEAT_MS = 30_000;

const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(1000) };
const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    session: z.string().max(64).optional(),
    offset: z.number().int().min(0).optional(),
    mode: z.enum(['rw', 'ro']).optional(),
    name: z.string().max(200).optional(),
    cols: size.cols.optional(),
    rows: size.rows.optional(),
  }),
  z.object({ type: z.literal('ack'), bytes: z.number().int().min(0) }),
  z.object({ type: z.literal('resize'), ...size }),
]);

export interface HubOptions {
  /** the host of that name, ready for consoles; undefined when there is none (or it has no pty) */
  resolveHost(name: string): Promise<ConsoleHost | undefined>;
  config?: Partial<ConsoleConfig>;
}

export class ConsoleHub {
  private readonly consoles = new Map<string, ZoneConsole>();
  readonly config: ConsoleConfig;
  private evictTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: HubOptions) {
    this.config = { ...DEFAULT_CONFIG, ...options.config };
  }

  resolveHost(name: string): Promise<ConsoleHost | undefined> {
    return this.options.resolveHost(name);
  }

  /** The zone's console (created on first use). */
  console(host: ConsoleHost, zone: string): ZoneConsole {
    const key = `${host.name}/${zone}`;
    let c = this.consoles.get(key);
    if (!c) {
      c = new ZoneConsole(host, zone, this.config);
      this.consoles.set(key, c);
      this.armEviction();
    }
    return c;
  }

  /** for tests and the bench */
  find(hostName: string, zone: string): ZoneConsole | undefined {
    return this.consoles.get(`${hostName}/${zone}`);
  }

  /** Serves one viewer's websocket until it closes. `who`: the account behind it (its name
   *  is what the others see; its keystrokes count as activity on its session). */
  attach(ws: WebSocket, host: ConsoleHost, zone: string, urlMode: ViewerMode, who: { name?: string; onInput?: () => void } = {}): void {
    ws.binaryType = 'nodebuffer';
    const zc = this.console(host, zone);
    let viewer: Viewer | null = null;
    const socket: ViewerSocket = {
      sendBinary: (data) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(data, { binary: true });
      },
      sendJson: (msg: ServerMessage) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      close: (code, reason) => closeWith(ws, code, reason),
    };
    const helloTimer = setTimeout(() => closeWith(ws, CLOSE.protocol, 'no hello received'), HELLO_TIMEOUT_MS);
    let alive = true;
    const heartbeat = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    heartbeat.unref?.();
    ws.on('pong', () => (alive = true));

    ws.on('message', (data: Buffer, isBinary: boolean) => {
      alive = true;
      if (isBinary) {
        if (!viewer) return;
        if (data.length > MAX_INPUT_FRAME) {
          closeWith(ws, CLOSE.protocol, 'input frame too large');
          return;
        }
        who.onInput?.();
        zc.input(viewer, data);
        return;
      }
      let parsed: z.infer<typeof clientMessage>;
      try {
        const r = clientMessage.safeParse(JSON.parse(data.toString('utf8')));
        if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'invalid');
        parsed = r.data;
      } catch (e) {
        closeWith(ws, CLOSE.protocol, `bad control message: ${(e as Error).message}`);
        return;
      }
      if (parsed.type === 'hello') {
        if (viewer) {
          closeWith(ws, CLOSE.protocol, 'hello sent twice');
          return;
        }
        clearTimeout(helloTimer);
        const mode: ViewerMode = urlMode === 'ro' || parsed.mode === 'ro' ? 'ro' : 'rw';
        viewer = zc.join(socket, {
          name: who.name ?? cleanName(parsed.name),
          mode,
          session: parsed.session,
          offset: parsed.offset,
          size: parsed.cols && parsed.rows ? { cols: parsed.cols, rows: parsed.rows } : undefined,
        });
        return;
      }
      if (!viewer) {
        closeWith(ws, CLOSE.protocol, 'hello first');
        return;
      }
      if (parsed.type === 'ack') {
        if (!zc.ack(viewer, parsed.bytes)) closeWith(ws, CLOSE.protocol, 'ack beyond what was sent');
      } else {
        zc.resize(viewer, { cols: parsed.cols, rows: parsed.rows });
      }
    });
    ws.on('error', () => {
      /* a close follows */
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clearInterval(heartbeat);
      if (viewer) zc.leave(viewer);
      viewer = null;
    });
  }

  /** Closes every viewer and hangs up every zlogin (server shutdown, tests). */
  shutdown(): void {
    for (const c of this.consoles.values()) c.shutdown();
    if (this.evictTimer) clearInterval(this.evictTimer);
    this.evictTimer = null;
  }

  private armEviction(): void {
    if (this.evictTimer) return;
    this.evictTimer = setInterval(() => {
      const now = Date.now();
      for (const [key, c] of this.consoles) if (c.idleFor(now) > this.config.idleEvictMs) this.consoles.delete(key);
    }, 60_000);
    this.evictTimer.unref?.();
  }
}

function closeWith(ws: WebSocket, code: number, reason: string): void {
  // a close reason may hold at most 123 bytes
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  try {
    ws.close(code, r);
  } catch {
    ws.terminate();
  }
}

function cleanName(name: string | undefined): string {
  const n = (name ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, 40);
  return n || 'anonymous viewer';
}

// ---------------------------------------------------------------- the process-wide hub

/** A registry host as the console sees it: zlogin on its runner's pty, states from its watcher. */
export function consoleHostOf(host: Host): ConsoleHost | undefined {
  const runner = host.runner;
  if (!runner.openPty) return undefined;
  const watcher = watcherFor(host);
  return {
    name: host.name,
    openPty: (call, sz) => runner.openPty!(call, sz),
    zoneState: async (zone) => {
      const snap = await watcher.snapshot();
      if (snap.fetchedAt === null) return undefined;
      return snap.zones.find((z) => z.name === zone)?.state ?? null;
    },
    watchZones: (onChange) => watcher.subscribe(() => onChange()),
  };
}

function configFromEnv(): Partial<ConsoleConfig> {
  const out: Partial<ConsoleConfig> = {};
  const grace = serverEnv().ZONEDASH_CONSOLE_GRACE_MS;
  if (grace !== undefined) out.graceMs = grace;
  return out;
}

/** The dashboard's hub over its hosts (built once by the composition root, server/services.ts). */
export function createConsoleHub(registry: () => Promise<HostRegistry>): ConsoleHub {
  const hosts = new Map<string, { host: Host; console: ConsoleHost }>();
  return new ConsoleHub({
    config: configFromEnv(),
    resolveHost: async (name) => {
      // A remote host whose settings changed is a new Host (a new connection): the cached
      // console host of the old one would open consoles on a closed connection.
      const host = (await registry()).get(name);
      if (!host) return undefined;
      const cached = hosts.get(name);
      if (cached?.host === host) return cached.console;
      const ch = consoleHostOf(host);
      if (ch) hosts.set(name, { host, console: ch });
      else hosts.delete(name);
      return ch;
    },
  });
}
