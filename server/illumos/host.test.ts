import { describe, expect, it } from 'vitest';
import { parseUnameVersion, unameVersion } from './host';

describe('uname -v', () => {
  it('is uname with -v', () => {
    expect(unameVersion()).toEqual({ tool: 'uname', args: ['-v'] });
  });

  it('reads the version line of OmniOS, SmartOS and OpenIndiana', () => {
    expect(parseUnameVersion('omnios-r151054-b53bc6f7d7\n')).toBe('omnios-r151054-b53bc6f7d7');
    expect(parseUnameVersion('joyent_20240201T000934Z\n')).toBe('joyent_20240201T000934Z');
    expect(parseUnameVersion('illumos-9c7e2d7e0f\n')).toBe('illumos-9c7e2d7e0f');
  });

  it('refuses what is not one plausible line', () => {
    for (const bad of ['', '\n', 'a\nb\n', 'has space\n', '\x1b[31mred\n', 'x'.repeat(300) + '\n', 'bidi\u202e\n']) {
      expect(parseUnameVersion(bad)).toBeNull();
    }
  });
});
