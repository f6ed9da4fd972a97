// The quoting rules as text. That a real sshd and a real /bin/sh parse these lines back into
// the same bytes is proven end to end in server/hosts/ssh.test.ts.
import { describe, expect, it } from 'vitest';
import { TEMP_FILE_PATH, guardedCommandLine, ptyCommandLine, shellCommandLine, shellQuote, shellWord, tempFileScript } from './shell';
import { ValidationError } from './validate';

describe('shellQuote', () => {
  it('single-quotes every word, even a plain one, and the empty word', () => {
    expect(shellQuote('zoneadm')).toBe("'zoneadm'");
    expect(shellQuote('')).toBe("''");
  });

  it("writes a quote as '\\'' and leaves every other character alone", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("''")).toBe(`''\\'''\\'''`);
    for (const w of ['$(id)', '`id`', 'a;b', 'a\nb', '*', '~root', '-oProxyCommand=x', '\\', '"', 'é ‮x', '!', '#']) {
      expect(shellQuote(w)).toBe(`'${w}'`);
    }
  });

  it('refuses a NUL byte', () => {
    expect(() => shellQuote('a\0b')).toThrow(ValidationError);
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe('shellCommandLine', () => {
  it('quotes each word and joins with one space', () => {
    expect(shellCommandLine(['/usr/sbin/zoneadm', '-z', "we'b", 'boot'])).toBe(`'/usr/sbin/zoneadm' '-z' 'we'\\''b' 'boot'`);
  });
  it('refuses an empty argv and a NUL in any word', () => {
    expect(() => shellCommandLine([])).toThrow(ValidationError);
    expect(() => shellCommandLine(['/bin/echo', 'ok', 'x\0'])).toThrow(/NUL/);
  });
});

describe('shellWord (for people)', () => {
  it('leaves plain words bare and quotes the rest', () => {
    expect(['web01', '/zones/web01', 'a=b', '-T', 'x,y:z@1%+'].map(shellWord)).toEqual(['web01', '/zones/web01', 'a=b', '-T', 'x,y:z@1%+']);
    expect(['', 'a b', '=x', '~root', '*', '$(id)', "it's"].map(shellWord)).toEqual(["''", "'a b'", "'=x'", "'~root'", "'*'", "'$(id)'", `'it'\\''s'`]);
  });
});

describe('guardedCommandLine', () => {
  const argv = ['/usr/sbin/zoneadm', 'list', '-cp'];

  it('starts /bin/sh on one quoted script that sets the C locale and runs the quoted argv behind the watchdog', () => {
    const line = guardedCommandLine(argv, 0);
    expect(line.startsWith("exec /bin/sh -c '")).toBe(true);
    expect(line).toContain('LC_ALL=C; export LC_ALL');
    // dd reads the watchdog's pid (10 bytes) and nothing else: no payload to feed
    expect(line.match(/dd bs=1 count=\d+/g)).toEqual(['dd bs=1 count=10']);
    // the argv appears quoted once more inside the quoted script: '...' becomes '\''...'\''
    expect(line).toContain(`'\\''/usr/sbin/zoneadm'\\'' '\\''list'\\'' '\\''-cp'\\''`);
    expect(line).toContain('kill -s KILL 0');
  });

  it('feeds exactly stdinBytes bytes to the tool', () => {
    expect(guardedCommandLine(argv, 1234)).toContain('dd bs=1 count=1234 2>/dev/null;');
  });

  it('refuses a size that is not a whole number of bytes', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => guardedCommandLine(argv, n)).toThrow(ValidationError);
  });
});

describe('ptyCommandLine', () => {
  it('execs the quoted argv under the C locale', () => {
    expect(ptyCommandLine(['/usr/sbin/zlogin', '-C', 'web01'])).toBe(
      `exec /bin/sh -c 'LC_ALL=C; export LC_ALL; exec '\\''/usr/sbin/zlogin'\\'' '\\''-C'\\'' '\\''web01'\\'''`,
    );
  });
});

describe('temp files', () => {
  it('creates the file under umask 077 and accepts only the path shape mktemp prints', () => {
    expect(tempFileScript()).toMatch(/^umask 077; f=\$\(mktemp /);
    expect(TEMP_FILE_PATH.test('/tmp/zonedash.AbC123xYz0')).toBe(true);
    for (const p of ['/tmp/zonedash.x', '/tmp/zonedash.AbC123xYz0\n/etc/passwd', '/etc/zonedash.AbC123xYz0', "/tmp/zonedash.AbC123xY'0"]) {
      expect(TEMP_FILE_PATH.test(p)).toBe(false);
    }
  });
});
