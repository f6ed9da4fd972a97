// The dashboard's own SSH key: an ed25519 pair made once, the first time it is needed, in the
// data directory (the directory of the database file, ZONEDASH_DB; default .data/). The private
// key stays in that file (mode 0600) and in this process's memory for ssh2; it is never sent
// anywhere. The public key is what an admin puts in the zonedash user's authorized_keys on
// each host; the Hosts page shows it with the commands to do so.
import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// ssh2 is CommonJS: Node's ESM loader sees only its default export
import ssh2 from 'ssh2';
import { fingerprintOf, generateIdentity } from './ssh';

const { utils } = ssh2;

export interface DashboardIdentity {
  /** OpenSSH private key (PEM-like text) for ssh2's privateKey option */
  privateKey: string;
  /** one line for authorized_keys: 'ssh-ed25519 AAAA… zonedash@<this machine>' */
  publicKey: string;
  /** 'SHA256:…', as ssh-keygen -lf prints it for the public key */
  fingerprint: string;
  /** where the private key is */
  file: string;
}

export const IDENTITY_FILE_NAME = 'zonedash_ed25519';

/** The data directory: beside the database file (ZONEDASH_DB, default .data/zonedash.sqlite). */
export function dataDirectory(): string {
  const db = process.env.ZONEDASH_DB;
  if (!db || db === ':memory:') return path.resolve(process.cwd(), '.data');
  return path.dirname(path.resolve(db));
}

const cache = new Map<string, DashboardIdentity>();

/** The dashboard's key pair in `dir` (default: the data directory), made on the first call. */
export function dashboardIdentity(dir: string = dataDirectory()): DashboardIdentity {
  const file = path.join(path.resolve(dir), IDENTITY_FILE_NAME);
  const known = cache.get(file);
  if (known) return known;
  const privateKey = readOrCreate(file);
  const key = utils.parseKey(privateKey);
  if (key instanceof Error) throw new Error(`${file} is not an OpenSSH private key the dashboard can use: ${key.message}`);
  if (key.type !== 'ssh-ed25519' || !key.isPrivateKey()) throw new Error(`${file} is not an ed25519 private key (found ${key.type})`);
  const blob = key.getPublicSSH();
  const comment = `zonedash@${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-') || 'localhost'}`;
  const identity: DashboardIdentity = {
    privateKey,
    publicKey: `ssh-ed25519 ${blob.toString('base64')} ${comment}`,
    fingerprint: fingerprintOf(blob),
    file,
  };
  // the public half beside it, for an admin who wants to copy it from a terminal
  writePublic(`${file}.pub`, `${identity.publicKey}\n`);
  cache.set(file, identity);
  return identity;
}

function readOrCreate(file: string): string {
  try {
    tighten(file);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const pair = generateIdentity();
  // Written whole to a private temporary name, then linked into place: link() fails when the
  // key exists, so a server and `npm run hosts` starting at once agree on one key, and no one
  // ever reads half a file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, pair.privateKey, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return readFileSync(file, 'utf8');
}

/** A private key others can read is not private: put it back to 0600 and say so. */
function tighten(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  chmodSync(file, 0o600);
  console.warn(`${file} was readable by others (mode ${mode.toString(8)}); set back to 0600`);
}

function writePublic(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) return;
  } catch {
    /* not there yet */
  }
  writeFileSync(file, text, { mode: 0o644 });
}
