// The hosts table on a real SQLite database (the migrations of server/db/database.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../db/database';
import {
  addHost,
  getHost,
  HostStoreError,
  listHosts,
  removeHost,
  setHostDisabled,
  setRelease,
  trustFingerprint,
  updateHost,
} from './store';

const FP1 = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
const FP2 = 'SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU';

let db: DB;
beforeEach(() => {
  db = openDatabase(':memory:');
});

const omnios = { name: 'omnios1', address: 'omnios1.example', port: 22, user: 'zonedash', fingerprint: FP1 };

describe('hosts store', () => {
  it('adds a host with its defaults and who added it, and reads it back by name in any case', () => {
    const before = Date.now();
    const h = addHost(db, omnios, 'alice');
    expect(h).toMatchObject({
      name: 'omnios1',
      address: 'omnios1.example',
      port: 22,
      user: 'zonedash',
      fingerprints: [FP1],
      toolDir: '/usr/sbin',
      pfexec: true,
      identityFile: null,
      disabled: false,
      addedBy: 'alice',
      release: null,
    });
    expect(h.addedAt).toBeGreaterThanOrEqual(before);
    expect(h.updatedAt).toBe(h.addedAt);
    expect(getHost(db, 'OMNIOS1')).toEqual(h);
    expect(getHost(db, 'nope')).toBeNull();
    expect(listHosts(db)).toEqual([h]);
  });

  it('refuses a name that is taken, in any case, and keeps the first', () => {
    addHost(db, omnios, 'alice');
    const err = (() => {
      try {
        addHost(db, { ...omnios, name: 'OmniOS1', address: 'other.example' }, 'bob');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(HostStoreError);
    expect((err as HostStoreError).code).toBe('exists');
    expect(listHosts(db).map((h) => h.address)).toEqual(['omnios1.example']);
  });

  it('checks every value again: an option-looking address never lands in the table', () => {
    expect(() => addHost(db, { ...omnios, address: '-oProxyCommand=id' }, 'alice')).toThrow(/option/);
    expect(() => addHost(db, { ...omnios, toolDir: '/usr/sbin;id' }, 'alice')).toThrow(/tool directory/);
    expect(() => updateHost(db, 'omnios1', { user: '-lroot' }, 'alice')).toThrow(/option/);
    expect(() => trustFingerprint(db, 'omnios1', 'SHA256:nope', 'alice')).toThrow(/fingerprint/);
    expect(listHosts(db)).toEqual([]);
  });

  it('lists hosts in name order', () => {
    for (const name of ['b', 'C', 'a']) addHost(db, { ...omnios, name }, 'alice');
    expect(listHosts(db).map((h) => h.name)).toEqual(['a', 'b', 'C']);
  });

  it('updates the connection settings it is given, keeps the pinned key, returns before and after', () => {
    const added = addHost(db, omnios, 'alice');
    const { before, after } = updateHost(db, 'omnios1', { address: '192.0.2.10', port: 2222, toolDir: '/opt/zones/bin/', pfexec: false }, 'bob');
    expect(before).toEqual(added);
    expect(after).toMatchObject({ address: '192.0.2.10', port: 2222, user: 'zonedash', toolDir: '/opt/zones/bin', pfexec: false, fingerprints: [FP1] });
    expect(after.updatedAt).toBeGreaterThan(added.updatedAt);
    expect(getHost(db, 'omnios1')).toEqual(after);
  });

  it('says which host does not exist', () => {
    expect(() => updateHost(db, 'ghost', { port: 22 }, 'x')).toThrow(/no host named 'ghost'/);
    expect(() => setHostDisabled(db, 'ghost', true, 'x')).toThrow(HostStoreError);
    expect(() => trustFingerprint(db, 'ghost', FP2, 'x')).toThrow(HostStoreError);
    expect(() => setRelease(db, 'ghost', 'x')).toThrow(HostStoreError);
    expect(removeHost(db, 'ghost')).toBeNull();
  });

  it('disables and enables', () => {
    addHost(db, omnios, 'alice');
    expect(setHostDisabled(db, 'omnios1', true, 'bob').after.disabled).toBe(true);
    expect(getHost(db, 'omnios1')!.disabled).toBe(true);
    expect(setHostDisabled(db, 'omnios1', false, 'bob').after.disabled).toBe(false);
  });

  it('trusting a new key replaces the pinned one', () => {
    addHost(db, omnios, 'alice');
    const { before, after } = trustFingerprint(db, 'omnios1', FP2, 'bob');
    expect(before.fingerprints).toEqual([FP1]);
    expect(after.fingerprints).toEqual([FP2]);
    expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
  });

  it('keeps the release text as given, bounded, and sets updated_at', () => {
    const added = addHost(db, omnios, 'alice');
    const text = 'omnios-r151054-f8a7b0b2d4\n  OmniOS v11 r151054\n';
    const h = setRelease(db, 'omnios1', text);
    expect(h.release).toBe(text);
    expect(h.updatedAt).toBeGreaterThan(added.updatedAt);
    expect(setRelease(db, 'omnios1', 'x'.repeat(10_000)).release).toHaveLength(4096);
  });

  it('removes a host and returns what it was', () => {
    const h = addHost(db, omnios, 'alice');
    expect(removeHost(db, 'OMNIOS1')).toEqual(h);
    expect(listHosts(db)).toEqual([]);
  });

  it('a hand-edited row with a malformed key pins nothing (the host then refuses to connect)', () => {
    addHost(db, omnios, 'alice');
    db.prepare(`UPDATE hosts SET fingerprints = ? WHERE name = 'omnios1'`).run(JSON.stringify(['-oStrictHostKeyChecking=no', FP2]));
    expect(getHost(db, 'omnios1')!.fingerprints).toEqual([FP2]);
    db.prepare(`UPDATE hosts SET fingerprints = 'not json' WHERE name = 'omnios1'`).run();
    expect(getHost(db, 'omnios1')!.fingerprints).toEqual([]);
  });

  it('keeps an identity file path (the command line)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zd-store-'));
    const key = path.join(dir, 'id');
    writeFileSync(key, 'k', { mode: 0o600 });
    expect(addHost(db, { ...omnios, identityFile: key }, 'cli').identityFile).toBe(key);
  });

  it('sees a change made by another connection to the same file (the command line while the server runs)', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zd-store-')), 'zonedash.sqlite');
    const server = openDatabase(file);
    const cli = openDatabase(file);
    const seen = server.pragma('data_version', { simple: true });
    addHost(cli, omnios, 'cli');
    expect(server.pragma('data_version', { simple: true })).not.toBe(seen);
    expect(getHost(server, 'omnios1')!.addedBy).toBe('cli');
    server.close();
    cli.close();
  });
});
