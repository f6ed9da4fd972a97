// Value checks zonecfg.c makes while setting and verifying properties: zonepath form, IP address
// syntax, the security flags it knows, the users an admin resource may name.


export const HOST_USERS = new Set([
  'root', 'daemon', 'bin', 'sys', 'adm', 'lp', 'uucp', 'nuucp', 'dladm', 'netadm', 'netcfg', 'smmsp',
  'listen', 'nobody', 'noaccess', 'nobody4', 'sshd', 'admin', 'operator',
]);

export const SECFLAGS = ['aslr', 'forbidnullmap', 'noexecstack'];

export function normalizeZonepath(p: string): string {
  let s = p.replace(/\/+/g, '/');
  if (s.length > 1) s = s.replace(/\/$/, '');
  return s;
}

export function validIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

export function validIPv6(s: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return false;
  const dbl = s.split('::');
  if (dbl.length > 2) return false;
  const groups = s.split(':').filter((g) => g !== '');
  let n = 0;
  for (const g of groups) {
    if (g.includes('.')) {
      if (!validIPv4(g)) return false;
      n += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) n++;
    else return false;
  }
  return dbl.length === 2 ? n < 8 : n === 8;
}

/** zonecfg_same_net_address: compare the address parts */
export function sameNetAddress(a: string, b: string): boolean {
  return a.split('/')[0] === b.split('/')[0];
}
