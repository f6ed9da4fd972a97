// `npm run hosts` as a script runs it: a child process on a temporary database, which this
// test also opens, as the running server would (same file, another connection).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from './db/database';
import { getHost, listHosts } from './hosts/store';

const FP = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';
const CLI = path.resolve('server/hosts-cli.ts');

let dir: string;
let file: string;
let db: DB;

function hosts(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ZONEDASH_DB: file, USER: 'ops' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const auditRows = () =>
  db.prepare(`SELECT user, host, action, outcome, detail FROM audit WHERE action LIKE 'cli.hosts.%' ORDER BY id`).all() as {
    user: string;
    host: string;
    action: string;
    outcome: string;
    detail: string;
  }[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zd-hosts-cli-'));
  file = path.join(dir, 'data', 'zonedash.sqlite');
  db = openDatabase(file);
});
afterAll(() => db.close());

describe('npm run hosts', () => {
  it('adds a host with the fingerprint it is given; the server’s connection sees it; audited', () => {
    const seen = db.pragma('data_version', { simple: true });
    const r = hosts('add', 'omnios1', 'ssh://zonedash@127.0.0.1:2222', '--fingerprint', FP, '--tool-dir', '/opt/sim/bin/', '--no-pfexec');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^added omnios1 \(ssh:\/\/zonedash@127\.0\.0\.1:2222\)/);
    // the dashboard's own key is made in the data directory and printed for authorized_keys
    expect(r.stdout).toMatch(/^ssh-ed25519 AAAA\S+ zonedash@\S+$/m);
    expect(db.pragma('data_version', { simple: true })).not.toBe(seen);
    expect(getHost(db, 'omnios1')).toMatchObject({
      address: '127.0.0.1',
      port: 2222,
      user: 'zonedash',
      fingerprints: [FP],
      toolDir: '/opt/sim/bin',
      pfexec: false,
      identityFile: null,
      addedBy: 'cli:ops',
    });
    expect(auditRows().at(-1)).toMatchObject({ user: 'cli:ops', host: 'omnios1', action: 'cli.hosts.add', outcome: 'ok' });
    expect(auditRows().at(-1)!.detail).toContain(`host key ${FP}`);
  });

  it('takes --identity (a private key file) and IPv6 in brackets', () => {
    const key = path.join(dir, 'id_ed25519');
    writeFileSync(key, 'key', { mode: 0o600 });
    const r = hosts('add', 'smartos1', 'ssh://root@[2001:db8::10]', '--fingerprint', FP, '--identity', key);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/authorized_keys/);
    expect(getHost(db, 'smartos1')).toMatchObject({ address: '2001:db8::10', port: 22, user: 'root', identityFile: key, toolDir: '/usr/sbin', pfexec: true });
  });

  it('lists the hosts, one line each, tab-separated', () => {
    const r = hosts('list');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      ['omnios1', 'ssh://zonedash@127.0.0.1:2222', '/opt/sim/bin', 'no-pfexec', 'enabled', FP, '-'].join('\t'),
      ['smartos1', 'ssh://root@[2001:db8::10]', '/usr/sbin', 'pfexec', 'enabled', FP, path.join(dir, 'id_ed25519')].join('\t'),
    ]);
  });

  it('prints the dashboard key, the same one every time', () => {
    const a = hosts('key');
    const b = hosts('key');
    expect(a.stdout).toMatch(/^ssh-ed25519 AAAA\S+ zonedash@\S+\n$/);
    expect(b.stdout).toBe(a.stdout);
  });

  it('refuses a taken name (in any case), and says so in the audit log', () => {
    const r = hosts('add', 'OMNIOS1', 'ssh://zonedash@other.example', '--fingerprint', FP);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/exists already/);
    expect(auditRows().at(-1)).toMatchObject({ action: 'cli.hosts.add', outcome: 'refused', host: 'OMNIOS1' });
    expect(getHost(db, 'omnios1')!.address).toBe('127.0.0.1');
  });

  it.each([
    [['add', 'h2', 'ssh://-oProxyCommand=id@host', '--fingerprint', FP], /option/],
    [['add', 'h2', 'ssh://zonedash@-oProxyCommand=id', '--fingerprint', FP], /option/],
    [['add', 'h2', 'ssh://zonedash@host:0', '--fingerprint', FP], /port/],
    [['add', 'h2', 'zonedash@host', '--fingerprint', FP], /ssh:\/\/USER@ADDRESS/],
    [['add', '-x', 'ssh://zonedash@host', '--fingerprint', FP], /Unknown option|host name/],
    [['add', 'h2', 'ssh://zonedash@host'], /--fingerprint is required/],
    [['add', 'h2', 'ssh://zonedash@host', '--fingerprint', 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48'], /MD5/],
    [['add', 'h2', 'ssh://zonedash@host', '--fingerprint', FP, '--tool-dir', '/usr/sbin;id'], /tool directory/],
    [['add', 'h2', 'ssh://zonedash@host', '--fingerprint', FP, '--identity', '/nonexistent/key'], /does not exist/],
    [['add', 'h2', 'ssh://zonedash@host', '--fingerprint', FP, '--identity', 'relative/key'], /absolute/],
    [['add', 'sim', 'ssh://zonedash@host', '--fingerprint', FP], /built-in host/],
    [['add', 'h2', 'ssh://zonedash@host', '--fingerprint', FP, '--oProxyCommand=id'], /Unknown option/],
    [['remove', 'h2', '--fingerprint', FP], /go with add/],
    [['frobnicate'], /usage/],
    [[], /usage/],
  ])('refuses %j before writing anything', (args, why) => {
    const before = listHosts(db);
    const r = hosts(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(why);
    expect(listHosts(db)).toEqual(before);
  });

  it('refuses to remove a host while a task runs there, naming the task', () => {
    db.prepare(`INSERT INTO tasks (id, kind, title, user, host, zone, status, created_at) VALUES ('t-1', 'boot', 'Boot web01', 'alice', 'omnios1', 'web01', 'running', ?)`).run(Date.now());
    const r = hosts('remove', 'omnios1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/task t-1 \(Boot web01, zone web01, started by alice\) is running on omnios1/);
    expect(getHost(db, 'omnios1')).not.toBeNull();
    expect(auditRows().at(-1)).toMatchObject({ action: 'cli.hosts.remove', outcome: 'refused' });
    db.prepare(`UPDATE tasks SET status = 'succeeded' WHERE id = 't-1'`).run();
  });

  it('removes a host (any case) and says what it was in the audit log', () => {
    const r = hosts('remove', 'Omnios1');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('removed omnios1\n');
    expect(getHost(db, 'omnios1')).toBeNull();
    const last = auditRows().at(-1)!;
    expect(last).toMatchObject({ action: 'cli.hosts.remove', outcome: 'ok', host: 'omnios1' });
    expect(last.detail).toContain('ssh://zonedash@127.0.0.1:2222');
    expect(hosts('remove', 'omnios1')).toMatchObject({ status: 1, stderr: expect.stringMatching(/no host named 'omnios1'/) });
  });
});
