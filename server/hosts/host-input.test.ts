// Every value a person gives for a host is checked before anything connects: option-looking,
// malformed and hostile values are refused with a sentence, good ones come back normalized.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addressSchema,
  fingerprintSchema,
  hostNameSchema,
  hostPatchSchema,
  identityFileSchema,
  newHostSchema,
  parseSshUrl,
  portSchema,
  sshUserSchema,
  toolDirSchema,
} from './host-input';
import type { z } from 'zod';

// a real fingerprint: ssh-keygen -lf of the Debian host key in the research vectors
const FP = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

function refused(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be refused`).toBe(false);
  return r.success ? '' : r.error.issues[0]!.message;
}
const accepted = (schema: z.ZodType, value: unknown): unknown => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be accepted: ${r.success ? '' : r.error.issues[0]?.message}`).toBe(true);
  return r.data;
};

// words that must never reach ssh or a remote shell, whatever the field
const HOSTILE = [
  '-oProxyCommand=touch /tmp/pwned',
  '-oProxyCommand=sh -c id',
  '-p',
  '--',
  '-',
  'a;id',
  'a|id',
  'a&id',
  '$(id)',
  '`id`',
  'a b',
  'a\tb',
  'a\nb',
  'a\u0000b',
  "a'b",
  'a"b',
  'a\\b',
  'a>b',
  'a<b',
  'a*',
  'a?',
  '~root',
  '{a,b}',
  'ｅxample.com', // full-width look-alike
  'exa\u202emple', // bidi override
  'x'.repeat(10_000),
];

describe('host names', () => {
  it.each(['web01', 'omnios-a', 'host.example', 'A', '9', 'a_b', 'x'.repeat(63)])('accepts %j', (v) => {
    expect(accepted(hostNameSchema, v)).toBe(v);
  });
  it.each([...HOSTILE, '', '.hidden', '_x', 'x'.repeat(64), 'a/b', 'a:b', 'a@b'])('refuses %j', (v) => {
    expect(refused(hostNameSchema, v)).toMatch(/host name/);
  });
  it('reserves the built-in hosts, in any case', () => {
    expect(refused(hostNameSchema, 'sim')).toMatch(/built-in host/);
    expect(refused(hostNameSchema, 'LOCAL')).toMatch(/built-in host/);
    expect(refused(hostNameSchema, 'sim3')).toMatch(/built-in host/);
    expect(accepted(hostNameSchema, 'simba')).toBe('simba');
  });
});

describe('addresses', () => {
  it.each([
    ['omnios.example.com', 'omnios.example.com'],
    ['OmniOS.Example.COM', 'omnios.example.com'],
    ['localhost', 'localhost'],
    ['h1', 'h1'],
    ['127.0.0.1', '127.0.0.1'],
    ['192.0.2.10', '192.0.2.10'],
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['2001:db8::10', '2001:db8::10'],
  ])('accepts %j as %j', (v, want) => {
    expect(accepted(addressSchema, v)).toBe(want);
  });
  it('says an option-looking address would be read as an option', () => {
    expect(refused(addressSchema, '-oProxyCommand=touch /tmp/x')).toMatch(/starts with '-'.*option.*refused/);
  });
  it.each([...HOSTILE, '', '256.1.1.1', '01.2.3.4', '1.2.3', 'a..b', '.a', 'a-.b', 'fe80::1%eth0', '[::1', '::1]', 'user@host', 'host:22', 'http://x', 'a_b.example'])(
    'refuses %j',
    (v) => {
      expect(refused(addressSchema, v)).toMatch(/address/);
    },
  );
});

describe('ports', () => {
  it.each([1, 22, 2222, 65535])('accepts %j', (v) => expect(accepted(portSchema, v)).toBe(v));
  it.each([0, -1, 65536, 22.5, NaN, Infinity, '22', '-p', null])('refuses %j', (v) => {
    expect(refused(portSchema, v)).toMatch(/port/);
  });
});

describe('users', () => {
  it.each(['zonedash', 'root', 'z.dash', 'z_dash', 'z-dash', '_svc', 'a'.repeat(32)])('accepts %j', (v) => expect(accepted(sshUserSchema, v)).toBe(v));
  it('says an option-looking user would be read as an option', () => {
    expect(refused(sshUserSchema, '-oProxyCommand=id')).toMatch(/starts with '-'.*option/);
  });
  it.each([...HOSTILE, '', 'a'.repeat(33), 'a@b', 'a:b', 'a/b', 'ü'])('refuses %j', (v) => {
    expect(refused(sshUserSchema, v)).toMatch(/user/);
  });
});

describe('tool directories', () => {
  it.each([
    ['/usr/sbin', '/usr/sbin'],
    ['/opt/tools/', '/opt/tools'],
    ['//usr//sbin', '/usr/sbin'],
    ['/work/main/server/sim/bin', '/work/main/server/sim/bin'],
    ['/', '/'],
  ])('accepts %j as %j', (v, want) => expect(accepted(toolDirSchema, v)).toBe(want));
  it.each([...HOSTILE, '', 'usr/sbin', './bin', '/usr/../bin', '/usr/./sbin', '/a b', '/a:b', '/a$b', '/a;b', '/x'.repeat(200)])('refuses %j', (v) => {
    expect(refused(toolDirSchema, v)).toMatch(/tool directory/);
  });
});

describe('fingerprints', () => {
  it('accepts what ssh-keygen -lf prints, with or without a trailing =', () => {
    expect(accepted(fingerprintSchema, FP)).toBe(FP);
    expect(accepted(fingerprintSchema, `${FP}=`)).toBe(FP);
  });
  it('refuses MD5 with the way to get the SHA256 one', () => {
    expect(refused(fingerprintSchema, 'MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48')).toMatch(/MD5.*SHA256/);
    expect(refused(fingerprintSchema, '16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48')).toMatch(/MD5/);
  });
  it.each([
    ...HOSTILE,
    '',
    'SHA256:',
    FP.slice(0, -1),
    `${FP}A`,
    FP.replace('SHA256:', 'sha256:'),
    FP.replace('SHA256:', 'SHA1:'),
    FP.slice(0, -1) + 'B', // the last character carries 4 bits; 'B' sets a fifth: not a digest
    FP.replace('u', '-'),
    FP.replace('u', '_'),
    ` ${FP}`,
    `${FP}\n`,
    `-oFingerprintHash=${FP}`,
  ])('refuses %j', (v) => {
    expect(refused(fingerprintSchema, v)).toMatch(/fingerprint/);
  });
});

describe('identity files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zd-identity-'));
  const key = path.join(dir, 'id_ed25519');
  writeFileSync(key, 'key', { mode: 0o600 });
  it('accepts a readable file by absolute path', () => expect(accepted(identityFileSchema, key)).toBe(key));
  it('refuses a missing file, a directory, a relative path, an option', () => {
    expect(refused(identityFileSchema, path.join(dir, 'nope'))).toMatch(/does not exist/);
    expect(refused(identityFileSchema, dir)).toMatch(/not a regular file/);
    expect(refused(identityFileSchema, 'id_ed25519')).toMatch(/not an absolute path/);
    expect(refused(identityFileSchema, '-i/etc/passwd')).toMatch(/starts with '-'/);
    expect(refused(identityFileSchema, `${key}\n`)).toMatch(/control character|does not exist/);
  });
  it.runIf(process.getuid?.() !== 0)('refuses a file the dashboard cannot read', () => {
    const locked = path.join(dir, 'locked');
    writeFileSync(locked, 'key');
    chmodSync(locked, 0);
    expect(refused(identityFileSchema, locked)).toMatch(/not readable/);
  });
});

describe('a whole new host', () => {
  it('fills the defaults: port 22, /usr/sbin, pfexec on, no identity file', () => {
    expect(accepted(newHostSchema, { name: 'h1', address: 'omnios.example', user: 'zonedash', fingerprint: FP })).toEqual({
      name: 'h1',
      address: 'omnios.example',
      port: 22,
      user: 'zonedash',
      toolDir: '/usr/sbin',
      pfexec: true,
      fingerprint: FP,
      identityFile: null,
    });
  });
  it('names the field of each problem', () => {
    const r = newHostSchema.safeParse({ name: '-x', address: '-oProxyCommand=id', port: 0, user: '$(id)', toolDir: 'bin', fingerprint: 'x' });
    expect(r.success).toBe(false);
    const fields = new Set(r.error!.issues.map((i) => i.path.join('.')));
    expect(fields).toEqual(new Set(['name', 'address', 'port', 'user', 'toolDir', 'fingerprint']));
  });
  it('a patch changes only what it names, each value checked the same way', () => {
    expect(accepted(hostPatchSchema, { port: 2222 })).toEqual({ port: 2222 });
    expect(refused(hostPatchSchema, { address: '-oProxyCommand=id' })).toMatch(/option/);
  });
});

describe('ssh:// URLs (the command line)', () => {
  it.each([
    ['ssh://zonedash@omnios.example', { user: 'zonedash', address: 'omnios.example', port: 22 }],
    ['ssh://zonedash@127.0.0.1:2222', { user: 'zonedash', address: '127.0.0.1', port: 2222 }],
    ['ssh://z@[::1]:2200', { user: 'z', address: '::1', port: 2200 }],
    ['ssh://z@[2001:db8::10]', { user: 'z', address: '2001:db8::10', port: 22 }],
    ['ssh://z@host/', { user: 'z', address: 'host', port: 22 }],
  ])('reads %j', (url, want) => {
    expect(parseSshUrl(url)).toEqual({ ok: true, ...want });
  });
  it.each([
    ['ssh://-oProxyCommand=id@host', /option/],
    ['ssh://z@-oProxyCommand=id', /option/],
    ['ssh://z@host:-p', /port/],
    ['ssh://z@host:0', /port/],
    ['ssh://z@host:65536', /port/],
    ['ssh://z@host:22x', /port/],
    ['ssh://host', /not ssh:\/\/USER@ADDRESS/],
    ['zonedash@host', /not ssh:\/\/USER@ADDRESS/],
    ['ssh://z@::1', /not ssh:\/\/USER@ADDRESS|address/],
    ['ssh://a@b@host', /address/],
    ['ssh://z@host/path', /not ssh:\/\/USER@ADDRESS/],
    ['ssh://z@ho st', /address/],
    ['ssh://$(id)@host', /user/],
  ])('refuses %j', (url, why) => {
    const r = parseSshUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });
});
