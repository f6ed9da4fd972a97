// The commands available to the shell inside a simulated zone (see zoneshell.ts). They work
// on the zone's files under zoneDir/root and on its OS state (os.json), and word their output
// and errors as the illumos (OmniOS) commands do.
import { appendFileSync, lstatSync, promises as fsp, statSync } from 'node:fs';
import path from 'node:path';
import type { ShIO, ZoneShell } from './zoneshell';
import { errnoText, evalArith } from './zoneshell';
import { ipadmRun } from './ipadm';
import { scanOptions, type GetoptError } from './getopt';
import { noteZoneTraffic } from './kstat-usage';
import { OS_RELEASE, OS_VERSION, readZoneOs, updateZoneOs, type Route } from './zoneos';

type Cmd = (sh: ZoneShell, argv: string[], io: ShIO) => Promise<number>;

const BIN_DIRS = ['/usr/bin', '/usr/sbin', '/sbin', '/bin', '/usr/gnu/bin', '/usr/xpg4/bin'];

export async function runZoneCommand(sh: ZoneShell, argv: string[], io: ShIO): Promise<number> {
  let name = argv[0]!;
  if (name.includes('/')) {
    const dir = path.posix.dirname(path.posix.resolve(sh.cwd, name));
    const base = path.posix.basename(name);
    if (BIN_DIRS.includes(dir) && COMMANDS[base] && !SHELL_ONLY.has(base)) name = base;
    else {
      const exists = statSync(sh.hp(name), { throwIfNoEntry: false });
      io.stderr(`${sh.errPrefix()}${argv[0]}: ${exists ? 'Permission denied' : 'No such file or directory'}\n`);
      return exists ? 126 : 127;
    }
  }
  const fn = COMMANDS[name];
  if (!fn) {
    io.stderr(`${sh.errPrefix()}${name}: command not found\n`);
    return 127;
  }
  try {
    return await fn(sh, [name, ...argv.slice(1)], io);
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e;
    if (e instanceof UsageError) {
      io.stderr(e.message);
      return e.code;
    }
    throw e;
  }
}

class UsageError extends Error {
  constructor(message: string, public readonly code = 2) {
    super(message);
  }
}

/** names only the shell itself has (no file in /usr/bin) */
const SHELL_ONLY = new Set([':', 'echo_builtin']);

// ---------------------------------------------------------------- helpers

async function readZoneFile(sh: ZoneShell, p: string): Promise<string> {
  if (p === '/dev/null') return '';
  return fsp.readFile(sh.hp(p), 'utf8');
}

function statZ(sh: ZoneShell, p: string) {
  return statSync(sh.hp(p), { throwIfNoEntry: false });
}

/** getopt(3C) over argv[1...] with the command's own diagnostics: flags, option values and operands */
function getopts(argv: string[], spec: string, cmd: string, usage: string): { f: Set<string>; v: Map<string, string>; rest: string[] } {
  const scan = scanOptions(argv.slice(1), spec);
  if (scan.error) throw optionError(cmd, scan.error, usage);
  const f = new Set<string>();
  const v = new Map<string, string>();
  for (const { c, arg } of scan.opts) {
    if (arg === undefined) f.add(c);
    else v.set(c, arg);
  }
  return { f, v, rest: scan.operands };
}

/** the diagnostic a command's getopt prints: illegal option or missing value, then the usage */
function optionError(cmd: string, e: GetoptError, usage: string): UsageError {
  return e.kind === 'unknown'
    ? new UsageError(`${cmd}: illegal option -- ${e.opt}\n${usage}`)
    : new UsageError(`${cmd}: option requires an argument -- ${e.opt}\n${usage}`);
}

function backslashEscapes(s: string, forEcho: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[++i]!;
    switch (n) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'e':
      case 'E':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case 'c':
        if (forEcho) return { text: out, stop: true };
        out += '\\c';
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        const maxLen = forEcho && n === '0' ? 4 : 3;
        const m = new RegExp(`^[0-7]{1,${maxLen}}`).exec(s.slice(i));
        let digits = m![0];
        if (forEcho && n === '0') digits = digits.slice(1) || '0';
        out += String.fromCharCode(parseInt(digits, 8) & 0xff);
        i += m![0].length - 1;
        break;
      }
      default:
        out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}

// ---------------------------------------------------------------- printf

function printfFormat(sh: ZoneShell, fmt: string, args: string[], io: ShIO): { out: string; status: number } {
  let out = '';
  let status = 0;
  let ai = 0;
  const nextArg = () => args[ai++];
  const num = (a: string | undefined, conv: string): number => {
    if (a === undefined || a === '') return 0;
    if (/^['"]/.test(a)) return a.charCodeAt(1) || 0;
    const t = a.trim();
    let n: number;
    if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(t)) n = parseInt(t, 16);
    else if (/^[-+]?0[0-7]+$/.test(t)) n = parseInt(t, 8);
    else if (/^[-+]?\d+$/.test(t)) n = parseInt(t, 10);
    else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) && 'eEfgG'.includes(conv)) n = parseFloat(t);
    else {
      io.stderr(`${sh.errPrefix()}printf: ${a}: invalid number\n`);
      status = 1;
      n = parseFloat(t) || 0;
    }
    return n;
  };
  const pad = (s: string, flags: string, width: number) => {
    if (s.length >= width) return s;
    if (flags.includes('-')) return s + ' '.repeat(width - s.length);
    if (flags.includes('0') && /^[-+]?[0-9a-fA-F.]+$/.test(s)) {
      const sign = /^[-+]/.test(s) ? s[0]! : '';
      return sign + '0'.repeat(width - s.length) + s.slice(sign.length);
    }
    return ' '.repeat(width - s.length) + s;
  };
  for (let pass = 0; ; pass++) {
    const before = ai;
    for (let i = 0; i < fmt.length; i++) {
      const c = fmt[i]!;
      if (c === '\\') {
        const m = /^\\(0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(fmt.slice(i));
        out += backslashEscapes(m![0], false).text;
        i += m![0].length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXcsbqeEfgG%])/.exec(fmt.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const flags = m[1] ?? '';
      const width = m[2] === '*' ? num(nextArg(), 'd') : m[2] ? Number(m[2]) : 0;
      const precS = m[3] === '*' ? String(num(nextArg(), 'd')) : m[3];
      const conv = m[4]!;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const a = nextArg();
      let s: string;
      switch (conv) {
        case 's':
          s = a ?? '';
          if (precS !== undefined) s = s.slice(0, Number(precS));
          break;
        case 'b': {
          const r = backslashEscapes(a ?? '', true);
          s = r.text;
          break;
        }
        case 'q':
          s = a === undefined ? "''" : /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
          break;
        case 'c':
          s = (a ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i': {
          const n = Math.trunc(num(a, conv));
          s = String(Math.abs(n));
          if (precS !== undefined) s = s.padStart(Number(precS), '0');
          s = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
          break;
        }
        case 'u':
          s = String(Math.trunc(num(a, conv)) >>> 0);
          break;
        case 'o':
          s = (Math.trunc(num(a, conv)) >>> 0).toString(8);
          if (flags.includes('#') && s[0] !== '0') s = '0' + s;
          break;
        case 'x':
        case 'X':
          s = (Math.trunc(num(a, conv)) >>> 0).toString(16);
          if (conv === 'X') s = s.toUpperCase();
          if (flags.includes('#') && s !== '0') s = (conv === 'X' ? '0X' : '0x') + s;
          break;
        default: {
          const n = num(a, conv);
          const p = precS !== undefined ? Number(precS) : 6;
          if (conv === 'f') s = n.toFixed(p);
          else if (conv === 'e' || conv === 'E') {
            s = n.toExponential(p).replace(/e([-+])(\d)$/, 'e$10$2');
            if (conv === 'E') s = s.toUpperCase();
          } else s = String(Number(n.toPrecision(p || 1)));
          if (n >= 0 && flags.includes('+')) s = '+' + s;
        }
      }
      out += pad(s, flags, width);
    }
    if (ai >= args.length || ai === before) break;
    if (pass > 10000) break;
  }
  return { out, status };
}

// ---------------------------------------------------------------- test / [

function testEval(sh: ZoneShell, args: string[], io: ShIO, name: string): number {
  let k = 0;
  const intOf = (s: string): number => {
    if (!/^\s*[-+]?\d+\s*$/.test(s)) throw new TestError(`${s}: integer expression expected`);
    return parseInt(s, 10);
  };
  const unaryOps = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-z', '-n', '-L', '-h', '-b', '-c', '-p', '-S', '-t', '-a', '-g', '-u', '-k', '-O', '-G', '-v']);
  const binOps = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '<', '>', '-nt', '-ot', '-ef']);
  const fileTest = (op: string, f: string): boolean => {
    const hp = sh.hp(f);
    let st;
    try {
      st = op === '-L' || op === '-h' ? require_lstat(hp) : statSync(hp, { throwIfNoEntry: false });
    } catch {
      st = undefined;
    }
    if (!st) return false;
    switch (op) {
      case '-e':
      case '-a':
      case '-r':
      case '-w':
        return true;
      case '-f':
        return st.isFile();
      case '-d':
        return st.isDirectory();
      case '-s':
        return st.size > 0;
      case '-x':
        return (st.mode & 0o111) !== 0;
      case '-L':
      case '-h':
        return st.isSymbolicLink();
      default:
        return false;
    }
  };
  const primary = (): boolean => {
    const a = args[k];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '!' ) {
      k++;
      return !primary();
    }
    if (a === '(' ) {
      k++;
      const v = orExpr();
      if (args[k] !== ')') throw new TestError("`)' expected");
      k++;
      return v;
    }
    const b = args[k + 1];
    if (b !== undefined && binOps.has(b) && args[k + 2] !== undefined) {
      const c = args[k + 2]!;
      k += 3;
      switch (b) {
        case '=':
        case '==':
          return a === c;
        case '!=':
          return a !== c;
        case '<':
          return a < c;
        case '>':
          return a > c;
        case '-eq':
          return intOf(a) === intOf(c);
        case '-ne':
          return intOf(a) !== intOf(c);
        case '-lt':
          return intOf(a) < intOf(c);
        case '-le':
          return intOf(a) <= intOf(c);
        case '-gt':
          return intOf(a) > intOf(c);
        case '-ge':
          return intOf(a) >= intOf(c);
        default:
          return false;
      }
    }
    if (unaryOps.has(a) && b !== undefined) {
      k += 2;
      if (a === '-z') return b === '';
      if (a === '-n') return b !== '';
      if (a === '-t') return false;
      if (a === '-v') return sh.vars.has(b);
      return fileTest(a, b);
    }
    k++;
    return a !== '';
  };
  const andExpr = (): boolean => {
    let v = primary();
    while (args[k] === '-a') {
      k++;
      const r = primary();
      v = v && r;
    }
    return v;
  };
  const orExpr = (): boolean => {
    let v = andExpr();
    while (args[k] === '-o') {
      k++;
      const r = andExpr();
      v = v || r;
    }
    return v;
  };
  try {
    if (args.length === 0) return 1;
    const v = orExpr();
    if (k < args.length) throw new TestError(`${args[k]}: unexpected operator`);
    return v ? 0 : 1;
  } catch (e) {
    if (e instanceof TestError) {
      io.stderr(`${sh.errPrefix()}${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

class TestError extends Error {}

function require_lstat(p: string) {
  return lstatSync(p, { throwIfNoEntry: false });
}

// ---------------------------------------------------------------- regular expressions (BRE/ERE → JS)

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
  word: 'A-Za-z0-9_',
};

/** Converts a POSIX basic (or extended) regular expression to JavaScript RegExp source. */
export function posixToJs(re: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '[') {
      // bracket expression
      let j = i + 1;
      let body = '';
      if (re[j] === '^') {
        body += '^';
        j++;
      }
      if (re[j] === ']') {
        body += '\\]';
        j++;
      }
      let closed = false;
      while (j < re.length) {
        const d = re[j]!;
        if (d === ']') {
          closed = true;
          break;
        }
        if (d === '[' && re[j + 1] === ':') {
          const end = re.indexOf(':]', j + 2);
          if (end !== -1) {
            body += POSIX_CLASSES[re.slice(j + 2, end)] ?? '';
            j = end + 2;
            continue;
          }
        }
        if (d === '\\') body += '\\\\';
        else if (d === '[') body += '\\[';
        else body += d;
        j++;
      }
      if (!closed) throw new Error('brackets ([ ]) not balanced');
      out += `[${body}]`;
      i = j;
      continue;
    }
    if (c === '\\') {
      const n = re[i + 1];
      i++;
      if (n === undefined) {
        out += '\\\\';
        break;
      }
      if (!extended && '(){}|+?'.includes(n)) {
        out += n;
        continue;
      }
      if (n === '<' || n === '>') {
        out += '\\b';
        continue;
      }
      if (/[0-9]/.test(n)) {
        out += '\\' + n;
        continue;
      }
      if (n === 'n') {
        out += '\\n';
        continue;
      }
      if (n === 't') {
        out += '\\t';
        continue;
      }
      if ('wWsSb'.includes(n)) {
        out += '\\' + n;
        continue;
      }
      out += /[A-Za-z0-9]/.test(n) ? n : '\\' + n;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += '\\' + c;
      continue;
    }
    if (c === '*' && (out === '' || out === '^' || /\\\($/.test(out) || (!extended && out.endsWith('(')))) {
      out += '\\*';
      continue;
    }
    if (c === '/') {
      out += '\\/';
      continue;
    }
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------- grep

const grepCmd: Cmd = async (sh, argv, io) => {
  const usage = 'Usage: grep [-c|-l|-q] [-bhHinsvwx] [-E|-F] pattern [file ...]\n';
  const patterns: string[] = [];
  const f = new Set<string>();
  const scan = scanOptions(argv.slice(1), 'EFGcilnqsvwxhHrRe:');
  if (scan.error) throw optionError('grep', scan.error, usage);
  for (const { c, arg } of scan.opts) {
    if (arg === undefined) f.add(c);
    else patterns.push(arg);
  }
  let rest = scan.operands;
  if (!patterns.length) {
    if (!rest.length) throw new UsageError(usage);
    patterns.push(rest[0]!);
    rest = rest.slice(1);
  }
  const extended = f.has('E');
  let re: RegExp;
  try {
    const alts = patterns.flatMap((p) => p.split('\n')).map((p) => {
      let src = f.has('F') ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : posixToJs(p, extended);
      if (f.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
      if (f.has('x')) src = `^(?:${src})$`;
      return src;
    });
    re = new RegExp(alts.map((a) => `(?:${a})`).join('|'), f.has('i') ? 'i' : '');
  } catch (e) {
    io.stderr(`grep: ${(e as Error).message}\n`);
    return 2;
  }
  const files = rest.length ? rest : ['-'];
  const showName = (files.length > 1 || f.has('H')) && !f.has('h');
  let matched = false;
  let errors = false;
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await io.stdin() : await readZoneFile(sh, file);
    } catch (e) {
      if (!f.has('s')) {
        if ((e as NodeJS.ErrnoException).code === 'EISDIR') io.stderr(`grep: ${file}: Is a directory\n`);
        else io.stderr(`grep: can't open "${file}"\n`);
      }
      errors = true;
      continue;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let count = 0;
    const label = file === '-' ? '(standard input)' : file;
    for (let n = 0; n < lines.length; n++) {
      const line = lines[n]!;
      const hit = re.test(line) !== f.has('v');
      if (!hit) continue;
      matched = true;
      count++;
      if (f.has('q')) return 0;
      if (f.has('l') || f.has('c')) continue;
      io.stdout(`${showName ? label + ':' : ''}${f.has('n') ? n + 1 + ':' : ''}${line}\n`);
    }
    if (f.has('c')) io.stdout(`${showName ? label + ':' : ''}${count}\n`);
    if (f.has('l') && count) io.stdout(`${label}\n`);
  }
  if (errors && !(f.has('q') && matched)) return 2;
  return matched ? 0 : 1;
};

// ---------------------------------------------------------------- sed

interface SedAddr {
  kind: 'line' | 'last' | 're';
  n?: number;
  re?: RegExp;
}
interface SedCmd {
  a1?: SedAddr;
  a2?: SedAddr;
  neg: boolean;
  c: string;
  // s
  re?: RegExp | null;
  repl?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  wfile?: string;
  text?: string;
  inRange?: boolean;
}

function parseSed(script: string, extended: boolean): SedCmd[] {
  const cmds: SedCmd[] = [];
  let i = 0;
  const s = script;
  const ws = () => {
    while (i < s.length && /[ \t]/.test(s[i]!)) i++;
  };
  const readDelim = (d: string): string => {
    let out = '';
    while (i < s.length && s[i] !== d) {
      if (s[i] === '\\' && i + 1 < s.length) {
        if (s[i + 1] === d) {
          out += d === '/' ? '\\/' : d;
          i += 2;
          continue;
        }
        if (s[i + 1] === 'n') {
          out += '\\n';
          i += 2;
          continue;
        }
        out += s[i]! + s[i + 1]!;
        i += 2;
        continue;
      }
      if (s[i] === '\n') throw new Error('unterminated substitute pattern');
      out += s[i++];
    }
    if (i >= s.length) throw new Error(`unterminated ${d === '/' ? 'substitute pattern' : 'regular expression'}`);
    i++;
    return out;
  };
  let lastRe: RegExp | null = null;
  const mkRe = (src: string, flags = ''): RegExp | null => {
    if (src === '') return lastRe;
    const r = new RegExp(posixToJs(src, extended), flags);
    lastRe = r;
    return r;
  };
  const readAddr = (): SedAddr | undefined => {
    ws();
    const c = s[i];
    if (c === undefined) return undefined;
    if (/[0-9]/.test(c)) {
      let n = '';
      while (/[0-9]/.test(s[i] ?? '')) n += s[i++];
      return { kind: 'line', n: Number(n) };
    }
    if (c === '$') {
      i++;
      return { kind: 'last' };
    }
    if (c === '/' || c === '\\') {
      let d = '/';
      if (c === '\\') {
        d = s[i + 1]!;
        i++;
      }
      i++;
      const src = readDelim(d);
      let flags = '';
      if (s[i] === 'I') {
        flags = 'i';
        i++;
      }
      return { kind: 're', re: mkRe(src, flags) ?? undefined };
    }
    return undefined;
  };
  while (i < s.length) {
    ws();
    while (s[i] === ';' || s[i] === '\n' || s[i] === ' ') i++;
    if (i >= s.length) break;
    const cmd: SedCmd = { neg: false, c: '' };
    cmd.a1 = readAddr();
    if (cmd.a1) {
      ws();
      if (s[i] === ',') {
        i++;
        cmd.a2 = readAddr();
        if (!cmd.a2) throw new Error('unexpected `,\'');
      }
    }
    ws();
    if (s[i] === '!') {
      cmd.neg = true;
      i++;
      ws();
    }
    const c = s[i++];
    if (c === undefined) throw new Error('missing command');
    cmd.c = c;
    switch (c) {
      case 's': {
        const d = s[i++];
        if (d === undefined || d === '\n' || d === '\\') throw new Error('unterminated substitute pattern');
        const pat = readDelim(d);
        const repl = readDelim(d);
        let flags = '';
        cmd.global = false;
        for (;;) {
          const fch = s[i];
          if (fch === 'g') cmd.global = true;
          else if (fch === 'p') cmd.print = true;
          else if (fch === 'I' || fch === 'i') flags += 'i';
          else if (fch !== undefined && /[0-9]/.test(fch)) {
            let n = '';
            while (/[0-9]/.test(s[i] ?? '')) n += s[i++];
            cmd.nth = Number(n);
            continue;
          } else if (fch === 'w') {
            i++;
            const nl = s.indexOf('\n', i);
            cmd.wfile = s.slice(i, nl === -1 ? s.length : nl).trim();
            i = nl === -1 ? s.length : nl;
            break;
          } else break;
          i++;
        }
        cmd.re = mkRe(pat, flags);
        if (!cmd.re) throw new Error('no previous regular expression');
        cmd.repl = repl;
        break;
      }
      case 'd':
      case 'p':
      case 'q':
      case '=':
      case 'D':
      case 'P':
      case 'n':
      case 'N':
      case 'h':
      case 'H':
      case 'g':
      case 'G':
      case 'x':
        break;
      case 'a':
      case 'i':
      case 'c': {
        ws();
        if (s[i] === '\\') {
          i++;
          if (s[i] === '\n') i++;
        }
        const nl = s.indexOf('\n', i);
        let text = s.slice(i, nl === -1 ? s.length : nl);
        i = nl === -1 ? s.length : nl;
        text = text.replace(/\\(.)/g, '$1');
        cmd.text = text;
        break;
      }
      case '{':
      case '}':
        throw new Error(`unsupported command ${c}`);
      default:
        throw new Error(`unknown command: \`${c}'`);
    }
    cmds.push(cmd);
    ws();
    if (i < s.length && s[i] !== ';' && s[i] !== '\n' && s[i] !== '}') {
      if (cmd.c !== 'a' && cmd.c !== 'i' && cmd.c !== 'c') throw new Error(`extra characters after command`);
    }
  }
  return cmds;
}

function sedReplace(line: string, cmd: SedCmd): { out: string; did: boolean } {
  const re = cmd.re!;
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let n = 0;
  let did = false;
  const out = line.replace(g, (...m: unknown[]) => {
    n++;
    const groups = m.slice(0, -2) as (string | undefined)[];
    if (cmd.nth !== undefined ? n < cmd.nth || (n > cmd.nth && !cmd.global) : n > 1 && !cmd.global) return groups[0]!;
    did = true;
    let r = '';
    const repl = cmd.repl!;
    for (let i = 0; i < repl.length; i++) {
      const c = repl[i]!;
      if (c === '\\' && i + 1 < repl.length) {
        const d = repl[++i]!;
        if (/[0-9]/.test(d)) r += groups[Number(d)] ?? '';
        else if (d === 'n') r += '\n';
        else if (d === 't') r += '\t';
        else r += d;
      } else if (c === '&') r += groups[0]!;
      else r += c;
    }
    return r;
  });
  return { out, did };
}

function runSed(cmds: SedCmd[], text: string, quiet: boolean, sh: ZoneShell): { out: string; quit: boolean } {
  const lines = text.split('\n');
  const trailingNl = text.endsWith('\n');
  if (trailingNl) lines.pop();
  let out = '';
  let hold = '';
  for (const c of cmds) c.inRange = false;
  const matchAddr = (a: SedAddr, line: string, n: number, last: boolean): boolean =>
    a.kind === 'line' ? n === a.n : a.kind === 'last' ? last : !!a.re && a.re.test(line);
  let quit = false;
  for (let n = 1; n <= lines.length && !quit; n++) {
    let ps = lines[n - 1]!;
    const last = n === lines.length;
    let deleted = false;
    const appendQueue: string[] = [];
    for (const c of cmds) {
      let sel: boolean;
      if (!c.a1) sel = true;
      else if (!c.a2) sel = matchAddr(c.a1, ps, n, last);
      else if (c.inRange) {
        sel = true;
        if (c.a2.kind === 'line' ? n >= c.a2.n! : matchAddr(c.a2, ps, n, last)) c.inRange = false;
      } else if (matchAddr(c.a1, ps, n, last)) {
        sel = true;
        c.inRange = !(c.a2.kind === 'line' && c.a2.n! <= n);
      } else sel = false;
      if (c.neg) sel = !sel;
      if (!sel) continue;
      if (c.c === 'd') {
        deleted = true;
        break;
      }
      if (c.c === 'p') out += ps + '\n';
      else if (c.c === '=') out += `${n}\n`;
      else if (c.c === 'q') {
        quit = true;
        break;
      } else if (c.c === 's') {
        const r = sedReplace(ps, c);
        ps = r.out;
        if (r.did && c.print) out += ps + '\n';
        if (r.did && c.wfile) {
          try {
            require_append(sh.hp(c.wfile), ps + '\n');
          } catch {
            /* ignore */
          }
        }
      } else if (c.c === 'a') appendQueue.push(c.text ?? '');
      else if (c.c === 'i') out += (c.text ?? '') + '\n';
      else if (c.c === 'c') {
        if (!c.a2 || !c.inRange) out += (c.text ?? '') + '\n';
        deleted = true;
        break;
      } else if (c.c === 'h') hold = ps;
      else if (c.c === 'H') hold += '\n' + ps;
      else if (c.c === 'g') ps = hold;
      else if (c.c === 'G') ps += '\n' + hold;
      else if (c.c === 'x') [ps, hold] = [hold, ps];
    }
    if (!deleted && !quiet) out += ps + (last && !trailingNl ? '' : '\n');
    for (const t of appendQueue) out += t + '\n';
  }
  if (quit) {
    /* remaining input dropped */
  }
  return { out, quit };
}

function require_append(p: string, t: string) {
  appendFileSync(p, t);
}

const sedCmd: Cmd = async (sh, argv, io) => {
  const usage = 'Usage: sed [-nrE] [-i[suffix]] script [file ...]\n       sed [-nrE] [-i[suffix]] [-e script] ... [-f script_file] ... [file ...]\n';
  const scripts: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace: string | null = null;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--in-place')) {
      inPlace = a.includes('=') ? a.slice(a.indexOf('=') + 1) : '';
      continue;
    }
    if (a === '--expression' || a.startsWith('--expression=')) {
      scripts.push(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i] ?? '');
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    let stop = false;
    for (let j = 1; j < a.length && !stop; j++) {
      const c = a[j]!;
      if (c === 'n') quiet = true;
      else if (c === 'E' || c === 'r') extended = true;
      else if (c === 'i' || c === 'I') {
        inPlace = a.slice(j + 1);
        stop = true;
      } else if (c === 'e' || c === 'f') {
        const v = a.slice(j + 1) || argv[++i];
        if (v === undefined) throw new UsageError(`sed: option requires an argument -- ${c}\n${usage}`, 1);
        if (c === 'e') scripts.push(v);
        else {
          try {
            scripts.push(await readZoneFile(sh, v));
          } catch {
            io.stderr(`sed: ${v}: No such file or directory\n`);
            return 1;
          }
        }
        stop = true;
      } else if (c === 's' || c === 'u' || c === 'l') {
        /* accepted */
      } else throw new UsageError(`sed: illegal option -- ${c}\n${usage}`, 1);
    }
  }
  let rest = argv.slice(i);
  if (!scripts.length) {
    if (!rest.length) throw new UsageError(usage, 1);
    scripts.push(rest[0]!);
    rest = rest.slice(1);
  }
  let cmds: SedCmd[];
  try {
    cmds = parseSed(scripts.join('\n'), extended);
  } catch (e) {
    io.stderr(`sed: 1: "${scripts.join('\n')}": ${(e as Error).message}\n`);
    return 1;
  }
  let status = 0;
  if (inPlace !== null) {
    if (!rest.length) {
      io.stderr('sed: -I or -i may not be used with stdin\n');
      return 1;
    }
    for (const file of rest) {
      let text: string;
      try {
        text = await readZoneFile(sh, file);
      } catch (e) {
        io.stderr(`sed: ${file}: ${errnoText(e)}\n`);
        status = 1;
        continue;
      }
      const r = runSed(cmds, text, quiet, sh);
      if (inPlace) await fsp.writeFile(sh.hp(file + inPlace), text);
      await fsp.writeFile(sh.hp(file), r.out);
    }
    return status;
  }
  let input = '';
  for (const file of rest.length ? rest : ['-']) {
    try {
      input += file === '-' ? await io.stdin() : await readZoneFile(sh, file);
    } catch (e) {
      io.stderr(`sed: ${file}: ${errnoText(e)}\n`);
      status = 1;
    }
  }
  io.stdout(runSed(cmds, input, quiet, sh).out);
  return status;
};

// ---------------------------------------------------------------- file utilities

const catCmd: Cmd = async (sh, argv, io) => {
  const { rest, f } = getopts(argv, 'nsuvbet', 'cat', 'usage: cat [ -usvtebn ] [-|file] ...\n');
  let status = 0;
  let lineNo = 0;
  for (const file of rest.length ? rest : ['-']) {
    let text: string;
    try {
      if (file !== '-' && statZ(sh, file)?.isDirectory()) {
        io.stderr(`cat: input error on ${file}: Is a directory\n`);
        status = 2;
        continue;
      }
      text = file === '-' ? await io.stdin() : await readZoneFile(sh, file);
    } catch (e) {
      io.stderr(`cat: cannot open ${file}: ${errnoText(e)}\n`);
      status = 2;
      continue;
    }
    if (f.has('n')) {
      const lines = text.split('\n');
      const tail = lines[lines.length - 1] === '' ? lines.pop() : undefined;
      text = lines.map((l) => `${String(++lineNo).padStart(6)}\t${l}`).join('\n') + (tail !== undefined ? '\n' : '');
    }
    io.stdout(text);
  }
  return status;
};

async function copyPath(src: string, dst: string, recursive: boolean): Promise<void> {
  const st = await fsp.lstat(src);
  if (st.isDirectory()) {
    await fsp.mkdir(dst, { recursive: true });
    for (const e of await fsp.readdir(src)) await copyPath(path.join(src, e), path.join(dst, e), recursive);
  } else if (st.isSymbolicLink()) {
    await fsp.copyFile(await fsp.realpath(src), dst);
  } else await fsp.copyFile(src, dst);
}

const cpCmd: Cmd = async (sh, argv, io) => {
  const usage = 'Usage: cp [-a] [-f] [-i] [-p] [-@] [-/] f1 f2\n       cp [-a] [-f] [-i] [-p] [-@] [-/] f1 ... fn d1\n       cp [-r|-R [-H|-L|-P]] [-a] [-f] [-i] [-p] [-@] [-/] d1 ... dn-1 dn\n';
  const { f, rest } = getopts(argv, 'rRfipaHLP@/', 'cp', usage);
  if (rest.length < 2) throw new UsageError(usage, 2);
  const dest = rest[rest.length - 1]!;
  const srcs = rest.slice(0, -1);
  const dstIsDir = statZ(sh, dest)?.isDirectory() ?? false;
  if (srcs.length > 1 && !dstIsDir) {
    io.stderr(`cp: ${dest} not found\n`);
    return 2;
  }
  let status = 0;
  for (const s of srcs) {
    const st = statZ(sh, s);
    if (!st) {
      io.stderr(`cp: cannot access ${s}\n`);
      status = 2;
      continue;
    }
    if (st.isDirectory() && !f.has('r') && !f.has('R')) {
      io.stderr(`cp: ${s}: is a directory\n`);
      status = 2;
      continue;
    }
    const target = dstIsDir ? path.posix.join(dest, path.posix.basename(s)) : dest;
    if (sh.zp(s) === sh.zp(target)) {
      io.stderr(`cp: ${s} and ${target} are identical\n`);
      status = 2;
      continue;
    }
    try {
      await copyPath(sh.hp(s), sh.hp(target), true);
    } catch (e) {
      io.stderr(`cp: cannot create ${target}: ${errnoText(e)}\n`);
      status = 2;
    }
  }
  return status;
};

const mvCmd: Cmd = async (sh, argv, io) => {
  const usage = 'Usage: mv [-f] [-i] f1 f2\n       mv [-f] [-i] f1 ... fn d1\n       mv [-f] [-i] d1 d2\n';
  const { rest } = getopts(argv, 'fi', 'mv', usage);
  if (rest.length < 2) throw new UsageError(usage, 2);
  const dest = rest[rest.length - 1]!;
  const srcs = rest.slice(0, -1);
  const dstIsDir = statZ(sh, dest)?.isDirectory() ?? false;
  if (srcs.length > 1 && !dstIsDir) {
    io.stderr(`mv: ${dest} not found\n`);
    return 2;
  }
  let status = 0;
  for (const s of srcs) {
    if (!statZ(sh, s)) {
      io.stderr(`mv: cannot access ${s}\n`);
      status = 2;
      continue;
    }
    const target = dstIsDir ? path.posix.join(dest, path.posix.basename(s)) : dest;
    try {
      await fsp.rename(sh.hp(s), sh.hp(target));
    } catch (e) {
      io.stderr(`mv: cannot rename ${s} to ${target}: ${errnoText(e)}\n`);
      status = 2;
    }
  }
  return status;
};

const rmCmd: Cmd = async (sh, argv, io) => {
  const usage = 'usage: rm [-cFfirRv] file ...\n';
  const { f, rest } = getopts(argv, 'fFirRcv', 'rm', usage);
  if (!rest.length) {
    if (f.has('f')) return 0;
    throw new UsageError(usage, 2);
  }
  let status = 0;
  for (const p of rest) {
    const zp = sh.zp(p);
    if (zp === '/' ) {
      io.stderr('rm of / is not allowed\n');
      status = 2;
      continue;
    }
    const hp = sh.hp(p);
    const st = await fsp.lstat(hp).catch(() => null);
    if (!st) {
      if (!f.has('f')) {
        io.stderr(`rm: ${p}: No such file or directory\n`);
        status = 2;
      }
      continue;
    }
    if (st.isDirectory() && !f.has('r') && !f.has('R')) {
      io.stderr(`rm: ${p} is a directory\n`);
      status = 2;
      continue;
    }
    await fsp.rm(hp, { recursive: true, force: true });
  }
  return status;
};

const mkdirCmd: Cmd = async (sh, argv, io) => {
  const usage = 'mkdir: usage: mkdir [-m mode] [-p] dirname ...\n';
  const { f, v, rest } = getopts(argv, 'pm:', 'mkdir', usage);
  if (!rest.length) throw new UsageError(usage, 2);
  let status = 0;
  for (const d of rest) {
    const hp = sh.hp(d);
    try {
      if (f.has('p')) {
        const st = statZ(sh, d);
        if (st && !st.isDirectory()) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        await fsp.mkdir(hp, { recursive: true });
      } else await fsp.mkdir(hp);
      if (v.has('m')) await fsp.chmod(hp, parseInt(v.get('m')!, 8) | 0o700).catch(() => {});
    } catch (e) {
      io.stderr(`mkdir: Failed to make directory "${d}"; ${errnoText(e)}\n`);
      status = 2;
    }
  }
  return status;
};

function applyMode(mode: number, spec: string, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let m = mode & 0o7777;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!c) return null;
    const who = c[1] || 'a';
    let bits = 0;
    for (const p of c[3]!) {
      if (p === 'r') bits |= 0o444;
      if (p === 'w') bits |= 0o222;
      if (p === 'x' || (p === 'X' && (isDir || (mode & 0o111) !== 0))) bits |= 0o111;
      if (p === 's') bits |= 0o6000;
      if (p === 't') bits |= 0o1000;
    }
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= 0o4700;
    if (who.includes('g') || who.includes('a')) mask |= 0o2070;
    if (who.includes('o') || who.includes('a')) mask |= 0o1007;
    bits &= mask;
    if (c[2] === '+') m |= bits;
    else if (c[2] === '-') m &= ~bits;
    else m = (m & ~mask) | bits;
  }
  return m;
}

const chmodCmd: Cmd = async (sh, argv, io) => {
  const usage = 'usage:\tchmod [-fR] <absolute-mode> file ...\n\tchmod [-fR] [-@ attribute] <symbolic-mode-list> file ...\n';
  let i = 1;
  const flags = new Set<string>();
  while (i < argv.length && /^-[fR]+$/.test(argv[i]!)) for (const c of argv[i++]!.slice(1)) flags.add(c);
  const spec = argv[i++];
  const files = argv.slice(i);
  if (!spec || !files.length) throw new UsageError(usage, 2);
  let status = 0;
  const doOne = async (hp: string, shown: string) => {
    const st = await fsp.stat(hp).catch(() => null);
    if (!st) {
      if (!flags.has('f')) io.stderr(`chmod: WARNING: can't access ${shown}\n`);
      status = 1;
      return;
    }
    const nm = applyMode(st.mode, spec, st.isDirectory());
    if (nm === null) {
      io.stderr(`chmod: invalid mode\n`);
      status = 2;
      return;
    }
    // the simulator keeps its own access: owner read/write (and search for directories)
    await fsp.chmod(hp, nm | (st.isDirectory() ? 0o700 : 0o600));
    if (flags.has('R') && st.isDirectory()) {
      for (const e of await fsp.readdir(hp)) await doOne(path.join(hp, e), path.posix.join(shown, e));
    }
  };
  for (const f of files) await doOne(sh.hp(f), f);
  return status;
};

const touchCmd: Cmd = async (sh, argv, io) => {
  const { rest } = getopts(argv, 'acmr:t:d:', 'touch', 'usage: touch [-acm] [-r ref_file | -t time | -d date_time] file...\n');
  if (!rest.length) throw new UsageError('usage: touch [-acm] [-r ref_file | -t time | -d date_time] file...\n', 2);
  let status = 0;
  for (const f of rest) {
    const hp = sh.hp(f);
    try {
      const now = new Date();
      await fsp.utimes(hp, now, now).catch(async () => fsp.writeFile(hp, '', { flag: 'a' }));
    } catch {
      io.stderr(`touch: ${f} cannot create\n`);
      status = 1;
    }
  }
  return status;
};

function modeString(st: import('node:fs').Stats): string {
  const t = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : '-';
  const m = st.mode;
  const rwx = (s: number) => ((m >> s) & 4 ? 'r' : '-') + ((m >> s) & 2 ? 'w' : '-') + ((m >> s) & 1 ? 'x' : '-');
  let s = t + rwx(6) + rwx(3) + rwx(0);
  if (m & 0o1000) s = s.slice(0, 9) + (m & 1 ? 't' : 'T');
  return s;
}

const lsCmd: Cmd = async (sh, argv, io) => {
  const { f, rest } = getopts(argv, 'laA1dFp', 'ls', 'usage: ls -aAbcCdeEfFghHilLmnopqrRsStuUwxvV1@/%[c | v]+ [files]\n');
  const targets = rest.length ? rest : ['.'];
  let status = 0;
  const fmtLong = async (hp: string, name: string) => {
    const st = await fsp.lstat(hp);
    const d = st.mtime;
    const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
    const when = `${mon} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 16)}`;
    let shown = name;
    if (st.isSymbolicLink()) shown += ` -> ${await fsp.readlink(hp)}`;
    return `${modeString(st)}${String(st.isDirectory() ? 2 : 1).padStart(4)} root     root     ${String(st.size).padStart(8)} ${when} ${shown}\n`;
  };
  const files: string[] = [];
  const dirs: string[] = [];
  for (const t of targets) {
    const st = await fsp.lstat(sh.hp(t)).catch(() => null);
    if (!st) {
      io.stderr(`${t}: No such file or directory\n`);
      status = 2;
      continue;
    }
    if (st.isDirectory() && !f.has('d')) dirs.push(t);
    else files.push(t);
  }
  for (const t of files) io.stdout(f.has('l') ? await fmtLong(sh.hp(t), t) : `${t}\n`);
  for (const d of dirs) {
    if (targets.length > 1) io.stdout(`${files.length || dirs.indexOf(d) > 0 ? '\n' : ''}${d}:\n`);
    let names = (await fsp.readdir(sh.hp(d))).sort();
    if (f.has('a')) names = ['.', '..', ...names];
    else if (!f.has('A')) names = names.filter((n) => !n.startsWith('.'));
    if (f.has('l')) {
      io.stdout(`total ${names.length * 2}\n`);
      for (const n of names) io.stdout(await fmtLong(path.join(sh.hp(d), n), n));
    } else {
      for (const n of names) {
        const isDir = statSync(path.join(sh.hp(d), n), { throwIfNoEntry: false })?.isDirectory();
        io.stdout(`${n}${(f.has('F') || f.has('p')) && isDir ? '/' : ''}\n`);
      }
    }
  }
  return status;
};

const headTail = (tail: boolean): Cmd => async (sh, argv, io) => {
  let n = 10;
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-n') n = Number(argv[++i] ?? 10);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else if (/^\+\d+$/.test(a) && tail) n = -Number(a.slice(1));
    else rest.push(a);
  }
  let status = 0;
  const files = rest.length ? rest : ['-'];
  for (const [k, file] of files.entries()) {
    let text: string;
    try {
      text = file === '-' ? await io.stdin() : await readZoneFile(sh, file);
    } catch {
      io.stderr(`${tail ? 'tail' : 'head'}: cannot open ${file}\n`);
      status = 1;
      continue;
    }
    if (files.length > 1) io.stdout(`${k ? '\n' : ''}==> ${file} <==\n`);
    const lines = text.split('\n');
    const nl = lines[lines.length - 1] === '';
    if (nl) lines.pop();
    const sel = tail ? (n < 0 ? lines.slice(-n - 1) : lines.slice(Math.max(0, lines.length - n))) : lines.slice(0, n);
    if (sel.length) io.stdout(sel.join('\n') + (nl || sel.length < lines.length ? '\n' : ''));
  }
  return status;
};

const wcCmd: Cmd = async (sh, argv, io) => {
  const { f, rest } = getopts(argv, 'lwcm', 'wc', 'usage: wc [-c | -m | -C] [-lw] [file ...]\n');
  const all = !f.has('l') && !f.has('w') && !f.has('c') && !f.has('m');
  const files = rest.length ? rest : ['-'];
  let status = 0;
  const tot = [0, 0, 0];
  const line = (c: number[], name: string) => {
    const cols: string[] = [];
    if (all || f.has('l')) cols.push(String(c[0]).padStart(7));
    if (all || f.has('w')) cols.push(String(c[1]).padStart(7));
    if (all || f.has('c') || f.has('m')) cols.push(String(c[2]).padStart(7));
    io.stdout(cols.join(' ') + (name ? ` ${name}` : '') + '\n');
  };
  for (const file of files) {
    let text: string;
    try {
      text = file === '-' ? await io.stdin() : await readZoneFile(sh, file);
    } catch {
      io.stderr(`wc: cannot open ${file}\n`);
      status = 1;
      continue;
    }
    const c = [(text.match(/\n/g) ?? []).length, text.split(/\s+/).filter(Boolean).length, Buffer.byteLength(text)];
    c.forEach((v, k) => (tot[k]! += v));
    line(c, file === '-' ? '' : file);
  }
  if (files.length > 1) line(tot, 'total');
  return status;
};

const teeCmd: Cmd = async (sh, argv, io) => {
  const { f, rest } = getopts(argv, 'ai', 'tee', 'usage: tee [-ai] [file ...]\n');
  const text = await io.stdin();
  let status = 0;
  for (const file of rest) {
    try {
      if (f.has('a')) await fsp.appendFile(sh.hp(file), text);
      else await fsp.writeFile(sh.hp(file), text);
    } catch {
      io.stderr(`tee: cannot open ${file}\n`);
      status = 1;
    }
  }
  io.stdout(text);
  return status;
};

// ---------------------------------------------------------------- system commands

async function hostnameOf(sh: ZoneShell): Promise<string> {
  return (await readZoneOs(sh.root, sh.zone)).hostname;
}

const unameCmd: Cmd = async (sh, argv, io) => {
  const { f } = getopts(argv, 'asnrvmpiX', 'uname', 'usage: uname [-snrvmapiX]\n       uname [-S system_name]\n');
  const host = await hostnameOf(sh);
  const all = f.has('a');
  const parts: string[] = [];
  if (all || f.has('s') || f.size === 0) parts.push('SunOS');
  if (all || f.has('n')) parts.push(host);
  if (all || f.has('r')) parts.push(OS_RELEASE);
  if (all || f.has('v')) parts.push(OS_VERSION);
  if (all || f.has('m')) parts.push('i86pc');
  if (all || f.has('p')) parts.push('i386');
  if (all || f.has('i')) parts.push('i86pc');
  io.stdout(parts.join(' ') + '\n');
  return 0;
};

const hostnameCmd: Cmd = async (sh, argv, io) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    io.stdout(`${await hostnameOf(sh)}\n`);
    return 0;
  }
  if (args.length > 1 || args[0]!.startsWith('-')) {
    io.stderr('usage: hostname [system_name]\n');
    return 1;
  }
  const name = args[0]!;
  if (name.length > 256) {
    io.stderr('hostname: name too long\n');
    return 1;
  }
  await updateZoneOs(sh.root, sh.zone, (s) => {
    s.hostname = name;
  });
  return 0;
};

function fmtDate(d: Date, fmt: string | null): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  const map: Record<string, string> = {
    a: days[d.getUTCDay()]!,
    b: months[d.getUTCMonth()]!,
    h: months[d.getUTCMonth()]!,
    d: p2(d.getUTCDate()),
    e: String(d.getUTCDate()).padStart(2, ' '),
    H: p2(d.getUTCHours()),
    M: p2(d.getUTCMinutes()),
    S: p2(d.getUTCSeconds()),
    Y: String(d.getUTCFullYear()),
    y: p2(d.getUTCFullYear() % 100),
    m: p2(d.getUTCMonth() + 1),
    Z: 'UTC',
    z: '+0000',
    s: String(Math.floor(d.getTime() / 1000)),
    T: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
    F: `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`,
    n: '\n',
    t: '\t',
    '%': '%',
  };
  const f = fmt ?? '%a %b %e %H:%M:%S %Z %Y';
  return f.replace(/%([a-zA-Z%])/g, (m, c: string) => map[c] ?? m);
}

const routeCmd: Cmd = async (sh, argv, io) => {
  const usage =
    'usage: route [ -fnpqv ] [ -R <root-dir> ] cmd [[ -<qualifers> ] args ]\n' +
    'keywords: get add delete change flush monitor show\n';
  let i = 1;
  let persist = false;
  let quiet = false;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'p') persist = true;
      else if (c === 'q') quiet = true;
      else if ('fnv'.includes(c)) {
        /* accepted */
      } else {
        io.stderr(usage);
        return 1;
      }
    }
    i++;
  }
  const verb = argv[i++];
  const args = argv.slice(i).filter((a) => a !== '-net' && a !== '-host' && a !== '-gateway');
  if (verb === 'show' && persist) {
    const os = await readZoneOs(sh.root, sh.zone);
    if (!os.persist.routes.length) io.stdout('No persistent routes are defined\n');
    for (const r of os.persist.routes) io.stdout(`persistent: route add ${r.dest} ${r.gateway}\n`);
    return 0;
  }
  if (verb === 'flush') {
    await updateZoneOs(sh.root, sh.zone, (s) => {
      for (const r of s.routes.filter((x) => x.dest !== 'default')) if (!quiet) io.stdout(`${r.dest.padEnd(20)}${r.gateway.padEnd(20)}done\n`);
      s.routes = s.routes.filter((x) => x.dest === 'default');
    });
    return 0;
  }
  if (verb === 'get') {
    const os = await readZoneOs(sh.root, sh.zone);
    const def = os.routes.find((r) => r.dest === 'default');
    if (!def) {
      io.stderr('route: route has not been found\n');
      return 1;
    }
    io.stdout(`   route to: ${args[0] ?? 'default'}\ndestination: default\n       mask: default\n    gateway: ${def.gateway}\n`);
    return 0;
  }
  if (verb !== 'add' && verb !== 'delete') {
    io.stderr(verb === undefined ? usage : `route: invalid command: ${verb}\n${usage}`);
    return 1;
  }
  let dest = args[0];
  const gw = args[1];
  if (dest === undefined || gw === undefined) {
    io.stderr(`route: ${verb}: incomplete command\n`);
    return 1;
  }
  if (dest === '0.0.0.0' || dest === '0.0.0.0/0') dest = 'default';
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(gw)) {
    io.stderr(`route: ${gw}: bad value\n`);
    return 1;
  }
  const kind = dest === 'default' || dest.includes('/') ? 'net' : 'host';
  const r: Route = { dest, gateway: gw };
  return updateZoneOs(sh.root, sh.zone, (s) => {
    const same = (x: Route) => x.dest === r.dest && x.gateway === r.gateway;
    if (verb === 'add') {
      if (persist) {
        if (s.persist.routes.some(same)) {
          io.stdout(`add persistent ${kind} ${dest}: gateway ${gw}: entry exists\n`);
          return 1;
        }
        s.persist.routes.push({ ...r });
        if (!quiet) io.stdout(`add persistent ${kind} ${dest}: gateway ${gw}\n`);
      }
      if (s.routes.some(same)) {
        io.stdout(`add ${kind} ${dest}: gateway ${gw}: entry exists\n`);
        return 1;
      }
      s.routes.push(r);
      if (!quiet) io.stdout(`add ${kind} ${dest}: gateway ${gw}\n`);
      return 0;
    }
    if (persist) {
      const k = s.persist.routes.findIndex(same);
      if (k === -1) {
        io.stdout(`delete persistent ${kind} ${dest}: gateway ${gw}: not in file\n`);
        return 1;
      }
      s.persist.routes.splice(k, 1);
      if (!quiet) io.stdout(`delete persistent ${kind} ${dest}: gateway ${gw}\n`);
    }
    const k = s.routes.findIndex(same);
    if (k === -1) {
      io.stdout(`delete ${kind} ${dest}: gateway ${gw}: not in table\n`);
      return 1;
    }
    s.routes.splice(k, 1);
    if (!quiet) io.stdout(`delete ${kind} ${dest}: gateway ${gw}\n`);
    return 0;
  });
};

const netstatCmd: Cmd = async (sh, argv, io) => {
  const flags = argv.slice(1).join('');
  if (!flags.includes('r')) {
    io.stdout('\nTCP: IPv4\n   Local Address        Remote Address    Swind Send-Q Rwind Recv-Q    State\n-------------------- -------------------- ----- ------ ----- ------ -----------\n');
    return 0;
  }
  const os = await readZoneOs(sh.root, sh.zone);
  const rows: string[] = [];
  const row = (d: string, g: string, fl: string, iface: string) =>
    `${d.padEnd(20)} ${g.padEnd(20)} ${fl.padEnd(5)} ${'2'.padStart(5)} ${'0'.padStart(10)} ${iface}`.trimEnd();
  for (const r of os.routes) rows.push(row(r.dest, r.gateway, 'UG', ''));
  for (const a of os.addrs.filter((x) => !x.v6)) {
    const [ip, pfx] = a.addr.split('/');
    if (a.ifname === 'lo0') rows.push(row('127.0.0.1', '127.0.0.1', 'UH', 'lo0'));
    else rows.push(row(networkOf(ip!, Number(pfx ?? 24)), ip!, 'U', a.ifname));
  }
  io.stdout(`\nRouting Table: IPv4\n  Destination           Gateway           Flags  Ref     Use     Interface\n-------------------- -------------------- ----- ----- ---------- --------- \n${rows.join('\n')}\n`);
  return 0;
};

function networkOf(ip: string, pfx: number): string {
  const n = ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  const mask = pfx === 0 ? 0 : (~0 << (32 - pfx)) >>> 0;
  const net = (n & mask) >>> 0;
  return [24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.');
}

const KNOWN_SERVICES = [
  'svc:/network/dns/client:default',
  'svc:/network/physical:default',
  'svc:/network/loopback:default',
  'svc:/network/routing-setup:default',
  'svc:/network/ssh:default',
  'svc:/network/service:default',
  'svc:/system/identity:node',
  'svc:/system/identity:domain',
  'svc:/system/name-service/switch:default',
  'svc:/system/name-service/cache:default',
  'svc:/system/system-log:default',
  'svc:/system/cron:default',
  'svc:/milestone/multi-user:default',
  'svc:/milestone/network:default',
];

function matchService(pat: string): string[] {
  const p = pat.replace(/^svc:\//, '').replace(/^\//, '');
  return KNOWN_SERVICES.filter((s) => {
    const body = s.slice(5);
    return body === p || body.replace(/:default$/, '') === p || body.endsWith('/' + p) || body.replace(/:default$/, '').endsWith('/' + p);
  });
}

const svcadmCmd: Cmd = async (_sh, argv, io) => {
  const usage =
    'Usage: svcadm [-S <state>] [-v] [-Z | -z zone] [cmd [args ... ]]\n\n' +
    '\tsvcadm enable [-rst] [<service> ...]\t- enable and online service(s)\n' +
    '\tsvcadm disable [-st] [<service> ...]\t- disable and offline service(s)\n' +
    '\tsvcadm restart [-d] [<service> ...]\t- restart specified service(s)\n' +
    '\tsvcadm refresh [<service> ...]\t\t- re-read service configuration\n' +
    '\tsvcadm mark [-It] <state> [<service> ...] - set maintenance state\n' +
    '\tsvcadm clear [<service> ...]\t\t- clear maintenance state\n' +
    '\tsvcadm milestone [-d] <milestone>\t- advance to a service milestone\n\n' +
    '\tServices can be specified using an FMRI, abbreviation, or fnmatch(7)\n' +
    '\tpattern, as shown in these examples for svc:/network/smtp:sendmail\n\n' +
    '\tsvcadm <cmd> svc:/network/smtp:sendmail\n' +
    '\tsvcadm <cmd> network/smtp:sendmail\n' +
    '\tsvcadm <cmd> network/*mail\n' +
    '\tsvcadm <cmd> network/smtp\n' +
    '\tsvcadm <cmd> smtp:sendmail\n' +
    '\tsvcadm <cmd> smtp\n' +
    '\tsvcadm <cmd> sendmail\n';
  let i = 1;
  while (argv[i] === '-v') i++;
  const verb = argv[i++];
  const verbs = ['enable', 'disable', 'restart', 'refresh', 'clear', 'mark', 'milestone'];
  if (!verb || !verbs.includes(verb)) {
    io.stderr(usage);
    return 2;
  }
  const svcs = argv.slice(i).filter((a) => !a.startsWith('-'));
  if (!svcs.length) {
    io.stderr(usage);
    return 2;
  }
  let status = 0;
  for (const s of svcs) {
    if (verb === 'mark' && s === svcs[0]) continue;
    if (!matchService(s).length && !s.includes('*')) {
      io.stderr(`svcadm: Pattern '${s}' doesn't match any instances\n`);
      status = 1;
    }
  }
  return status;
};

const svcsCmd: Cmd = async (_sh, argv, io) => {
  const args = argv.slice(1);
  let header = true;
  let fields: string[] = ['state', 'stime', 'fmri'];
  const pats: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-H') header = false;
    else if (a === '-o') fields = (args[++i] ?? '').split(',');
    else if (a === '-a' || a === '-v' || a === '-x') {
      /* accepted */
    } else pats.push(a);
  }
  let list = KNOWN_SERVICES;
  let status = 0;
  if (pats.length) {
    list = [];
    for (const p of pats) {
      const m = matchService(p);
      if (!m.length) {
        io.stderr(`svcs: Pattern '${p}' doesn't match any instances\n`);
        status = 1;
      }
      list.push(...m);
    }
  }
  const stime = new Date().toISOString().slice(11, 19);
  const col = (f: string, s: string) => (f === 'state' ? 'online' : f === 'stime' ? stime : f === 'fmri' ? s : f === 'nstate' ? '-' : '');
  const widths: Record<string, number> = { state: 15, stime: 9, nstate: 7 };
  const line = (vals: string[]) => vals.map((v, k) => (k < vals.length - 1 ? v.padEnd(widths[fields[k]!] ?? 15) : v)).join('');
  if (header && list.length) io.stdout(line(fields.map((f) => f.toUpperCase())) + '\n');
  for (const s of list) io.stdout(line(fields.map((f) => col(f, s))) + '\n');
  return status;
};

const sleepCmd: Cmd = async (sh, argv, io) => {
  const n = Number(argv[1]);
  if (argv[1] === undefined || !Number.isFinite(n) || n < 0) {
    io.stderr('usage: sleep time\n');
    return 2;
  }
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, n * 1000);
    sh.signal?.addEventListener('abort', () => {
      clearTimeout(t);
      const e = new Error('aborted');
      e.name = 'AbortError';
      reject(e);
    });
  });
  return 0;
};

// ---------------------------------------------------------------- the table

export const COMMANDS: Record<string, Cmd> = {
  echo: async (_sh, argv, io) => {
    let i = 1;
    let nl = true;
    let esc = false;
    for (; i < argv.length && /^-[neE]+$/.test(argv[i]!); i++) {
      for (const c of argv[i]!.slice(1)) {
        if (c === 'n') nl = false;
        else if (c === 'e') esc = true;
        else esc = false;
      }
    }
    let text = argv.slice(i).join(' ');
    if (esc) {
      const r = backslashEscapes(text, true);
      text = r.text;
      if (r.stop) nl = false;
    }
    io.stdout(text + (nl ? '\n' : ''));
    return 0;
  },
  printf: async (sh, argv, io) => {
    const args = argv[1] === '--' ? argv.slice(2) : argv.slice(1);
    if (!args.length) {
      io.stderr(`${sh.errPrefix()}printf: usage: printf [-v var] format [arguments]\n`);
      return 2;
    }
    const r = printfFormat(sh, args[0]!, args.slice(1), io);
    io.stdout(r.out);
    return r.status;
  },
  true: async () => 0,
  false: async () => 1,
  ':': async () => 0,
  pwd: async (sh, _argv, io) => {
    io.stdout(`${sh.cwd}\n`);
    return 0;
  },
  test: async (sh, argv, io) => testEval(sh, argv.slice(1), io, 'test'),
  '[': async (sh, argv, io) => {
    if (argv[argv.length - 1] !== ']') {
      io.stderr(`${sh.errPrefix()}[: missing \`]'\n`);
      return 2;
    }
    return testEval(sh, argv.slice(1, -1), io, '[');
  },
  cat: catCmd,
  cp: cpCmd,
  mv: mvCmd,
  rm: rmCmd,
  mkdir: mkdirCmd,
  rmdir: async (sh, argv, io) => {
    let status = 0;
    for (const d of argv.slice(1).filter((a) => !a.startsWith('-'))) {
      try {
        await fsp.rmdir(sh.hp(d));
      } catch (e) {
        io.stderr(`rmdir: directory "${d}": ${errnoText(e)}\n`);
        status = 1;
      }
    }
    return status;
  },
  chmod: chmodCmd,
  chown: async () => 0,
  touch: touchCmd,
  ls: lsCmd,
  grep: grepCmd,
  egrep: async (sh, argv, io) => grepCmd(sh, ['grep', '-E', ...argv.slice(1)], io),
  fgrep: async (sh, argv, io) => grepCmd(sh, ['grep', '-F', ...argv.slice(1)], io),
  sed: sedCmd,
  head: headTail(false),
  tail: headTail(true),
  wc: wcCmd,
  tee: teeCmd,
  basename: async (_sh, argv, io) => {
    if (argv.length < 2) {
      io.stderr('Usage: basename string [ suffix ]\n');
      return 1;
    }
    let b = path.posix.basename(argv[1]!);
    if (argv[2] && b.endsWith(argv[2]) && b !== argv[2]) b = b.slice(0, -argv[2].length);
    io.stdout((argv[1] === '/' ? '/' : b) + '\n');
    return 0;
  },
  dirname: async (_sh, argv, io) => {
    if (argv.length < 2) {
      io.stderr('Usage: dirname [ path ]\n');
      return 1;
    }
    io.stdout(path.posix.dirname(argv[1]!) + '\n');
    return 0;
  },
  env: async (sh, argv, io) => {
    if (argv.length > 1) {
      const sub = sh.fork();
      let i = 1;
      for (; i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!); i++) {
        const eq = argv[i]!.indexOf('=');
        sub.vars.set(argv[i]!.slice(0, eq), argv[i]!.slice(eq + 1));
        sub.exported.add(argv[i]!.slice(0, eq));
      }
      if (i < argv.length) return sub.runCommand(argv.slice(i), io);
      sh = sub;
    }
    for (const k of [...sh.exported].sort()) if (sh.vars.has(k)) io.stdout(`${k}=${sh.vars.get(k)}\n`);
    return 0;
  },
  printenv: async (sh, argv, io) => {
    if (argv[1]) {
      const v = sh.vars.get(argv[1]);
      if (v === undefined) return 1;
      io.stdout(v + '\n');
      return 0;
    }
    for (const k of [...sh.exported].sort()) if (sh.vars.has(k)) io.stdout(`${k}=${sh.vars.get(k)}\n`);
    return 0;
  },
  id: async (_sh, argv, io) => {
    io.stdout(argv.includes('-u') ? '0\n' : argv.includes('-un') || (argv.includes('-u') && argv.includes('-n')) ? 'root\n' : 'uid=0(root) gid=0(root)\n');
    return 0;
  },
  whoami: async (_sh, _argv, io) => {
    io.stdout('root\n');
    return 0;
  },
  date: async (_sh, argv, io) => {
    const fmt = argv.slice(1).find((a) => a.startsWith('+'));
    io.stdout(fmtDate(new Date(), fmt ? fmt.slice(1) : null) + '\n');
    return 0;
  },
  sleep: sleepCmd,
  sync: async () => 0,
  uname: unameCmd,
  hostname: hostnameCmd,
  zonename: async (sh, _argv, io) => {
    io.stdout(`${sh.zone}\n`);
    return 0;
  },
  uptime: async (_sh, _argv, io) => {
    const d = new Date();
    let h = d.getUTCHours() % 12;
    if (h === 0) h = 12;
    io.stdout(`  ${String(h).padStart(2)}:${String(d.getUTCMinutes()).padStart(2, '0')}${d.getUTCHours() < 12 ? 'am' : 'pm'}  up 1 min(s),  1 user,  load average: 0.00, 0.00, 0.00\n`);
    return 0;
  },
  ipadm: async (sh, argv, io) => ipadmRun(argv.slice(1), { root: sh.root, zone: sh.zone }, io),
  route: routeCmd,
  netstat: netstatCmd,
  svcadm: svcadmCmd,
  svcs: svcsCmd,
  ping: async (_sh, argv, io) => {
    const host = argv.slice(1).find((a) => !a.startsWith('-'));
    if (!host) {
      io.stderr('usage: ping host [timeout]\n');
      return 2;
    }
    io.stdout(`${host} is alive\n`);
    await noteZoneTraffic(_sh.root, _sh.zone, { rbytes: 98, obytes: 98, ipackets: 1, opackets: 1 }); // one ICMP echo and its reply
    return 0;
  },
  expr: async (sh, argv, io) => {
    try {
      const v = evalArith(argv.slice(1).join(' ').replace(/\\\*/g, '*'), sh);
      io.stdout(`${v}\n`);
      return v === 0 ? 1 : 0;
    } catch {
      io.stderr('expr: syntax error\n');
      return 2;
    }
  },
};

export const BUILTIN_NAMES = new Set(Object.keys(COMMANDS));
