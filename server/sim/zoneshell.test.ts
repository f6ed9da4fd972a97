import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ZoneShell, evalArith, parseShell, shellInputComplete, shellQuote, stringStdin } from './zoneshell';
import { posixToJs } from './zoneshell-cmds';
import { hostPath } from './zoneos';
import { makeSimHost } from './zoneos-testkit';
import { shellQuote as dashboardQuote } from '../illumos/zlogin';

let root: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ root, cleanup } = await makeSimHost([{ name: 'web01' }]));
});
afterAll(() => cleanup());

async function sh(script: string, stdin: string | null = null, interactive = false) {
  const shell = new ZoneShell({ root, zone: 'web01', interactive, timeScale: 0 });
  let out = '';
  let err = '';
  const code = await shell.run(script, { stdin: stringStdin(stdin), stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err, shell };
}

const zfile = (p: string) => readFileSync(hostPath(root, 'web01', '/', p), 'utf8');

describe('quoting', () => {
  const hostile = [
    'a value with spaces',
    "it's quoted \"twice\"",
    'semi; colon && and || or | pipe',
    '$(touch /tmp/pwned) `touch /tmp/pwned2` $HOME ${HOME} $((1+1))',
    'back\\slash \\n and newline\nsecond line',
    '> redirect < in >> append 2>&1',
    '~ tilde * glob ? [a] {b,c} # hash',
    '',
  ];
  for (const v of hostile) {
    it(`a single-quoted value arrives literally: ${JSON.stringify(v)}`, async () => {
      const r = await sh(`printf '%s|' ${shellQuote(v)} ${dashboardQuote(v)}`);
      expect(r.err).toBe('');
      expect(r.out).toBe(`${v}|${v}|`);
    });
  }
  it('nothing in a quoted value executes', async () => {
    await sh(`echo ${shellQuote('$(touch /tmp/pwned); touch /tmp/pwned3')}`);
    expect(() => zfile('/tmp/pwned')).toThrow();
    expect(() => zfile('/tmp/pwned3')).toThrow();
  });
  it('double quotes expand variables and commands, single quotes do not', async () => {
    const r = await sh(`X='a  b'; echo "[$X]" '[$X]' [$X] "$(echo sub)" \`echo bq\``);
    expect(r.out).toBe('[a  b] [$X] [a b] sub bq\n');
  });
  it('backslashes and empty words', async () => {
    const r = await sh(`printf '<%s>' a\\ b "" '' "\\$HOME" \\'`);
    expect(r.out).toBe('<a b><><><$HOME><\'>');
  });
});

describe('expansion and arithmetic', () => {
  it('$((...)) evaluates integer expressions', async () => {
    expect((await sh('echo hi-$((40+2))')).out).toBe('hi-42\n');
    expect((await sh('x=7; echo $((x * (3 + 1) % 5)) $(( x > 3 ? 1 : 0 )) $((2**10)) $((-7 / 2))')).out).toBe('3 1 1024 -3\n');
    expect(evalArith('1 << 4 | 1', { vars: new Map() })).toBe(17);
  });
  it('parameter expansion forms', async () => {
    const r = await sh('unset U; E=; echo ${U:-dflt} ${E:-empty} ${#HOME} ${U-x}${E-y}; echo $?');
    expect(r.out).toBe('dflt empty 5 x\n0\n');
  });
  it('field splitting of unquoted expansions', async () => {
    const r = await sh('v="1 2  3"; for i in $v; do echo "<$i>"; done');
    expect(r.out).toBe('<1>\n<2>\n<3>\n');
  });
  it('~ is root\'s home', async () => {
    expect((await sh('echo ~ ~/x')).out).toBe('/root /root/x\n');
  });
});

describe('lists, pipelines, control flow', () => {
  it('; && || and exit statuses', async () => {
    const r = await sh('false && echo no; false || echo yes; true && echo and; ! true; echo $?');
    expect(r.out).toBe('yes\nand\n1\n');
  });
  it('pipes feed stdin', async () => {
    const r = await sh("printf 'b\\na\\nhosts: x\\n' | grep -v a | wc -l");
    expect(r.out.trim()).toBe('2');
  });
  it('if/elif/else, for, while', async () => {
    const r = await sh('n=0; while [ $n -lt 3 ]; do n=$((n+1)); done; if [ $n = 2 ]; then echo two; elif [ $n -eq 3 ]; then echo three; else echo other; fi');
    expect(r.out).toBe('three\n');
  });
  it('exit ends the script with its status', async () => {
    const r = await sh('echo a; exit 3; echo b');
    expect(r.out).toBe('a\n');
    expect(r.code).toBe(3);
  });
  it('set -e stops at the first failure', async () => {
    const r = await sh('set -e; echo a; false; echo b');
    expect(r.out).toBe('a\n');
    expect(r.code).toBe(1);
  });
  it('sh -c with positional parameters (the dashboard runbook form)', async () => {
    const r = await sh(`/bin/sh -c 'printf "%s/%s\\n" "$0" "$1"; exit 4' sh ${shellQuote('va lue')}`);
    expect(r.out).toBe('sh/va lue\n');
    expect(r.code).toBe(4);
  });
});

describe('redirections and files', () => {
  it('> >> < and here-documents', async () => {
    await sh("echo one > /tmp/f; echo two >> /tmp/f; cat <<EOF >> /tmp/f\nthree $((1+2))\nEOF\ncat <<'EOF' >> /tmp/f\nfour $HOME\nEOF");
    expect(zfile('/tmp/f')).toBe('one\ntwo\nthree 3\nfour $HOME\n');
    expect((await sh('wc -l < /tmp/f')).out.trim()).toBe('4');
  });
  it('2>&1 and /dev/null', async () => {
    const r = await sh('cat /nope 2>&1; cat /nope 2>/dev/null; echo $?');
    expect(r.out).toBe('cat: cannot open /nope: No such file or directory\n2\n');
  });
  it('cp, mv, rm, mkdir -p, chmod, test', async () => {
    const r = await sh(
      'mkdir -p /opt/a/b && cp /etc/release /opt/a/b/r && mv /opt/a/b/r /opt/a/r2 && chmod 600 /opt/a/r2 && test -f /opt/a/r2 && [ ! -e /opt/a/b/r ] && echo ok; rm /opt/a; echo $?; rm -r /opt/a; [ -d /opt/a ] || echo gone',
    );
    expect(r.out).toBe('ok\n2\ngone\n');
    expect(r.err).toBe('rm: /opt/a is a directory\n');
  });
  it('sed -i and the runbook nsswitch edits', async () => {
    expect(zfile('/etc/nsswitch.conf')).toMatch(/^hosts:      files$/m);
    await sh("cp /etc/nsswitch.conf /tmp/ns; sed -i 's/^hosts:[[:space:]]*files$/hosts: files dns/' /tmp/ns");
    expect(zfile('/tmp/ns')).toMatch(/^hosts: files dns$/m);
    await sh("cp /etc/nsswitch.conf /tmp/ns2; sed '/^hosts:/s/[[:blank:]]*$/ dns/' /tmp/ns2 > /tmp/ns2.new && cat /tmp/ns2.new > /tmp/ns2 && rm -f /tmp/ns2.new");
    expect(zfile('/tmp/ns2')).toMatch(/^hosts:      files dns$/m);
    expect(posixToJs('a\\(b\\)\\{2\\}+', false)).toBe('a(b){2}\\+');
  });
  it('grep options', async () => {
    const r = await sh("grep -c '^hosts:' /etc/nsswitch.dns; grep -q nomatch /etc/hosts; echo $?; grep -n localhost /etc/hosts");
    expect(r.out).toBe('1\n1\n7:::1 localhost\n8:127.0.0.1 localhost loghost\n');
  });
});

describe('errors and the system commands', () => {
  it('unknown commands: bash wording, status 127', async () => {
    const r = await sh('nosuch arg');
    expect(r.code).toBe(127);
    expect(r.err).toBe('bash: line 1: nosuch: command not found\n');
    const i = await sh('nosuch', null, true);
    expect(i.err).toBe('bash: nosuch: command not found\n');
  });
  it('syntax errors: status 2', async () => {
    const r = await sh('echo (');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/syntax error/);
    expect(shellInputComplete("echo 'open")).toBe(false);
    expect(shellInputComplete('if true; then')).toBe(false);
    expect(shellInputComplete('echo ok')).toBe(true);
    expect(() => parseShell('fi')).toThrow(/unexpected token `fi'/);
  });
  it('hostname, uname, zonename, svcadm', async () => {
    const r = await sh('hostname; hostname web01.example.com; hostname; uname -a; zonename; svcadm restart dns/client; echo $?');
    expect(r.out).toBe(
      'web01\nweb01.example.com\nSunOS web01.example.com 5.11 omnios-r151054-b53bc6f7d7 i86pc i386 i86pc\nweb01\n0\n',
    );
  });
  it('route -p add default', async () => {
    const r = await sh('route -p add default 192.168.5.1; route -p show');
    expect(r.out).toBe('add persistent net default: gateway 192.168.5.1\nadd net default: gateway 192.168.5.1\npersistent: route add default 192.168.5.1\n');
  });
});
