// The simulated uname against usr/src/cmd/uname/uname.c: fields in its order, -s by default,
// -a, the usage on a bad option or an operand.
import { describe, expect, it } from 'vitest';
import { tmpHost } from './host-testkit';

describe('simulated uname', () => {
  it('prints the fields uname.c prints, in its order', async () => {
    const h = await tmpHost();
    const run = async (...args: string[]) => (await h.run('uname', args)).stdout;
    expect(await run()).toBe('SunOS\n');
    expect(await run('-v')).toMatch(/^omnios-r\d{6}-[0-9a-f]{10}\n$/);
    expect(await run('-rs')).toBe('SunOS 5.11\n');
    expect(await run('-a')).toMatch(/^SunOS \S+ 5\.11 omnios-r\d{6}-[0-9a-f]{10} i86pc i386 i86pc\n$/);
    expect(await run('-sX')).toMatch(/^SunOSSystem = SunOS\n(.+\n){9}NumCPU = 8\n\n$/);
  });

  it('answers a bad option or an operand with its usage and status 1', async () => {
    const h = await tmpHost();
    const bad = await h.run('uname', ['-q']);
    expect(bad).toMatchObject({ code: 1, stdout: '', stderr: 'uname: illegal option -- q\nusage:\tuname [-snrvmapiX]\n\tuname [-S system_name]\n' });
    const operand = await h.run('uname', ['-v', 'extra']);
    expect(operand).toMatchObject({ code: 1, stderr: 'usage:\tuname [-snrvmapiX]\n\tuname [-S system_name]\n' });
  });
});
