// The zonecfg lexer (REFERENCE §3.2, zonecfg_lex.l) in TypeScript, so the export parser and
// the command-file writer agree with zonecfg on where a word ends. Words end at blanks and
// at `" ; = [ ] ( )`; inside a list `,` also ends a word, inside a complex value `,` does but
// `[ ]` do not. A quoted string has no escape character. `#` starts a comment only where a
// command would start, and `;` separates commands on one line.
import { ParseError, outputLines } from './parseError';

export type ZonecfgToken =
  | { kind: 'word'; text: string; quoted: boolean }
  | { kind: '=' | '[' | ']' | '(' | ')' | ',' };

export interface ZonecfgCommand {
  line: number;
  /** the command word first (`set`, `add`, ...), then its tokens */
  tokens: ZonecfgToken[];
}

type State = 'command' | 'token' | 'list' | 'complex';

const WORD_END: Record<Exclude<State, 'command'>, string> = {
  token: ' \t";=[]()',
  list: ' \t",;=[]()',
  complex: ' \t",;=()',
};

/** Lexes a whole command file (or export output) into commands. */
export function lexZonecfgCommands(text: string, what: string): ZonecfgCommand[] {
  const commands: ZonecfgCommand[] = [];
  outputLines(text).forEach((line, i) => {
    for (const tokens of scan(line, i + 1, what, true)) commands.push({ line: i + 1, tokens });
  });
  return commands;
}

/** Lexes one value as it appears after `prop: ` in `zonecfg info` (a word, `[list]` or `(complex)`). */
export function lexZonecfgValue(text: string, line: number, what: string): ZonecfgToken[] {
  const commands = scan(text, line, what, false);
  if (commands.length !== 1) throw new ParseError(what, line, `unexpected ';' in value ${JSON.stringify(text)}`);
  return commands[0] ?? [];
}

function scan(line: string, lineNo: number, what: string, commandStart: boolean): ZonecfgToken[][] {
  const initial: State = commandStart ? 'command' : 'token';
  const commands: ZonecfgToken[][] = [];
  let tokens: ZonecfgToken[] = [];
  let state: State = initial;
  let afterComplex: 'token' | 'list' = 'token';
  let i = 0;
  const finish = () => {
    if (tokens.length > 0) commands.push(tokens);
    tokens = [];
    state = initial;
  };
  while (i < line.length) {
    const ch = line[i] ?? '';
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === ';') {
      finish();
      i++;
      continue;
    }
    if (state === 'command') {
      if (ch === '#') break;
      const word = /^[^ \t;]+/.exec(line.slice(i))?.[0] ?? ch;
      tokens.push({ kind: 'word', text: word, quoted: false });
      i += word.length;
      state = 'token';
      continue;
    }
    if (ch === '"') {
      const close = line.indexOf('"', i + 1);
      if (close === -1) throw new ParseError(what, lineNo, `unterminated double quote at column ${i + 1}`);
      tokens.push({ kind: 'word', text: line.slice(i + 1, close), quoted: true });
      i = close + 1;
      continue;
    }
    const punct = punctuation(ch, state);
    if (punct !== null) {
      tokens.push({ kind: punct });
      if (punct === '[' && state === 'token') state = 'list';
      else if (punct === ']' && state === 'list') state = 'token';
      else if (punct === '(' && state !== 'complex') {
        afterComplex = state === 'list' ? 'list' : 'token';
        state = 'complex';
      } else if (punct === ')' && state === 'complex') state = afterComplex;
      i++;
      continue;
    }
    const ends = WORD_END[state];
    let j = i;
    while (j < line.length && !ends.includes(line[j] ?? '')) j++;
    tokens.push({ kind: 'word', text: line.slice(i, j), quoted: false });
    i = j;
  }
  finish();
  return commands;
}

function punctuation(ch: string, state: Exclude<State, 'command'>): '=' | '[' | ']' | '(' | ')' | ',' | null {
  switch (ch) {
    case '=':
    case '(':
    case ')':
      return ch;
    case '[':
    case ']':
      return state === 'complex' ? null : ch;
    case ',':
      return state === 'token' ? null : ',';
    default:
      return null;
  }
}
