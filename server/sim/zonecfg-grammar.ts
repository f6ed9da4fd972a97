// zonecfg's grammar (zonecfg_grammar.y): tokens from zonecfg-lex.ts matched into commands, with
// the parser's error recovery, as a hand-written LALR-equivalent matcher.
import { HELP_PROPS, HELP_RES_PROPS } from './zonecfg-help';
import type { CommandName, Tok } from './zonecfg-lex';

export type SimpleOrComplex = { simple: string } | { complex: Piece[] };
export interface Piece {
  name: string;
  value: string;
}
export type PropValue =
  | { type: 'simple'; simple: string }
  | { type: 'complex'; complex: Piece[] }
  | { type: 'list'; list: SimpleOrComplex[] };

export interface Cmd {
  name: CommandName;
  argv: string[];
  /** resource type, or (info/clear) a property name standing for a global property */
  res: string | null;
  props: { name: string; value: PropValue }[];
  /** true for 'set prop=[]' */
  emptyList?: boolean;
}

export type ParseResult =
  | { kind: 'cmd'; cmd: Cmd; next: number }
  | { kind: 'empty'; next: number }
  | { kind: 'action'; action: CommandName; extra: number; next: number }
  | { kind: 'syntax'; at: number; next: number };

export const INFO_PROPS = new Set([
  'zonename',
  'zonepath',
  'brand',
  'autoboot',
  'ip-type',
  'pool',
  'limitpriv',
  'bootargs',
  'scheduling-class',
  'cpu-shares',
  'max-lwps',
  'max-processes',
  'max-shm-memory',
  'max-shm-ids',
  'max-msg-ids',
  'max-sem-ids',
  'hostid',
  'fs-allowed',
  'zfs-io-priority',
]);

export const isTerm = (t: Tok | undefined) => !!t && (t.type === 'NL' || t.type === 'SEMI');

export class Parser {
  constructor(private toks: Tok[]) {}

  private t(i: number): Tok {
    return this.toks[i] ?? this.toks[this.toks.length - 1]!;
  }

  /** index just after the first terminator at or after i (error recovery) */
  recover(i: number): number {
    while (i < this.toks.length && !isTerm(this.toks[i]) && this.toks[i]!.type !== 'EOF') i++;
    return isTerm(this.toks[i]) ? i + 1 : i;
  }

  private simple(i: number): { v: string; i: number } | null {
    const t = this.t(i);
    if (t.type === 'TOKEN' || t.type === 'RES' || t.type === 'PROP') return { v: t.value, i: i + 1 };
    return null;
  }

  private complex(i: number): { pieces: Piece[]; i: number } | { err: number } {
    // OPEN_PAREN already consumed; complex_piece CLOSE_PAREN
    const pieces: Piece[] = [];
    for (;;) {
      const n = this.t(i);
      if (n.type !== 'PROP') return { err: i };
      if (this.t(i + 1).type !== 'EQUAL') return { err: i + 1 };
      const v = this.simple(i + 2);
      if (!v) return { err: i + 2 };
      pieces.push({ name: n.value, value: v.v });
      i = v.i;
      if (this.t(i).type === 'COMMA') {
        i++;
        continue;
      }
      if (this.t(i).type === 'CLOSE_PAREN') return { pieces, i: i + 1 };
      return { err: i };
    }
  }

  value(i: number): { v: PropValue; i: number } | { err: number } {
    const t = this.t(i);
    const s = this.simple(i);
    if (s) return { v: { type: 'simple', simple: s.v }, i: s.i };
    if (t.type === 'OPEN_PAREN') {
      const c = this.complex(i + 1);
      if ('err' in c) return c;
      return { v: { type: 'complex', complex: c.pieces }, i: c.i };
    }
    if (t.type === 'OPEN_SQ') {
      const list: SimpleOrComplex[] = [];
      i++;
      for (;;) {
        const sv = this.simple(i);
        if (sv) {
          list.push({ simple: sv.v });
          i = sv.i;
        } else if (this.t(i).type === 'OPEN_PAREN') {
          const c = this.complex(i + 1);
          if ('err' in c) return c;
          list.push({ complex: c.pieces });
          i = c.i;
        } else return { err: i };
        if (this.t(i).type === 'COMMA') {
          i++;
          continue;
        }
        if (this.t(i).type === 'CLOSE_SQ') return { v: { type: 'list', list }, i: i + 1 };
        return { err: i };
      }
    }
    return { err: i };
  }

  /** up to three prop=value pairs after a resource type */
  private pairs(cmd: Cmd, i: number): { i: number } | { err: number } {
    for (let k = 0; k < 3; k++) {
      if (this.t(i).type !== 'PROP') return { i };
      if (this.t(i + 1).type !== 'EQUAL') return { err: i + 1 };
      const v = this.value(i + 2);
      if ('err' in v) return v;
      cmd.props.push({ name: this.t(i).value, value: v.v });
      i = v.i;
    }
    return { i };
  }

  private finish(cmd: Cmd, i: number): ParseResult {
    if (isTerm(this.t(i))) return { kind: 'cmd', cmd, next: i + 1 };
    if (this.t(i).type === 'EOF') return { kind: 'cmd', cmd, next: i };
    return { kind: 'syntax', at: i, next: this.recover(i) };
  }

  private err(at: number): ParseResult {
    return { kind: 'syntax', at, next: this.recover(at) };
  }

  private action(action: CommandName, extra: number, from: number): ParseResult {
    return { kind: 'action', action, extra, next: this.recover(from) };
  }

  parse(i: number): ParseResult {
    const t = this.t(i);
    if (isTerm(t)) return { kind: 'empty', next: i + 1 };
    if (t.type === 'EOF') return { kind: 'empty', next: i };
    if (t.type !== 'CMD') return this.err(i);
    const name = t.value as CommandName;
    const cmd: Cmd = { name, argv: [], res: null, props: [] };
    const a = this.t(i + 1);
    switch (name) {
      case 'add': {
        if (a.type === 'TOKEN') {
          cmd.argv = [a.value];
          return this.finish(cmd, i + 2);
        }
        if (a.type === 'RES') {
          cmd.res = a.value;
          return this.finish(cmd, i + 2);
        }
        if (a.type === 'PROP') {
          const v = this.value(i + 2);
          if ('err' in v) return this.err(v.err);
          cmd.props.push({ name: a.value, value: v.v });
          return this.finish(cmd, v.i);
        }
        return this.action('add', HELP_RES_PROPS, i + 1);
      }
      case 'cancel':
      case 'commit':
      case 'delete':
      case 'end':
      case 'exit':
      case 'help':
      case 'revert':
      case 'verify': {
        if (a.type === 'TOKEN') {
          cmd.argv = [a.value];
          return this.finish(cmd, i + 2);
        }
        return this.finish(cmd, i + 1);
      }
      case 'create':
      case 'export': {
        const max = name === 'create' ? 3 : 2;
        let j = i + 1;
        while (cmd.argv.length < max && this.t(j).type === 'TOKEN') cmd.argv.push(this.t(j++).value);
        return this.finish(cmd, j);
      }
      case 'info': {
        if (a.type === 'TOKEN') return this.action('info', HELP_RES_PROPS, i + 2);
        if (a.type === 'RES') {
          cmd.res = a.value;
          const r = this.pairs(cmd, i + 2);
          if ('err' in r) return this.err(r.err);
          return this.finish(cmd, r.i);
        }
        if (a.type === 'PROP' && INFO_PROPS.has(a.value)) {
          cmd.res = a.value;
          return this.finish(cmd, i + 2);
        }
        return this.finish(cmd, i + 1);
      }
      case 'remove': {
        if (a.type === 'RES') {
          cmd.res = a.value;
          const r = this.pairs(cmd, i + 2);
          if ('err' in r) return this.err(r.err);
          return this.finish(cmd, r.i);
        }
        if (a.type === 'TOKEN') {
          const b = this.t(i + 2);
          if (b.type === 'RES') {
            cmd.argv = [a.value];
            cmd.res = b.value;
            return this.finish(cmd, i + 3);
          }
          return this.action('remove', HELP_RES_PROPS, i + 2);
        }
        if (a.type === 'PROP') {
          const v = this.value(i + 2);
          if ('err' in v) return this.err(v.err);
          cmd.props.push({ name: a.value, value: v.v });
          return this.finish(cmd, v.i);
        }
        return this.action('remove', HELP_RES_PROPS, i + 1);
      }
      case 'select': {
        if (a.type !== 'RES') return this.action('select', HELP_RES_PROPS, i + 1);
        cmd.res = a.value;
        if (this.t(i + 2).type === 'PROP') {
          const r = this.pairs(cmd, i + 2);
          if ('err' in r) return this.err(r.err);
          return this.finish(cmd, r.i);
        }
        if (a.value === 'dedicated-cpu' || a.value === 'capped-cpu' || a.value === 'capped-memory')
          return this.finish(cmd, i + 2);
        return this.action('select', 0, i + 2);
      }
      case 'set': {
        if (a.type === 'PROP') {
          if (this.t(i + 2).type !== 'EQUAL') return this.err(i + 2);
          if (this.t(i + 3).type === 'OPEN_SQ' && this.t(i + 4).type === 'CLOSE_SQ') {
            cmd.props.push({ name: a.value, value: { type: 'list', list: [] } });
            cmd.emptyList = true;
            return this.finish(cmd, i + 5);
          }
          const v = this.value(i + 3);
          if ('err' in v) return this.err(v.err);
          cmd.props.push({ name: a.value, value: v.v });
          return this.finish(cmd, v.i);
        }
        if (a.type === 'TOKEN') {
          const b = this.t(i + 2);
          if (!(b.type === 'PROP' && b.value === 'zonepath')) return this.err(i + 2);
          if (this.t(i + 3).type !== 'EQUAL') return this.err(i + 3);
          const v = this.value(i + 4);
          if ('err' in v) return this.err(v.err);
          cmd.argv = [a.value];
          cmd.props.push({ name: 'zonepath', value: v.v });
          return this.finish(cmd, v.i);
        }
        return this.action('set', HELP_PROPS, i + 1);
      }
      case 'clear': {
        if (a.type === 'PROP') {
          cmd.res = a.value;
          return this.finish(cmd, i + 2);
        }
        return this.action('clear', HELP_PROPS, i + 1);
      }
    }
  }
}
