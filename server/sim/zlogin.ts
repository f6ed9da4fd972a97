// Simulated zlogin(1) (REFERENCE.md §6, illumos zlogin.c).
//
//   zlogin [-inEQS] [-e c] [-l user] Z utility [args...]   non-interactive: the words are
//        joined with spaces and run by root's shell (bash) inside the zone; exit status = the
//        command's
//   zlogin [-dCEQ] [-e c] Z  with -C: the zone console (zoneadmd's, one client at a time)
//   zlogin [-EQ] [-e c] Z    on a terminal: an interactive root shell on a new pts
//
// zloginMain is the ToolMain (in-process runner; a console or interactive session there reads
// its whole stdin as what was typed, then ends as zlogin does at end of input).
// zloginProcess runs on the real stdio of the bin/zlogin process (raw terminal mode, signals).
import { spawnSync } from 'node:child_process';
import type { ToolIO } from './tool-io';
import { scanOptions } from './getopt';
import { readState, findZone, defaultSimRoot } from './store';
import type { SimZoneState } from './types';
import { ZoneShell, stringStdin, NO_STDIN, type ShIO } from './zoneshell';
import { ZoneTerminal } from './zoneshell-tty';
import { ConsoleFollower, appendConsole, claimConsole } from './console';
import { ensureZoneOsRunning } from './zoneos';

const USAGE = 'usage: zlogin [-dinCEINQS] [-e cmdchar] [-l user] zonename [command [args ...] ]\n';

const STATE_ORDER: SimZoneState[] = ['configured', 'incomplete', 'installed', 'ready', 'running', 'shutting_down', 'down', 'mounted'];

export interface ZloginOptions {
  console: boolean;
  disconnect: boolean;
  nocmdchar: boolean;
  quiet: boolean;
  failsafe: boolean;
  forceTTY: boolean;
  nflag: boolean;
  login: string;
  cmdchar: string;
  zonename: string;
  /** the utility and its arguments (non-interactive), or null */
  command: string[] | null;
}

type Parsed = { ok: true; o: ZloginOptions } | { ok: false; stderr: string; code: number };

/** Parses argv as zlogin's main() does, with its errors (usage: exit 2). */
export function parseZloginArgs(args: string[]): Parsed {
  const fail = (msg: string | null, code = 2): Parsed => ({ ok: false, stderr: (msg ? `zlogin: ${msg}\n` : '') + (code === 2 ? USAGE : ''), code });
  const o: ZloginOptions = {
    console: false,
    disconnect: false,
    nocmdchar: false,
    quiet: false,
    failsafe: false,
    forceTTY: false,
    nflag: false,
    login: 'root',
    cmdchar: '~',
    zonename: '',
    command: null,
  };
  let lflag = false;
  // main()'s getopt: each option acts in order, so an earlier bad -R or -e wins
  const scan = scanOptions(args, 'CEIl:NQR:Se:dni');
  for (const { c, arg } of scan.opts) {
    const v = arg!;
    switch (c) {
      case 'l':
        o.login = v;
        lflag = true;
        break;
      case 'R':
        if (!v.startsWith('/')) return fail('root path must be absolute.', 2);
        break;
      case 'e':
        // set_cmdchar()
        if (v[0] !== '\\') o.cmdchar = v[0] ?? '\0';
        else if (v[1] === undefined || v[1] === '\\') o.cmdchar = '\\';
        else if (!/[0-7]/.test(v[1])) return fail(`Unrecognized escape character option ${v}`);
        else {
          const n = parseInt(v.slice(1), 8);
          if (n > 255) return fail(`Octal escape character '${v}' too large`);
          o.cmdchar = String.fromCharCode(n);
        }
        break;
      case 'C':
        o.console = true;
        break;
      case 'E':
        o.nocmdchar = true;
        break;
      case 'Q':
        o.quiet = true;
        break;
      case 'S':
        o.failsafe = true;
        break;
      case 'd':
        o.disconnect = true;
        break;
      case 'n':
        o.nflag = true;
        break;
      case 'i':
        o.forceTTY = true;
        break;
      // I and N: accepted and ignored, as in zlogin.c
    }
  }
  if (scan.error) {
    const { kind, opt } = scan.error;
    return fail(kind === 'missing' ? `option requires an argument -- ${opt}` : `illegal option -- ${opt}`);
  }
  const i = scan.optind;
  if (o.console) {
    if (lflag) return fail('-l may not be specified for console login');
    if (o.nflag) return fail('-n may not be specified for console login');
    if (o.failsafe) return fail('-S may not be specified for console login');
  }
  if (o.failsafe && lflag) return fail('-l may not be specified for failsafe login');
  if (!o.console && o.disconnect) return fail('-d may only be specified with console login');
  const rest = args.slice(i);
  if (rest.length === 1) {
    if (o.nflag) return fail('-n may not be specified for interactive login');
    o.zonename = rest[0]!;
  } else if (rest.length > 1) {
    if (o.console) return fail('Commands may not be specified for console login.');
    o.zonename = rest[0]!;
    o.command = rest.slice(1);
  } else {
    return fail(null);
  }
  return { ok: true, o };
}

/** The zone checks of zlogin's main(): null when the login may go ahead, else the error line. */
async function checkZone(root: string, o: ZloginOptions): Promise<string | null> {
  if (o.zonename === 'global') return "zlogin: 'zlogin' not applicable to the global zone\n";
  const zone = findZone(await readState(root), o.zonename);
  if (!zone || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(o.zonename)) return `zlogin: zone '${o.zonename}' unknown\n`;
  const st = STATE_ORDER.indexOf(zone.state);
  if (st < STATE_ORDER.indexOf('installed')) return `zlogin: cannot login to a zone which is '${zone.state}'\n`;
  if (!o.console && zone.state !== 'running' && zone.state !== 'mounted') {
    return `zlogin: login allowed only to running zones (${o.zonename} is '${zone.state}').\n`;
  }
  if (!o.console && o.login !== 'root') {
    // the simulated zones have only root as a login user: su(8) in the zone refuses the others
    return `su: Unknown id: ${o.login}\n`;
  }
  await ensureZoneOsRunning(root, zone);
  return null;
}

/** the command line zlogin hands to `su root -c`: every word followed by one space */
export function zloginCommandLine(words: string[]): string {
  return words.map((w) => w + ' ').join('');
}

/** Runs a non-interactive zlogin command inside the zone (as `su root -c`, i.e. bash -c). */
export async function runInZone(root: string, zone: string, script: string, io: ShIO, opts: { timeScale?: number; signal?: AbortSignal } = {}): Promise<number> {
  const sh = new ZoneShell({ root, zone, interactive: false, name: 'bash', timeScale: opts.timeScale, signal: opts.signal });
  return sh.run(script, io);
}

// ---------------------------------------------------------------- sessions on a terminal

/** where typed input comes from */
export interface InputSource {
  onData(cb: (chunk: string) => void): void;
  onEnd(cb: () => void): void;
  start(): void;
  stop(): void;
}

interface SessionIO {
  stdout(text: string): void;
  stderr(text: string): void;
  input: InputSource;
  /** put the terminal in raw mode (and restore it) */
  setRaw?(raw: boolean): void;
}

function canonify(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 32 && code < 127) return c;
  if (code <= 31) return '^' + String.fromCharCode(code + 64);
  return '\\' + code.toString(8).padStart(3, '0');
}

/** zlogin's process_user_input(): the escape sequence (~. or ~^D at the start of a line). */
class EscapeFilter {
  private bol = true;
  private localEcho = false;
  constructor(private readonly cmdchar: string, private readonly disabled: boolean) {}

  /** returns what passes to the zone, and whether the user asked to disconnect (with the echo) */
  feed(chunk: string): { pass: string; quit: string | null } {
    let pass = '';
    for (const c of chunk) {
      if (this.bol && !this.disabled) {
        this.bol = false;
        if (c === this.cmdchar) {
          this.localEcho = true;
          continue;
        }
      } else if (this.localEcho) {
        this.localEcho = false;
        if (c === '.' || c === '\x04') return { pass, quit: this.cmdchar + canonify(c) };
      }
      pass += c;
      this.bol = c === '\r' || c === '\n' || c === '\x15' || c === '\0' || c === '\x1a' || c === '\x03';
    }
    return { pass, quit: null };
  }
}

/** Runs `zlogin -C`: returns the exit status once the client disconnects. */
export async function runConsole(root: string, o: ZloginOptions, io: SessionIO, timeScale = 1): Promise<number> {
  const zone = o.zonename;
  const claim = await claimConsole(root, zone);
  if (!claim.ok) {
    io.stderr(`zlogin: Zone is already in use by process ID ${claim.pid}.\n`);
    return 1;
  }
  const releaseOnExit = () => claim.release();
  process.once('exit', releaseOnExit);
  try {
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      finish();
    };
    // attach first (what is appended from now on is ours), then greet and go raw
    let ready = false;
    let early = '';
    const follower = new ConsoleFollower(root, zone, {
      disconnectOnHalt: o.disconnect,
      onData: (t) => {
        if (ready) io.stdout(t);
        else early += t;
      },
      onDetach: () => end(),
    });
    follower.start();
    if (!o.quiet) io.stdout(`[Connected to zone '${zone}' console]\n`);
    io.setRaw?.(true);
    ready = true;
    if (early) io.stdout(early);
    const term = new ZoneTerminal({
      root,
      zone,
      mode: 'console',
      timeScale,
      write: async (text) => {
        await appendConsole(root, zone, [{ at: Date.now(), d: text }]);
        follower.poll();
      },
    });
    const esc = new EscapeFilter(o.cmdchar, o.nocmdchar);
    let inputEnded = false;
    io.input.onData((chunk) => {
      if (ended) return;
      const r = esc.feed(chunk);
      if (r.pass) term.input(r.pass);
      if (r.quit !== null) {
        io.stdout(r.quit);
        end();
      }
    });
    io.input.onEnd(() => {
      inputEnded = true;
      // end of input: let what was typed run and its output arrive, then close
      void term.idle().then(async () => {
        await new Promise((r) => setTimeout(r, 60));
        follower.poll();
        end();
      });
    });
    // zoneadmd goes away when the zone is uninstalled or deleted
    const watch = setInterval(() => {
      void readState(root)
        .then((s) => {
          const z = findZone(s, zone);
          if (!z || STATE_ORDER.indexOf(z.state) < STATE_ORDER.indexOf('installed')) {
            follower.poll();
            end();
          }
        })
        .catch(() => {});
    }, 500);
    io.input.start();
    await done;
    clearInterval(watch);
    io.input.stop();
    follower.stop();
    term.close();
    void inputEnded;
    io.setRaw?.(false);
    if (!o.quiet) io.stdout(`\n[Connection to zone '${zone}' console closed]\n`);
    return 0;
  } finally {
    claim.release();
    process.removeListener('exit', releaseOnExit);
  }
}

/** Runs an interactive `zlogin ZONE` on a (pseudo-)terminal. */
export async function runInteractive(root: string, o: ZloginOptions, io: SessionIO, timeScale = 1): Promise<number> {
  const zone = o.zonename;
  const pts = `pts/${2 + (process.pid % 7)}`;
  if (!o.quiet) io.stdout(`[Connected to zone '${zone}' ${pts}]\n`);
  io.setRaw?.(true);
  let finish!: (code: number) => void;
  const done = new Promise<number>((r) => (finish = r));
  let ended = false;
  const end = (code: number) => {
    if (ended) return;
    ended = true;
    finish(code);
  };
  const term = new ZoneTerminal({ root, zone, mode: 'pty', timeScale, write: (t) => io.stdout(t), onExit: (code) => end(code) });
  await term.startPty();
  const esc = new EscapeFilter(o.cmdchar, o.nocmdchar);
  io.input.onData((chunk) => {
    if (ended) return;
    const r = esc.feed(chunk);
    if (r.pass) term.input(r.pass);
    if (r.quit !== null) {
      io.stdout(r.quit);
      end(0);
    }
  });
  io.input.onEnd(() => {
    void term.idle().then(() => end(0));
  });
  // the session dies with the zone
  const watch = setInterval(() => {
    void readState(root)
      .then((s) => {
        if (findZone(s, zone)?.state !== 'running') end(1);
      })
      .catch(() => {});
  }, 500);
  io.input.start();
  const code = await done;
  clearInterval(watch);
  io.input.stop();
  term.close();
  io.setRaw?.(false);
  if (!o.quiet) io.stderr(`\n[Connection to zone '${zone}' ${pts} closed]\n`);
  return code;
}

function stringInput(s: string | null): InputSource {
  let dataCb: (c: string) => void = () => {};
  let endCb: () => void = () => {};
  let stopped = false;
  return {
    onData: (cb) => (dataCb = cb),
    onEnd: (cb) => (endCb = cb),
    start: () => {
      setImmediate(() => {
        if (stopped) return;
        if (s) dataCb(s);
        setImmediate(() => !stopped && endCb());
      });
    },
    stop: () => {
      stopped = true;
    },
  };
}

// ---------------------------------------------------------------- ToolMain

export async function zloginMain(args: string[], io: ToolIO & { zonename?: string }): Promise<number> {
  const p = parseZloginArgs(args);
  if (!p.ok) {
    io.stderr(p.stderr);
    return p.code;
  }
  if (io.zonename && io.zonename !== 'global') {
    io.stderr("zlogin: 'zlogin' may only be used from the global zone\n");
    return 1;
  }
  const o = p.o;
  const err = await checkZone(io.root, o);
  if (err) {
    io.stderr(err);
    return 1;
  }
  const sio: SessionIO = { stdout: io.stdout, stderr: io.stderr, input: stringInput(io.stdin) };
  if (o.console) return runConsole(io.root, o, sio, io.timeScale);
  if (o.command === null && (io.isTTY || o.forceTTY)) return runInteractive(io.root, o, sio, io.timeScale);
  const shio: ShIO = { stdin: o.nflag ? NO_STDIN : stringStdin(io.stdin), stdout: io.stdout, stderr: io.stderr };
  const script = o.command === null ? io.stdin ?? '' : zloginCommandLine(o.command);
  return runInZone(io.root, o.zonename, script, shio, { timeScale: io.timeScale, signal: io.signal });
}

// ---------------------------------------------------------------- the bin/zlogin process

function processInput(): InputSource {
  const stdin = process.stdin;
  let dataCb: (c: string) => void = () => {};
  let endCb: () => void = () => {};
  const onData = (b: Buffer | string) => dataCb(typeof b === 'string' ? b : b.toString('latin1'));
  const onEnd = () => endCb();
  return {
    onData: (cb) => (dataCb = cb),
    onEnd: (cb) => (endCb = cb),
    start: () => {
      stdin.on('data', onData);
      stdin.on('end', onEnd);
      stdin.on('error', onEnd);
      stdin.resume();
    },
    stop: () => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onEnd);
      stdin.pause();
      if (!stdin.isTTY) stdin.destroy();
    },
  };
}

let stdinText: Promise<string> | null = null;
function readAllStdin(): Promise<string> {
  if (!stdinText) {
    stdinText = new Promise((resolve) => {
      if (process.stdin.isTTY) return resolve('');
      let s = '';
      process.stdin.setEncoding('utf8');
      process.stdin.on('data', (d: string) => (s += d));
      process.stdin.on('end', () => resolve(s));
      process.stdin.on('error', () => resolve(s));
    });
  }
  return stdinText;
}

function timeScaleEnv(): number {
  const v = Number(process.env.SIM_TIME_SCALE);
  return process.env.SIM_TIME_SCALE !== undefined && process.env.SIM_TIME_SCALE !== '' && Number.isFinite(v) && v >= 0 ? v : 1;
}

async function flushStdout(): Promise<void> {
  await new Promise<void>((r) => process.stdout.write('', () => r()));
  await new Promise<void>((r) => process.stderr.write('', () => r()));
}

/** Entry point of bin/zlogin: runs on the real terminal and sets process.exitCode. */
export async function zloginProcess(args: string[]): Promise<void> {
  const root = defaultSimRoot();
  const p = parseZloginArgs(args);
  if (!p.ok) {
    process.stderr.write(p.stderr);
    process.exitCode = p.code;
    return;
  }
  const o = p.o;
  const inZone = process.env.SIM_ZONENAME;
  const err = inZone && inZone !== 'global' ? "zlogin: 'zlogin' may only be used from the global zone\n" : await checkZone(root, o);
  if (err) {
    process.stderr.write(err);
    process.exitCode = 1;
    return;
  }
  const isTTY = !!process.stdin.isTTY;
  // zlogin's set_tty_rawmode() also clears OPOST (libuv's raw mode keeps ONLCR): the zone's
  // bytes reach the terminal unchanged. Leaving raw mode restores the saved settings.
  const setRaw = isTTY
    ? (raw: boolean) => {
        try {
          process.stdin.setRawMode(raw);
          if (raw) spawnSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
        } catch {
          /* not a tty any more */
        }
      }
    : undefined;
  const sio: SessionIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    input: processInput(),
    setRaw,
  };
  // a hang-up (the pty closed) or a kill ends the session like `~.` would, without banners
  let code: number;
  const onSignal = (sig: NodeJS.Signals) => {
    setRaw?.(false);
    process.exit(sig === 'SIGHUP' ? 129 : sig === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGHUP', onSignal);
  process.once('SIGTERM', onSignal);
  if (!isTTY || o.console) process.once('SIGINT', onSignal);
  const scale = timeScaleEnv();
  if (o.console) code = await runConsole(root, o, sio, scale);
  else if (o.command === null && (isTTY || o.forceTTY)) code = await runInteractive(root, o, sio, scale);
  else {
    const script = o.command === null ? await readAllStdin() : zloginCommandLine(o.command);
    const shio: ShIO = {
      stdin: o.nflag || o.command === null ? NO_STDIN : readAllStdin,
      stdout: (t) => void process.stdout.write(t),
      stderr: (t) => void process.stderr.write(t),
    };
    code = await runInZone(root, o.zonename, script, shio, { timeScale: scale });
  }
  await flushStdout();
  process.off('SIGHUP', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  process.exitCode = code;
}
