// What the dashboard reads about a host itself (not its zones): its release, from
// `uname -v`, once per host for the Hosts page (OmniOS "omnios-r151054-b53bc6f7d7", SmartOS
// "joyent_20240201T000934Z", OpenIndiana "illumos-…").
import type { ToolCall } from './types';

/** `uname -v`: the kernel's version string, which names the distribution and its release. */
export function unameVersion(): ToolCall {
  return { tool: 'uname', args: ['-v'] };
}

/** The version from `uname -v`'s output: its one line, or null when it is not one plausible
 *  line (the host's text is untrusted: shown on a page, so kept short and printable). */
export function parseUnameVersion(text: string): string | null {
  const line = text.replace(/\n$/, '');
  if (line.includes('\n') || line.length === 0 || line.length > 256) return null;
  return /^[\x21-\x7e]+$/.test(line) ? line : null;
}
