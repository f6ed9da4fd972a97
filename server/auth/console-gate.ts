// Who may open a console websocket, decided before the upgrade is accepted (server/ws/upgrade.ts).
// A browser sends cookies on cross-site websocket upgrades, so the cookie alone proves
// nothing: the upgrade must also carry a console ticket (tickets.ts) that only a same-origin
// POST of a signed-in user could get, for this host and zone, of this very session. Its
// mode is the ticket's (viewers get read-only), narrowed further by ?mode=ro and by a role
// taken away since. Once open, the socket lives as long as the session: logout, an admin's
// "end session" or expiry close it at once. Opening, refusing and closing are audited.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CLOSE, type ViewerMode } from '../console/protocol';
import { audit } from './audit';
import { readCookie, sessionCookieName, sourceAddress } from './http';
import { CONSOLE_INPUT_ROLE } from './policy';
import { roleAtLeast } from './roles';
import { authenticateToken, onSessionEnd, sessionAlive, touchSession } from './sessions';
import { redeemTicket } from './tickets';

export interface ConsoleTarget {
  host: string;
  zone: string;
  /** what the URL asks for (?mode=ro); it can only narrow what the gate grants */
  urlMode: ViewerMode;
}

export interface ConsoleGrant {
  mode: ViewerMode;
  /** the viewer's name as the others see it (the account), instead of the browser's choice */
  name?: string;
  /** the viewer typed something (activity on the session) */
  onInput?: () => void;
  /** the websocket is open and attached */
  bind?: (ws: WebSocket) => void;
}

export interface ConsoleGate {
  authorize(req: IncomingMessage, target: ConsoleTarget): { ok: true; grant: ConsoleGrant } | { ok: false; status: number; text: string; reason: string };
  /** a refusal decided before `authorize` (origin, names): recorded */
  refused(req: IncomingMessage, target: Partial<ConsoleTarget>, reason: string): void;
}

/** How long after a session ends its sockets get to close before they are cut. */
const CLOSE_GRACE_MS = 1000;
const TOUCH_EVERY_MS = 5000;

const modeWords = (m: ViewerMode) => (m === 'ro' ? 'read-only' : 'read-write');

export const ticketGate: ConsoleGate = {
  refused(req, target, reason) {
    audit({ address: sourceAddress(req.headers), host: target.host, zone: target.zone, action: 'console.open', outcome: 'refused', detail: reason, coalesce: true });
  },

  authorize(req, target) {
    const address = sourceAddress(req.headers);
    const auth = authenticateToken(readCookie(req.headers, sessionCookieName()));
    const refuse = (status: number, text: string, reason: string, user = '') => {
      // without a session, anyone can knock as often as they like: a flood is one row
      audit({ user, address, host: target.host, zone: target.zone, action: 'console.open', outcome: 'refused', detail: reason, coalesce: !user });
      return { ok: false as const, status, text, reason };
    };
    if (auth.kind !== 'ok') {
      return refuse(401, 'Unauthorized', auth.kind === 'expired' ? `session over: ${auth.why}` : 'not signed in', auth.kind === 'expired' ? auth.userName : '');
    }
    const { user, session } = auth;
    let ticket: string | null = null;
    try {
      ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket');
    } catch {
      /* refused below */
    }
    const redeemed = redeemTicket(ticket, { host: target.host, zone: target.zone });
    if (!redeemed.ok) return refuse(403, 'Forbidden', redeemed.reason, user.name);
    if (redeemed.ticket.sessionId !== session.id) return refuse(403, 'Forbidden', 'console ticket of another session', user.name);

    // the ticket's mode, no more than the URL asks and the role allows right now
    const mode: ViewerMode = redeemed.ticket.mode === 'ro' || target.urlMode === 'ro' || !roleAtLeast(user.role, CONSOLE_INPUT_ROLE) ? 'ro' : 'rw';
    let lastTouch = 0;
    return {
      ok: true,
      grant: {
        mode,
        name: user.name,
        onInput: () => {
          const now = Date.now();
          if (now - lastTouch < TOUCH_EVERY_MS) return;
          lastTouch = now;
          touchSession(session.id);
        },
        bind: (ws) => {
          const opened = Date.now();
          audit({ user: user.name, address, host: target.host, zone: target.zone, action: 'console.open', outcome: 'ok', detail: modeWords(mode) });
          let endedBy: string | null = null;
          const close = (reason: string) => {
            endedBy = reason;
            try {
              ws.close(CLOSE.signedOut, `session ended: ${reason}`);
            } catch {
              ws.terminate();
            }
            setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
          };
          // the session may have ended while the upgrade was being answered
          if (!sessionAlive(session.id)) close('expired');
          const unlink = onSessionEnd(session.id, (e) => close(e.reason));
          ws.once('close', (code: number) => {
            unlink();
            const secs = Math.round((Date.now() - opened) / 1000);
            audit({
              user: user.name,
              address,
              host: target.host,
              zone: target.zone,
              action: 'console.close',
              outcome: 'ok',
              detail: `${modeWords(mode)}, open ${secs} s, ${endedBy ? `closed by the server: session ended (${endedBy})` : `closed (code ${code})`}`,
            });
          });
        },
      },
    };
  },
};
