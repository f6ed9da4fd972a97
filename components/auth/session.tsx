'use client';
// Who is signed in, for client components: handed down by the root layout (read on the
// server for this request), so menus can say which role an action needs.
import { createContext, useContext, type ReactNode } from 'react';
import type { Permissions } from '@/server/auth/permissions';
import type { Role } from '@/server/auth/roles';

export interface SessionView {
  name: string;
  role: Role;
  permissions: Permissions;
}

const SessionContext = createContext<SessionView | null>(null);

export function SessionProvider({ value, children }: { value: SessionView | null; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionView | null {
  return useContext(SessionContext);
}

/** "needs the operator role", or null when the signed-in user may. */
export function roleReason(need: Role | null | undefined): string | null {
  return need ? `needs the ${need} role` : null;
}
