// argv builders for zlogin (REFERENCE §6). A non-interactive `zlogin Z word...` does not
// exec the words: zlogin joins them with spaces and hands the line to `su root -c` (or
// /sbin/sh -c with -S), so a shell inside the zone parses it again. Every word is therefore
// single-quoted here; the zone name itself is validated and can never look like an option.
import { shellQuote } from './shell';
import type { ToolCall } from './types';
import { ValidationError, mustBe, validateEscapeChar, validateNotOption, validateZoneName } from './validate';

// The quoting itself lives in shell.ts (one function for zlogin, ssh and the scripts people
// read); re-exported here for the callers that know it from zlogin.
export { shellQuote };

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
