// The zonecfg lexer (usr/src/cmd/zonecfg/zonecfg_lex.l), state for state:
//  INITIAL: command keywords, '#' comments; anything else is a one-character token
//  TSTATE:  resource/property keywords, '=', '[', '(', words, "quoted" strings (no escapes)
//  LSTATE:  inside [...]: words end at ',' too; no keywords
//  CSTATE:  inside (...): property keywords, words may contain '[' ']'
// ';' and '\n' end a command and return to INITIAL; '\n' counts a line.

export type TokType =
  | 'CMD' // a command keyword (value: the command)
  | 'RES' // resource type keyword
  | 'PROP' // property name keyword
  | 'EQUAL'
  | 'OPEN_SQ'
  | 'CLOSE_SQ'
  | 'OPEN_PAREN'
  | 'CLOSE_PAREN'
  | 'COMMA'
  | 'TOKEN'
  | 'NL'
  | 'SEMI'
  | 'CHAR'
  | 'EOF';

export interface Tok {
  type: TokType;
  /** yytext: exactly what was matched (quotes included) */
  text: string;
  /** for TOKEN: the value; for CMD/RES/PROP: the keyword */
  value: string;
  /** lex_lineno right after this token was lexed */
  line: number;
}

export const COMMANDS = [
  'add',
  'cancel',
  'commit',
  'create',
  'delete',
  'end',
  'exit',
  'export',
  'help',
  'info',
  'remove',
  'revert',
  'select',
  'set',
  'clear',
  'verify',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/** keyword → resource type name (TSTATE only) */
export const RES_KEYWORDS = [
  'net',
  'fs',
  'device',
  'rctl',
  'attr',
  'admin',
  'security-flags',
  'dataset',
  'dedicated-cpu',
  'capped-cpu',
  'capped-memory',
] as const;
export type ResType = (typeof RES_KEYWORDS)[number];

/** property-name keywords (TSTATE and CSTATE) */
export const PROP_KEYWORDS = [
  'zonename',
  'zonepath',
  'brand',
  'autoboot',
  'ip-type',
  'pool',
  'limitpriv',
  'bootargs',
  'type',
  'value',
  'options',
  'allowed-address',
  'address',
  'physical',
  'defrouter',
  'mac-addr',
  'vlan-id',
  'global-nic',
  'property',
  'dir',
  'special',
  'raw',
  'name',
  'match',
  'priv',
  'limit',
  'action',
  'ncpus',
  'locked',
  'swap',
  'importance',
  'cpu-shares',
  'max-lwps',
  'max-processes',
  'max-shm-memory',
  'max-shm-ids',
  'max-msg-ids',
  'max-sem-ids',
  'scheduling-class',
  'hostid',
  'user',
  'auths',
  'fs-allowed',
  'default',
  'lower',
  'upper',
  'zfs-io-priority',
] as const;
export type PropName = (typeof PROP_KEYWORDS)[number];

const RES_SET = new Set<string>(RES_KEYWORDS);
const PROP_SET = new Set<string>(PROP_KEYWORDS);
const INITIAL_KEYWORDS = [...COMMANDS, '?'];

type State = 'INITIAL' | 'TSTATE' | 'LSTATE' | 'CSTATE';

const T_WORD = /^[^ \t\n";=[\]()]+/;
const L_WORD = /^[^ \t\n",;=[\]()]+/;
const C_WORD = /^[^ \t\n",;=()]+/;

/** Tokenize the whole input (the lexer's state depends only on the input). */
export function lex(input: string, startLine = 1): Tok[] {
  const toks: Tok[] = [];
  let line = startLine;
  let st: State = 'INITIAL';
  let saved: State = 'INITIAL'; // the 'state' variable of the .l file
  let i = 0;
  const push = (type: TokType, text: string, value = text) => toks.push({ type, text, value, line });
  while (i < input.length) {
    const rest = input.slice(i);
    const c = input[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\n') {
      line++;
      st = 'INITIAL';
      push('NL', '\n');
      i++;
      continue;
    }
    if (c === ';') {
      st = 'INITIAL';
      push('SEMI', ';');
      i++;
      continue;
    }
    if (st === 'INITIAL') {
      if (c === '#') {
        const nl = input.indexOf('\n', i);
        i = nl < 0 ? input.length : nl;
        continue;
      }
      // longest keyword that is a prefix of the input
      let best = '';
      for (const k of INITIAL_KEYWORDS) if (rest.startsWith(k) && k.length > best.length) best = k;
      if (best) {
        st = 'TSTATE';
        saved = 'TSTATE';
        push('CMD', best, best === '?' ? 'help' : best);
        i += best.length;
        continue;
      }
      push('CHAR', c);
      i++;
      continue;
    }
    // TSTATE, LSTATE, CSTATE
    if (c === '"') {
      // \"[^\"\n]*[\"\n]: the token ends at the closing quote or at (and including) a newline
      let j = i + 1;
      while (j < input.length && input[j] !== '"' && input[j] !== '\n') j++;
      if (j >= input.length) {
        // no closing character: lex falls back to '.'
        push('CHAR', c);
        i++;
        continue;
      }
      const text = input.slice(i, j + 1);
      const value = input[j] === '"' ? input.slice(i + 1, j) : input.slice(i + 1, j + 1);
      push('TOKEN', text, value);
      i = j + 1;
      continue;
    }
    if (c === '=') {
      push('EQUAL', '=');
      i++;
      continue;
    }
    if (st === 'TSTATE' && c === '[') {
      st = 'LSTATE';
      saved = 'LSTATE';
      push('OPEN_SQ', '[');
      i++;
      continue;
    }
    if (st === 'LSTATE' && c === ']') {
      st = 'TSTATE';
      saved = 'TSTATE';
      push('CLOSE_SQ', ']');
      i++;
      continue;
    }
    if ((st === 'TSTATE' || st === 'LSTATE') && c === '(') {
      st = 'CSTATE';
      push('OPEN_PAREN', '(');
      i++;
      continue;
    }
    if (st === 'CSTATE' && c === ')') {
      st = saved;
      push('CLOSE_PAREN', ')');
      i++;
      continue;
    }
    if ((st === 'LSTATE' || st === 'CSTATE') && c === ',') {
      push('COMMA', ',');
      i++;
      continue;
    }
    const re = st === 'TSTATE' ? T_WORD : st === 'LSTATE' ? L_WORD : C_WORD;
    const m = re.exec(rest);
    if (m) {
      const w = m[0];
      if (st === 'TSTATE' && RES_SET.has(w)) push('RES', w);
      else if ((st === 'TSTATE' || st === 'CSTATE') && PROP_SET.has(w)) push('PROP', w);
      else push('TOKEN', w);
      i += w.length;
      continue;
    }
    push('CHAR', c);
    i++;
  }
  push('EOF', '');
  return toks;
}
