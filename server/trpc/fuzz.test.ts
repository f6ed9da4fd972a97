// Hostile strings at every procedure's inputs, generated from the router itself: each
// procedure's input schema is walked and every string in it is replaced by shell
// metacharacters, option-looking values, newlines, quotes, unicode look-alikes, 10 KB strings…
// Each call, signed in as an admin (so it gets past the role check to the input): no tool is
// spawned, nothing crashes (never INTERNAL_SERVER_ERROR), and the answer is a clear error.
// Then one field at a time (the others harmless): the hostile text never reaches a tool's
// argv, standard input or command file, and nothing crashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { $ZodType } from 'zod/v4/core';
import { signIn } from '../auth/testkit';
import { call } from '../auth/testkit-http';
import { setHostRegistry, type Host } from '../hosts/registry';
import type { RunOptions, RunResult, Runner, TempFile } from '../hosts/runner';
import { SimRunner } from '../hosts/sim';
import type { ToolCall } from '../illumos/types';
import { seedDemoHost } from '../sim/seed';
import { ensureHost } from '../sim/store';
import { taskManager } from '../services';
import { watcherFor } from '../zones/watcher';
import { appRouter } from './app-router';
import { createCallerFactory, type Context } from './init';

process.env.ZONEDASH_DB = ':memory:';
process.env.ZONEDASH_POLL_MS = '600000';

const MARK = 'FUZZMARK';
/** every kind of hostile text, each carrying MARK so it can be looked for in what tools got */
const HOSTILE: string[] = [
  `a;touch /tmp/${MARK}`,
  `$(${MARK})`,
  `\`${MARK}\``,
  `x || ${MARK}`,
  `x && ${MARK} > /etc/passwd`,
  `-o${MARK}=1`,
  `--${MARK}`,
  `-F ${MARK}`,
  `${MARK}\nboot`,
  `${MARK}\r\nhalt`,
  `${MARK}\u0000nul`,
  `'${MARK}`,
  `"${MARK}"`,
  `'; ${MARK}; '`,
  `${MARK.replace('M', 'М')}`, // Cyrillic capital em
  `ｗｅｂ${MARK}`, // fullwidth letters
  `web\u200b${MARK}`, // zero-width space
  `\u202e${MARK}`, // right-to-left override
  `../../${MARK}`,
  `%2e%2e/${MARK}`,
  `${MARK}🙂`,
  `__proto__${MARK}`,
  MARK.repeat(1280), // 10 KB
  `;${MARK}`.repeat(1024), // 10 KB of metacharacters
];

/** A runner that records everything a tool would be given. */
class RecordingRunner implements Runner {
  readonly kind = 'sim' as const;
  readonly seen: string[] = [];
  constructor(private readonly inner: SimRunner) {}
  get spawnCount(): number {
    return this.inner.spawnCount;
  }
  run(c: ToolCall, o?: RunOptions): Promise<RunResult> {
    this.seen.push([c.tool, ...c.args].join('\u0001'), o?.stdin ?? '');
    return this.inner.run(c, o);
  }
  openPty(c: ToolCall, size: { cols: number; rows: number }) {
    this.seen.push([c.tool, ...c.args].join('\u0001'));
    return this.inner.openPty(c, size);
  }
  async writeTempFile(content: string): Promise<TempFile> {
    this.seen.push(content);
    return this.inner.writeTempFile(content);
  }
}

let root: string;
let host: Host;
let runner: RecordingRunner;
let ctx: Context;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'fuzz-'));
  await ensureHost(root);
  await seedDemoHost(root);
  runner = new RecordingRunner(new SimRunner({ root, timeScale: 0 }));
  host = { name: 'sim', kind: 'sim', description: 'fuzz', runner };
  setHostRegistry([host]);
  ctx = (await signIn('admin')).ctx;
});
afterAll(() => {
  watcherFor(host).stop();
  rmSync(root, { recursive: true, force: true });
});

type Def = { type: string; [k: string]: unknown };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** A value for a schema: every string is `str(key)`; everything else a plain valid value. */
function generate(schema: unknown, str: (key: string, path: string) => string, key = '', at = ''): unknown {
  const d = defOf(schema);
  switch (d.type) {
    case 'string':
      return str(key, at);
    case 'number':
      return 1;
    case 'bigint':
      return 1n;
    case 'boolean':
      return false;
    case 'literal':
      return (d.values as unknown[])[0];
    case 'enum':
      return Object.values(d.entries as Record<string, unknown>)[0];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return generate(d.innerType, str, key, at);
    case 'pipe':
      return generate(d.in, str, key, at);
    case 'lazy':
      return generate((d.getter as () => unknown)(), str, key, at);
    case 'object':
      return Object.fromEntries(Object.entries(d.shape as Record<string, unknown>).map(([k, v]) => [k, generate(v, str, k, at ? `${at}.${k}` : k)]));
    case 'array':
      return [generate(d.element, str, key, `${at}[0]`)];
    case 'tuple':
      return (d.items as unknown[]).map((s, i) => generate(s, str, key, `${at}[${i}]`));
    case 'union':
      return generate((d.options as unknown[])[0], str, key, at);
    case 'intersection':
      return { ...(generate(d.left, str, key, at) as object), ...(generate(d.right, str, key, at) as object) };
    case 'record':
      return { [str(key, `${at}{}`)]: generate(d.valueType, str, key, `${at}{}`) };
    default:
      return str(key, at);
  }
}

/** The paths of every string in a schema. */
function stringPaths(schema: unknown): string[] {
  const paths: string[] = [];
  generate(schema, (_k, p) => (paths.push(p), ''));
  return paths;
}

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: $ZodType[] } }>).sort(([a], [b]) => a.localeCompare(b));
const inputOf = (p: { _def: { inputs: $ZodType[] } }) => p._def.inputs[0];

/** Free text by design (handled as data, never given to a tool): a hostile value may be
 *  accepted there, so these answer with a result or a clear error. */
const FREE_TEXT: Record<string, string> = {
  'audit.list': 'filters are matched as SQL parameters',
  'audit.export': 'filters are matched as SQL parameters',
  'provision.fromExport': 'a pasted zonecfg export is parsed in process; its problems are the result',
  'zones.watch': 'the resume id is only compared as a number',
  'auth.setupCheck': 'answers whether a setup token is good (it is not)',
  'users.resetPassword': 'a password is any text: it is only hashed',
};

async function invoke(pathName: string, type: string, input: unknown): Promise<{ ok: true } | { ok: false; error: TRPCError }> {
  const caller = createCallerFactory(appRouter)(ctx) as unknown as Record<string, Record<string, (i: unknown, o?: unknown) => Promise<unknown>>>;
  const [ns, name] = pathName.split('.') as [string, string];
  const abort = new AbortController();
  try {
    const r = await caller[ns]![name]!(input, type === 'subscription' ? { signal: abort.signal } : undefined);
    if (type === 'subscription') abort.abort(); // never iterated: the stream is not read
    void r;
    return { ok: true };
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return { ok: false, error: e };
  }
}

async function quiet(): Promise<number> {
  for (const t of taskManager().list({ status: 'running' })) await taskManager().wait(t.id);
  let last = -1;
  while (runner.spawnCount !== last) {
    last = runner.spawnCount;
    await new Promise((r) => setTimeout(r, 30));
  }
  return last;
}

function expectClear(pathName: string, label: string, r: { ok: true } | { ok: false; error: TRPCError }, mayPass: boolean) {
  if (r.ok) {
    expect(mayPass || FREE_TEXT[pathName] !== undefined, `${pathName} accepted ${label}`).toBe(true);
    return;
  }
  expect(r.error.code, `${pathName} with ${label}: ${r.error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
  const m = r.error.message;
  expect(m.length, `${pathName}: ${m.slice(0, 200)}`).toBeGreaterThan(5);
  expect(m.length, `${pathName}: an error of ${m.length} characters`).toBeLessThan(4000);
  expect(m).not.toMatch(/^\s*[[{]/); // a sentence, not a dump of issues
  expect(m).not.toMatch(/\n\s+at /); // no stack
}

describe('every procedure, every string hostile at once', () => {
  it('walks the whole router', () => {
    expect(procedures.length).toBeGreaterThan(30);
  });

  for (const [pathName, proc] of procedures) {
    it(`${pathName}`, async () => {
      const schema = inputOf(proc);
      const before = await quiet();
      for (const hostile of HOSTILE) {
        const label = JSON.stringify(hostile.slice(0, 24));
        // the input with every string hostile, and the hostile string as the whole input
        for (const input of schema ? [generate(schema, () => hostile), hostile] : [hostile]) {
          const r = await invoke(pathName, proc._def.type, input);
          // may succeed: a procedure without input (it ignores what it is sent), or one whose
          // input holds no string at all (nothing hostile reached it)
          const mayPass = !schema || (input !== hostile && stringPaths(schema).length === 0);
          expectClear(pathName, label, r, mayPass);
          if (!r.ok && schema && !FREE_TEXT[pathName]) {
            // refused at the input check, or by what the input names (no such host, zone or
            // user; a wrong password, throttled)
            expect(['BAD_REQUEST', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHORIZED', 'CONFLICT', 'TOO_MANY_REQUESTS'], `${pathName}: ${r.error.message}`).toContain(r.error.code);
          }
        }
      }
      // A procedure without input may read its hosts by design (doctor.counts runs the Doctor's
      // reads when none are cached): nothing of what it was sent can reach a tool, which the
      // MARK check below still proves. One with input must refuse before any tool runs.
      if (schema) expect(await quiet(), `${pathName} spawned a tool`).toBe(before);
      else await quiet();
      expect(runner.seen.filter((s) => s.includes(MARK))).toEqual([]);
    });
  }
});

describe('one hostile field at a time, the others harmless', () => {
  const harmless = (key: string) => (key === 'host' ? 'sim' : key === 'zone' ? 'db' : 'web01');
  for (const [pathName, proc] of procedures) {
    const schema = inputOf(proc);
    const fields = schema ? stringPaths(schema) : [];
    if (fields.length < 2) continue;
    it(`${pathName} (${fields.length} string fields)`, async () => {
      for (const field of fields) {
        for (const hostile of HOSTILE) {
          const input = generate(schema, (key, p) => (p === field ? hostile : harmless(key)));
          const r = await invoke(pathName, proc._def.type, input);
          if (!r.ok) expect(r.error.code, `${pathName}.${field}: ${r.error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
        }
      }
      await quiet();
      // whatever ran, no hostile text reached a tool
      expect(runner.seen.filter((s) => s.includes(MARK)).map((s) => s.slice(0, 200))).toEqual([]);
    });
  }
});

describe('the one-field runs reached the host with their harmless values', () => {
  it('so the check that no hostile text reached a tool is not vacuous', () => {
    expect(runner.seen.some((s) => s.startsWith('zonecfg\u0001-z\u0001db'))).toBe(true);
    expect(runner.seen.filter((s) => s.includes(MARK))).toEqual([]);
  });
});

describe('over HTTP, as a browser would send it', () => {
  it('every procedure answers hostile input with a 4xx and a JSON error, never a 500', async () => {
    const { cookie } = await signIn('admin', 'fuzz-http');
    const before = await quiet();
    for (const [pathName, proc] of procedures) {
      if (proc._def.type === 'subscription') continue; // a stream: its input is checked the same way above
      const schema = inputOf(proc);
      for (const hostile of [HOSTILE[0]!, HOSTILE[8]!, HOSTILE[22]!]) {
        const input = schema ? generate(schema, () => hostile) : hostile;
        const r = await call(pathName, { method: proc._def.type === 'query' ? 'GET' : 'POST', input, cookie });
        expect(r.status, `${pathName}: ${r.body.slice(0, 300)}`).toBeLessThan(500);
        if (r.status >= 400) expect((r.json() as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
      }
    }
    expect(await quiet()).toBe(before);
  });
});
