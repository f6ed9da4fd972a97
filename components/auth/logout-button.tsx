'use client';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { paths } from '@/components/paths';

export function LogoutButton() {
  const trpc = useTRPC();
  const logout = useMutation(trpc.auth.logout.mutationOptions());
  return (
    <button
      type="button"
      disabled={logout.isPending}
      onClick={() => {
        // whatever the answer, this page is done: the server ended the session or it was over
        // a full load: every server-rendered part of the page must forget the session
        logout.mutateAsync().finally(() => window.location.assign(paths.login()));
      }}
      className="rounded-md px-2 py-1 text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      Sign out
    </button>
  );
}
