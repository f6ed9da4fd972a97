// The dashboard's own key: made once, private (0600), the same key on every later call and in
// every process, a public line that ssh2 parses and whose fingerprint is ssh-keygen's.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { dashboardIdentity, IDENTITY_FILE_NAME } from './identity';
import { fingerprintOf, generateIdentity } from './ssh';

const fresh = () => mkdtempSync(path.join(tmpdir(), 'zd-identity-'));

describe('dashboard identity', () => {
  it('makes an ed25519 key once, private key mode 0600, in the given directory', () => {
    const dir = path.join(fresh(), 'data');
    const id = dashboardIdentity(dir);
    expect(id.file).toBe(path.join(dir, IDENTITY_FILE_NAME));
    expect(statSync(id.file).mode & 0o777).toBe(0o600);
    expect(id.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    expect(readFileSync(id.file, 'utf8')).toBe(id.privateKey);
    expect(readdirSync(dir).sort()).toEqual([IDENTITY_FILE_NAME, `${IDENTITY_FILE_NAME}.pub`]);
    expect(readFileSync(`${id.file}.pub`, 'utf8')).toBe(`${id.publicKey}\n`);
  });

  it('gives a public key line that parses, with the fingerprint of its blob', () => {
    const id = dashboardIdentity(fresh());
    expect(id.publicKey).toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/]+=* zonedash@[A-Za-z0-9_.-]+$/);
    const pub = utils.parseKey(id.publicKey);
    if (pub instanceof Error) throw pub;
    expect(pub.type).toBe('ssh-ed25519');
    expect(fingerprintOf(pub.getPublicSSH())).toBe(id.fingerprint);
    expect(id.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it.runIf(existsSync('/usr/bin/ssh-keygen'))('its fingerprint is the one ssh-keygen -lf prints', () => {
    const id = dashboardIdentity(fresh());
    const out = spawnSync('/usr/bin/ssh-keygen', ['-lf', `${id.file}.pub`], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    expect(out.stdout.split(' ')[1]).toBe(id.fingerprint);
  });

  it('is the same key on the second call, and in another process', () => {
    const dir = fresh();
    const first = dashboardIdentity(dir);
    expect(dashboardIdentity(dir)).toEqual(first);
    // another process (the hosts CLI beside the server) reads the same file
    const script = `import { dashboardIdentity } from ${JSON.stringify(path.resolve('server/hosts/identity.ts'))}; console.log(dashboardIdentity(${JSON.stringify(dir)}).fingerprint);`;
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe(first.fingerprint);
  });

  it('two processes starting at once agree on one key', async () => {
    const dir = fresh();
    const script = `import { dashboardIdentity } from ${JSON.stringify(path.resolve('server/hosts/identity.ts'))}; console.log(dashboardIdentity(${JSON.stringify(dir)}).fingerprint);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('error', reject);
        child.on('close', () => resolve(out.trim()));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect(a).toMatch(/^SHA256:/);
    expect(b).toBe(a);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('puts a key readable by others back to 0600', () => {
    const dir = fresh();
    const id = dashboardIdentity(dir);
    chmodSync(id.file, 0o644);
    const again = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `import { dashboardIdentity } from ${JSON.stringify(path.resolve('server/hosts/identity.ts'))}; console.log(dashboardIdentity(${JSON.stringify(dir)}).fingerprint);`],
      { encoding: 'utf8' },
    );
    expect(again.stdout.trim()).toBe(id.fingerprint);
    expect(again.stderr).toMatch(/set back to 0600/);
    expect(statSync(id.file).mode & 0o777).toBe(0o600);
  });

  it('every key it makes reads back whole (ssh2 writes one ed25519 key in 256 a byte short)', () => {
    // 2,000 keys: a generator without the check fails this with probability 1 - (255/256)^2000 > 99.9 %
    for (let i = 0; i < 2000; i++) {
      const { privateKey } = generateIdentity();
      const key = utils.parseKey(privateKey);
      expect(key instanceof Error ? key.message : key.getPublicSSH().length).toBe(51);
    }
  });
});
