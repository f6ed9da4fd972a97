// The console websocket protocol, /ws/console/<host>/<zone>?ticket=T[&mode=ro] (the ticket from
// the console.ticket procedure, server/auth/tickets.ts). Shared by the hub and
// the browser pane (which imports only types and constants from here: no Node in this file).
//
// Binary frames carry terminal bytes: server → browser, the console's output; browser →
// server, keystrokes and pastes. Text frames carry one JSON control message each.
//
// Offsets: every byte the console has produced since the hub's session for this zone began
// has an absolute offset. A viewer keeps the offset of the next byte it expects; after a
// reconnect it says `hello {session, offset}` and the hub resumes exactly there (from the
// replay buffer), so nothing is doubled or lost unless the buffer has already moved past
// that offset, which the hub then says with a `skip` message before any byte.

/** browser → server */
export type ClientMessage =
  | {
      type: 'hello';
      /** the session of the bytes the viewer already holds (from a previous `welcome`) */
      session?: string;
      /** the offset of the next byte the viewer wants; omitted: the whole replay buffer */
      offset?: number;
      /** 'ro' makes this viewer read-only (it can never become read-write on this socket) */
      mode?: ViewerMode;
      /** shown to the other viewers when the server does not name the viewer (the account's name wins) */
      name?: string;
      cols?: number;
      rows?: number;
    }
  /** bytes written by the terminal (xterm's write callback) on this socket, cumulative */
  | { type: 'ack'; bytes: number }
  | { type: 'resize'; cols: number; rows: number };

export type ViewerMode = 'rw' | 'ro';

/** What the hub's `zlogin -C` is doing for this zone. */
export type ConsoleState =
  /** zlogin is starting (or about to be restarted) */
  | 'starting'
  /** zlogin is attached to the zone's console (the zone may still be not running) */
  | 'attached'
  /** another console client holds the zone's console; the hub retries */
  | 'busy'
  /** the zone cannot have a console now (configured, incomplete, unknown); the hub waits */
  | 'unavailable'
  /** nobody is watching; zlogin was detached after the grace period */
  | 'detached';

export interface ConsoleStatus {
  state: ConsoleState;
  /** the zone's state as the host's watcher last saw it, null when unknown */
  zoneState: string | null;
  /** pid of the other console client (state 'busy') */
  holderPid?: number;
  /** a sentence for the pane (why unavailable, what zlogin said) */
  message?: string;
}

export interface PresenceEntry {
  id: string;
  name: string;
  mode: ViewerMode;
  /** ms since epoch */
  since: number;
}

/** server → browser */
export type ServerMessage =
  | {
      type: 'welcome';
      session: string;
      viewerId: string;
      mode: ViewerMode;
      /** the offset of the first byte that follows (replay starts here) */
      offset: number;
      /** true when the viewer's session was unknown (the hub restarted): its bytes are not continued */
      newSession: boolean;
    }
  /** bytes [from, to) were dropped for this viewer (it fell behind the replay buffer) */
  | { type: 'skip'; from: number; to: number; reason: 'behind' | 'replay' }
  | ({ type: 'status' } & ConsoleStatus)
  | { type: 'presence'; viewers: PresenceEntry[] }
  /** a one-off message for this viewer (read-only keystrokes refused, ...) */
  | { type: 'notice'; text: string };

/** websocket close codes the hub uses (4000–4999 are the application's) */
export const CLOSE = {
  /** a malformed control message or an oversized frame */
  protocol: 4400,
  /** the viewer stopped acknowledging output for too long */
  stalled: 4408,
  /** the server is going away (shutdown) */
  shutdown: 4503,
  /** the viewer's session ended (signed out, ended by an admin, expired): do not reconnect */
  signedOut: 4401,
} as const;

/** The browser acknowledges at least this often (bytes written by the terminal). */
export const ACK_EVERY_BYTES = 64 * 1024;
/** Largest binary frame the browser sends (a paste is cut into frames of this size). */
export const MAX_INPUT_FRAME = 16 * 1024;
