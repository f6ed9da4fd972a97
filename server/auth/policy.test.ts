// The policy table covers the router exactly: a new procedure without a row (which would be
// refused to everyone) or a row for a procedure that no longer exists fails here, by name.
import { describe, expect, it } from 'vitest';
import { appRouter } from '../trpc/app-router';
import { ZONE_VERBS } from '../zones/capabilities';
import { POLICY, requiredPrivilege, VERB_ROLE } from './policy';

const procedures = Object.keys(appRouter._def.procedures as Record<string, unknown>).sort();

describe('the policy table', () => {
  it('classifies every procedure of the router', () => {
    const missing = procedures.filter((p) => !Object.hasOwn(POLICY, p));
    expect(missing, `procedures without a row in server/auth/policy.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('has no row for a procedure that does not exist', () => {
    const stale = Object.keys(POLICY).filter((p) => !procedures.includes(p));
    expect(stale, `rows for no procedure: ${stale.join(', ')}`).toEqual([]);
  });

  it('sees procedures (the walk is not empty)', () => {
    expect(procedures.length).toBeGreaterThan(20);
    expect(procedures).toContain('zones.action');
  });

  it('decides zones.action by its verb: the power verbs are the operator’s, the rest the admin’s', () => {
    for (const verb of ZONE_VERBS) expect(requiredPrivilege('zones.action', { host: 'sim', zone: 'z', verb })).toBe(VERB_ROLE[verb]);
    expect(['boot', 'shutdown', 'halt', 'reboot', 'ready'].map((v) => VERB_ROLE[v as keyof typeof VERB_ROLE])).toEqual(Array(5).fill('operator'));
    expect(['install', 'uninstall', 'verify', 'delete'].map((v) => VERB_ROLE[v as keyof typeof VERB_ROLE])).toEqual(Array(4).fill('admin'));
    // an unknown verb or no input falls back to the row's own need (the input check refuses it after)
    expect(requiredPrivilege('zones.action', { verb: 'rm' })).toBe('operator');
    expect(requiredPrivilege('zones.action', undefined)).toBe('operator');
    expect(requiredPrivilege('zones.action', { verb: '__proto__' })).toBe('operator');
  });

  it('refuses what has no row', () => {
    expect(requiredPrivilege('zones.nuke', {})).toBeNull();
    expect(requiredPrivilege('constructor', {})).toBeNull();
    expect(requiredPrivilege('__proto__', {})).toBeNull();
  });

  it('opens to the public only signing in, first-run setup and "who am I"', () => {
    const open = Object.entries(POLICY).filter(([, r]) => r.need === 'public').map(([p]) => p).sort();
    expect(open).toEqual(['auth.login', 'auth.me', 'auth.setup', 'auth.setupCheck']);
  });

  it('leaves every mutation to a signed-in role except signing in', () => {
    const mutations = procedures.filter((p) => (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[p]!._def.type === 'mutation');
    const open = mutations.filter((p) => POLICY[p]!.need === 'public');
    expect(open.sort()).toEqual(['auth.login', 'auth.setup']);
  });
});
