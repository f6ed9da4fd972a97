// POSIX shell quoting: the one place that turns argv words into text a shell will parse back
// into exactly those words. Three readers need it: zlogin (it joins its arguments and hands the
// line to a shell in the zone), ssh (it sends one command line that the remote user's shell
// parses), and the texts shown to people (the provisioning script, the audit export).
// Pure: no I/O.
import { ValidationError } from './validate';

/**
 * One word single-quoted for any POSIX shell (sh, ksh93, bash, dash, zsh): inside '...' no
 * character is special, a "'" is written as '\'' (close, escaped quote, reopen). Newlines,
 * `$()`, backticks, globs, UTF-8 all pass untouched. A NUL cannot be carried by any argv (C
 * strings end there), so it is refused rather than silently cutting the word.
 */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new ValidationError('word', 'a NUL byte cannot be passed to a command');
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** argv as one command line: every word quoted, separated by single spaces. */
export function shellCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new ValidationError('command', 'a command line needs at least one word');
  return argv.map(shellQuote).join(' ');
}

/** Characters no POSIX shell treats specially in an argument (not the first word: `A=b` there is an assignment). */
const BARE_WORD = /^[A-Za-z0-9_@%+,./:=-]+$/;

/**
 * A word as a person would type it: bare when nothing in it is special, else single-quoted.
 * For texts people read and may paste (scripts, the audit log); a leading `=` is quoted
 * because zsh expands `=cmd`.
 */
export function shellWord(word: string): string {
  return BARE_WORD.test(word) && !word.startsWith('=') ? word : shellQuote(word);
}

// ---- ssh command lines -------------------------------------------------------------------
//
// sshd runs an exec request's command as `<login shell> -c '<line>'`. The line therefore
// starts a known shell, /bin/sh (ksh93 on illumos, dash on Debian), on one single-quoted
// script: whatever the login shell is (bash, ksh, zsh), it only has to parse one quoted word.
//
// Closing a plain (no pty) exec channel does not stop the remote command: sshd just closes
// the pipes, and a command that neither reads nor writes (a hung zoneadm) runs on forever. A
// "signal" request does not help either: OpenSSH refuses it for a forced command, for root's
// sessions ("session signalling requires privilege separation") and before 7.9. So the
// channel's standard input is made the command's lifeline: a watchdog shell holds it and, when
// it reaches end of file (the dashboard closed the channel at a timeout, or the connection died
// and sshd's session process went away), kills the whole process group of the session (sshd
// starts every session as a process group of its own, with setsid). The tool's own standard
// input is fed by the watchdog through a pipe: exactly `stdinBytes` bytes, read with
// `dd bs=1` (one byte per read never takes more than its share, and dd is on every POSIX
// system), then end of file, so `zonecfg -f -` sees its file while the channel stays open.
// When the tool exits on its own, its side of the pipe kills the watchdog and the line exits
// with the tool's status. One gap: a tool that hangs without reading an input larger than a
// pipe holds (64 KiB on Linux, less on illumos) leaves the watchdog blocked in dd, deaf to
// the channel; zonecfg reads its command file first, and such files are a few KiB.
// Killing needs the right to signal the tool: a pfexec profile with euid=0 keeps the user's
// real uid (killable); one with uid=0 (zonecfg under Zone Security) does not.
// The locale is set with `LC_ALL=C; export LC_ALL` in that script, not `LC_ALL=C exec ...`:
// whether assignments before the special built-in `exec` reach the new program is left to
// the shell by POSIX, while an exported variable reaches every program started after it.

/** Where the guard runs: the same path on illumos and every Linux/BSD. */
const SH = '/bin/sh';

const LOCALE = 'LC_ALL=C; export LC_ALL';

/** A script as the login shell must see it: `exec /bin/sh -c '<script>'`. */
function viaSh(script: string): string {
  return `exec ${SH} -c ${shellQuote(script)}`;
}

/**
 * The exec-request line for `argv` (first word an absolute path), guarded so that the
 * command and everything it started die when the channel closes. `stdinBytes` is the exact
 * size of what the caller will write to the channel for the tool's standard input (0: none;
 * the tool then reads end of file at once). The caller must not send end of file on the
 * channel itself: that is the signal to kill.
 */
export function guardedCommandLine(argv: readonly string[], stdinBytes: number): string {
  if (!Number.isSafeInteger(stdinBytes) || stdinBytes < 0) throw new ValidationError('stdin', 'the input size must be a whole number of bytes');
  const feed = stdinBytes > 0 ? `dd bs=1 count=${stdinBytes} 2>/dev/null; ` : '';
  // The watchdog is a shell of its own so that $$ is its pid, which it hands to the tool's side
  // of the pipe first, in exactly 10 bytes (space-padded); that side takes them with dd, which
  // cannot read past them as a shell's `read` might, leaving the payload to the tool, and kills
  // the watchdog once the tool is done, which ends the pipeline with the tool's status.
  const watchdog = `printf '%10d' $$; ${feed}exec >/dev/null; while read -r _; do :; done; kill -s KILL 0`;
  // The shell's own stderr goes to /dev/null (fd 4 keeps the channel's): shells report a pipeline
  // member killed by a signal ("Killed"), which is not the tool's output.
  const toolSide = `{ w=$(dd bs=1 count=10 2>/dev/null); ${shellCommandLine(argv)} 4>&-; s=$?; kill -s KILL $w 2>/dev/null; exit "$s"; } 2>&4`;
  return viaSh(`${LOCALE}\nexec 4>&2 2>/dev/null\n${SH} -c ${shellQuote(watchdog)} 4>&- | ${toolSide}\n`);
}

/**
 * The exec-request line for a tool on a pseudo-terminal (`zlogin -C`): no watchdog is
 * needed, closing a pty channel hangs the terminal up and the kernel sends SIGHUP to it.
 */
export function ptyCommandLine(argv: readonly string[]): string {
  return viaSh(`${LOCALE}; exec ${shellCommandLine(argv)}`);
}

/**
 * A private temporary file on the host, filled from standard input; prints its path.
 * `umask 077` before mktemp so that the file is never readable by others, even briefly.
 */
export function tempFileScript(): string {
  return 'umask 077; f=$(mktemp /tmp/zonedash.XXXXXXXXXX) || exit 1; cat >"$f" || { rm -f "$f"; exit 1; }; printf "%s\\n" "$f"';
}

/** What tempFileScript prints, checked before it is used in another command. */
export const TEMP_FILE_PATH = /^\/tmp\/zonedash\.[A-Za-z0-9]{10}$/;
