'use client';
// Zone lists stay live through the layout's one subscription (components/live); this hook
// remains for components that want to say whether the page is connected.
import { useLiveStatus } from '@/components/live/live-updates';

export function useLiveZones(): { connected: boolean } {
  return { connected: useLiveStatus() === 'live' };
}
