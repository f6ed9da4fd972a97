// The key that takes focus out of the terminal. xterm keeps Tab and Shift+Tab for the zone (shells
// complete with them), so without a key of our own a keyboard user could not leave the console.
// Ctrl+] is telnet's escape key, what people try first to get out of a terminal session, and it
// means nothing to a zone's shell or to vi (it would send GS, 0x1d). Matched by the physical key
// too: where ] needs AltGr (German), Ctrl and the key that is ] on a US keyboard work.
export const LEAVE_KEY_HINT = 'Ctrl+]';

export function isLeaveKey(e: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey' | 'key' | 'code'>): boolean {
  return e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey && (e.code === 'BracketRight' || e.key === ']');
}
