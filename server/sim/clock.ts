// Simulated time: every duration the simulator waits is given in "host seconds" (how long the
// real illumos operation takes) and multiplied by the tool's time scale (SIM_TIME_SCALE,
// io.timeScale; 0 = instant). Sleeps never happen while the state lock is held.
import type { ToolIO } from './tool-io';

export class SimAborted extends Error {
  constructor() {
    super('aborted');
  }
}

/** Waits `seconds` of simulated host time. Rejects with SimAborted if io.signal fires. */
export function simSleep(io: Pick<ToolIO, 'timeScale' | 'signal'>, seconds: number): Promise<void> {
  const scale = Number.isFinite(io.timeScale) && io.timeScale >= 0 ? io.timeScale : 1;
  const ms = seconds * 1000 * scale;
  if (io.signal?.aborted) return Promise.reject(new SimAborted());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      io.signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new SimAborted());
    };
    io.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A small deterministic PRNG (mulberry32) so simulated numbers are stable for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stable 32-bit hash of a string (FNV-1a). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
