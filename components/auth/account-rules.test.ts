import { describe, expect, it } from 'vitest';
import { isDemotion, protectedReason, type AccountLike } from './account-rules';

const admin: AccountLike = { id: 1, name: 'admin', role: 'admin', disabled: false };
const op: AccountLike = { id: 2, name: 'op', role: 'operator', disabled: false };
const second: AccountLike = { id: 3, name: 'second', role: 'admin', disabled: false };

describe('protectedReason', () => {
  it('protects the only enabled admin, whoever looks', () => {
    expect(protectedReason(admin, [admin, op], 'someone')).toMatch(/^The only enabled admin/);
    // a disabled second admin does not count
    expect(protectedReason(admin, [admin, op, { ...second, disabled: true }], 'op')).toMatch(/^The only enabled admin/);
  });
  it('protects your own account from yourself once another admin exists', () => {
    expect(protectedReason(admin, [admin, second], 'admin')).toMatch(/^Your own account/);
    expect(protectedReason(second, [admin, second], 'admin')).toBeNull();
  });
  it('leaves other accounts, and enabling a disabled one, free', () => {
    expect(protectedReason(op, [admin, op], 'admin')).toBeNull();
    expect(protectedReason({ ...op, disabled: true }, [admin, op], 'admin')).toBeNull();
  });
});

describe('isDemotion', () => {
  it('is a move to fewer rights', () => {
    expect(isDemotion('admin', 'operator')).toBe(true);
    expect(isDemotion('operator', 'viewer')).toBe(true);
    expect(isDemotion('viewer', 'admin')).toBe(false);
    expect(isDemotion('operator', 'operator')).toBe(false);
  });
});
