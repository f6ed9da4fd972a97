import 'server-only';
// The signed-in user of this request, for server components (once per request).
import { headers } from 'next/headers';
import { cache } from 'react';
import { permissionsFor } from '@/server/auth/permissions';
import { createContext } from '@/server/trpc/init';
import type { SessionView } from './session';

export const currentUser = cache(async (): Promise<SessionView | null> => {
  const ctx = createContext(await headers());
  if (!ctx.auth) return null;
  const { name, role } = ctx.auth.user;
  return { name, role, permissions: permissionsFor(role) };
});
