// The time the auth code reads, so tests can move it (idle timeouts, throttling backoff,
// ticket expiry) without waiting.
export const clock = {
  now: (): number => Date.now(),
};
