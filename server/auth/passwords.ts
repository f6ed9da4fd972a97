// Passwords: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte
// hash), PHC strings in the database (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). Verifying
// an unknown account still costs one hash, so the time a refusal takes does not tell whether
// the account exists.
//
// The hashing is hash-wasm's argon2id (WebAssembly): it runs wherever Node runs, illumos
// included, where the native @node-rs/argon2 has no build. Its PHC strings are the same
// format, so hashes made by the old package still verify. WebAssembly computes on the thread
// that calls it, and one hash takes 70-100 ms of CPU: on the main thread that would stall
// every console stream and live table for that long at each sign-in. So it runs on a worker
// thread of its own, as the native package ran on libuv's pool.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { processSlot } from '../process-slots';

/** What a new hash is made with. A stored hash made otherwise is replaced at the next sign-in. */
export const ARGON2 = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32, saltLength: 16 } as const;

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;

/** A new password: long enough to matter, short enough that hashing it is no attack. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD, `a password has at least ${MIN_PASSWORD} characters`)
  .max(MAX_PASSWORD, `a password has at most ${MAX_PASSWORD} characters`);

/** A password typed at login: any text, bounded. */
export const passwordInputSchema = z.string().min(1, 'the password is required').max(MAX_PASSWORD, `a password has at most ${MAX_PASSWORD} characters`);

// --- the worker ---------------------------------------------------------------------------

// The worker's code is a string, not a file: a file beside this one would have to be found at
// run time from Next's bundled chunks as well as from tsx, and a bundler would rewrite a
// require of it. The string requires hash-wasm from the project's own node_modules (the server
// runs from the project directory, as Next itself needs).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomBytes } = require('node:crypto');
const { argon2id, argon2Verify } = require('node:module').createRequire(workerData.base)('hash-wasm');
parentPort.on('message', async (m) => {
  try {
    const value = m.op === 'hash'
      ? await argon2id({ password: m.password, salt: randomBytes(m.params.saltLength), parallelism: m.params.parallelism,
          iterations: m.params.iterations, memorySize: m.params.memorySize, hashLength: m.params.hashLength, outputType: 'encoded' })
      : await argon2Verify({ password: m.password, hash: m.hash });
    parentPort.postMessage({ id: m.id, value });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
  }
});
`;

type HashJob = { op: 'hash'; password: string; params: typeof ARGON2 } | { op: 'verify'; password: string; hash: string };

interface Hasher {
  worker: Worker;
  pending: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
  next: number;
}

/** The process's worker, made again after one dies. */
function hasher(): Hasher {
  const box = processSlot<{ current: Hasher | null }>('argon2Worker', () => ({ current: null }));
  box.current ??= startHasher((dead) => {
    if (box.current === dead) box.current = null;
  });
  return box.current;
}

function startHasher(onDead: (h: Hasher) => void): Hasher {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { base: path.join(process.cwd(), 'package.json') } });
  const h: Hasher = { worker, pending: new Map(), next: 1 };
  // idle, the worker does not keep the process alive; a hash in flight does (a CLI awaits it)
  worker.unref();
  worker.on('message', (m: { id: number; value?: unknown; error?: string }) => {
    const p = h.pending.get(m.id);
    if (!p) return;
    h.pending.delete(m.id);
    if (h.pending.size === 0) worker.unref();
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.value);
  });
  const fail = (e: Error) => {
    onDead(h);
    for (const p of h.pending.values()) p.reject(e);
    h.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the password hashing worker exited (code ${code})`)));
  return h;
}

function run(req: HashJob): Promise<unknown> {
  const h = hasher();
  const id = h.next++;
  return new Promise((resolve, reject) => {
    h.pending.set(id, { resolve, reject });
    h.worker.ref();
    h.worker.postMessage({ ...req, id });
  });
}

// --- the API ------------------------------------------------------------------------------

export async function hashPassword(password: string): Promise<string> {
  return (await run({ op: 'hash', password, params: ARGON2 })) as string;
}

let dummy: Promise<string> | undefined;

/** True when the password matches the stored hash; with no hash, burns the same time and says no. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    // made once; a failed attempt (the worker died) is made again next time, not kept
    dummy ??= hashPassword('not a password of anyone: timing equaliser').catch((e: unknown) => {
      dummy = undefined;
      throw e;
    });
    await dummy.then((hash) => run({ op: 'verify', password, hash })).catch(() => false);
    return false;
  }
  try {
    return (await run({ op: 'verify', password, hash: stored })) === true;
  } catch {
    return false;
  }
}

const PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** The parameters a stored PHC string was made with (null: not an argon2id string we know). */
export function hashParameters(stored: string): { version: number; memorySize: number; iterations: number; parallelism: number; saltLength: number; hashLength: number } | null {
  const m = PHC.exec(stored);
  if (!m) return null;
  // unpadded base64: 4 characters carry 3 bytes
  const bytes = (b64: string) => Math.floor((b64.length * 3) / 4);
  return { version: Number(m[1]), memorySize: Number(m[2]), iterations: Number(m[3]), parallelism: Number(m[4]), saltLength: bytes(m[5]!), hashLength: bytes(m[6]!) };
}

/** A stored hash made with other parameters than today's (after it verified: replace it). */
export function needsRehash(stored: string): boolean {
  const p = hashParameters(stored);
  return (
    !p ||
    p.version !== 19 ||
    p.memorySize !== ARGON2.memorySize ||
    p.iterations !== ARGON2.iterations ||
    p.parallelism !== ARGON2.parallelism ||
    p.saltLength !== ARGON2.saltLength ||
    p.hashLength !== ARGON2.hashLength
  );
}
