// The console of a simulated zone (zoneadmd's zcons): an append-only log on disk, so that
// output scheduled by a zoneadm process that has long exited (the boot transcript, the login
// prompt seconds after `zoneadm boot` returned) still reaches whoever is attached.
//
// zoneDir/console.log holds one JSON record per line:
//   {"at":<ms>,"d":"<bytes>"}          output that becomes visible at time `at`
//   {"at":<ms>,"n":"<notice>"}         a zoneadmd notice, rendered `\r\n[<notice>]\r\n`
//                                      (with `.  Disconnecting...` for `zlogin -C -d` when
//                                      it is "NOTICE: Zone halted" or "NOTICE: Zone boot failed")
//   {"at":<ms>,"x":"cancel"}           drop every earlier-appended record still due after `at`
//   {"at":<ms>,"x":"detach"}           zoneadmd closes the console: clients disconnect
// Appends take zoneDir/console.lock; past 2 MiB the log is rotated (records still pending
// are carried over, flagged "c":1). A reader renders records in (at, append order) once due.
//
// zoneDir/console.claim holds "<pid> <proc-start> <host>" of the one attached `zlogin -C`.
import { closeSync, fstatSync, openSync, readSync, statSync, unlinkSync, readFileSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { holderAlive, procStart, zoneDir } from './store';
import { withFileLock } from './zoneos';

export interface ConsoleRecord {
  at: number;
  d?: string;
  n?: string;
  x?: 'cancel' | 'detach';
  /** carried over by a rotation */
  c?: 1;
}

const MAX_LOG = 2 * 1024 * 1024;

export function consoleLogPath(root: string, zone: string): string {
  return path.join(zoneDir(root, zone), 'console.log');
}

function consoleLockPath(root: string, zone: string): string {
  return path.join(zoneDir(root, zone), 'console.lock');
}

export function claimPath(root: string, zone: string): string {
  return path.join(zoneDir(root, zone), 'console.claim');
}

function parseRecords(text: string): ConsoleRecord[] {
  const out: ConsoleRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as ConsoleRecord);
    } catch {
      /* torn line: ignore */
    }
  }
  return out;
}

/** Records of a log that are still to come at `now` (cancellations applied). */
export function pendingRecords(records: ConsoleRecord[], now: number): ConsoleRecord[] {
  let pend: ConsoleRecord[] = [];
  for (const r of records) {
    if (r.x === 'cancel') pend = pend.filter((p) => p.at <= r.at);
    else if (r.at > now) pend.push(r);
  }
  return pend;
}

/** Appends records to the zone's console log (creating it), rotating it when it grows large. */
export async function appendConsole(root: string, zone: string, recs: ConsoleRecord[]): Promise<void> {
  if (!recs.length) return;
  const file = consoleLogPath(root, zone);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const text = recs.map((r) => JSON.stringify(r)).join('\n') + '\n';
  await withFileLock(consoleLockPath(root, zone), async () => {
    let size = 0;
    try {
      size = (await fsp.stat(file)).size;
    } catch {
      /* new */
    }
    if (size > MAX_LOG) {
      const now = Date.now();
      const keep = pendingRecords(parseRecords(await fsp.readFile(file, 'utf8')), now).map((r) => ({ ...r, c: 1 as const }));
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await fsp.writeFile(tmp, keep.map((r) => JSON.stringify(r) + '\n').join(''));
      await fsp.rename(tmp, file);
    }
    await fsp.appendFile(file, text);
  });
}

/** zoneadmd forgets console output scheduled after `at` (the zone went down before it appeared). */
export async function consoleCancelPending(root: string, zone: string, at: number): Promise<void> {
  await appendConsole(root, zone, [{ at, x: 'cancel' }]);
}

/** zoneadmd closes the console (uninstall): attached clients disconnect. */
export async function consoleDetachAll(root: string, zone: string): Promise<void> {
  try {
    await fsp.access(zoneDir(root, zone));
  } catch {
    return;
  }
  await appendConsole(root, zone, [{ at: Date.now(), x: 'detach' }]);
}

/** How a notice shows on a client's screen, and whether that client must disconnect after it. */
export function renderNotice(n: string, disconnectOnHalt: boolean): { text: string; disconnect: boolean } {
  if (disconnectOnHalt && (n === 'NOTICE: Zone halted' || n === 'NOTICE: Zone boot failed')) {
    return { text: `\r\n[${n}.  Disconnecting...]\r\n`, disconnect: true };
  }
  return { text: `\r\n[${n}]\r\n`, disconnect: /Disconnecting\.\.\.$/.test(n) };
}

// ---------------------------------------------------------------- the reader

export interface FollowerOptions {
  /** zlogin -C -d */
  disconnectOnHalt?: boolean;
  onData(text: string): void;
  /** zoneadmd closed the console (uninstall, or a halt with -d) */
  onDetach(reason: 'detach' | 'halt'): void;
  /** how often to look at the log when nothing wakes the reader (ms) */
  pollMs?: number;
}

/**
 * Follows a zone's console log from now on: what is appended from now, plus what earlier
 * appenders scheduled to appear later (the rest of a boot transcript). Output is delivered
 * through onData when due, in time order.
 */
export class ConsoleFollower {
  private fd: number | null = null;
  private ino = 0;
  private offset = 0;
  private partial = '';
  private queue: { r: ConsoleRecord; seq: number }[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private interval: NodeJS.Timeout | null = null;
  private stopped = false;
  private file: string;

  constructor(
    private readonly root: string,
    private readonly zone: string,
    private readonly opts: FollowerOptions,
  ) {
    this.file = consoleLogPath(root, zone);
  }

  start(): void {
    this.openLog(true);
    this.interval = setInterval(() => this.poll(), this.opts.pollMs ?? 40);
    this.interval.unref?.();
    this.poll();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.interval) clearInterval(this.interval);
    this.timer = this.interval = null;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** (Re)opens the log. On attach, only pending records of what is already there are kept. */
  private openLog(attach: boolean): void {
    try {
      const fd = openSync(this.file, 'r');
      const st = fstatSync(fd);
      this.fd = fd;
      this.ino = st.ino;
      const text = this.readFrom(fd, 0, st.size);
      const nl = text.lastIndexOf('\n');
      const whole = nl === -1 ? '' : text.slice(0, nl + 1);
      this.offset = Buffer.byteLength(whole);
      this.partial = '';
      const recs = parseRecords(whole);
      if (attach) {
        for (const r of pendingRecords(recs, Date.now())) this.enqueue(r);
      } else {
        // after a rotation: carried records are already queued
        for (const r of recs) if (!r.c) this.consume(r);
      }
    } catch {
      this.fd = null;
      this.ino = 0;
      this.offset = 0;
    }
  }

  private readFrom(fd: number, pos: number, end: number): string {
    if (end <= pos) return '';
    const buf = Buffer.alloc(end - pos);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, pos + got);
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got).toString('utf8');
  }

  private enqueue(r: ConsoleRecord): void {
    this.queue.push({ r, seq: this.seq++ });
  }

  private consume(r: ConsoleRecord): void {
    if (r.x === 'cancel') {
      this.queue = this.queue.filter((q) => q.r.at <= r.at);
      return;
    }
    this.enqueue(r);
  }

  /** Reads what was appended and delivers what is due. Cheap: call it whenever something may have changed. */
  poll(): void {
    if (this.stopped) return;
    if (this.fd === null) {
      this.openLog(false);
    } else {
      // rotation: drain the old file, then switch to the new one
      let curIno = 0;
      try {
        curIno = statSync(this.file).ino;
      } catch {
        curIno = 0;
      }
      this.drain();
      if (curIno !== 0 && curIno !== this.ino) {
        closeSync(this.fd);
        this.fd = null;
        this.openLog(false);
      }
    }
    this.deliver();
  }

  private drain(): void {
    if (this.fd === null) return;
    const size = fstatSync(this.fd).size;
    if (size <= this.offset) return;
    const text = this.partial + this.readFrom(this.fd, this.offset, size);
    this.offset = size;
    const nl = text.lastIndexOf('\n');
    this.partial = nl === -1 ? text : text.slice(nl + 1);
    for (const r of parseRecords(nl === -1 ? '' : text.slice(0, nl + 1))) this.consume(r);
  }

  private deliver(): void {
    if (this.stopped) return;
    const now = Date.now();
    const due = this.queue.filter((q) => q.r.at <= now).sort((a, b) => a.r.at - b.r.at || a.seq - b.seq);
    if (due.length) {
      const dueSet = new Set(due);
      this.queue = this.queue.filter((q) => !dueSet.has(q));
      let text = '';
      for (const { r } of due) {
        if (r.d !== undefined) text += r.d;
        else if (r.n !== undefined) {
          const n = renderNotice(r.n, !!this.opts.disconnectOnHalt);
          text += n.text;
          if (n.disconnect) {
            if (text) this.opts.onData(text);
            this.stop();
            this.opts.onDetach(/Disconnecting\.\.\.$/.test(r.n) ? 'detach' : 'halt');
            return;
          }
        } else if (r.x === 'detach') {
          if (text) this.opts.onData(text);
          this.stop();
          this.opts.onDetach('detach');
          return;
        }
      }
      if (text) this.opts.onData(text);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length) {
      const next = Math.min(...this.queue.map((q) => q.r.at));
      this.timer = setTimeout(() => this.poll(), Math.max(0, next - Date.now()) + 1);
    }
  }
}

// ---------------------------------------------------------------- the one-client claim

export type ClaimResult = { ok: true; release: () => void } | { ok: false; pid: number };

function readClaim(file: string): { text: string; pid: number; start: string; host: string } | null {
  try {
    const text = readFileSync(file, 'utf8');
    const [pidS, start = '', host = ''] = text.trim().split(' ');
    return { text, pid: Number(pidS), start, host };
  } catch {
    return null;
  }
}

/**
 * Claims the zone's console for this process (zoneadmd admits one client). Returns the pid of
 * the live holder when someone else has it; a claim whose process is gone is taken over.
 * release() is synchronous so that it can run from an 'exit' handler.
 */
export async function claimConsole(root: string, zone: string): Promise<ClaimResult> {
  const file = claimPath(root, zone);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const token = `${process.pid} ${procStart(process.pid)} ${os.hostname()}`;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await fsp.writeFile(tmp, token);
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await fsp.link(tmp, file);
        let released = false;
        return {
          ok: true,
          release: () => {
            if (released) return;
            released = true;
            const cur = readClaim(file);
            if (cur && cur.text === token) {
              try {
                unlinkSync(file);
              } catch {
                /* gone */
              }
            }
          },
        };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const cur = readClaim(file);
      if (!cur) continue;
      const alive = Number.isFinite(cur.pid) && cur.pid > 0 && holderAlive(cur.pid, cur.start, cur.host);
      if (alive) return { ok: false, pid: cur.pid };
      // the holder is dead: move its claim aside (atomically), making sure it is the one we judged
      const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
      try {
        await fsp.rename(file, aside);
        const moved = await fsp.readFile(aside, 'utf8').catch(() => '');
        if (moved !== cur.text) await fsp.link(aside, file).catch(() => {});
        await fsp.unlink(aside).catch(() => {});
      } catch {
        /* someone else did */
      }
    }
    const cur = readClaim(file);
    return { ok: false, pid: cur?.pid ?? 0 };
  } finally {
    await fsp.unlink(tmp).catch(() => {});
  }
}

/** The pid of the live console client of a zone, or null (for the dashboard: is the console busy?). */
export function consoleHolder(root: string, zone: string): number | null {
  const cur = readClaim(claimPath(root, zone));
  if (!cur || !Number.isFinite(cur.pid)) return null;
  return holderAlive(cur.pid, cur.start, cur.host) ? cur.pid : null;
}
