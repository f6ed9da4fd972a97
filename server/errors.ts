// What went wrong, in the domain's words. The zones and auth services throw these; they know
// nothing of tRPC or HTTP. server/trpc/init.ts maps each kind to a tRPC code in one place
// (domainErrorCode), so a service never picks a status and the mapping cannot drift.
//
// The message is the sentence a person reads, unchanged on its way to the browser; the
// extra fields (the busy zone's holder, the refused verb's reason, the invalid field) are
// for callers that act on them rather than show them.

export type DomainErrorKind = 'not_found' | 'busy' | 'conflict' | 'refused' | 'invalid' | 'unauthorized' | 'forbidden' | 'tool_failed';

/** Marks domain errors across module instances: server/main.ts and Next's bundled routes
 *  each load this file, so an error thrown by a service one of them built is not an
 *  `instanceof` the other's classes. isDomainError() reads this mark instead. */
const DOMAIN_ERROR = Symbol.for('zonedash.domainError');

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly [DOMAIN_ERROR] = true;
}

/** Whether `e` is a domain error, whichever module instance made it. */
export function isDomainError(e: unknown): e is DomainError {
  return e instanceof Error && (e as unknown as Record<symbol, unknown>)[DOMAIN_ERROR] === true && typeof (e as { kind?: unknown }).kind === 'string';
}

/** The thing named does not exist (a zone, a host, a user, a task, a zone creation). */
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  override readonly name = 'NotFoundError';
}

/** The thing named exists already, or the change would break an invariant that another
 *  record holds (the last enabled admin). Retrying the same request will not help. */
export class ConflictError extends DomainError {
  readonly kind: 'conflict' | 'busy' = 'conflict';
  override readonly name: string = 'ConflictError';
}

/** The zone is held by a running task: retry when it finishes. `holder` is that task's id
 *  ('pending' while it is being recorded). */
export class BusyError extends ConflictError {
  override readonly kind = 'busy';
  override readonly name = 'BusyError';
  constructor(
    message: string,
    readonly holder: string,
  ) {
    super(message);
  }
}

/** The request is well formed but the current state does not allow it (boot a configured
 *  zone, retry a finished creation). `reason` is the state's part of the message, in
 *  zoneadm's words where there are some. */
export class RefusedError extends DomainError {
  readonly kind = 'refused';
  override readonly name = 'RefusedError';
  constructor(
    message: string,
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** A value is not acceptable. `field` is its path as the form names it ('basics.name'), so
 *  the form can put the message beside it. (server/illumos's ValidationError, thrown by the
 *  argv builders, has the same shape and maps the same way.) */
export class InvalidError extends DomainError {
  readonly kind = 'invalid';
  override readonly name = 'InvalidError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Nobody is signed in, or the session no longer counts. */
export class UnauthorizedError extends DomainError {
  readonly kind = 'unauthorized';
  override readonly name = 'UnauthorizedError';
}

/** Signed in, but this person (or nobody, ever) may do this. */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  override readonly name = 'ForbiddenError';
}

/** A host tool failed or did not answer where the dashboard needed it to (a read, not a
 *  task step: those record their failure in the task). The message carries the tool's words. */
export class ToolFailedError extends DomainError {
  readonly kind = 'tool_failed';
  override readonly name = 'ToolFailedError';
}
