// The verb table against the simulator's zoneadm, which follows zoneadm.c: every state ×
// zoneadm verb is run with the dashboard's own argv builders on a fresh simulated host. An
// 'ok' row must run (exit 0), a 'noop' row must be zoneadm's "already" answer (exit 0, state
// unchanged, the same words), a refused row must be refused by zoneadm in the same words, and
// a row the dashboard refuses although zoneadm would run it must say so (`stricter`).
import { afterAll, describe, expect, it } from 'vitest';
import { zoneadmBoot, zoneadmHalt, zoneadmInstall, zoneadmReady, zoneadmReboot, zoneadmShutdown, zoneadmUninstall, zoneadmVerify } from '../illumos/zoneadm';
import { ZONE_STATES, type KnownZoneState, type ToolCall } from '../illumos/types';
import { tmpHost, type TestHost } from '../sim/host-testkit';
import { findZone, readState } from '../sim/store';
import { capability, capabilityTable, ruleFor, VERB_TABLE, ZONE_VERBS, type ZoneVerb } from './capabilities';

const BUILD: Record<Exclude<ZoneVerb, 'delete'>, (zone: string) => ToolCall> = {
  boot: (z) => zoneadmBoot(z),
  shutdown: (z) => zoneadmShutdown(z),
  halt: zoneadmHalt,
  reboot: (z) => zoneadmReboot(z),
  ready: zoneadmReady,
  install: (z) => zoneadmInstall(z),
  uninstall: zoneadmUninstall,
  verify: zoneadmVerify,
};

const hosts: TestHost[] = [];
afterAll(() => hosts.forEach((h) => h.cleanup()));

/** A fresh host with zone z in `state`, reached with zoneadm where it can be; the transient
 *  kernel states (on the way down) are written into the simulator's state directly. */
async function zoneIn(state: KnownZoneState): Promise<TestHost> {
  const h = await tmpHost();
  hosts.push(h);
  const must = async (...args: string[]) => {
    const r = await h.zoneadm('-z', 'z', ...args);
    if (r.code !== 0) throw new Error(`zoneadm ${args.join(' ')}: ${r.all}`);
  };
  expect((await h.zonecfg('-z', 'z', 'create; set zonepath=/zones/z')).code).toBe(0);
  if (state === 'configured') return h;
  if (state === 'incomplete') {
    await h.setup((s) => void (findZone(s, 'z')!.state = 'incomplete'));
    return h;
  }
  await must('install');
  if (state === 'mounted') await must('mount');
  if (state === 'ready') await must('ready');
  if (['running', 'shutting_down', 'down'].includes(state)) await must('boot');
  if (state === 'shutting_down' || state === 'down') await h.setup((s) => void (findZone(s, 'z')!.state = state));
  return h;
}

const stateOf = async (h: TestHost) => findZone(await readState(h.root), 'z')?.state;

describe('every row cites its source and says why when it refuses', () => {
  for (const verb of ZONE_VERBS) {
    it(`${verb}: each known state has exactly one row`, () => {
      for (const state of ZONE_STATES) expect(VERB_TABLE[verb].filter((r) => r.states.includes(state)), state).toHaveLength(1);
      for (const rule of VERB_TABLE[verb]) {
        expect(rule.source, JSON.stringify(rule.states)).toMatch(/zoneadm\.c|zoneadmd|server\/zones/);
        if (rule.kind !== 'ok') expect(rule.reason?.(rule.states[0]!)).toBeTruthy();
      }
    });
  }

  it('the browser gets the same answers, and an unknown state allows only verify and delete', () => {
    const table = capabilityTable();
    for (const state of ZONE_STATES) for (const verb of ZONE_VERBS) expect(table[state]?.[verb]).toEqual(capability(verb, state));
    expect(ZONE_VERBS.filter((v) => table.unknown?.[v].kind === 'ok')).toEqual(['verify', 'delete']);
  });
});

describe("the table agrees with the simulator's zoneadm", () => {
  for (const state of ZONE_STATES) {
    for (const verb of Object.keys(BUILD) as (keyof typeof BUILD)[]) {
      const rule = ruleFor(verb, state)!;
      const cap = capability(verb, state);
      const what = rule.stricter ? 'stricter than zoneadm' : cap.kind;
      it(`${verb} a ${state} zone: ${what}`, async () => {
        const h = await zoneIn(state);
        expect(await stateOf(h)).toBe(state);
        const call = BUILD[verb]('z');
        expect(call.tool).toBe('zoneadm');
        const r = await h.zoneadm(...call.args);
        if (cap.kind === 'ok' || rule.stricter) {
          // runs: zoneadm goes ahead (for a stricter row, this is what the dashboard holds back)
          expect(r.code, r.all).toBe(0);
          expect(r.stderr).not.toMatch(/already/);
        } else if (cap.kind === 'noop') {
          expect(r.code, r.all).toBe(0);
          expect(r.stderr).toBe(`zone 'z': ${cap.reason}\n`);
          expect(await stateOf(h)).toBe(state);
        } else {
          expect(r.code, r.all).not.toBe(0);
          expect(r.stderr).toContain(cap.reason);
          expect(await stateOf(h)).toBe(state);
        }
      });
    }
  }
});
