// The shell inside a simulated zone: a small POSIX-like sh (bash flavoured, as root's shell on
// OmniOS is bash) that really runs, on the zone's simulated files, what an operator or the
// dashboard's provisioning runbook types through zlogin.
//
// Supported: words with '…', "…", \ escapes; $VAR ${VAR} ${VAR:-w} ${VAR-w} ${VAR:=w} ${#VAR}
// $? $$ $# $0…$9 $@ $*; $((arithmetic)); $(command) and `command`; ~; ; & && || | !;
// < > >> 2> 2>> 2>&1 >&2 &> and here-documents (<<, <<-, quoted delimiters); NAME=value;
// if/elif/else/fi, for/in/do/done, while, until, { …; }, ( … ); comments; set -e/-u/-x.
// No globbing (patterns stay literal), no functions, no job control ('&' runs in the foreground).
import { runZoneCommand, BUILTIN_NAMES } from './zoneshell-cmds';
import { hostPath, readZoneOs } from './zoneos';
import { spinWatch } from './kstat-usage';
import { appendFileSync, writeFileSync, statSync } from 'node:fs';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------- AST

export type Part =
  | { t: 'lit'; v: string; q: boolean }
  | { t: 'var'; name: string; q: boolean; op?: string; arg?: string }
  | { t: 'arith'; expr: string; q: boolean }
  | { t: 'cmd'; src: string; q: boolean }
  | { t: 'tilde'; user: string };

export type Word = Part[];

export interface Redir {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&' | '<<' | '&>' | '&>>' | '<>';
  target?: Word;
  dup?: number | '-';
  heredoc?: { body: string; expand: boolean };
}

export type Cmd =
  | { k: 'simple'; assigns: { name: string; value: Word }[]; words: Word[]; redirs: Redir[]; line: number }
  | { k: 'if'; clauses: { cond: List; body: List }[]; els: List | null; redirs: Redir[] }
  | { k: 'for'; name: string; items: Word[] | null; body: List; redirs: Redir[] }
  | { k: 'while'; until: boolean; cond: List; body: List; redirs: Redir[] }
  | { k: 'group'; body: List; subshell: boolean; redirs: Redir[] };

export interface Pipeline {
  neg: boolean;
  cmds: Cmd[];
}
export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
}
export type List = AndOr[];

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    public readonly line: number,
    /** the input ended before the construct did (an interactive shell asks for more with PS2) */
    public readonly incomplete: boolean,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- parser

const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', '{', '}', '!', 'case', 'esac', 'function', 'select']);

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}
function isNameChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function pushLit(parts: Part[], v: string, q: boolean): void {
  if (v === '') {
    if (q) parts.push({ t: 'lit', v: '', q: true });
    return;
  }
  const last = parts[parts.length - 1];
  if (last && last.t === 'lit' && last.q === q) last.v += v;
  else parts.push({ t: 'lit', v, q });
}

class Parser {
  i = 0;
  line = 1;
  private pendingHeredocs: Redir[] = [];
  private heredocDelims = new Map<Redir, { delim: string; strip: boolean }>();

  constructor(private readonly src: string) {}

  private eof(): boolean {
    return this.i >= this.src.length;
  }
  private ch(off = 0): string | undefined {
    return this.src[this.i + off];
  }

  private err(msg: string, incomplete = false): never {
    throw new ShellSyntaxError(msg, this.line, incomplete);
  }

  private unexpected(): never {
    if (this.eof()) this.err('syntax error: unexpected end of file', true);
    const op = this.peekOp();
    const tok = op ?? (this.peekWordText() || this.ch() || '');
    this.err(`syntax error near unexpected token \`${tok === '\n' ? 'newline' : tok}'`);
  }

  /** spaces, tabs, line continuations and comments */
  skipBlanks(): void {
    for (;;) {
      const c = this.ch();
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && this.ch(1) === '\n') {
        this.i += 2;
        this.line++;
      } else if (c === '#') {
        while (!this.eof() && this.ch() !== '\n') this.i++;
      } else return;
    }
  }

  peekOp(): string | null {
    const s = this.src.slice(this.i, this.i + 3);
    for (const op of ['&>>', '&&', '||', ';;', '>>', '<<-', '<<', '>&', '<&', '&>', '<>', '>|']) {
      if (s.startsWith(op)) return op;
    }
    const c = this.ch();
    if (c !== undefined && ';&|()<>\n'.includes(c)) return c;
    return null;
  }

  /** the literal text of the next word, without consuming it ('' when none) */
  private peekWordText(): string {
    const save = this.i;
    const saveLine = this.line;
    try {
      const w = this.readWord();
      if (!w) return '';
      return w.map((p) => (p.t === 'lit' ? p.v : '$')).join('');
    } catch {
      return '';
    } finally {
      this.i = save;
      this.line = saveLine;
    }
  }

  /** the next word if it is an unquoted reserved word (not consumed) */
  private peekReserved(): string | null {
    const save = this.i;
    const saveLine = this.line;
    try {
      const w = this.readWord();
      if (w && w.length === 1 && w[0]!.t === 'lit' && !w[0]!.q && RESERVED.has(w[0]!.v)) return w[0]!.v;
      return null;
    } catch {
      return null;
    } finally {
      this.i = save;
      this.line = saveLine;
    }
  }

  private expectReserved(word: string): void {
    this.skipBlanks();
    if (this.peekReserved() === word) {
      this.readWord();
      return;
    }
    if (this.eof()) this.err(`syntax error: unexpected end of file`, true);
    this.unexpected();
  }

  private newline(): void {
    // consumes '\n' and reads the bodies of here-documents opened on that line
    this.i++;
    this.line++;
    const pend = this.pendingHeredocs;
    this.pendingHeredocs = [];
    for (const r of pend) {
      const info = this.heredocDelims.get(r)!;
      const lines: string[] = [];
      let found = false;
      while (!this.eof()) {
        const nl = this.src.indexOf('\n', this.i);
        const end = nl === -1 ? this.src.length : nl;
        let lineText = this.src.slice(this.i, end);
        this.i = nl === -1 ? this.src.length : nl + 1;
        this.line++;
        if (info.strip) lineText = lineText.replace(/^\t+/, '');
        if (lineText === info.delim || (nl === -1 && lineText.trim() === info.delim)) {
          found = true;
          break;
        }
        lines.push(lineText);
      }
      if (!found) this.err(`here-document delimited by end-of-file (wanted \`${info.delim}')`, true);
      r.heredoc!.body = lines.length ? lines.join('\n') + '\n' : '';
    }
  }

  private skipNewlines(): void {
    for (;;) {
      this.skipBlanks();
      if (this.ch() === '\n') this.newline();
      else return;
    }
  }

  parseProgram(): List {
    const list = this.parseList([]);
    this.skipBlanks();
    if (!this.eof()) this.unexpected();
    if (this.pendingHeredocs.length) {
      const info = this.heredocDelims.get(this.pendingHeredocs[0]!)!;
      this.err(`here-document delimited by end-of-file (wanted \`${info.delim}')`, true);
    }
    return list;
  }

  private parseList(terminators: string[], closeParen = false): List {
    const list: List = [];
    this.skipNewlines();
    for (;;) {
      this.skipBlanks();
      if (this.eof()) break;
      const op = this.peekOp();
      if (op === ')' && closeParen) break;
      const rw = this.peekReserved();
      if (rw && terminators.includes(rw)) break;
      if (op && op !== '(' && !op.startsWith('<') && !op.startsWith('>') && op !== '&>' && op !== '&>>') this.unexpected();
      list.push(this.parseAndOr());
      this.skipBlanks();
      const sep = this.peekOp();
      if (sep === ';' || sep === '&') {
        this.i++;
        this.skipNewlines();
        continue;
      }
      if (sep === '\n') {
        this.skipNewlines();
        continue;
      }
      break;
    }
    return list;
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanks();
      const op = this.peekOp();
      if (op !== '&&' && op !== '||') break;
      this.i += 2;
      this.skipNewlines();
      if (this.eof()) this.err('syntax error: unexpected end of file', true);
      rest.push({ op, p: this.parsePipeline() });
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanks();
    let neg = false;
    if (this.peekReserved() === '!') {
      this.readWord();
      neg = true;
    }
    const cmds = [this.parseCommand()];
    for (;;) {
      this.skipBlanks();
      if (this.peekOp() !== '|') break;
      this.i++;
      this.skipNewlines();
      if (this.eof()) this.err('syntax error: unexpected end of file', true);
      cmds.push(this.parseCommand());
    }
    return { neg, cmds };
  }

  private parseCommand(): Cmd {
    this.skipBlanks();
    const rw = this.peekReserved();
    let cmd: Cmd | null = null;
    if (rw === 'if') cmd = this.parseIf();
    else if (rw === 'for') cmd = this.parseFor();
    else if (rw === 'while' || rw === 'until') cmd = this.parseWhile(rw === 'until');
    else if (rw === '{') {
      this.readWord();
      const body = this.parseList(['}']);
      this.expectReserved('}');
      cmd = { k: 'group', body, subshell: false, redirs: [] };
    } else if (rw && ['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'in', 'esac'].includes(rw)) {
      this.err(`syntax error near unexpected token \`${rw}'`);
    } else if (rw === 'case' || rw === 'function' || rw === 'select') {
      this.err(`${rw}: not supported by this shell`);
    } else if (this.peekOp() === '(') {
      this.i++;
      const body = this.parseList([], true);
      this.skipBlanks();
      if (this.ch() !== ')') {
        if (this.eof()) this.err('syntax error: unexpected end of file', true);
        this.unexpected();
      }
      this.i++;
      cmd = { k: 'group', body, subshell: true, redirs: [] };
    }
    if (cmd) {
      for (;;) {
        this.skipBlanks();
        const r = this.tryRedir();
        if (!r) break;
        cmd.redirs.push(r);
      }
      return cmd;
    }
    return this.parseSimple();
  }

  private parseIf(): Cmd {
    this.readWord(); // if
    const clauses: { cond: List; body: List }[] = [];
    let els: List | null = null;
    const cond = this.parseList(['then']);
    this.expectReserved('then');
    const body = this.parseList(['elif', 'else', 'fi']);
    clauses.push({ cond, body });
    for (;;) {
      this.skipBlanks();
      const rw = this.peekReserved();
      if (rw === 'elif') {
        this.readWord();
        const c = this.parseList(['then']);
        this.expectReserved('then');
        const b = this.parseList(['elif', 'else', 'fi']);
        clauses.push({ cond: c, body: b });
      } else if (rw === 'else') {
        this.readWord();
        els = this.parseList(['fi']);
        this.expectReserved('fi');
        break;
      } else {
        this.expectReserved('fi');
        break;
      }
    }
    if (clauses.some((c) => c.cond.length === 0 || c.body.length === 0)) this.err("syntax error near unexpected token `then'");
    return { k: 'if', clauses, els, redirs: [] };
  }

  private parseFor(): Cmd {
    this.readWord(); // for
    this.skipBlanks();
    const nameWord = this.readWord();
    const name = nameWord && nameWord.length === 1 && nameWord[0]!.t === 'lit' ? nameWord[0]!.v : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) this.err(`\`${name}': not a valid identifier`);
    this.skipBlanks();
    let items: Word[] | null = null;
    if (this.ch() === ';') {
      this.i++;
    }
    this.skipNewlines();
    if (this.peekReserved() === 'in') {
      this.readWord();
      items = [];
      for (;;) {
        this.skipBlanks();
        const op = this.peekOp();
        if (op === ';' || op === '\n') {
          if (op === ';') this.i++;
          break;
        }
        if (this.eof()) this.err('syntax error: unexpected end of file', true);
        const w = this.readWord();
        if (!w) this.unexpected();
        items.push(w);
      }
    }
    this.skipNewlines();
    this.expectReserved('do');
    const body = this.parseList(['done']);
    this.expectReserved('done');
    return { k: 'for', name, items, body, redirs: [] };
  }

  private parseWhile(until: boolean): Cmd {
    this.readWord();
    const cond = this.parseList(['do']);
    this.expectReserved('do');
    const body = this.parseList(['done']);
    this.expectReserved('done');
    return { k: 'while', until, cond, body, redirs: [] };
  }

  private parseSimple(): Cmd {
    const line = this.line;
    const assigns: { name: string; value: Word }[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.eof()) break;
      const r = this.tryRedir();
      if (r) {
        redirs.push(r);
        continue;
      }
      const op = this.peekOp();
      if (op) break;
      const w = this.readWord();
      if (!w) break;
      if (words.length === 0) {
        const first = w[0];
        if (first && first.t === 'lit' && !first.q) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.v);
          if (m) {
            const rest: Word = [{ ...first, v: first.v.slice(m[0].length) }, ...w.slice(1)];
            assigns.push({ name: m[1]!, value: rest });
            continue;
          }
        }
      }
      words.push(w);
    }
    if (!assigns.length && !words.length && !redirs.length) this.unexpected();
    return { k: 'simple', assigns, words, redirs, line };
  }

  private tryRedir(): Redir | null {
    let j = this.i;
    let digits = '';
    while (j < this.src.length && /[0-9]/.test(this.src[j]!)) digits += this.src[j++];
    const save = this.i;
    this.i = j;
    const op = this.peekOp();
    const redirOps = ['>', '>>', '<', '<<', '<<-', '>&', '<&', '&>', '&>>', '<>', '>|'];
    if (!op || !redirOps.includes(op) || (digits && (op === '&>' || op === '&>>'))) {
      this.i = save;
      return null;
    }
    this.i += op.length;
    const fd = digits ? Number(digits) : op.startsWith('<') ? 0 : 1;
    this.skipBlanks();
    if (op === '<<' || op === '<<-') {
      const w = this.readWord();
      if (!w) this.unexpected();
      const quoted = w.some((p) => p.t === 'lit' && p.q);
      const delim = w.map((p) => (p.t === 'lit' ? p.v : p.t === 'var' ? '$' + p.name : '')).join('');
      const r: Redir = { fd, op: '<<', heredoc: { body: '', expand: !quoted } };
      this.heredocDelims.set(r, { delim, strip: op === '<<-' });
      this.pendingHeredocs.push(r);
      return r;
    }
    if (op === '>&' || op === '<&') {
      const w = this.readWord();
      if (!w) this.unexpected();
      const text = w.map((p) => (p.t === 'lit' ? p.v : '')).join('');
      if (/^[0-9]+$/.test(text)) return { fd, op, dup: Number(text) };
      if (text === '-') return { fd, op, dup: '-' };
      if (op === '>&' && !digits) return { fd: 1, op: '&>', target: w };
      this.err(`${text}: ambiguous redirect`);
    }
    const w = this.readWord();
    if (!w) {
      if (this.eof()) this.err("syntax error near unexpected token `newline'");
      this.unexpected();
    }
    const norm = op === '>|' ? '>' : (op as Redir['op']);
    return { fd, op: norm, target: w };
  }

  /** reads one word (null when the next thing is not a word) */
  readWord(): Word | null {
    const parts: Part[] = [];
    const start = this.i;
    if (this.ch() === '~') {
      // tilde prefix: ~ or ~user up to the first '/'
      let j = this.i + 1;
      let user = '';
      while (j < this.src.length && /[A-Za-z0-9_.-]/.test(this.src[j]!)) user += this.src[j++];
      const next = this.src[j];
      if (next === undefined || next === '/' || META.has(next)) {
        parts.push({ t: 'tilde', user });
        this.i = j;
      }
    }
    for (;;) {
      const c = this.ch();
      if (c === undefined || META.has(c)) break;
      if (c === '\\') {
        const n = this.ch(1);
        if (n === '\n') {
          this.i += 2;
          this.line++;
          continue;
        }
        if (n === undefined) {
          this.i++;
          pushLit(parts, '\\', true);
          continue;
        }
        pushLit(parts, n, true);
        this.i += 2;
        continue;
      }
      if (c === "'") {
        const end = this.src.indexOf("'", this.i + 1);
        if (end === -1) this.err("unexpected EOF while looking for matching `''", true);
        const v = this.src.slice(this.i + 1, end);
        this.line += (v.match(/\n/g) ?? []).length;
        pushLit(parts, v, true);
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        this.i++;
        this.readDouble(parts);
        continue;
      }
      if (c === '$') {
        this.readDollar(parts, false);
        continue;
      }
      if (c === '`') {
        parts.push({ t: 'cmd', src: this.readBackquote(), q: false });
        continue;
      }
      pushLit(parts, c, false);
      this.i++;
    }
    if (this.i === start) return null;
    return parts;
  }

  private readDouble(parts: Part[]): void {
    // after the opening quote; consumes the closing one
    let buf = '';
    const startLen = parts.length;
    for (;;) {
      const c = this.ch();
      if (c === undefined) this.err('unexpected EOF while looking for matching `"\'', true);
      if (c === '"') {
        this.i++;
        if (buf !== '') pushLit(parts, buf, true);
        if (parts.length === startLen) parts.push({ t: 'lit', v: '', q: true });
        return;
      }
      if (c === '\\') {
        const n = this.ch(1);
        if (n === '\n') {
          this.i += 2;
          this.line++;
          continue;
        }
        if (n !== undefined && '$`"\\'.includes(n)) {
          buf += n;
          this.i += 2;
          continue;
        }
        buf += c;
        this.i++;
        continue;
      }
      if (c === '$' || c === '`') {
        if (buf !== '') pushLit(parts, buf, true);
        buf = '';
        if (c === '$') this.readDollar(parts, true);
        else parts.push({ t: 'cmd', src: this.readBackquote(), q: true });
        continue;
      }
      if (c === '\n') this.line++;
      buf += c;
      this.i++;
    }
  }

  private readBackquote(): string {
    let j = this.i + 1;
    let out = '';
    for (;;) {
      const c = this.src[j];
      if (c === undefined) this.err('unexpected EOF while looking for matching ``\'', true);
      if (c === '\\' && this.src[j + 1] !== undefined && '$`\\'.includes(this.src[j + 1]!)) {
        out += this.src[j + 1];
        j += 2;
        continue;
      }
      if (c === '`') break;
      out += c;
      j++;
    }
    this.i = j + 1;
    return out;
  }

  /** index just past the ')' closing a '(' at `open` (quotes and nesting respected) */
  private matchParen(open: number): number {
    let depth = 0;
    let j = open;
    while (j < this.src.length) {
      const c = this.src[j]!;
      if (c === '\\') {
        j += 2;
        continue;
      }
      if (c === "'") {
        const e = this.src.indexOf("'", j + 1);
        if (e === -1) break;
        j = e + 1;
        continue;
      }
      if (c === '"') {
        j++;
        while (j < this.src.length && this.src[j] !== '"') j += this.src[j] === '\\' ? 2 : 1;
        j++;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    this.err("unexpected EOF while looking for matching `)'", true);
  }

  private readDollar(parts: Part[], q: boolean): void {
    const n = this.ch(1);
    if (n === '(' && this.ch(2) === '(') {
      const end = this.matchParen(this.i + 1); // past the outer ')'
      const inner = this.src.slice(this.i + 3, end - 2);
      if (this.src[end - 2] !== ')') this.err("unexpected EOF while looking for matching `)'", true);
      this.line += (inner.match(/\n/g) ?? []).length;
      parts.push({ t: 'arith', expr: inner, q });
      this.i = end;
      return;
    }
    if (n === '(') {
      const end = this.matchParen(this.i + 1);
      const inner = this.src.slice(this.i + 2, end - 1);
      this.line += (inner.match(/\n/g) ?? []).length;
      parts.push({ t: 'cmd', src: inner, q });
      this.i = end;
      return;
    }
    if (n === '{') {
      const end = this.src.indexOf('}', this.i + 2);
      if (end === -1) this.err("unexpected EOF while looking for matching `}'", true);
      const inner = this.src.slice(this.i + 2, end);
      this.i = end + 1;
      const len = /^#([A-Za-z_][A-Za-z0-9_]*|[0-9?#$@*])$/.exec(inner);
      if (len) {
        parts.push({ t: 'var', name: len[1]!, q, op: '#len' });
        return;
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#$@*!-])(?:(:?[-=+?])([\s\S]*))?$/.exec(inner);
      if (!m) this.err(`\${${inner}}: bad substitution`);
      parts.push({ t: 'var', name: m[1]!, q, op: m[2], arg: m[3] });
      return;
    }
    if (isNameStart(n)) {
      let j = this.i + 1;
      let name = '';
      while (isNameChar(this.src[j])) name += this.src[j++];
      parts.push({ t: 'var', name, q });
      this.i = j;
      return;
    }
    if (n !== undefined && '?$#@*!-0123456789'.includes(n)) {
      parts.push({ t: 'var', name: n, q });
      this.i += 2;
      return;
    }
    pushLit(parts, '$', q);
    this.i++;
  }

  /** parses here-document or ${…:-word} text as double-quoted content (no quote chars special) */
  static parseDQText(text: string, heredoc: boolean): Word {
    const p = new Parser(text);
    const parts: Part[] = [];
    let buf = '';
    while (!p.eof()) {
      const c = p.ch()!;
      if (c === '\\') {
        const n = p.ch(1);
        if (n !== undefined && ('$`\\'.includes(n) || (!heredoc && n === '"'))) {
          buf += n;
          p.i += 2;
          continue;
        }
        if (n === '\n') {
          p.i += 2;
          continue;
        }
        buf += c;
        p.i++;
        continue;
      }
      if (c === '$') {
        pushLit(parts, buf, true);
        buf = '';
        p.readDollar(parts, true);
        continue;
      }
      if (c === '`') {
        pushLit(parts, buf, true);
        buf = '';
        parts.push({ t: 'cmd', src: p.readBackquote(), q: true });
        continue;
      }
      buf += c;
      p.i++;
    }
    pushLit(parts, buf, true);
    return parts;
  }
}

export function parseShell(src: string): List {
  return new Parser(src).parseProgram();
}

/** Whether an interactive shell has a whole command yet (false: prompt PS2 for more). */
export function shellInputComplete(src: string): boolean {
  try {
    parseShell(src);
    return true;
  } catch (e) {
    return !(e instanceof ShellSyntaxError && e.incomplete);
  }
}

/** sh single-quote quoting: the value arrives as one literal word. */
export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------- execution

export interface ShIO {
  /** all of standard input (read lazily: commands that never read it never wait for it) */
  stdin: () => Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const NO_STDIN = async () => '';

export function stringStdin(s: string | null): () => Promise<string> {
  return async () => s ?? '';
}

class ExitSignal {
  constructor(public readonly code: number) {}
}
class LoopSignal {
  constructor(public readonly kind: 'break' | 'continue', public levels: number) {}
}

export interface ZoneShellOptions {
  root: string;
  zone: string;
  cwd?: string;
  /** interactive shells word their errors without 'line N:' */
  interactive?: boolean;
  /** $0, and the prefix of the shell's own error messages */
  name?: string;
  timeScale?: number;
  signal?: AbortSignal;
  vars?: Record<string, string>;
}

export class ZoneShell {
  readonly root: string;
  readonly zone: string;
  cwd: string;
  interactive: boolean;
  name: string;
  timeScale: number;
  signal?: AbortSignal;
  vars = new Map<string, string>();
  exported = new Set<string>();
  status = 0;
  /** set once 'exit' ran: the session is over */
  exited: number | null = null;
  opts = { errexit: false, nounset: false, xtrace: false };
  private condDepth = 0;
  private curLine = 1;
  private loopDepth = 0;

  constructor(o: ZoneShellOptions) {
    this.root = o.root;
    this.zone = o.zone;
    this.cwd = o.cwd ?? '/root';
    this.interactive = o.interactive ?? false;
    this.name = o.name ?? 'bash';
    this.timeScale = o.timeScale ?? 1;
    this.signal = o.signal;
    const base: Record<string, string> = {
      PATH: '/usr/sbin:/usr/bin:/sbin:/usr/gnu/bin',
      HOME: '/root',
      LOGNAME: 'root',
      USER: 'root',
      SHELL: '/usr/bin/bash',
      TZ: 'UTC',
      IFS: ' \t\n',
      PWD: this.cwd,
      ...o.vars,
    };
    for (const [k, v] of Object.entries(base)) {
      this.vars.set(k, v);
      if (k !== 'IFS') this.exported.add(k);
    }
  }

  /** a copy for a subshell or command substitution */
  fork(): ZoneShell {
    const s = new ZoneShell({ root: this.root, zone: this.zone, cwd: this.cwd, interactive: false, name: this.name, timeScale: this.timeScale, signal: this.signal });
    s.vars = new Map(this.vars);
    s.exported = new Set(this.exported);
    s.status = this.status;
    s.opts = { ...this.opts };
    s.curLine = this.curLine;
    return s;
  }

  /** host path of a path inside the zone */
  hp(p: string): string {
    return hostPath(this.root, this.zone, this.cwd, p);
  }

  /** absolute path inside the zone */
  zp(p: string): string {
    return path.posix.resolve(this.cwd, p);
  }

  /** prefix of the shell's own messages: 'bash: line 3: ' (non-interactive) or 'bash: ' */
  errPrefix(): string {
    return this.interactive ? `${this.name}: ` : `${this.name}: line ${this.curLine}: `;
  }

  /** Parses and runs a script. Returns its exit status (2 on a syntax error). */
  async run(script: string, io: ShIO): Promise<number> {
    let list: List;
    try {
      list = parseShell(script);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      const where = this.interactive ? `${this.name}: ` : `${this.name}: -c: line ${e.line}: `;
      io.stderr(`${where}${e.message}\n`);
      if (!this.interactive && /near unexpected token/.test(e.message)) {
        const srcLine = script.split('\n')[e.line - 1] ?? '';
        io.stderr(`${where}\`${srcLine.trimEnd()}'\n`);
      }
      this.status = 2;
      return 2;
    }
    try {
      this.status = await this.execList(list, io);
    } catch (e) {
      if (e instanceof ExitSignal) {
        this.status = e.code;
        this.exited = e.code;
      } else if (e instanceof LoopSignal) {
        /* break outside a loop: ignored */
      } else if (e instanceof Error && e.name === 'AbortError') {
        this.status = 130;
      } else throw e;
    }
    return this.status;
  }

  private checkAbort(): void {
    if (this.signal?.aborted) {
      const e = new Error('aborted');
      e.name = 'AbortError';
      throw e;
    }
  }

  async execList(list: List, io: ShIO): Promise<number> {
    let status = this.status;
    for (const ao of list) {
      this.checkAbort();
      const r = await this.execAndOr(ao, io);
      status = r.status;
      if (this.opts.errexit && status !== 0 && r.errexitEligible && this.condDepth === 0) throw new ExitSignal(status);
    }
    return status;
  }

  private async execAndOr(ao: AndOr, io: ShIO): Promise<{ status: number; errexitEligible: boolean }> {
    const chain = [{ op: null as '&&' | '||' | null, p: ao.first }, ...ao.rest];
    let status = 0;
    let eligible = true;
    for (let idx = 0; idx < chain.length; idx++) {
      const { op, p } = chain[idx]!;
      if (op === '&&' && status !== 0) continue;
      if (op === '||' && status === 0) continue;
      const isLast = idx === chain.length - 1;
      if (!isLast) this.condDepth++;
      try {
        status = await this.execPipeline(p, io);
      } finally {
        if (!isLast) this.condDepth--;
      }
      eligible = isLast && !p.neg;
      this.status = status;
    }
    return { status, errexitEligible: eligible };
  }

  private async execPipeline(p: Pipeline, io: ShIO): Promise<number> {
    let status: number;
    if (p.cmds.length === 1) {
      status = await this.execCmd(p.cmds[0]!, io);
    } else {
      let input = io.stdin;
      status = 0;
      for (let i = 0; i < p.cmds.length; i++) {
        const last = i === p.cmds.length - 1;
        let captured = '';
        const stageIO: ShIO = {
          stdin: input,
          stdout: last ? io.stdout : (t) => (captured += t),
          stderr: io.stderr,
        };
        // every stage but the last runs in a subshell, as in bash
        const sh = last ? this : this.fork();
        try {
          status = await sh.execCmd(p.cmds[i]!, stageIO);
        } catch (e) {
          if (e instanceof ExitSignal && !last) status = e.code;
          else throw e;
        }
        const out = captured;
        input = async () => out;
      }
    }
    if (p.neg) status = status === 0 ? 1 : 0;
    this.status = status;
    return status;
  }

  async execCmd(cmd: Cmd, io: ShIO): Promise<number> {
    this.checkAbort();
    if (cmd.k === 'simple') return this.execSimple(cmd, io);
    const rio = await this.applyRedirs(cmd.redirs, io);
    if (!rio) return 1;
    try {
      switch (cmd.k) {
        case 'if': {
          for (const c of cmd.clauses) {
            this.condDepth++;
            let st: number;
            try {
              st = await this.execList(c.cond, rio.io);
            } finally {
              this.condDepth--;
            }
            if (st === 0) return await this.execList(c.body, rio.io);
          }
          if (cmd.els) return await this.execList(cmd.els, rio.io);
          return 0;
        }
        case 'for': {
          const items: string[] = [];
          if (cmd.items) for (const w of cmd.items) items.push(...(await this.expandWord(w, rio.io)));
          else items.push(...this.positional());
          let st = 0;
          this.loopDepth++;
          try {
            for (const it of items) {
              this.vars.set(cmd.name, it);
              try {
                st = await this.execList(cmd.body, rio.io);
              } catch (e) {
                if (e instanceof LoopSignal) {
                  if (e.levels > 1) {
                    e.levels--;
                    throw e;
                  }
                  if (e.kind === 'break') break;
                  continue;
                }
                throw e;
              }
            }
          } finally {
            this.loopDepth--;
          }
          return st;
        }
        case 'while': {
          let st = 0;
          this.loopDepth++;
          // a loop that spins burns a CPU of the zone: the simulated kstat counts it
          const cpu = spinWatch(this.root, this.zone);
          try {
            for (let guard = 0; ; guard++) {
              // an interactive shell loops until ^C, as a real one does
              if (guard > 100000 && !this.interactive) break;
              cpu.tick();
              this.condDepth++;
              let c: number;
              try {
                c = await this.execList(cmd.cond, rio.io);
              } finally {
                this.condDepth--;
              }
              if ((c === 0) === cmd.until) break;
              try {
                st = await this.execList(cmd.body, rio.io);
              } catch (e) {
                if (e instanceof LoopSignal) {
                  if (e.levels > 1) {
                    e.levels--;
                    throw e;
                  }
                  if (e.kind === 'break') break;
                  continue;
                }
                throw e;
              }
              await new Promise((r) => setImmediate(r));
            }
          } finally {
            this.loopDepth--;
            cpu.end();
          }
          return st;
        }
        case 'group': {
          if (!cmd.subshell) return await this.execList(cmd.body, rio.io);
          const sub = this.fork();
          try {
            return await sub.execList(cmd.body, rio.io);
          } catch (e) {
            if (e instanceof ExitSignal) return e.code;
            throw e;
          }
        }
      }
    } finally {
      rio.close();
    }
  }

  positional(): string[] {
    const out: string[] = [];
    for (let i = 1; this.vars.has(String(i)); i++) out.push(this.vars.get(String(i))!);
    return out;
  }

  private async execSimple(cmd: Extract<Cmd, { k: 'simple' }>, io: ShIO): Promise<number> {
    this.curLine = cmd.line;
    const argv: string[] = [];
    try {
      for (const w of cmd.words) argv.push(...(await this.expandWord(w, io)));
    } catch (e) {
      if (e instanceof ExpansionError) {
        io.stderr(`${this.errPrefix()}${e.message}\n`);
        this.status = 1;
        if (!this.interactive) throw new ExitSignal(1);
        return 1;
      }
      throw e;
    }
    const assigned: [string, string][] = [];
    for (const a of cmd.assigns) assigned.push([a.name, (await this.expandWord(a.value, io, false)).join('')]);
    if (this.opts.xtrace) {
      const shown = [...assigned.map(([k, v]) => `${k}=${shellQuote(v)}`), ...argv.map((a) => shellQuote(a))].join(' ');
      io.stderr(`+ ${shown}\n`);
    }
    if (argv.length === 0) {
      for (const [k, v] of assigned) this.vars.set(k, v);
      const rio = await this.applyRedirs(cmd.redirs, io);
      if (!rio) return 1;
      rio.close();
      return this.lastSubstStatus ?? 0;
    }
    // prefix assignments: visible to the command (kept afterwards, a simplification)
    for (const [k, v] of assigned) this.vars.set(k, v);
    const rio = await this.applyRedirs(cmd.redirs, io);
    if (!rio) return 1;
    try {
      return await this.runCommand(argv, rio.io);
    } finally {
      rio.close();
    }
  }

  private lastSubstStatus: number | null = null;

  umask = 0o022;

  async runCommand(argv: string[], io: ShIO): Promise<number> {
    let name = argv[0]!;
    if (name.includes('/')) {
      const zp = path.posix.resolve(this.cwd, name);
      if (SHELLS.has(path.posix.basename(zp)) && ['/bin', '/usr/bin', '/sbin', '/usr/xpg4/bin'].includes(path.posix.dirname(zp))) name = path.posix.basename(zp);
    }
    switch (name) {
      case 'sh':
      case 'bash':
      case 'ksh':
      case 'ksh93':
        return this.subShell(name, argv.slice(1), io);
      case 'umask': {
        const a = argv[1];
        if (a === undefined) {
          io.stdout(this.umask.toString(8).padStart(4, '0') + '\n');
          return 0;
        }
        if (!/^[0-7]{1,4}$/.test(a)) {
          io.stderr(`${this.errPrefix()}umask: ${a}: octal number out of range\n`);
          return 1;
        }
        this.umask = parseInt(a, 8);
        return 0;
      }
      case 'exit': {
        const code = argv[1] !== undefined ? Number(argv[1]) : this.status;
        if (!Number.isInteger(code)) {
          io.stderr(`${this.errPrefix()}exit: ${argv[1]}: numeric argument required\n`);
          throw new ExitSignal(2);
        }
        throw new ExitSignal(((code % 256) + 256) % 256);
      }
      case 'break':
      case 'continue': {
        if (this.loopDepth === 0) return 0;
        const n = argv[1] ? Math.max(1, Number(argv[1]) || 1) : 1;
        throw new LoopSignal(name, n);
      }
      case 'cd': {
        const target = argv[1] === undefined ? this.vars.get('HOME') ?? '/' : argv[1] === '-' ? this.vars.get('OLDPWD') ?? this.cwd : argv[1];
        const zp = this.zp(target);
        try {
          const st = statSync(this.hp(zp));
          if (!st.isDirectory()) {
            io.stderr(`${this.errPrefix()}cd: ${target}: Not a directory\n`);
            return 1;
          }
        } catch {
          io.stderr(`${this.errPrefix()}cd: ${target}: No such file or directory\n`);
          return 1;
        }
        this.vars.set('OLDPWD', this.cwd);
        this.cwd = zp;
        this.vars.set('PWD', zp);
        return 0;
      }
      case 'set': {
        if (argv.length === 1) {
          for (const [k, v] of [...this.vars].sort()) io.stdout(`${k}=${shellQuote(v)}\n`);
          return 0;
        }
        let i = 1;
        for (; i < argv.length; i++) {
          const a = argv[i]!;
          if (a === '--') {
            i++;
            break;
          }
          if (!/^[-+][a-zA-Z]+$/.test(a) && a !== '-o' && a !== '+o') break;
          const on = a.startsWith('-');
          if (a === '-o' || a === '+o') {
            const opt = argv[++i];
            if (opt === 'errexit') this.opts.errexit = on;
            else if (opt === 'nounset') this.opts.nounset = on;
            else if (opt === 'xtrace') this.opts.xtrace = on;
            else if (opt === 'pipefail') {
              /* accepted */
            }
            continue;
          }
          for (const f of a.slice(1)) {
            if (f === 'e') this.opts.errexit = on;
            else if (f === 'u') this.opts.nounset = on;
            else if (f === 'x') this.opts.xtrace = on;
          }
        }
        if (i < argv.length) {
          for (let k = 1; this.vars.has(String(k)); k++) this.vars.delete(String(k));
          argv.slice(i).forEach((v, k) => this.vars.set(String(k + 1), v));
        }
        return 0;
      }
      case 'export':
      case 'readonly': {
        for (const a of argv.slice(1)) {
          if (a.startsWith('-')) continue;
          const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=([\s\S]*))?$/.exec(a);
          if (!m) {
            io.stderr(`${this.errPrefix()}${name}: \`${a}': not a valid identifier\n`);
            return 1;
          }
          if (m[2] !== undefined) this.vars.set(m[1]!, m[2]);
          this.exported.add(m[1]!);
        }
        return 0;
      }
      case 'unset': {
        for (const a of argv.slice(1)) if (!a.startsWith('-')) this.vars.delete(a);
        return 0;
      }
      case 'shift': {
        const n = argv[1] ? Number(argv[1]) : 1;
        const pos = this.positional();
        if (n > pos.length) return 1;
        for (let k = 1; k <= pos.length; k++) this.vars.delete(String(k));
        pos.slice(n).forEach((v, k) => this.vars.set(String(k + 1), v));
        return 0;
      }
      case 'eval': {
        const src = argv.slice(1).join(' ');
        let list: List;
        try {
          list = parseShell(src);
        } catch (e) {
          if (e instanceof ShellSyntaxError) {
            io.stderr(`${this.errPrefix()}eval: ${e.message}\n`);
            return 2;
          }
          throw e;
        }
        return this.execList(list, io);
      }
      case '.':
      case 'source': {
        const f = argv[1];
        if (!f) {
          io.stderr(`${this.errPrefix()}${name}: filename argument required\n`);
          return 2;
        }
        let text: string;
        try {
          text = await fsp.readFile(this.hp(f), 'utf8');
        } catch {
          io.stderr(`${this.errPrefix()}${f}: No such file or directory\n`);
          return 1;
        }
        try {
          return await this.execList(parseShell(text), io);
        } catch (e) {
          if (e instanceof ShellSyntaxError) {
            io.stderr(`${this.name}: ${f}: line ${e.line}: ${e.message}\n`);
            return 2;
          }
          throw e;
        }
      }
      case 'read': {
        const names = argv.slice(1).filter((a) => !a.startsWith('-'));
        const input = await io.stdin();
        const nl = input.indexOf('\n');
        if (input === '') return 1;
        const line = nl === -1 ? input : input.slice(0, nl);
        const fields = line.trim().split(/[ \t]+/);
        const vars = names.length ? names : ['REPLY'];
        vars.forEach((v, k) => this.vars.set(v, k === vars.length - 1 ? fields.slice(k).join(' ') : fields[k] ?? ''));
        return nl === -1 ? 1 : 0;
      }
      case 'command':
      case 'builtin':
        if (argv.length === 1) return 0;
        if (argv[1] === '-v') {
          const n = argv[2] ?? '';
          if (BUILTIN_NAMES.has(n) || ['cd', 'exit', 'set', 'export'].includes(n)) {
            io.stdout(`${n}\n`);
            return 0;
          }
          return 1;
        }
        return this.runCommand(argv.slice(1), io);
      case 'exec':
        if (argv.length === 1) return 0;
        throw new ExitSignal(await this.runCommand(argv.slice(1), io));
    }
    return runZoneCommand(this, argv, io);
  }

  /** `sh [-eux] -c script [name [args...]]`, `sh file [args...]`, or `sh` reading the script from stdin */
  private async subShell(name: string, args: string[], io: ShIO): Promise<number> {
    const env: Record<string, string> = {};
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env[k] = v;
    }
    const sub = new ZoneShell({ root: this.root, zone: this.zone, cwd: this.cwd, interactive: false, name, timeScale: this.timeScale, signal: this.signal, vars: env });
    sub.umask = this.umask;
    let i = 0;
    let cmd: string | null = null;
    let useC = false;
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a === '--') {
        i++;
        break;
      }
      if (a === '-o' || a === '+o') {
        const opt = args[++i];
        if (opt === 'errexit') sub.opts.errexit = a === '-o';
        continue;
      }
      if (!/^[-+][a-zA-Z]+$/.test(a)) break;
      for (const c of a.slice(1)) {
        if (c === 'c') useC = true;
        else if (c === 'e') sub.opts.errexit = a[0] === '-';
        else if (c === 'u') sub.opts.nounset = a[0] === '-';
        else if (c === 'x') sub.opts.xtrace = a[0] === '-';
      }
    }
    let rest = args.slice(i);
    let stdin = io.stdin;
    if (useC) {
      if (!rest.length) {
        io.stderr(`${name}: -c: option requires an argument\n`);
        return 2;
      }
      cmd = rest[0]!;
      rest = rest.slice(1);
      if (rest.length) {
        sub.name = rest[0]!;
        rest = rest.slice(1);
      }
    } else if (rest.length) {
      const file = rest[0]!;
      try {
        cmd = await fsp.readFile(this.hp(file), 'utf8');
      } catch {
        io.stderr(`${name}: ${file}: No such file or directory\n`);
        return 127;
      }
      sub.name = file;
      rest = rest.slice(1);
    } else {
      cmd = await io.stdin();
      stdin = NO_STDIN;
    }
    rest.forEach((v, k) => sub.vars.set(String(k + 1), v));
    const st = await sub.run(cmd, { ...io, stdin });
    return st;
  }

  // ---------------------------------------------------------------- redirections

  private async applyRedirs(redirs: Redir[], io: ShIO): Promise<{ io: ShIO; close(): void } | null> {
    if (!redirs.length) return { io, close: () => {} };
    const fds = new Map<number, ((t: string) => void) | null>([
      [1, io.stdout],
      [2, io.stderr],
    ]);
    let stdin = io.stdin;
    for (const r of redirs) {
      if (r.op === '<<') {
        const body = r.heredoc!.body;
        const text = r.heredoc!.expand ? (await this.expandWord(Parser.parseDQText(body, true), io, false)).join('') : body;
        if (r.fd === 0) stdin = async () => text;
        continue;
      }
      if (r.op === '>&' || r.op === '<&') {
        if (r.dup === '-') fds.set(r.fd, null);
        else if (r.op === '>&') fds.set(r.fd, fds.get(r.dup!) ?? null);
        continue;
      }
      const words = await this.expandWord(r.target!, io);
      if (words.length !== 1) {
        io.stderr(`${this.errPrefix()}${r.target!.map((p) => (p.t === 'lit' ? p.v : '$…')).join('')}: ambiguous redirect\n`);
        return null;
      }
      const file = words[0]!;
      if (r.op === '<' || r.op === '<>') {
        if (file === '/dev/null') {
          stdin = async () => '';
          continue;
        }
        try {
          const text = await fsp.readFile(this.hp(file), 'utf8');
          stdin = async () => text;
        } catch (e) {
          io.stderr(`${this.errPrefix()}${file}: ${errnoText(e)}\n`);
          return null;
        }
        continue;
      }
      // output
      let sink: ((t: string) => void) | null;
      if (file === '/dev/null') sink = null;
      else if (file === '/dev/stdout') sink = io.stdout;
      else if (file === '/dev/stderr') sink = io.stderr;
      else {
        const hp = this.hp(file);
        try {
          const st = statSync(hp, { throwIfNoEntry: false });
          if (st?.isDirectory()) {
            io.stderr(`${this.errPrefix()}${file}: Is a directory\n`);
            return null;
          }
          if (r.op === '>' || r.op === '&>') writeFileSync(hp, '');
          else appendFileSync(hp, '');
        } catch (e) {
          io.stderr(`${this.errPrefix()}${file}: ${errnoText(e)}\n`);
          return null;
        }
        sink = (t: string) => appendFileSync(hp, t);
      }
      if (r.op === '&>' || r.op === '&>>') {
        fds.set(1, sink);
        fds.set(2, sink);
      } else fds.set(r.fd, sink);
    }
    const out = fds.get(1);
    const err = fds.get(2);
    return {
      io: { stdin, stdout: out ?? (() => {}), stderr: err ?? (() => {}) },
      close: () => {},
    };
  }

  // ---------------------------------------------------------------- expansion

  getVar(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(process.pid);
      case '#':
        return String(this.positional().length);
      case '@':
      case '*':
        return this.positional().join(' ');
      case '0':
        return this.name;
      case '!':
        return '';
      case '-':
        return (this.opts.errexit ? 'e' : '') + (this.opts.nounset ? 'u' : '') + (this.opts.xtrace ? 'x' : '') + 'hB';
    }
    return this.vars.get(name);
  }

  private async expandPart(p: Part, io: ShIO): Promise<string> {
    switch (p.t) {
      case 'lit':
        return p.v;
      case 'tilde':
        return p.user === '' || p.user === 'root' ? this.vars.get('HOME') ?? '/root' : `~${p.user}`;
      case 'var': {
        const v = this.getVar(p.name);
        if (p.op === '#len') return String((v ?? '').length);
        if (p.op) {
          const colon = p.op.startsWith(':');
          const kind = p.op.slice(-1);
          const unset = v === undefined || (colon && v === '');
          const argText = async () => (await this.expandWord(Parser.parseDQText(p.arg ?? '', false), io, false)).join('');
          if (kind === '-') return unset ? argText() : v!;
          if (kind === '=') {
            if (unset) {
              const a = await argText();
              this.vars.set(p.name, a);
              return a;
            }
            return v!;
          }
          if (kind === '+') return unset ? '' : argText();
          if (kind === '?') {
            if (unset) throw new ExpansionError(`${p.name}: ${(await argText()) || 'parameter null or not set'}`);
            return v!;
          }
        }
        if (v === undefined && this.opts.nounset && !['@', '*'].includes(p.name)) throw new ExpansionError(`${p.name}: unbound variable`);
        return v ?? '';
      }
      case 'arith': {
        const text = (await this.expandWord(Parser.parseDQText(p.expr, true), io, false)).join('');
        try {
          return String(evalArith(text, this));
        } catch (e) {
          throw new ExpansionError(`${text.trim()}: ${(e as Error).message}`);
        }
      }
      case 'cmd': {
        const sub = this.fork();
        let out = '';
        const st = await sub.run(p.src, { stdin: io.stdin, stdout: (t) => (out += t), stderr: io.stderr });
        this.lastSubstStatus = st;
        return out.replace(/\n+$/, '');
      }
    }
  }

  /** Expands a word into fields (split = false: one string, as for assignments and here-docs). */
  async expandWord(w: Word, io: ShIO, split = true): Promise<string[]> {
    this.lastSubstStatus = null;
    if (!split) {
      let s = '';
      for (const p of w) s += await this.expandPart(p, io);
      return [s];
    }
    const fields: string[] = [];
    let cur = '';
    let exists = false;
    const ifs = this.vars.get('IFS') ?? ' \t\n';
    const ws = new RegExp(`[${ifs.replace(/[\]\\^-]/g, '\\$&').replace(/\t/g, '\\t').replace(/\n/g, '\\n')}]+`);
    for (const p of w) {
      const text = await this.expandPart(p, io);
      const unquotedExpansion = p.t !== 'lit' && p.t !== 'tilde' && !p.q;
      if (!unquotedExpansion || ifs === '') {
        cur += text;
        if (text !== '' || p.t === 'tilde' || p.q) exists = true;
        continue;
      }
      if (text === '') continue;
      const startsWs = ws.test(text[0]!);
      const endsWs = ws.test(text[text.length - 1]!);
      const toks = text.split(ws).filter((t) => t !== '');
      if (startsWs && exists) {
        fields.push(cur);
        cur = '';
        exists = false;
      }
      toks.forEach((t, k) => {
        if (k > 0) {
          fields.push(cur);
          cur = '';
        }
        cur += t;
        exists = true;
      });
      if (endsWs && toks.length) {
        fields.push(cur);
        cur = '';
        exists = false;
      }
    }
    if (exists) fields.push(cur);
    return fields;
  }

  /** the zone's runtime hostname (for prompts) */
  async hostname(): Promise<string> {
    return (await readZoneOs(this.root, this.zone)).hostname;
  }
}

class ExpansionError extends Error {}

const SHELLS = new Set(['sh', 'bash', 'ksh', 'ksh93']);

export function errnoText(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'EEXIST':
      return 'File exists';
    case 'ENOTEMPTY':
    case 'EEXIST_DIR':
      return 'Directory not empty';
    default:
      return (e as Error)?.message ?? 'I/O error';
  }
}

// ---------------------------------------------------------------- arithmetic

/** Evaluates a shell arithmetic expression (integers, C operators, variables). */
export function evalArith(src: string, sh: { vars: Map<string, string> }): number {
  const toks: string[] = [];
  const re = /\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*=?|<<=?|>>=?|&&|\|\||[<>=!]=|[-+*/%&|^]=|\+\+|--|[-+*/%()<>!~&|^?:=,])/y;
  let i = 0;
  const s = src.trim();
  re.lastIndex = 0;
  while (re.lastIndex < s.length) {
    const m = re.exec(s);
    if (!m) throw new Error(`syntax error: invalid arithmetic operator (error token is "${s.slice(i)}")`);
    toks.push(m[1]!);
    i = re.lastIndex;
    if (/^\s*$/.test(s.slice(re.lastIndex))) break;
  }
  let k = 0;
  const peek = () => toks[k];
  const next = () => toks[k++];
  const varVal = (name: string): number => {
    const v = sh.vars.get(name);
    if (v === undefined || v.trim() === '') return 0;
    const n = parseIntShell(v.trim());
    if (Number.isNaN(n)) return evalArith(v, sh);
    return n;
  };
  const toInt = (x: number) => Math.trunc(x);
  type LV = { v: number; name?: string };
  const assignOps = ['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^=', '**='];

  const primary = (): LV => {
    const t = next();
    if (t === undefined) throw new Error('syntax error: operand expected (error token is "")');
    if (t === '(') {
      const v = comma();
      if (next() !== ')') throw new Error('syntax error: missing `)\'');
      return { v };
    }
    if (/^(0[xX][0-9a-fA-F]+|\d+)$/.test(t)) {
      const n = parseIntShell(t);
      if (Number.isNaN(n)) throw new Error(`value too great for base (error token is "${t}")`);
      return { v: n };
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '++' || peek() === '--') {
        const op = next();
        const old = varVal(t);
        sh.vars.set(t, String(op === '++' ? old + 1 : old - 1));
        return { v: old };
      }
      return { v: varVal(t), name: t };
    }
    throw new Error(`syntax error: operand expected (error token is "${toks.slice(k - 1).join(' ')}")`);
  };
  const unary = (): LV => {
    const t = peek();
    if (t === '-' || t === '+' || t === '!' || t === '~') {
      next();
      const v = unary().v;
      return { v: t === '-' ? -v : t === '+' ? v : t === '!' ? (v === 0 ? 1 : 0) : ~v };
    }
    if (t === '++' || t === '--') {
      next();
      const name = next()!;
      const nv = varVal(name) + (t === '++' ? 1 : -1);
      sh.vars.set(name, String(nv));
      return { v: nv };
    }
    return primary();
  };
  const power = (): LV => {
    const base = unary();
    if (peek() === '**') {
      next();
      const e = power().v;
      if (e < 0) throw new Error('exponent less than 0');
      return { v: toInt(base.v ** e) };
    }
    return base;
  };
  const binLevels: string[][] = [
    ['*', '/', '%'],
    ['+', '-'],
    ['<<', '>>'],
    ['<', '<=', '>', '>='],
    ['==', '!='],
    ['&'],
    ['^'],
    ['|'],
    ['&&'],
    ['||'],
  ];
  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '*':
        return toInt(a * b);
      case '/':
        if (b === 0) throw new Error('division by 0');
        return toInt(a / b);
      case '%':
        if (b === 0) throw new Error('division by 0');
        return toInt(a % b);
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '<':
        return a < b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
      case '&&':
        return a !== 0 && b !== 0 ? 1 : 0;
      case '||':
        return a !== 0 || b !== 0 ? 1 : 0;
      case '**':
        return toInt(a ** b);
    }
    throw new Error(`syntax error: invalid arithmetic operator (error token is "${op}")`);
  };
  const binary = (level: number): LV => {
    if (level < 0) return power();
    let left = binary(level - 1);
    for (;;) {
      const t = peek();
      if (t === undefined || !binLevels[level]!.includes(t)) return left;
      next();
      const right = binary(level - 1);
      left = { v: apply(t, left.v, right.v) };
    }
  };
  const ternary = (): LV => {
    const c = binary(binLevels.length - 1);
    if (peek() === '?') {
      next();
      const a = assignment();
      if (next() !== ':') throw new Error("syntax error: `:' expected for conditional expression");
      const b = assignment();
      return { v: c.v !== 0 ? a.v : b.v };
    }
    return c;
  };
  const assignment = (): LV => {
    const save = k;
    const t = peek();
    if (t && /^[A-Za-z_]/.test(t) && assignOps.includes(toks[k + 1] ?? '')) {
      next();
      const op = next()!;
      const rhs = assignment().v;
      const nv = op === '=' ? rhs : apply(op.slice(0, -1), varVal(t), rhs);
      sh.vars.set(t, String(nv));
      return { v: nv };
    }
    k = save;
    return ternary();
  };
  const comma = (): number => {
    let v = assignment().v;
    while (peek() === ',') {
      next();
      v = assignment().v;
    }
    return v;
  };
  if (toks.length === 0) return 0;
  const v = comma();
  if (k < toks.length) throw new Error(`syntax error in expression (error token is "${toks.slice(k).join(' ')}")`);
  return v;
}

function parseIntShell(t: string): number {
  if (/^-?0[xX][0-9a-fA-F]+$/.test(t)) return parseInt(t, 16);
  if (/^-?0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^-?\d+$/.test(t)) return parseInt(t, 10);
  return NaN;
}
