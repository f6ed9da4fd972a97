import { describe, expect, it } from 'vitest';
import { parseNsswitchHosts, parseResolvConf, parseRouteGetGateway } from './parse';

describe('reading back what the runbook wrote', () => {
  it('route -n get default: the gateway, or null without a default route', () => {
    const out = '   route to: default\ndestination: default\n       mask: default\n    gateway: 192.168.5.1\n  interface: web01_0\n';
    expect(parseRouteGetGateway(out)).toBe('192.168.5.1');
    expect(parseRouteGetGateway('route: writing to routing socket: not in table\n')).toBeNull();
  });

  it('resolv.conf: nameservers and the search (or domain) list', () => {
    expect(parseResolvConf('nameserver 192.168.5.1\nnameserver 9.9.9.9\nsearch example.com lab\n')).toEqual({
      nameservers: ['192.168.5.1', '9.9.9.9'],
      search: ['example.com', 'lab'],
    });
    expect(parseResolvConf('domain example.com\n')).toEqual({ nameservers: [], search: ['example.com'] });
  });

  it("nsswitch.conf: the hosts line with illumos's spacing, or null", () => {
    expect(parseNsswitchHosts('passwd: files\nhosts:      files dns\n')).toEqual({ line: 'hosts:      files dns', sources: ['files', 'dns'] });
    expect(parseNsswitchHosts('passwd: files\n')).toBeNull();
  });
});
