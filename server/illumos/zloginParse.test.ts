// The zlogin -C readers against the shared vectors: the real OmniOS console transcript and
// the reconstructed boot and error transcripts (zlogin.c's own words).
import { describe, expect, it } from 'vitest';
import { readVector, vectorSections } from '../testkit/vectors';
import { zloginConsoleAttached, zloginConsoleBanner, zloginConsoleHolder } from './zloginParse';

const errors = vectorSections('recon-zlogin-errors.txt');
const said = (commandStart: string): string => {
  const s = errors.find((x) => x.command.startsWith(commandStart));
  if (!s) throw new Error(`no section '${commandStart}' in recon-zlogin-errors.txt`);
  return s.output;
};

describe('zloginConsoleAttached', () => {
  it("sees the banner of a real console session and of a reconstructed boot", () => {
    expect(zloginConsoleAttached(readVector('real-zlogin-C-console-bhyve-omnios.txt').body)).toBe(true);
    expect(zloginConsoleAttached(readVector('recon-zlogin-C-native-boot.txt').body)).toBe(true);
  });

  it('sees it in the first bytes, before the rest of the line has arrived', () => {
    const first = readVector('recon-zlogin-C-native-boot.txt').body.split('\n')[0]!;
    expect(first).toBe("[Connected to zone 'web01' console]");
    expect(zloginConsoleAttached(`${first}\r`)).toBe(true);
    expect(zloginConsoleAttached(first.slice(0, -1))).toBe(false);
  });

  it('does not take a refusal, or the closing banner, for an attach', () => {
    for (const s of errors) expect(zloginConsoleAttached(s.output), s.command).toBe(false);
    expect(zloginConsoleAttached("[Connection to zone 'web01' console closed]")).toBe(false);
  });
});

describe('zloginConsoleBanner', () => {
  const banner = "[Connected to zone 'web01' console]";
  it('finds the banner line with its line end, in a pty\'s CR LF or a pipe\'s LF', () => {
    expect(zloginConsoleBanner(`${banner}\r\nSunOS`)).toEqual({ start: 0, end: banner.length + 2, lineEnded: true });
    expect(zloginConsoleBanner(`x# ${banner}\nrest`)).toEqual({ start: 3, end: 3 + banner.length + 1, lineEnded: true });
    const real = readVector('recon-zlogin-C-native-boot.txt').body;
    const found = zloginConsoleBanner(real)!;
    expect(real.slice(found.start, found.end)).toBe(`${banner}\n`);
  });

  it('says when the line end has not arrived yet (nothing, or only its CR)', () => {
    expect(zloginConsoleBanner(banner)).toEqual({ start: 0, end: banner.length, lineEnded: false });
    expect(zloginConsoleBanner(`${banner}\r`)).toEqual({ start: 0, end: banner.length + 1, lineEnded: false });
  });

  it('is null for the closing banner and for a refusal', () => {
    expect(zloginConsoleBanner("[Connection to zone 'web01' console closed]\n")).toBeNull();
    for (const s of errors) expect(zloginConsoleBanner(s.output), s.command).toBeNull();
  });
});

describe('zloginConsoleHolder', () => {
  it("reads the holder's process ID from zlogin's refusal", () => {
    expect(zloginConsoleHolder(said('zlogin -C web01   (another'))).toBe(4242);
    // as a pty delivers it: CR LF
    expect(zloginConsoleHolder('zlogin: Zone is already in use by process ID 4242.\r\n')).toBe(4242);
  });

  it('is null for every other refusal and for a console that attached', () => {
    for (const s of errors.filter((x) => !x.command.includes('another zlogin'))) {
      expect(zloginConsoleHolder(s.output), s.command).toBeNull();
    }
    expect(zloginConsoleHolder(readVector('recon-zlogin-C-native-boot.txt').body)).toBeNull();
  });
});
