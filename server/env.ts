// The server's settings, read from the environment and validated, so a typo fails at start
// with a message instead of somewhere deep in a request. Every setting the server side reads
// is a field here (eslint refuses `process.env` elsewhere under server/, the simulator's own
// executables and the start scripts aside): to add one, add a field with its default and a
// comment saying what it changes, and read it with serverEnv().
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const fields = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** where the server listens: localhost unless an operator opts in to more */
  HOST: z.string().min(1).default('localhost'),
  /** 'sim' (the embedded simulated host) or 'local' (this machine's global zone); default by OS */
  ZONEDASH_HOST: z.enum(['sim', 'local', 'none']).optional(),
  /** how many simulated hosts to start (sim, sim2, sim3…): a newcomer's fleet */
  SIM_HOSTS: z.coerce.number().int().min(1).max(50).default(1),
  /** the dashboard's SQLite database (its key pair lives in the same directory) */
  ZONEDASH_DB: z.string().min(1).default(path.join('.data', 'zonedash.sqlite')),
  /** each host's watcher lists its zones this often (ms) */
  ZONEDASH_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(1000),
  /** run the local tools through pfexec (RBAC); on by default for a local host */
  ZONEDASH_PFEXEC: z.enum(['0', '1']).default('1'),
  SIM_ROOT: z.string().min(1).optional(),
  SIM_TIME_SCALE: z.coerce.number().min(0).max(100).default(1),
  /** seed a fresh simulated host with demo zones ('0' leaves it bare: global zone and i40e0) */
  SIM_SEED: z.enum(['0', '1']).default('1'),
  /** TLS: paths of a PEM certificate (chain) and its key; both or neither. With them the
   *  server speaks https and its cookies are Secure. */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  /** a session ends after this long without a request */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** and after this long in any case */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  /** how long a console's zlogin outlives its last viewer (ms); unset: the hub's default */
  ZONEDASH_CONSOLE_GRACE_MS: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(3_600_000).optional()),
  /** resolvers a new zone gets, comma or space separated (invalid entries are dropped where
   *  they are used); unset: the global zone's own */
  ZONEDASH_DNS_SERVERS: z.preprocess(blankIsUnset, z.string().optional()),
  /** metrics: kstat's sampling interval in seconds (Cockpit samples every 5) */
  ZONEDASH_METRICS_INTERVAL: z.coerce.number().int().min(1).max(300).default(5),
  /** metrics history: days of 1-minute rows, and of 10-minute rows */
  ZONEDASH_METRICS_MINUTE_DAYS: z.coerce.number().positive().max(3650).default(7),
  ZONEDASH_METRICS_10MIN_DAYS: z.coerce.number().positive().max(3650).default(90),
  /** a request body larger than this (bytes) is refused with 413 before it is read */
  API_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  /** audit records older than this many days are removed */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
  /** and past this many records, the oldest are removed */
  AUDIT_MAX_ROWS: z.coerce.number().int().min(100).max(100_000_000).default(1_000_000),
  /** reverse proxies whose X-Forwarded-For is believed: addresses or CIDR blocks, comma or
   *  space separated. Unset (the default): the client is the socket's peer, whatever the
   *  request says. */
  TRUSTED_PROXY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine((v) => v.split(/[\s,]+/).filter(Boolean).every((a) => isIP(a.replace(/\/\d{1,3}$/, '')) !== 0), {
        message: 'TRUSTED_PROXY is a list of IP addresses or CIDR blocks (10.0.0.1, 10.1.0.0/16, ::1)',
      })
      .optional(),
  ),
});

const schema = fields.refine((e) => !e.TLS_CERT === !e.TLS_KEY, { message: 'TLS_CERT and TLS_KEY go together: set both or neither', path: ['TLS_CERT'] });

/** An empty variable (`FOO= npm start`) means the same as an unset one. */
function blankIsUnset(v: unknown): unknown {
  return v === '' ? undefined : v;
}

export type ServerEnv = z.infer<typeof schema>;

let cached: { key: string; env: ServerEnv } | undefined;

/** The validated settings. Parsed once, and again only if one of its variables changed
 *  (tests set a variable for their own process after the modules are loaded). */
export function serverEnv(): ServerEnv {
  const key = Object.keys(fields.shape).map((k) => process.env[k] ?? '\u0000').join('\u0001');
  if (cached?.key === key) return cached.env;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  cached = { key, env: parsed.data };
  return parsed.data;
}

export function defaultSimRoot(): string {
  return path.resolve(process.cwd(), '.sim', 'host');
}

export function isIllumos(): boolean {
  // Node reports illumos and Solaris as 'sunos'.
  return os.platform() === 'sunos';
}
