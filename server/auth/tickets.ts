// Console tickets: what a browser needs to open a console websocket. Issued by an
// authorized tRPC call (console.ticket), bound to the session, user, host, zone and mode
// (read-only or read-write), good for 30 seconds and for one upgrade only. A browser sends
// cookies on cross-site websocket upgrades; a ticket it can only get from a same-origin POST
// is what stops another site from opening a console in its name.
import { randomBytes } from 'node:crypto';
import type { ViewerMode } from '../console/protocol';
import { clock } from './clock';
import { hashToken } from './sessions';
import { processSlot } from '../process-slots';

export const TICKET_TTL_MS = 30_000;
/** Tickets one session may hold unused at a time: a page opens one console, a person a few
 *  tabs; a script asking in a loop would otherwise fill memory for 30 s at a time. */
export const MAX_TICKETS_PER_SESSION = 20;

export interface Ticket {
  sessionId: string;
  userId: number;
  userName: string;
  host: string;
  zone: string;
  mode: ViewerMode;
  expiresAt: number;
}

function tickets(): Map<string, Ticket> {
  return processSlot('consoleTickets', () => new Map<string, Ticket>());
}

function prune(now: number): void {
  for (const [k, t] of tickets()) if (t.expiresAt <= now) tickets().delete(k);
}

/** The unused, unexpired tickets of a session. */
export function outstandingTickets(sessionId: string): number {
  prune(clock.now());
  let n = 0;
  for (const t of tickets().values()) if (t.sessionId === sessionId) n++;
  return n;
}

export class TooManyTicketsError extends Error {
  override readonly name = 'TooManyTicketsError';
}

/** A new ticket; refused (TooManyTicketsError) when the session holds MAX_TICKETS_PER_SESSION unused. */
export function issueTicket(t: Omit<Ticket, 'expiresAt'>): { ticket: string; expiresAt: number } {
  const now = clock.now();
  if (outstandingTickets(t.sessionId) >= MAX_TICKETS_PER_SESSION) {
    throw new TooManyTicketsError(
      `this session holds ${MAX_TICKETS_PER_SESSION} unused console tickets already: open the consoles asked for, or wait ${TICKET_TTL_MS / 1000} s for them to expire`,
    );
  }
  const ticket = randomBytes(24).toString('base64url');
  const expiresAt = now + TICKET_TTL_MS;
  tickets().set(hashToken(ticket), { ...t, expiresAt });
  return { ticket, expiresAt };
}

export type Redeemed = { ok: true; ticket: Ticket } | { ok: false; reason: string };

/** Takes the ticket out (used once, whatever the answer), and checks it fits this request. */
export function redeemTicket(ticket: string | null, want: { host: string; zone: string }): Redeemed {
  if (!ticket || ticket.length > 100) return { ok: false, reason: 'no console ticket' };
  const key = hashToken(ticket);
  const t = tickets().get(key);
  tickets().delete(key);
  const now = clock.now();
  prune(now);
  if (!t) return { ok: false, reason: 'unknown or already used console ticket' };
  if (t.expiresAt <= now) return { ok: false, reason: 'expired console ticket' };
  if (t.host !== want.host || t.zone !== want.zone) {
    return { ok: false, reason: `console ticket is for ${t.host}/${t.zone}, not ${want.host}/${want.zone}` };
  }
  return { ok: true, ticket: t };
}
