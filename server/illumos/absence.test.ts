import { describe, expect, it } from 'vitest';
import { saysNoSuchLink, saysNoSuchZone, saysZoneAlreadyExists } from './absence';

describe('saysNoSuchZone (REFERENCE §1.3, §3.1)', () => {
  it.each([
    ['web: No such zone configured\n', true],
    ['zoneadm: web: No such zone configured\n', true],
    ["web: No such zone configured\nUse 'create' to begin configuring a new zone.\n", true],
    ['zonecfg: could not open file: Permission denied\n', false],
    ['', false],
    ['the zone said: No such zone configured maybe', false],
  ])('%j → %s', (text, expected) => {
    expect(saysNoSuchZone(text)).toBe(expected);
  });
});

describe('saysZoneAlreadyExists (REFERENCE §3.3)', () => {
  it.each([
    ['On line 1:\nZone exists, input not from terminal and -F not specified:\ncreate command ignored, exiting.\n', true],
    ['Zone web already installed; create not allowed.\n', true],
    ["On line 3:\nautoboot value must be 'true' or 'false'.\n", false],
  ])('%j → %s', (text, expected) => {
    expect(saysZoneAlreadyExists(text)).toBe(expected);
  });
});

describe('saysNoSuchLink (REFERENCE §7)', () => {
  it.each([
    ['dladm: link web0 is not valid: object not found\n', true],
    ["dladm: invalid vnic name 'web0': object not found\n", true],
    ["dladm: invalid link name 'web0'\n", true],
    ['dladm: object already exists\n', false],
    ['dladm: insufficient privileges\n', false],
  ])('%j → %s', (text, expected) => {
    expect(saysNoSuchLink(text)).toBe(expected);
  });
});
