'use client';
// Whether React has taken over the server's HTML in this browser: false on the server and
// while hydrating, true after. Controls that need JavaScript are disabled until then, so an
// early click or keystroke (the page is drawn before its script runs) waits visibly instead
// of being lost: a button that looks ready but does nothing is worse than one that is not yet.
import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
