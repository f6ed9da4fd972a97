'use client';
// The browser's tRPC client and query cache. Components use `useTRPC()` with TanStack Query's
// hooks; only the router's type crosses from the server.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchStreamLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { observable } from '@trpc/server/observable';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '@/server/trpc/app-router';
import { makeQueryClient } from './query-client';
import { paths } from '@/components/paths';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server every request gets its own cache; in the browser one cache lives for the tab.
  if (typeof window === 'undefined') return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

/** A session that ended (signed out elsewhere, ended by an admin, idle) sends the page to sign in. */
const signInWhenSignedOut: TRPCLink<AppRouter> = () => ({ op, next }) =>
  observable((observer) =>
    next(op).subscribe({
      next: (v) => observer.next(v),
      complete: () => observer.complete(),
      error: (err) => {
        if (err instanceof TRPCClientError && err.data?.code === 'UNAUTHORIZED' && !op.path.startsWith('auth.') && typeof window !== 'undefined') {
          // a full load: the session is gone from every server-rendered part too
          window.location.assign(paths.login(location.pathname + location.search));
        }
        observer.error(err);
      },
    }),
  );

// Signing in and out sets cookies: those answers must not be streamed (a streamed answer's
// headers leave before the procedure has run).
const COOKIE_SETTERS = new Set(['auth.login', 'auth.logout', 'auth.setup']);

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        signInWhenSignedOut,
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc' }),
          false: splitLink({
            condition: (op) => COOKIE_SETTERS.has(op.path),
            true: httpLink({ url: '/api/trpc' }),
            false: httpBatchStreamLink({ url: '/api/trpc' }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
