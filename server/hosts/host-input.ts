// What a person may give for a remote host: its name in the dashboard, the address, port and
// user ssh connects with, the directory of the zone tools, the pinned host key fingerprint
// and (command line only) a private key file. Every value is checked here, before anything
// connects: the address, user and port end up in a connection (and in messages and the audit
// log), the tool directory in every command line sent to the host. Option-looking values
// (`-oProxyCommand=…`) and anything with blanks, shell metacharacters or control characters
// are refused with a sentence saying what is wrong and what is allowed.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { validateHostname, validateIpAddress } from '../illumos/validate';

/** A hostile value quoted for a message: shortened, control characters escaped. */
function show(value: string): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > 40 ? chars.slice(0, 40).join('') + '…' : value);
}

const OPTION_WORDS = 'ssh would read it as an option (like -oProxyCommand=…)';

/** Names the built-in hosts take: the embedded simulated hosts (sim, and sim2, sim3… with
 *  SIM_HOSTS) and 'local'. This machine's own host name, the local host's name on illumos,
 *  is refused where the registry is at hand (the hosts router). */
export function isReservedHostName(name: string): boolean {
  return /^(sim[0-9]*|local)$/i.test(name);
}

export const HOST_NAME_MAX = 63;

/** A host's name in the dashboard: like a zone name, letters, digits, '_', '.' and '-'. */
export const hostNameSchema = z.string().superRefine((v, ctx) => {
  const say = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (v === '') return say('a host name is required');
  if (v.length > HOST_NAME_MAX) return say(`host name ${show(v)} is ${v.length} characters long; at most ${HOST_NAME_MAX} are allowed`);
  if (v.startsWith('-')) return say(`host name ${show(v)} starts with '-'; it must start with a letter or a digit`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v)) {
    return say(`host name ${show(v)} must start with a letter or a digit and hold only letters, digits, '_', '.' and '-'`);
  }
  if (isReservedHostName(v)) {
    return say(`"${v}" is the name of a built-in host (the simulated host or this machine); choose another name`);
  }
});

/**
 * Where sshd listens: a DNS name (RFC 1123), an IPv4 address, or an IPv6 address (brackets
 * allowed, removed). Never anything ssh could take for an option.
 */
export const addressSchema = z.string().transform((raw, ctx) => {
  const say = (message: string) => (ctx.addIssue({ code: 'custom', message }), z.NEVER);
  if (raw === '') return say('an address is required (a host name or an IP address)');
  if (raw.startsWith('-')) return say(`address ${show(raw)} starts with '-': ${OPTION_WORDS}; refused`);
  if (raw.length > 253) return say(`address ${show(raw)} is ${raw.length} characters long; at most 253 are allowed`);
  const v = /^\[.*\]$/.test(raw) ? raw.slice(1, -1) : raw;
  if (v.includes(':')) {
    const ip = validateIpAddress(v);
    return ip.ok ? ip.value : say(`address ${show(raw)} is not a valid IPv6 address (e.g. 2001:db8::10)`);
  }
  if (/^[0-9.]+$/.test(v)) {
    const ip = validateIpAddress(v);
    return ip.ok ? ip.value : say(`address ${show(raw)} is not a valid IPv4 address (four numbers 0-255, no leading zeros, e.g. 192.0.2.10)`);
  }
  const name = validateHostname(v);
  if (!name.ok) return say(`address: ${name.message}; give a host name or an IP address`);
  return name.value.toLowerCase();
});

export const portSchema = z
  .number({ message: 'the port is a number from 1 to 65535' })
  .int('the port is a whole number from 1 to 65535')
  .min(1, 'the port is a number from 1 to 65535')
  .max(65535, 'the port is a number from 1 to 65535');

/** A login name on the host: POSIX's portable user name (letters, digits, '.', '_', '-'),
 *  never starting with '-', at most 32 characters (illumos' LOGNAME_MAX). */
export const sshUserSchema = z.string().superRefine((v, ctx) => {
  const say = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (v === '') return say('a user name is required');
  if (v.startsWith('-')) return say(`user ${show(v)} starts with '-': ${OPTION_WORDS}; refused`);
  if (v.length > 32) return say(`user ${show(v)} is ${v.length} characters long; at most 32 are allowed`);
  if (!/^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(v)) {
    return say(`user ${show(v)} may hold only letters, digits, '.', '_' and '-' (and must not start with '-')`);
  }
});

/**
 * The directory holding zoneadm, zonecfg and zlogin on the host: an absolute path of plain
 * characters (it is joined into every command line the host's shell reads), repeated and
 * trailing slashes removed, no '.' or '..' component.
 */
export const toolDirSchema = z.string().transform((v, ctx) => {
  const say = (message: string) => (ctx.addIssue({ code: 'custom', message }), z.NEVER);
  if (v === '') return say('a tool directory is required (e.g. /usr/sbin)');
  if (v.startsWith('-')) return say(`tool directory ${show(v)} starts with '-'; give an absolute path like /usr/sbin`);
  if (v.length > 255) return say(`tool directory ${show(v)} is ${v.length} characters long; at most 255 are allowed`);
  if (!v.startsWith('/')) return say(`tool directory ${show(v)} is not an absolute path; it must start with '/' (e.g. /usr/sbin)`);
  if (!/^[A-Za-z0-9_./-]+$/.test(v)) {
    return say(`tool directory ${show(v)} may hold only letters, digits, '/', '_', '.' and '-' (no blanks, quotes or shell metacharacters)`);
  }
  const normal = v.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  if (normal.split('/').some((c) => c === '.' || c === '..')) {
    return say(`tool directory ${show(v)} contains a '.' or '..' component; give the path without them`);
  }
  return normal;
});

export const DEFAULT_TOOL_DIR = '/usr/sbin';

/**
 * A host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:` and 43 base64 characters
 * (the unpadded SHA-256 of the key). A trailing '=' is accepted and dropped; MD5 is not.
 */
export const fingerprintSchema = z.string().transform((raw, ctx) => {
  const say = (message: string) => (ctx.addIssue({ code: 'custom', message }), z.NEVER);
  const v = raw.replace(/=$/, '');
  if (v === '') return say('a host key fingerprint is required (SHA256:…, as ssh-keygen -lf prints it)');
  if (/^MD5:/i.test(v) || /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(v)) {
    return say(`fingerprint ${show(raw)} is an MD5 fingerprint; give the SHA256 one (ssh-keygen -lf prints it)`);
  }
  const m = /^SHA256:([A-Za-z0-9+/]{43})$/.exec(v);
  // the 43rd character carries the last 4 bits: a value with other bits set is not a digest
  if (!m?.[1] || Buffer.from(m[1], 'base64').toString('base64').replace(/=+$/, '') !== m[1]) {
    return say(`fingerprint ${show(raw)} is not a SHA256 fingerprint; it looks like SHA256: followed by 43 characters, as ssh-keygen -lf prints it`);
  }
  return v;
});

/**
 * A private key file on the dashboard's machine (command line only: `--identity`): an
 * absolute path to a readable regular file. Its content is checked when it is loaded.
 */
export const identityFileSchema = z.string().superRefine((v, ctx) => {
  const say = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (v === '') return say('an identity file path is required');
  if (v.startsWith('-')) return say(`identity file ${show(v)} starts with '-'; give an absolute path`);
  if (!path.isAbsolute(v)) return say(`identity file ${show(v)} is not an absolute path`);
  if (/[\u0000-\u001f\u007f]/.test(v)) return say(`identity file ${show(v)} contains a control character`);
  try {
    if (!statSync(v).isFile()) return say(`identity file ${show(v)} is not a regular file`);
    accessSync(v, constants.R_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return say(`identity file ${show(v)} ${code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable by the dashboard' : `cannot be read (${code ?? 'error'})`}`);
  }
});

/** The connection settings of a host, as the Add and Edit forms send them. */
export const connectionSchema = z.object({
  address: addressSchema,
  port: portSchema.default(22),
  user: sshUserSchema,
  toolDir: toolDirSchema.default(DEFAULT_TOOL_DIR),
  pfexec: z.boolean().default(true),
});

/** A new host: its name, where it is, and the host key fingerprint the admin confirmed. */
export const newHostSchema = connectionSchema.extend({
  name: hostNameSchema,
  fingerprint: fingerprintSchema,
  identityFile: identityFileSchema.nullable().default(null),
});
export type NewHost = z.output<typeof newHostSchema>;

/** A change to an existing host's connection settings (each field optional). */
export const hostPatchSchema = z.object({
  address: addressSchema.optional(),
  port: portSchema.optional(),
  user: sshUserSchema.optional(),
  toolDir: toolDirSchema.optional(),
  pfexec: z.boolean().optional(),
});
export type HostPatch = z.output<typeof hostPatchSchema>;

/** What `probe` is asked: where to read a host key from, before anything is added. The Add
 *  dialog sends every setting (the name too), so that all of them are checked before the
 *  first connection; only the address and port are used. */
export const probeSchema = connectionSchema.partial({ user: true }).extend({ name: hostNameSchema.optional() });

/**
 * `ssh://USER@ADDRESS[:PORT]` (the command line's way to say where a host is). IPv6
 * addresses go in brackets: ssh://zonedash@[2001:db8::10]:22.
 */
export function parseSshUrl(text: string): { ok: true; user: string; address: string; port: number } | { ok: false; message: string } {
  const m = /^ssh:\/\/([^@/]*)@(\[[^\]/]*\]|[^:/[\]]*)(?::([^/]*))?\/?$/.exec(text);
  if (!m) return { ok: false, message: `${show(text)} is not ssh://USER@ADDRESS[:PORT] (IPv6 addresses in brackets)` };
  const user = sshUserSchema.safeParse(m[1]);
  if (!user.success) return { ok: false, message: user.error.issues[0]!.message };
  const address = addressSchema.safeParse(m[2]);
  if (!address.success) return { ok: false, message: address.error.issues[0]!.message };
  const portText = m[3] ?? '22';
  if (!/^[0-9]{1,5}$/.test(portText)) return { ok: false, message: `port ${show(portText)}: the port is a number from 1 to 65535` };
  const port = portSchema.safeParse(Number(portText));
  if (!port.success) return { ok: false, message: port.error.issues[0]!.message };
  return { ok: true, user: user.data, address: address.data, port: port.data };
}

/** The first problem of a failed parse, prefixed with its field: for one-line messages. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid input';
  return issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
