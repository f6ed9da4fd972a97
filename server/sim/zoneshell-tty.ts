// A terminal session inside a simulated zone: the line discipline (echo, erase, kill, ^C, ^D),
// the console's login(1) prompt, and an interactive root shell (bash-like prompt
// `root@<hostname>:~# `) that runs lines through ZoneShell.
//
// Two uses: the zone console (mode 'console', driven by `zlogin -C`, output appended to the
// console log; its login state lives in os.json so that it survives a detach), and the pty of
// an interactive `zlogin ZONE` (mode 'pty', already logged in as root).
import { readFileSync } from 'node:fs';
import { ZoneShell, shellInputComplete } from './zoneshell';
import { hostPath, readZoneOsSync, updateZoneOs, OS_MOTD } from './zoneos';

export interface ZoneTerminalOptions {
  root: string;
  zone: string;
  mode: 'console' | 'pty';
  /** terminal output (already in terminal form: CR LF line ends) */
  write(text: string): void | Promise<void>;
  /** the shell of a 'pty' session ended (exit, logout, ^D) */
  onExit?(code: number): void;
  timeScale?: number;
}

const CTRL_C = '\x03';
const CTRL_D = '\x04';
const CTRL_U = '\x15';
const CTRL_W = '\x17';
const DEL = '\x7f';
const BS = '\b';

/** \n → \r\n (ONLCR), leaving existing \r\n alone */
export function onlcr(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function expandTabs(s: string): string {
  let out = '';
  for (const c of s) {
    if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += c;
  }
  return out;
}

export const MOTD_LINE = expandTabs(OS_MOTD);

export class ZoneTerminal {
  private line = '';
  private pending = '';
  private queue: string[] = [];
  private busy = false;
  private escState: 0 | 1 | 2 = 0;
  private lastWasCR = false;
  private shell: ZoneShell | null = null;
  /** console login in progress: the user name typed, waiting for the password */
  private loginUser: string | null = null;
  private loginFailed = false;
  /** lines of an incomplete command (PS2) */
  private cont = '';
  private abort: AbortController | null = null;
  private interrupted = false;
  private closed = false;

  constructor(private readonly o: ZoneTerminalOptions) {}

  private buf = '';

  /** terminal output is gathered and written in one piece per input chunk (or before a command runs) */
  private async out(text: string): Promise<void> {
    this.buf += text;
  }

  private async flush(): Promise<void> {
    if (!this.buf) return;
    const t = this.buf;
    this.buf = '';
    await this.writeInOrder(t);
  }

  /** Writes reach the console in the order they were made: each waits for the one before
   *  (the console log append takes a lock, and locks don't queue in arrival order). */
  private writes: Promise<void> = Promise.resolve();
  private writeInOrder(text: string): Promise<void> {
    this.writes = this.writes.then(() => this.o.write(text)).catch(() => {});
    return this.writes;
  }

  /** Session state as the zone sees it right now (console mode: from os.json). */
  private session(): 'down' | 'login' | 'shell' {
    if (this.o.mode === 'pty') return 'shell';
    const s = readZoneOsSync(this.o.root, this.o.zone);
    if (!s.running) return 'down';
    return s.console.session;
  }

  private hostname(): string {
    return readZoneOsSync(this.o.root, this.o.zone).hostname;
  }

  prompt(): string {
    const sh = this.shell;
    const cwd = sh?.cwd ?? '/root';
    const home = '/root';
    const shown = cwd === home ? '~' : cwd.startsWith(home + '/') ? '~' + cwd.slice(home.length) : cwd;
    return `root@${this.hostname().split('.')[0]}:${shown}# `;
  }

  private ensureShell(cwd?: string): ZoneShell {
    if (!this.shell) {
      this.shell = new ZoneShell({ root: this.o.root, zone: this.o.zone, interactive: true, cwd: cwd ?? '/root', timeScale: this.o.timeScale });
    }
    return this.shell;
  }

  /** Starts a pty session: motd line and the first prompt. */
  async startPty(): Promise<void> {
    this.ensureShell();
    await this.out(MOTD_LINE + '\r\n' + this.prompt());
    await this.flush();
  }

  /** Bytes typed on the terminal. Processed in order; lines run one at a time. */
  input(bytes: string): void {
    if (this.closed) return;
    if (this.abort && bytes.includes(CTRL_C)) {
      // ^C while a command runs interrupts it (the line discipline's VINTR)
      this.interrupted = true;
      this.abort.abort();
      bytes = bytes.replace(CTRL_C, '');
      if (!bytes) return;
    }
    this.queue.push(bytes);
    void this.pump();
  }

  /** resolves once everything typed so far has been handled */
  async idle(): Promise<void> {
    while (this.busy || this.queue.length) await new Promise((r) => setTimeout(r, 5));
  }

  close(): void {
    this.closed = true;
    this.abort?.abort();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.closed) {
        const chunk = this.queue.shift()!;
        for (const c of chunk) {
          if (this.closed) break;
          await this.key(c);
        }
        await this.flush();
      }
    } finally {
      this.busy = false;
    }
  }

  private async key(c: string): Promise<void> {
    // swallow escape sequences (arrow keys and the like)
    if (this.escState === 1) {
      this.escState = c === '[' || c === 'O' ? 2 : 0;
      return;
    }
    if (this.escState === 2) {
      if (/[@-~]/.test(c)) this.escState = 0;
      return;
    }
    if (c === '\x1b') {
      this.escState = 1;
      return;
    }
    const state = this.session();
    if (state === 'down') {
      this.line = '';
      return;
    }
    if (c === '\n' && this.lastWasCR) {
      this.lastWasCR = false;
      return;
    }
    this.lastWasCR = c === '\r';
    const noEcho = state === 'login' && this.loginUser !== null;
    if (c === '\r' || c === '\n') {
      await this.out('\r\n');
      const line = this.line;
      this.line = '';
      await this.submit(line, state);
      return;
    }
    if (c === DEL || c === BS) {
      if (this.line.length) {
        this.line = this.line.slice(0, -1);
        if (!noEcho) await this.out('\b \b');
      }
      return;
    }
    if (c === CTRL_U) {
      if (!noEcho) await this.out('\b \b'.repeat(this.line.length));
      this.line = '';
      return;
    }
    if (c === CTRL_W) {
      const m = /\S*\s*$/.exec(this.line);
      const n = m ? m[0].length : 0;
      this.line = this.line.slice(0, this.line.length - n);
      if (!noEcho) await this.out('\b \b'.repeat(n));
      return;
    }
    if (c === CTRL_C) {
      this.line = '';
      this.cont = '';
      await this.out('^C\r\n');
      if (state === 'shell') await this.out(this.prompt());
      else {
        this.loginUser = null;
        await this.out(`${this.hostname()} console login: `);
      }
      return;
    }
    if (c === CTRL_D) {
      if (this.line === '' && state === 'shell' && this.cont === '') await this.logout(true);
      return;
    }
    if (c === '\t') c = ' ';
    if (c < ' ') return;
    this.line += c;
    if (!noEcho) await this.out(c);
  }

  private async submit(line: string, state: 'login' | 'shell'): Promise<void> {
    if (state === 'login') return this.loginLine(line);
    const src = this.cont ? this.cont + '\n' + line : line;
    if (!shellInputComplete(src)) {
      this.cont = src;
      await this.out('> ');
      return;
    }
    this.cont = '';
    if (src.trim() === '') {
      await this.out(this.prompt());
      return;
    }
    const sh = this.ensureShell(this.o.mode === 'console' ? readZoneOsSync(this.o.root, this.o.zone).console.cwd : undefined);
    await this.flush();
    this.abort = new AbortController();
    sh.signal = this.abort.signal;
    await sh.run(src, {
      stdin: async () => '',
      stdout: (t) => void this.writeInOrder(onlcr(t)),
      stderr: (t) => void this.writeInOrder(onlcr(t)),
    });
    await this.writes;
    this.abort = null;
    sh.signal = undefined;
    if (this.interrupted) {
      this.interrupted = false;
      await this.out('^C\r\n');
    }
    if (this.o.mode === 'console') {
      const cwd = sh.cwd;
      await updateZoneOs(this.o.root, this.o.zone, (s) => {
        if (s.console.session === 'shell') s.console.cwd = cwd;
      });
    }
    if (sh.exited !== null) {
      await this.logout(false, sh.exited);
      return;
    }
    await this.out(this.prompt());
  }

  private async logout(byEOF: boolean, code = 0): Promise<void> {
    if (this.o.mode === 'pty') {
      if (byEOF) await this.out('logout\r\n');
      await this.flush();
      this.closed = true;
      this.o.onExit?.(code);
      return;
    }
    await this.out('logout\r\n');
    this.shell = null;
    await updateZoneOs(this.o.root, this.o.zone, (s) => {
      if (s.running) s.console = { session: 'login', user: '', cwd: '/root' };
    });
    await this.out(`\r\n${this.hostname()} console login: `);
  }

  private rootHasPassword(): boolean {
    try {
      const shadow = readFileSync(hostPath(this.o.root, this.o.zone, '/', '/etc/shadow'), 'utf8');
      const root = shadow.split('\n').find((l) => l.startsWith('root:'));
      const pw = root?.split(':')[1] ?? '';
      return pw !== '' && pw !== 'NP';
    } catch {
      return false;
    }
  }

  private userExists(u: string): boolean {
    try {
      const pw = readFileSync(hostPath(this.o.root, this.o.zone, '/', '/etc/passwd'), 'utf8');
      return pw.split('\n').some((l) => l.split(':')[0] === u);
    } catch {
      return u === 'root';
    }
  }

  private async loginLine(line: string): Promise<void> {
    const host = this.hostname();
    const again = () => (this.loginFailed ? 'login: ' : `${host} console login: `);
    if (this.loginUser === null) {
      const user = line.trim();
      if (user === '') {
        await this.out(again());
        return;
      }
      if (user === 'root' && !this.rootHasPassword()) return this.loggedIn(user);
      this.loginUser = user;
      await this.out('Password: ');
      return;
    }
    const user = this.loginUser;
    this.loginUser = null;
    if (user === 'root' && this.userExists(user)) return this.loggedIn(user);
    this.loginFailed = true;
    await this.out('Login incorrect\r\nlogin: ');
  }

  private async loggedIn(user: string): Promise<void> {
    this.loginFailed = false;
    await updateZoneOs(this.o.root, this.o.zone, (s) => {
      s.console = { session: 'shell', user, cwd: '/root' };
    });
    this.shell = null;
    this.ensureShell('/root');
    const d = new Date();
    const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
    const stamp = `${mon} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)}`;
    const host = this.hostname();
    await this.out(`${stamp} ${host} login: ROOT LOGIN /dev/console\r\n${MOTD_LINE}\r\n${this.prompt()}`);
  }
}
