// argv builders for zlogin (REFERENCE §6). A non-interactive `zlogin Z word...` does not
// exec the words: zlogin joins them with spaces and hands the line to `su root -c` (or
// /sbin/sh -c with -S), so a shell inside the zone parses it again. Every word is therefore
// single-quoted here; the zone name itself is validated and can never look like an option.
import type { ToolCall } from './types';
import { ValidationError, mustBe, validateEscapeChar, validateNotOption, validateZoneName } from './validate';

/**
 * POSIX single-quote quoting: inside '...' nothing is special, and a "'" is written as
 * '\'' (close, escaped quote, reopen). NUL cannot be carried by any argv, so it is refused.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new ValidationError('word', 'a NUL byte cannot be passed to a command');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export interface ConsoleOptions {
  /** -d: disconnect when the zone halts (the console hub keeps the session, so usually off) */
  disconnectOnHalt?: boolean;
  /** -e c: a different escape character; false for -E (no escape at all) */
  escape?: string | false;
}

/** `zlogin -C [-d] [-e c | -E] Z` */
export function zloginConsole(zone: string, opts: ConsoleOptions = {}): ToolCall {
  const args = ['-C'];
  if (opts.disconnectOnHalt) args.push('-d');
  if (opts.escape === false) args.push('-E');
  else if (opts.escape !== undefined) args.push('-e', mustBe('escape', validateEscapeChar(opts.escape)));
  args.push(mustBe('zone', validateZoneName(zone)));
  return { tool: 'zlogin', args };
}

/** Roughly what a command line can hold once zlogin has joined it. */
const MAX_COMMAND_CHARS = 64 * 1024;

/**
 * `zlogin [-S] Z 'word' 'word'...`: runs `words` inside the zone, each quoted for the zone's
 * shell. `safe` adds -S (failsafe login, for repairing a damaged zone).
 */
export function zloginCommand(zone: string, words: readonly string[], opts: { safe?: boolean } = {}): ToolCall {
  const name = mustBe('zone', validateZoneName(zone));
  const first = words[0];
  if (first === undefined || first === '') throw new ValidationError('command', 'a command to run in the zone is required');
  mustBe('command', validateNotOption(first, 'The command'));
  const quoted = words.map(shellQuote);
  if (quoted.join(' ').length > MAX_COMMAND_CHARS) {
    throw new ValidationError('command', `the command is longer than ${MAX_COMMAND_CHARS} characters`);
  }
  return { tool: 'zlogin', args: [...(opts.safe ? ['-S'] : []), name, ...quoted] };
}
