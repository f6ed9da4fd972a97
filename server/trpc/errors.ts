// The one place where the domain's errors (server/errors.ts) become tRPC errors: each kind
// has its code here, the message passes through unchanged, and the domain error stays the
// cause (so the audit log and the error formatter can read its fields). server/trpc/init.ts
// applies it to every procedure's result. Errors are recognised by their mark, not by
// `instanceof`: the services may come from server/main.ts's copy of the modules.
import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { isDomainError, type DomainErrorKind } from '../errors';
import { ValidationError } from '../illumos/validate';

export const DOMAIN_ERROR_CODES: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  not_found: 'NOT_FOUND',
  busy: 'CONFLICT',
  conflict: 'CONFLICT',
  refused: 'PRECONDITION_FAILED',
  invalid: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  tool_failed: 'INTERNAL_SERVER_ERROR',
};

/** The tRPC error for a domain error (or an argv builder's ValidationError, which is an
 *  invalid value too); null for anything else, which stays what tRPC made of it. */
export function toTRPCError(error: unknown): TRPCError | null {
  if (isDomainError(error)) return new TRPCError({ code: DOMAIN_ERROR_CODES[error.kind] ?? 'INTERNAL_SERVER_ERROR', message: error.message, cause: error });
  if (isValidationError(error)) return new TRPCError({ code: 'BAD_REQUEST', message: error.message, cause: error });
  return null;
}

/** server/illumos's ValidationError, by its shape (it may come from another module instance). */
function isValidationError(e: unknown): e is ValidationError {
  return e instanceof ValidationError || (e instanceof Error && e.name === 'ValidationError' && typeof (e as { field?: unknown }).field === 'string');
}

/** The field an invalid-value error names, for forms (the same shape as zod's issues). */
export function invalidFields(error: unknown): { path: string; message: string }[] | null {
  if ((isDomainError(error) && error.kind === 'invalid') || isValidationError(error)) {
    return [{ path: (error as Error & { field: string }).field, message: error.message }];
  }
  return null;
}
