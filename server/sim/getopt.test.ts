import { describe, expect, it } from 'vitest';
import { getopt, scanOptions } from './getopt';

describe('scanOptions (getopt(3C))', () => {
  it('reads clustered flags and a value glued on or in the next word, in order', () => {
    const s = scanOptions(['-pv', '-ofoo', '-z', 'web01', 'list', '-x'], 'pvo:z:');
    expect(s.opts).toEqual([{ c: 'p' }, { c: 'v' }, { c: 'o', arg: 'foo' }, { c: 'z', arg: 'web01' }]);
    expect(s.optind).toBe(4);
    expect(s.operands).toEqual(['list', '-x']);
    expect(s.error).toBeUndefined();
  });

  it('stops at "--" and treats a lone "-" as an operand', () => {
    expect(scanOptions(['-p', '--', '-v'], 'pv')).toMatchObject({ optind: 2, operands: ['-v'] });
    expect(scanOptions(['-', '-p'], 'p')).toMatchObject({ optind: 0, operands: ['-', '-p'], opts: [] });
  });

  it('returns an unknown letter (":" is never one) with the options before it', () => {
    const s = scanOptions(['-pxv', 'a'], 'pv:');
    expect(s.opts).toEqual([{ c: 'p' }]);
    expect(s.error).toEqual({ kind: 'unknown', opt: 'x' });
    expect(s.optind).toBe(1);
    expect(scanOptions(['-:'], 'a:').error).toEqual({ kind: 'unknown', opt: ':' });
  });

  it('returns a missing value when the option ends argv', () => {
    const s = scanOptions(['-p', '-o'], 'po:');
    expect(s.error).toEqual({ kind: 'missing', opt: 'o' });
    expect(s.optind).toBe(2);
    expect(s.operands).toEqual([]);
  });

  it('takes "?" as an option only when optstring lists it', () => {
    expect(scanOptions(['-?'], '?f:').opts).toEqual([{ c: '?' }]);
    expect(scanOptions(['-?'], 'f:').error).toEqual({ kind: 'unknown', opt: '?' });
  });

  it('maps getopt_long names to letters, with "=value" or the next word', () => {
    const longs = { parsable: 'p', output: 'o' };
    expect(scanOptions(['--parsable', '--output=a,b', 'x'], 'po:', { longs }).opts).toEqual([{ c: 'p' }, { c: 'o', arg: 'a,b' }]);
    expect(scanOptions(['--output', 'a'], 'po:', { longs }).opts).toEqual([{ c: 'o', arg: 'a' }]);
    expect(scanOptions(['--output'], 'po:', { longs }).error).toEqual({ kind: 'missing', opt: 'o' });
    expect(scanOptions(['--bogus=1'], 'po:', { longs }).error).toEqual({ kind: 'unknown', opt: '--bogus=1' });
  });

  it('permutes operands past options when asked (getopt_long, as dladm)', () => {
    const s = scanOptions(['i40e0', '-p', 'mtu', 'x'], 'p:', { permute: true });
    expect(s.opts).toEqual([{ c: 'p', arg: 'mtu' }]);
    expect(s.operands).toEqual(['i40e0', 'x']);
  });
});

describe('getopt (flags/withArg spec)', () => {
  it('gathers flags, last and every value per letter, and the order seen', () => {
    const r = getopt(['-Hp', '-o', 'name', '-oused', '-t', 'fs', 'tank'], { flags: 'Hp', withArg: 'o t' });
    expect([...r.flags]).toEqual(['H', 'p']);
    expect(r.opts).toEqual({ o: 'used', t: 'fs' });
    expect(r.all).toEqual({ o: ['name', 'used'], t: ['fs'] });
    expect(r.order).toEqual(['H', 'p', 'o', 'o', 't']);
    expect(r.rest).toEqual(['tank']);
    expect(r.error).toBeUndefined();
    expect(getopt(['-q'], { flags: 'p' }).error).toEqual({ kind: 'unknown', opt: 'q' });
  });
});
