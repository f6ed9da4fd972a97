// Readers of what `zlogin -C` itself says (REFERENCE §6), as opposed to what the zone's
// console carries: its banner when it has attached, and its refusal when another console
// client holds the zone (illumos allows one). The console hub (server/console) decides
// what to do; the words are known only here.

/** zlogin.c prints this once the console is attached: `[Connected to zone 'Z' console]`. */
const ATTACHED_BANNER = /\[Connected to zone '[^'\n]*' console\]/;

/** The banner as a line: its line end (LF, or CR LF as a pty turns it) may not have arrived
 *  yet, and a lone CR at the very end of the text is the start of one. */
const ATTACHED_BANNER_LINE = /\[Connected to zone '[^'\n]*' console\](\r\n|\n|\r$)?/;

/** zlogin.c's zerror when zoneadmd already has a console client: the holder's process ID.
 *  (zlogin prefixes it with 'zlogin: '; a pty may put other bytes before it.) */
const IN_USE = /Zone is already in use by process ID (\d+)/;

/** Whether zlogin's first output shows it attached (the text may hold more after the banner). */
export function zloginConsoleAttached(text: string): boolean {
  return ATTACHED_BANNER.test(text);
}

/**
 * Where zlogin's banner line is in its first output (byte offsets when `text` was decoded as
 * latin1), with its line end when that has arrived; `lineEnded` false: the LF (or CR LF)
 * that ends it is still to come. Null when there is no banner.
 */
export function zloginConsoleBanner(text: string): { start: number; end: number; lineEnded: boolean } | null {
  const m = ATTACHED_BANNER_LINE.exec(text);
  if (!m) return null;
  return { start: m.index, end: m.index + m[0].length, lineEnded: m[1] === '\n' || m[1] === '\r\n' };
}

/** The process ID of the console client that holds the zone, when zlogin refused for that
 *  reason; null for any other output. */
export function zloginConsoleHolder(text: string): number | null {
  const m = IN_USE.exec(text);
  if (!m) return null;
  const pid = Number(m[1]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}
