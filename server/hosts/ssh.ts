// A remote illumos host reached over SSH, with nothing installed there: one ssh2 connection
// per host, kept alive and watched, reconnected with backoff; each tool runs on an exec channel
// (a console on a pty channel) under a per-connection channel limit below OpenSSH's
// MaxSessions (10). The host key must match a pinned fingerprint before anything is sent.
// ssh runs a command line through the remote user's shell, so the argv is quoted by
// server/illumos/shell.ts, which also wraps it so that it dies when its channel closes.
import { createHash } from 'node:crypto';
import { constants as osConstants } from 'node:os';
// ssh2 is CommonJS: Node's ESM loader sees only its default export
import ssh2, { type Client as SshClient, type ClientChannel } from 'ssh2';
import { TEMP_FILE_PATH, guardedCommandLine, ptyCommandLine, tempFileScript } from '../illumos/shell';
import type { ToolCall } from '../illumos/types';
import {
  BoundedText,
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_TIMEOUT_MS,
  type PtyProcess,
  type PtySize,
  type RunOptions,
  type RunResult,
  type Runner,
  type TempFile,
} from './runner';
import { processSlot } from '../process-slots';
import { Semaphore } from './semaphore';
import { startGate } from './ssh-start-gate';
import { describeSshError, type SshState } from './ssh-words';
import { ILLUMOS_TOOL_PATHS } from './tool-paths';

export type { SshState } from './ssh-words';

const { Client, utils } = ssh2;

export interface SshHostConfig {
  /** the host's name in the dashboard (messages say it) */
  name: string;
  address: string;
  port: number;
  user: string;
  /** the client key, OpenSSH or PEM text */
  privateKey: string | Buffer;
  /** 'SHA256:…' exactly as `ssh-keygen -lf` prints it; the host must offer one of these */
  pinnedFingerprints: readonly string[];
  /** where zoneadm, zonecfg, zlogin, dladm, ipadm are on the host (default /usr/sbin) */
  toolDir?: string;
  /** run every tool as `/usr/bin/pfexec <tool>` (RBAC profiles instead of root) */
  pfexec?: boolean;
  /** a probe every this long (default 2000 ms)… */
  keepaliveIntervalMs?: number;
  /** …and the host is unreachable after this many unanswered in a row plus one (default 3: 8 s) */
  keepaliveCountMax?: number;
  /** TCP connect + key exchange + authentication must finish within this (default 10 s) */
  readyTimeoutMs?: number;
  /** channels open at once on the connection, consoles included (default 8, under MaxSessions 10) */
  maxChannels?: number;
}

/** What the Hosts page shows about the connection. */
export interface SshStatus {
  state: SshState;
  /** why it is not connected, in words; null when it is */
  lastError: string | null;
  /** on host-key-mismatch: the fingerprint the host offered */
  offeredFingerprint: string | null;
  /** when the host last answered (ms since the epoch) */
  lastHeardAt: number | null;
  /** round trip of the last keepalive probe */
  rttMs: number | null;
}

/** Concurrent handshakes to one server (address and port as the host entries name them):
 *  OpenSSH's MaxStartups (10 by default) starts dropping unauthenticated connections per
 *  server, and several host entries may be one server. */
export const MAX_HANDSHAKES_PER_SERVER = 8;
/** …and across the whole process: a restart reconnects every host at once. Distinct servers
 *  do not share MaxStartups, and a handshake mostly waits for its server, so 20 hosts come up
 *  in one round rather than 3 (8 across the process was 1.2–3 s of waiting for a slot in a
 *  start of 20 hosts: bench/fleet-ssh-start.ts); the bound keeps a fleet of hundreds from
 *  handshaking all at once, each with its own ready timeout running. */
export const MAX_CONCURRENT_HANDSHAKES = 32;
interface HandshakeSlots {
  all: Semaphore;
  perServer: Map<string, Semaphore>;
}
function handshakeSlots(): HandshakeSlots {
  return processSlot('sshHandshakeSlots', () => ({ all: new Semaphore(MAX_CONCURRENT_HANDSHAKES), perServer: new Map<string, Semaphore>() }));
}
const serverKey = (address: string, port: number) => `${address.toLowerCase()}:${port}`;

/** A handshake slot for this server and one of the process's; the release gives both back. */
async function acquireHandshake(address: string, port: number): Promise<() => void> {
  const slots = handshakeSlots();
  const key = serverKey(address, port);
  let server = slots.perServer.get(key);
  if (!server) slots.perServer.set(key, (server = new Semaphore(MAX_HANDSHAKES_PER_SERVER)));
  // the server's slot first: waiting for it must not hold one of the process's
  const releaseServer = await server.acquire();
  const releaseAll = await slots.all.acquire();
  const mine = server;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    releaseAll();
    releaseServer();
    if (mine.used === 0 && mine.queued === 0 && slots.perServer.get(key) === mine) slots.perServer.delete(key);
  };
}

/** Background work (RunOptions.background) waits at most this long for hosts still making
 *  their first connection and list (server/hosts/ssh-start-gate.ts): a connection's ready
 *  timeout, so a host that never answers holds nothing back for longer than it takes to say so. */
const BACKGROUND_HOLD_MAX_MS = 10_000;
/** Channels of each connection that background work (RunOptions.background) leaves free, so
 *  the watcher's `zoneadm list`, a console or a task's step never waits behind it. */
const CHANNELS_RESERVED = 2;
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_CAP_MS = 30_000;
/** after a close request, how long the host may take to confirm before the slot is given back anyway */
const CLOSE_GRACE_MS = 5000;
const TERM = 'xterm-256color';

/** Handshakes in flight and waiting: across the process (at most MAX_CONCURRENT_HANDSHAKES),
 *  or to one server (at most MAX_HANDSHAKES_PER_SERVER). */
export function handshakeUse(server?: { address: string; port: number }): { used: number; queued: number } {
  const slots = handshakeSlots();
  const s = server ? slots.perServer.get(serverKey(server.address, server.port)) : slots.all;
  return { used: s?.used ?? 0, queued: s?.queued ?? 0 };
}

/**
 * How long to wait before reconnection attempt number `attempt` (0-based): 1, 2, 4, 8, 16, then
 * 30 s, each drawn in the upper half of its step so that hosts that dropped together (the
 * dashboard's own network blipped) do not all come back in the same instant.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** Math.min(attempt, 16));
  return step / 2 + random() * (step / 2);
}

/** OpenSSH's SHA256 fingerprint of a public key blob: unpadded base64 of its SHA-256. */
export function fingerprintOf(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of an SSH public key blob ('ssh-ed25519', 'ssh-rsa'…). */
function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return n > 0 && n < 64 && blob.length >= 4 + n ? blob.subarray(4, 4 + n).toString('latin1') : 'unknown';
}

/**
 * The command that prints, on the host itself, the fingerprint of its key of this type (what an
 * admin compares before trusting a host). ssh2 prefers ed25519, then ECDSA, then RSA keys.
 */
export function hostKeyCommand(keyType: string): string {
  const file = keyType === 'ssh-ed25519' ? 'ed25519' : keyType.startsWith('ecdsa-') ? 'ecdsa' : keyType === 'ssh-rsa' ? 'rsa' : null;
  return file ? `ssh-keygen -lf /etc/ssh/ssh_host_${file}_key.pub` : 'for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf "$f"; done';
}

/** A new ed25519 key pair for the dashboard, both halves in OpenSSH format. */
export function generateIdentity(comment = 'zone-dashboard'): { privateKey: string; publicKey: string } {
  // ssh2 1.17 writes an ed25519 key whose public half starts with a zero byte one byte short
  // (about one key in 256), and then cannot read that key back ("Malformed OpenSSH private
  // key"): seen here as a dashboard key that failed at its first use. Keep only keys that read
  // back whole.
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519', { comment });
    const key = utils.parseKey(pair.private);
    if (!(key instanceof Error) && key.getPublicSSH().length === 51) return { privateKey: pair.private, publicKey: pair.public };
  }
}

/**
 * The key a host offers, without logging in (the Add-host dialog shows it for an admin to
 * compare): the key exchange runs until the host key arrives, then the connection is dropped.
 */
export async function probeHostKey(target: { address: string; port: number; timeoutMs?: number }): Promise<{ fingerprint: string; keyType: string }> {
  const timeoutMs = target.timeoutMs ?? 10_000;
  const release = await acquireHandshake(target.address, target.port);
  return new Promise((resolve, reject) => {
    const client = new Client();
    let seen: { fingerprint: string; keyType: string } | null = null;
    let failure: Error | null = null;
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (!seen && !failure) failure = err;
    });
    client.on('close', () => {
      release();
      if (seen) resolve(seen);
      else {
        const words = describeSshError((failure ?? new Error('the connection closed')) as Error & { level?: string }, {
          address: target.address,
          port: target.port,
          user: '',
          readyTimeoutMs: timeoutMs,
        });
        reject(new Error(words.message));
      }
    });
    try {
      client.connect({
        host: target.address,
        port: target.port,
        username: 'zonedash-probe',
        readyTimeout: timeoutMs,
        hostVerifier: (key: Buffer) => {
          seen = { fingerprint: fingerprintOf(key), keyType: keyTypeOf(key) };
          return false; // never authenticate: the key is all we came for
        },
      });
    } catch (e) {
      release();
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

/** When each step of the latest connection attempt happened (ms since the epoch; null until
 *  it did): where a start's seconds go, for the fleet bench and for anyone asking why a host
 *  is slow to come up. */
export interface SshTimeline {
  /** the attempt began (waiting for a handshake slot) */
  requestedAt: number | null;
  /** a handshake slot was free */
  slotAt: number | null;
  /** TCP connected */
  tcpAt: number | null;
  /** key exchange done, host key verified */
  kexAt: number | null;
  /** authenticated: commands can run */
  readyAt: number | null;
  /** the first command's channel opened, and its exit status arrived */
  firstExecAt: number | null;
  firstExitAt: number | null;
  /** what the key exchange settled on */
  algorithms: { kex: string; serverHostKey: string; cipher: string; mac: string; compression: string } | null;
}

function emptyTimeline(): SshTimeline {
  return { requestedAt: null, slotAt: null, tcpAt: null, kexAt: null, readyAt: null, firstExecAt: null, firstExitAt: null, algorithms: null };
}

/** One exec channel in flight: how the connection's end reaches it. */
interface LiveChannel {
  lost(reason: string): void;
}

export class SshRunner implements Runner {
  readonly kind = 'ssh' as const;
  private config: Required<SshHostConfig>;
  private client: SshClient | null = null;
  private ready = false;
  private closed = false;
  /** bumps on every new connection attempt: callbacks of an older client are ignored */
  private generation = 0;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private unanswered = 0;
  private channels: Semaphore;
  private readonly live = new Set<LiveChannel>();
  private readonly listeners = new Set<(status: SshStatus) => void>();
  /** commands waiting for the connection being made */
  private readonly connectWaiters = new Set<() => void>();
  private spawns = 0;
  private steps: SshTimeline = emptyTimeline();

  state: SshState = 'connecting';
  lastError: string | null = null;
  offeredFingerprint: string | null = null;
  lastHeardAt: number | null = null;
  rttMs: number | null = null;
  /** when the next automatic reconnection attempt is due (unreachable only) */
  nextRetryAt: number | null = null;

  constructor(config: SshHostConfig) {
    this.config = withDefaults(config);
    this.channels = new Semaphore(this.config.maxChannels, CHANNELS_RESERVED);
    // until its first command (the watcher's zone list) is done, or its connection fails; and
    // never longer than the hold's bound, should nothing ever be asked of it
    startGate().begin(this);
    setTimeout(() => startGate().end(this), BACKGROUND_HOLD_MAX_MS).unref();
    this.connect();
  }

  get name(): string {
    return this.config.name;
  }

  get spawnCount(): number {
    return this.spawns;
  }

  /** the latest connection attempt, step by step */
  get timeline(): SshTimeline {
    return { ...this.steps };
  }

  get status(): SshStatus {
    return {
      state: this.state,
      lastError: this.lastError,
      offeredFingerprint: this.offeredFingerprint,
      lastHeardAt: this.lastHeardAt,
      rttMs: this.rttMs,
    };
  }

  /** channels open now (consoles included) and commands waiting for one */
  get channelUse(): { used: number; queued: number } {
    return { used: this.channels.used, queued: this.channels.queued };
  }

  /** Calls back on every change of state or of its error text. Returns the unsubscribe. */
  onStateChange(listener: (status: SshStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops the connection (if any) and connects now: after an admin trusted a new key or fixed
   *  the user's authorized_keys, or to skip the rest of a backoff wait. */
  reconnectNow(): void {
    if (this.closed) return;
    this.attempt = 0;
    this.dropClient('reconnecting at the operator\'s request');
    this.setState('connecting', null);
    this.connect();
  }

  /** New settings (another pinned key, user, port…): reconnects with them. */
  updateConfig(config: SshHostConfig): void {
    if (this.closed) return;
    this.config = withDefaults(config);
    // channels already open keep their slots in the old semaphore until they close
    this.channels = new Semaphore(this.config.maxChannels, CHANNELS_RESERVED);
    this.offeredFingerprint = null;
    this.reconnectNow();
  }

  /** Ends the connection and every channel on it; nothing reconnects afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    startGate().end(this);
    this.dropClient(`the connection to ${this.config.name} was closed by the dashboard`);
    this.listeners.clear();
    for (const w of [...this.connectWaiters]) w();
  }

  // ---- the connection ---------------------------------------------------------------------

  private connect(): void {
    if (this.closed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
    const gen = ++this.generation;
    this.steps = { ...emptyTimeline(), requestedAt: Date.now() };
    void acquireHandshake(this.config.address, this.config.port).then((release) => {
      if (this.closed || gen !== this.generation) {
        release();
        return;
      }
      this.steps.slotAt = Date.now();
      this.handshake(gen, release);
    });
  }

  private handshake(gen: number, release: () => void): void {
    const cfg = this.config;
    const client = new Client();
    this.client = client;
    let offered: string | null = null;
    let offeredType = 'unknown';
    let failure: (Error & { level?: string; code?: string }) | null = null;
    let released = false;
    const done = () => {
      if (!released) release();
      released = true;
    };
    const steps = this.steps;
    client.on('connect', () => void (steps.tcpAt = Date.now()));
    client.on('handshake', (n: { kex: string; serverHostKey: string; cs: { cipher: string; mac: string; compress: string } }) => {
      steps.kexAt ??= Date.now();
      steps.algorithms ??= { kex: n.kex, serverHostKey: n.serverHostKey, cipher: n.cs.cipher, mac: n.cs.mac, compression: n.cs.compress };
    });
    client.on('ready', () => {
      steps.readyAt = Date.now();
      done();
      if (gen !== this.generation) return;
      this.ready = true;
      this.attempt = 0;
      this.offeredFingerprint = null;
      this.heard();
      this.startHeartbeat(client, gen, (dead) => {
        failure ??= dead;
      });
      this.setState('connected', null);
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      // the first error says why; what follows (the socket closing under it) does not
      failure ??= err;
    });
    client.on('close', () => {
      done();
      if (gen !== this.generation) return;
      const wasReady = this.ready;
      this.ready = false;
      this.client = null;
      this.stopHeartbeat();
      const where = { address: cfg.address, port: cfg.port, user: cfg.user, readyTimeoutMs: cfg.readyTimeoutMs };
      let state: SshState;
      let message: string;
      if (offered !== null) {
        state = 'host-key-mismatch';
        this.offeredFingerprint = offered;
        message =
          `${cfg.address} port ${cfg.port} offered the host key ${offered}, which is not the pinned key ` +
          `(${cfg.pinnedFingerprints.join(', ') || 'none pinned'}). Nothing was sent to it. If the host was reinstalled or its key ` +
          `rotated, compare the new fingerprint on the host (${hostKeyCommand(offeredType)}) and trust it.`;
      } else if (failure) {
        ({ state, message } = describeSshError(failure, where));
      } else {
        state = 'unreachable';
        message = `${cfg.address} port ${cfg.port} closed the connection.`;
      }
      if (wasReady && state === 'unreachable') message = `The connection was lost: ${message}`;
      this.failLive(message);
      if (this.closed) return;
      this.setState(state, message);
      // a wrong key or a refused login will not fix itself: wait for the operator
      if (state === 'unreachable') this.scheduleRetry();
    });
    try {
      client.connect({
        host: cfg.address,
        port: cfg.port,
        username: cfg.user,
        privateKey: cfg.privateKey,
        readyTimeout: cfg.readyTimeoutMs,
        // liveness is ours (startHeartbeat): it also measures the round trip
        keepaliveInterval: 0,
        hostVerifier: (key: Buffer) => {
          const fp = fingerprintOf(key);
          // a pasted fingerprint may keep base64's '=' padding: OpenSSH prints it without
          if (cfg.pinnedFingerprints.some((p) => p.trim().replace(/=+$/, '') === fp)) return true;
          offered = fp;
          offeredType = keyTypeOf(key);
          return false;
        },
      });
      // keystrokes of a console and short command exchanges: no Nagle delay (OpenSSH's client
      // sets TCP_NODELAY for interactive sessions too)
      client.setNoDelay(true);
    } catch (e) {
      // ssh2 checks the private key before it connects
      done();
      this.client = null;
      this.setState('auth-failed', `The private key for ${cfg.name} cannot be used: ${(e as Error).message}.`);
    }
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt++);
    this.nextRetryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.nextRetryAt = null;
      this.connect();
    }, delay);
    this.retryTimer.unref();
  }

  /**
   * A probe every keepaliveIntervalMs, answered by the host: `cancel-tcpip-forward` for a
   * forwarding that does not exist is the one request of ssh2's public API that wants a reply
   * and changes nothing on the host (OpenSSH answers "failure" at once). Each tick without an
   * answer since the last one counts; past keepaliveCountMax the connection is declared dead
   * and destroyed, which fails its channels. A host frozen right after an answer is thus
   * flagged (countMax + 1) × interval later.
   */
  private startHeartbeat(client: SshClient, gen: number, onDead: (err: Error) => void): void {
    this.stopHeartbeat();
    this.unanswered = 0;
    const { keepaliveIntervalMs: every, keepaliveCountMax: max } = this.config;
    const probe = () => {
      const sentAt = Date.now();
      try {
        client.unforwardIn('127.0.0.1', 0, (err?: Error | null) => {
          if (gen !== this.generation || !this.ready) return;
          if (err && err.message === 'No response from server') return; // the socket closed
          this.unanswered = 0;
          this.rttMs = Date.now() - sentAt;
          this.heard();
        });
      } catch {
        /* not writable: the close handler is on its way */
      }
    };
    probe();
    this.heartbeat = setInterval(() => {
      if (++this.unanswered > max) {
        this.stopHeartbeat();
        const silent = Math.round(((max + 1) * every) / 1000);
        onDead(new Error(`no answer to ${max + 1} keepalive probes in ${silent} s (host frozen, overloaded, or cut off)`));
        client.destroy();
        return;
      }
      probe();
    }, every);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private heard(): void {
    this.lastHeardAt = Date.now();
  }

  private dropClient(reason: string): void {
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.nextRetryAt = null;
    this.stopHeartbeat();
    this.ready = false;
    const client = this.client;
    this.client = null;
    this.failLive(reason);
    client?.destroy();
  }

  private failLive(reason: string): void {
    for (const ch of [...this.live]) ch.lost(reason);
  }

  private setState(state: SshState, error: string | null): void {
    if (state === this.state && error === this.lastError) return;
    this.state = state;
    this.lastError = error;
    // a host that cannot be reached or refused us is done starting: it holds nothing back
    if (state !== 'connecting' && state !== 'connected') startGate().end(this);
    if (state !== 'connecting') for (const w of [...this.connectWaiters]) w();
    if (state === 'connected') this.offeredFingerprint = null;
    const status = this.status;
    for (const l of [...this.listeners]) {
      try {
        l(status);
      } catch (e) {
        console.error(`ssh ${this.config.name}: a state listener failed:`, e);
      }
    }
  }

  /** Resolves when the state leaves 'connecting', the runner closes, `ms` pass or `signal` aborts. */
  private connectingSettled(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.connectWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.connectWaiters.add(done);
    });
  }

  /** Why nothing can run now, or null when the connection is up. */
  private downReason(): string | null {
    if (this.closed) return `the connection to ${this.config.name} is closed`;
    if (this.ready && this.client) return null;
    return `${this.config.name} is ${this.state}${this.lastError ? `: ${this.lastError}` : ''}`;
  }

  // ---- commands ---------------------------------------------------------------------------

  /** `[pfexec] <toolDir>/<tool> args…` */
  argvOf(call: ToolCall): string[] {
    // The default tool directory is illumos's own layout, where not every tool is in /usr/sbin
    // (kstat is /usr/bin/kstat); another directory holds every tool (a test host, a custom
    // install).
    const dir = this.config.toolDir.replace(/\/+$/, '');
    const tool = dir === '/usr/sbin' ? ILLUMOS_TOOL_PATHS[call.tool] : `${dir}/${call.tool}`;
    return this.config.pfexec ? ['/usr/bin/pfexec', tool, ...call.args] : [tool, ...call.args];
  }

  run(call: ToolCall, options: RunOptions = {}): Promise<RunResult> {
    return this.exec(this.argvOf(call), options);
  }

  /** Runs argv on an exec channel behind the guard of shell.ts (see guardedCommandLine). */
  private async exec(argv: string[], options: RunOptions): Promise<RunResult> {
    const startedAt = Date.now();
    const stdin = Buffer.from(options.stdin ?? '', 'utf8');
    // throws (a ValidationError) for a NUL in a word: refused before anything is sent
    const line = guardedCommandLine(argv, stdin.length);
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const out = new BoundedText(limit);
    const err = new BoundedText(limit);
    // set when the command did not run, or its end is unknown, because the connection was
    // down or dropped (a task then says so instead of calling it a failure of the tool)
    let connectionLost = false;
    const result = (exitCode: number, timedOut: boolean, note = ''): RunResult => {
      if (note) err.push(note.endsWith('\n') ? note : `${note}\n`);
      return {
        stdout: out.toString(),
        stderr: err.toString(),
        exitCode,
        timedOut,
        truncated: out.truncated || err.truncated,
        startedAt,
        durationMs: Date.now() - startedAt,
        ...(connectionLost ? { connectionLost } : {}),
      };
    };
    let timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // Background work lets every host's first zone list go first (within its own timeout)
    if (options.background && startGate().pending > 0) {
      await startGate().wait(Math.min(BACKGROUND_HOLD_MAX_MS, timeoutMs - 1), options.signal);
      timeoutMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
      options = { ...options, timeoutMs };
    }
    // The first connection (or one asked for by reconnectNow) is on its way: a command waits for
    // it, within its own timeout, rather than failing the moment the dashboard starts.
    if (this.state === 'connecting' && !this.closed) {
      await this.connectingSettled(timeoutMs, options.signal);
      timeoutMs = Math.max(1, timeoutMs - (Date.now() - startedAt));
      options = { ...options, timeoutMs };
    }
    const down = this.downReason();
    if (down) {
      connectionLost = true;
      return result(255, false, `ssh: ${down}`);
    }

    return new Promise<RunResult>((resolve) => {
      let settled = false;
      let channel: ClientChannel | null = null;
      let release: (() => void) | null = null;
      let exitCode: number | null = null;
      let exitSignal: string | null = null;
      const queueAbort = new AbortController();
      const live: LiveChannel = {
        lost: (reason) => {
          giveBack(); // the connection, and every channel on it, is gone
          connectionLost = true;
          finish(255, false, `ssh: ${reason}`);
        },
      };
      const giveBack = () => {
        this.live.delete(live);
        release?.();
        release = null;
      };
      const finish = (code: number, timedOut: boolean, note = '') => {
        if (settled) return;
        settled = true;
        // the first thing asked of this host (the watcher's list) is answered: its start is over
        if (!options.background) startGate().end(this);
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        queueAbort.abort();
        resolve(result(code, timedOut, note));
      };
      // Ends the remote command: the KILL signal request reaches the session's process group
      // on OpenSSH ≥ 7.9 (not for a ForceCommand); closing the channel closes the command's
      // lifeline, and the guard kills the group either way.
      const kill = () => {
        if (!channel) return;
        const ch = channel;
        try {
          ch.signal('KILL');
          ch.close();
        } catch {
          /* the connection is gone, and so is the channel */
        }
        // a frozen host never confirms the close: its slot comes back after a grace period
        setTimeout(giveBack, CLOSE_GRACE_MS).unref();
      };
      const timer = setTimeout(() => {
        kill();
        finish(124, true, `ssh: ${argv.join(' ').slice(0, 200)}: timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const onAbort = () => {
        kill();
        finish(128, false, 'ssh: cancelled');
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) return onAbort();

      void this.channels.acquire(queueAbort.signal, options.background ? 'low' : 'normal').then(
        (slot) => {
          release = slot;
          if (settled) return giveBack();
          const client = this.client;
          const why = this.downReason();
          if (why || !client) {
            giveBack();
            return finish(255, false, `ssh: ${why}`);
          }
          this.live.add(live);
          this.spawns++;
          try {
            openExec(client, line, {}, () => settled || this.client !== client, (openErr, stream) => {
              if (openErr) {
                giveBack();
                return finish(255, false, `ssh: ${this.config.name}: ${openErr.message}`);
              }
              channel = stream;
              const steps = this.steps;
              steps.firstExecAt ??= Date.now();
              if (settled) return kill(); // timed out while the channel was opening
              stream.setEncoding('utf8');
              stream.stderr.setEncoding('utf8');
              stream.on('data', (d: string) => {
                this.heard();
                out.push(d);
                options.onOutput?.('stdout', d);
              });
              stream.stderr.on('data', (d: string) => {
                this.heard();
                err.push(d);
                options.onOutput?.('stderr', d);
              });
              stream.on('exit', (code: number | null, signal?: string) => {
                exitCode = code;
                exitSignal = signal ?? null;
              });
              stream.on('error', () => {});
              stream.on('close', () => {
                steps.firstExitAt ??= Date.now();
                giveBack();
                if (exitCode !== null) return finish(exitCode, false);
                if (exitSignal) return finish(128 + signalNumber(exitSignal), false);
                finish(255, false, `ssh: ${this.config.name}: the channel closed before the command reported its exit status`);
              });
              // the tool's input; never end(): end of file on the channel is the kill signal
              if (stdin.length) stream.write(stdin);
            });
          } catch (e) {
            giveBack();
            finish(255, false, `ssh: ${this.config.name}: ${(e as Error).message}`);
          }
        },
        () => {
          /* left the queue: timed out or cancelled, already finished */
        },
      );
    });
  }

  /** `zlogin -C` and the like on a pty channel; bytes both ways, window size by window-change. */
  openPty(call: ToolCall, size: PtySize): PtyProcess {
    const line = ptyCommandLine(this.argvOf(call));
    const dataListeners: Array<(d: Buffer) => void> = [];
    const exitListeners: Array<(e: { exitCode: number; signal: number | null }) => void> = [];
    const pendingWrites: Buffer[] = [];
    let stream: ClientChannel | null = null;
    let window = { cols: clampSize(size.cols, 80), rows: clampSize(size.rows, 24) };
    let exited = false;
    let closing = false;
    let release: (() => void) | null = null;
    let exitInfo: { exitCode: number; signal: number | null } = { exitCode: 255, signal: null };
    const queueAbort = new AbortController();
    const emitData = (d: Buffer) => {
      for (const l of dataListeners) l(d);
    };
    const exit = (info?: { exitCode: number; signal: number | null }, note?: string) => {
      if (exited) return;
      exited = true;
      queueAbort.abort();
      this.live.delete(live);
      release?.();
      release = null;
      if (note) emitData(Buffer.from(`\r\n[ssh: ${note}]\r\n`));
      for (const l of exitListeners) l(info ?? exitInfo);
    };
    const live: LiveChannel = { lost: (reason) => exit({ exitCode: 255, signal: null }, reason) };
    const start = () => {
      if (exited) return;
      const down = this.downReason();
      if (down) return exit({ exitCode: 255, signal: null }, down);
      void this.channels.acquire(queueAbort.signal).then(
        (slot) => {
          release = slot;
          const client = this.client;
          const why = this.downReason();
          if (exited || closing || why || !client) return exit({ exitCode: closing ? 0 : 255, signal: null }, why ?? undefined);
          this.live.add(live);
          this.spawns++;
          const pty = { term: TERM, cols: window.cols, rows: window.rows, width: 0, height: 0 };
          openExec(client, line, { pty }, () => exited || closing || this.client !== client, (err, ch) => {
            if (err) return exit({ exitCode: 255, signal: null }, `${this.config.name}: ${err.message}`);
            stream = ch;
            if (closing || exited) {
              ch.close();
              return;
            }
            ch.on('data', (d: Buffer) => {
              this.heard();
              emitData(d);
            });
            ch.stderr.on('data', (d: Buffer) => emitData(d));
            ch.on('exit', (code: number | null, signal?: string) => {
              exitInfo = { exitCode: code ?? 128 + (signal ? signalNumber(signal) : 0), signal: signal ? signalNumber(signal) : null };
            });
            ch.on('error', () => {});
            ch.on('close', () => exit());
            for (const w of pendingWrites.splice(0)) ch.write(w);
          });
        },
        () => {},
      );
    };
    // a console opened while the connection is being made waits for it (as run() does)
    if (this.state === 'connecting' && !this.closed) void this.connectingSettled(this.config.readyTimeoutMs + 1000, queueAbort.signal).then(start);
    else setImmediate(start);
    return {
      // no local process: the remote one's pid is not reported over SSH
      pid: 0,
      onData: (l) => void dataListeners.push(l),
      onExit: (l) => void exitListeners.push(l),
      write: (data) => {
        if (exited) return;
        const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        if (stream) stream.write(b);
        else pendingWrites.push(b);
      },
      resize: (next) => {
        window = { cols: clampSize(next.cols, window.cols), rows: clampSize(next.rows, window.rows) };
        stream?.setWindow(window.rows, window.cols, 0, 0);
      },
      close: () => {
        if (exited || closing) return;
        closing = true;
        const ch = stream;
        // still waiting or opening: done now for the caller; the open path closes a late channel
        if (!ch) return exit({ exitCode: 0, signal: null });
        try {
          ch.signal('HUP');
          ch.close(); // sshd closes the pty: the kernel hangs up the terminal
        } catch {
          /* already gone */
        }
        setTimeout(() => exit({ exitCode: 129, signal: 1 }), CLOSE_GRACE_MS).unref();
      },
    };
  }

  /**
   * A private file on the host (`umask 077; mktemp`, filled from standard input). Callers over
   * SSH should rather pass the file on standard input (`zonecfg -z Z -f -`); this exists so that
   * the older path still works. remove() deletes it.
   */
  async writeTempFile(content: string): Promise<TempFile> {
    const made = await this.exec(['/bin/sh', '-c', tempFileScript()], { stdin: content, timeoutMs: 30_000 });
    const path = made.stdout.trim();
    if (made.exitCode !== 0 || !TEMP_FILE_PATH.test(path)) {
      throw new Error(`${this.config.name}: could not create a temporary file: ${(made.stderr || made.stdout).trim() || `exit ${made.exitCode}`}`);
    }
    return {
      path,
      remove: async () => {
        await this.exec(['/bin/rm', '-f', path], { timeoutMs: 30_000 });
      },
    };
  }
}

/**
 * `client.exec`, retried while the host refuses the channel for want of a session slot.
 * OpenSSH frees a session only after it has seen our close of its channel, so a slot given back
 * here can still be taken there for a moment; with 2 slots of headroom under MaxSessions a
 * burst of short commands still meets `(SSH) Channel open failure: open failed` now and then.
 * That is a wait, not an error: retry after 20, 40, 80… ms (at most 500; about 8 s in all)
 * until `abandoned`.
 */
function openExec(
  client: SshClient,
  line: string,
  options: { pty?: { term: string; cols: number; rows: number; width: number; height: number } },
  abandoned: () => boolean,
  cb: (err: Error | undefined, stream: ClientChannel) => void,
  attempt = 0,
): void {
  client.exec(line, options, (err, stream) => {
    const refused = err && SESSION_REFUSED.has((err as Error & { reason?: unknown }).reason);
    if (refused && attempt < 20 && !abandoned()) {
      setTimeout(() => {
        if (abandoned()) return cb(err, stream);
        try {
          openExec(client, line, options, abandoned, cb, attempt + 1);
        } catch (e) {
          cb(e as Error, stream);
        }
      }, Math.min(500, 20 * 2 ** attempt)).unref();
      return;
    }
    cb(err, stream);
  });
}

/** The channel-open failure reasons of a session refused for want of a slot: OpenSSH 9.2
 *  answers CONNECT_FAILED (2) "open failed" at MaxSessions; older servers ADMINISTRATIVELY_PROHIBITED (1). */
const SESSION_REFUSED = new Set<unknown>([1, 2]);

function withDefaults(config: SshHostConfig): Required<SshHostConfig> {
  const toolDir = config.toolDir ?? '/usr/sbin';
  if (!toolDir.startsWith('/') || /[\0-\x1f\x7f]/.test(toolDir)) throw new Error(`tool directory must be an absolute path: ${JSON.stringify(toolDir)}`);
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) throw new Error(`port must be 1-65535: ${config.port}`);
  return {
    ...config,
    toolDir,
    pfexec: config.pfexec ?? false,
    keepaliveIntervalMs: config.keepaliveIntervalMs ?? 2000,
    keepaliveCountMax: config.keepaliveCountMax ?? 3,
    readyTimeoutMs: config.readyTimeoutMs ?? 10_000,
    maxChannels: config.maxChannels ?? 8,
  };
}

function signalNumber(name: string): number {
  const key = (name.startsWith('SIG') ? name : `SIG${name}`) as keyof typeof osConstants.signals;
  return osConstants.signals[key] ?? 0;
}

function clampSize(n: number, fallback: number): number {
  return Number.isInteger(n) && n >= 2 && n <= 1000 ? n : fallback;
}
