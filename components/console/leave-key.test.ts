import { describe, expect, it } from 'vitest';
import { isLeaveKey } from './leave-key';

const key = (over: Partial<KeyboardEvent>) => ({ ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, key: '', code: '', ...over });

describe('the leave key', () => {
  it('is Ctrl+], by the key or by the physical key (the key of ] on a US keyboard, + on a German one)', () => {
    expect(isLeaveKey(key({ ctrlKey: true, key: ']', code: 'BracketRight' }))).toBe(true);
    expect(isLeaveKey(key({ ctrlKey: true, key: '+', code: 'BracketRight' }))).toBe(true);
    expect(isLeaveKey(key({ ctrlKey: true, key: ']', code: 'Digit9' }))).toBe(true);
  });
  it('leaves every other key to the zone: Tab, plain ], Ctrl+[ (Escape), Ctrl+Alt+]', () => {
    expect(isLeaveKey(key({ key: 'Tab', code: 'Tab' }))).toBe(false);
    expect(isLeaveKey(key({ key: ']', code: 'BracketRight' }))).toBe(false);
    expect(isLeaveKey(key({ ctrlKey: true, key: '[', code: 'BracketLeft' }))).toBe(false);
    expect(isLeaveKey(key({ ctrlKey: true, altKey: true, key: ']', code: 'BracketRight' }))).toBe(false);
    expect(isLeaveKey(key({ ctrlKey: true, shiftKey: true, key: '}', code: 'BracketRight' }))).toBe(false);
  });
});
