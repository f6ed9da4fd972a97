// Refused input runs nothing: every procedure that takes a zone name is called with hostile
// values against a simulated host whose runner counts spawns; the count must not move and
// each call must fail with a clear message.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { setHostRegistry, type Host } from '../hosts/registry';
import { SimRunner } from '../hosts/sim';
import { ensureHost } from '../sim/store';
import { appRouter } from './app-router';
import { createCallerFactory } from './init';
import { signIn } from '../auth/testkit';

const HOSTILE_ZONE_NAMES = [
  'a;rm -rf /',
  '$(id)',
  '-oProxyCommand=x',
  'global',
  'SUNWfoo',
  'a'.repeat(64),
  'web 01',
  'web\n01',
  'web/01',
  '../x',
  '',
  'wеb01', // Cyrillic e
  'x'.repeat(10_000),
];

let host: Host;
// signed in as an admin, so every procedure gets as far as checking its input
const caller = createCallerFactory(appRouter)(async () => (await signIn('admin')).ctx);

beforeAll(async () => {
  process.env.ZONEDASH_DB = ':memory:';
  const root = mkdtempSync(path.join(tmpdir(), 'refused-'));
  await ensureHost(root);
  host = { name: 'sim', kind: 'sim', description: 'test', runner: new SimRunner({ root, timeScale: 0 }) };
  setHostRegistry([host]);
});

describe('refused input spawns nothing', () => {
  for (const name of HOSTILE_ZONE_NAMES) {
    it(`zone name ${JSON.stringify(name.length > 40 ? name.slice(0, 20) + '…' : name)}`, async () => {
      const before = host.runner.spawnCount;
      const calls = [
        () => caller.zones.get({ host: 'sim', zone: name }),
        () => caller.zones.plan({ host: 'sim', zone: name, verb: 'delete' }),
        () => caller.zones.action({ host: 'sim', zone: name, verb: 'boot' }),
        () => caller.tasks.list({ host: 'sim', zone: name }),
      ];
      for (const c of calls) {
        await expect(c()).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      const message = await caller.zones.get({ host: 'sim', zone: name }).catch((e: Error) => e.message);
      expect(message).toMatch(/zone/i);
      expect(message).not.toMatch(/^\s*\[/); // a sentence, not a JSON dump of issues
      expect(host.runner.spawnCount).toBe(before);
    });
  }

  it('an unknown verb or host spawns nothing either', async () => {
    const before = host.runner.spawnCount;
    await expect(caller.zones.action({ host: 'sim', zone: 'web01', verb: 'rm' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.zones.list({ host: '-oProxyCommand=x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.zones.list({ host: 'elsewhere' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(host.runner.spawnCount).toBe(before);
  });
});
