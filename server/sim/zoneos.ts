// The simulated operating system inside a zone: its root file system, its runtime network
// state, and the hooks zoneadm calls when the zone is installed, booted, stopped or removed.
//
// Per-zone files live under zoneDir(root, zone) (= SIM_ROOT/zones/<zone>):
//   root/          the zone's file system ('/' inside the zone), plain files on disk
//   os.json        runtime + persistent OS state (hostname, IP interfaces and addresses,
//                  routes, console session); read-modify-write under os.lock
//   console.log    the zone console, an append-only log (see console.ts)
//   console.claim  the one-console-client claim (see console.ts)
import { promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { holderAlive, procStart, readState, zoneDir, findZone } from './store';
import type { SimZone } from './types';
import { appendConsole, consoleCancelPending, consoleDetachAll, type ConsoleRecord } from './console';

// ---------------------------------------------------------------- constants of the simulated OS

export const OS_RELEASE = '5.11';
export const OS_VERSION = 'omnios-r151054-b53bc6f7d7';
export const OS_MOTD = `OmniOS 5.11\t${OS_VERSION}\tMay 2025`;
/** where the zones' DHCP server hands out addresses (the GZ's i40e0 network) */
export const DHCP_NET = '192.168.5';
export const DHCP_ROUTER = `${DHCP_NET}.1`;
export const GZ_ADDR = `${DHCP_NET}.10/24`;

// ---------------------------------------------------------------- state shapes

export type AddrType = 'static' | 'dhcp' | 'addrconf' | 'from-gz';

export interface AddrObj {
  /** interface name, e.g. web010 */
  ifname: string;
  /** the part after '/', e.g. v4, dhcp, _a; '' for an address without an address object (shared-IP) */
  tag: string;
  type: AddrType;
  /** address with prefix, e.g. 192.168.5.123/24 */
  addr: string;
  v6: boolean;
  /** kept in the persistent store (not created with -t) */
  persistent: boolean;
}

export interface IpIf {
  name: string;
  v4: boolean;
  v6: boolean;
  persistent: boolean;
  /** L3 protection (allowed-address set by the global zone) */
  l3protect?: boolean;
}

export interface Route {
  dest: string;
  gateway: string;
}

export interface ConsoleSessionState {
  /** 'down' while the zone does not run; 'login' at the login prompt; 'shell' when logged in */
  session: 'down' | 'login' | 'shell';
  user: string;
  cwd: string;
}

export interface ZoneOs {
  version: 1;
  running: boolean;
  bootCount: number;
  /** runtime node name (hostname(1)) */
  hostname: string;
  ifs: IpIf[];
  addrs: AddrObj[];
  routes: Route[];
  /** what survives a reboot: ipadm's persistent store and route -p */
  persist: { ifs: IpIf[]; addrs: AddrObj[]; routes: Route[] };
  console: ConsoleSessionState;
}

export function zoneRootDir(root: string, zone: string): string {
  return path.join(zoneDir(root, zone), 'root');
}

function osFile(root: string, zone: string): string {
  return path.join(zoneDir(root, zone), 'os.json');
}

function freshOs(zone: string): ZoneOs {
  return {
    version: 1,
    running: false,
    bootCount: 0,
    hostname: zone,
    ifs: [],
    addrs: [],
    routes: [],
    persist: { ifs: [], addrs: [], routes: [] },
    console: { session: 'down', user: '', cwd: '/root' },
  };
}

// ---------------------------------------------------------------- cross-process file lock

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const localQueues = new Map<string, Promise<unknown>>();
const LOCK_STALE_MS = 15_000;

/**
 * Exclusive lock on `lockPath` across processes (atomic link of a token file, dead holders and
 * locks older than 15 s are broken) and across async callers of this process.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  const prev = localQueues.get(lockPath) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = prev.then(() => mine);
  localQueues.set(lockPath, chained);
  await prev.catch(() => {});
  try {
    await fsp.mkdir(path.dirname(lockPath), { recursive: true });
    const token = `${process.pid} ${procStart(process.pid)} ${os.hostname()} ${randomBytes(6).toString('hex')}`;
    const tmp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await fsp.writeFile(tmp, token);
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await fsp.link(tmp, lockPath);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        await breakStaleLock(lockPath);
        await sleep(Math.min(40, 1 + attempt) * (0.5 + Math.random()));
      }
    } finally {
      await fsp.unlink(tmp).catch(() => {});
    }
    try {
      return await fn();
    } finally {
      const text = await fsp.readFile(lockPath, 'utf8').catch(() => '');
      if (text === token) await fsp.unlink(lockPath).catch(() => {});
    }
  } finally {
    release();
    if (localQueues.get(lockPath) === chained) localQueues.delete(lockPath);
  }
}

async function breakStaleLock(lockPath: string): Promise<void> {
  let text: string;
  let mtime: number;
  try {
    text = await fsp.readFile(lockPath, 'utf8');
    mtime = (await fsp.stat(lockPath)).mtimeMs;
  } catch {
    return;
  }
  const [pidS, start = '', host = ''] = text.split(' ');
  const pid = Number(pidS);
  const dead = !Number.isFinite(pid) || pid <= 0 || !holderAlive(pid, start, host);
  if (!dead && Date.now() - mtime < LOCK_STALE_MS) return;
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await fsp.rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await fsp.readFile(aside, 'utf8').catch(() => '');
  if (moved !== text) await fsp.link(aside, lockPath).catch(() => {});
  await fsp.unlink(aside).catch(() => {});
}

// ---------------------------------------------------------------- os.json

export async function readZoneOs(root: string, zone: string): Promise<ZoneOs> {
  try {
    const s = JSON.parse(await fsp.readFile(osFile(root, zone), 'utf8')) as ZoneOs;
    return { ...freshOs(zone), ...s };
  } catch {
    return freshOs(zone);
  }
}

export function readZoneOsSync(root: string, zone: string): ZoneOs {
  try {
    const s = JSON.parse(readFileSync(osFile(root, zone), 'utf8')) as ZoneOs;
    return { ...freshOs(zone), ...s };
  } catch {
    return freshOs(zone);
  }
}

/** Read-modify-write of the zone's os.json under its lock. fn may mutate the state. */
export async function updateZoneOs<T>(root: string, zone: string, fn: (s: ZoneOs) => T | Promise<T>): Promise<T> {
  const dir = zoneDir(root, zone);
  await fsp.mkdir(dir, { recursive: true });
  return withFileLock(path.join(dir, 'os.lock'), async () => {
    const s = await readZoneOs(root, zone);
    const before = JSON.stringify(s);
    const result = await fn(s);
    if (JSON.stringify(s) !== before) {
      const file = osFile(root, zone);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await fsp.writeFile(tmp, JSON.stringify(s, null, 1) + '\n');
      await fsp.rename(tmp, file);
    }
    return result;
  });
}

// ---------------------------------------------------------------- the zone's file system

/** Maps a path inside the zone (absolute, or relative to cwd) to the host path. Never escapes the zone root. */
export function hostPath(root: string, zone: string, cwd: string, p: string): string {
  const inZone = path.posix.resolve(cwd || '/', p);
  return path.join(zoneRootDir(root, zone), inZone);
}

const NSSWITCH_HEADER = `#
# CDDL HEADER START
#
# The contents of this file are subject to the terms of the
# Common Development and Distribution License (the "License").
# You may not use this file except in compliance with the License.
#
# CDDL HEADER END
#
# Copyright 2006 Sun Microsystems, Inc.  All rights reserved.
# Use is subject to license terms.
#
`;

function nsswitch(kind: 'files' | 'dns'): string {
  const dns = kind === 'dns' ? ' dns' : '';
  return (
    NSSWITCH_HEADER +
    `
#
# /etc/nsswitch.${kind}:
#
${
  kind === 'files'
    ? `# An example file that could be copied over to /etc/nsswitch.conf; it
# does not use any naming service.
#
# "hosts:" and "services:" in this file are used only if the
# /etc/netconfig file has a "-" for nametoaddr_libs of "inet" transports.
`
    : `# An example file that could be copied over to /etc/nsswitch.conf; it uses
# DNS for hosts lookups, otherwise it does not use any other naming service.
#
# "hosts:" and "services:" in this file are used only if the
# /etc/netconfig file has a "-" for nametoaddr_libs of "inet" transports.
`
}
# DNS service expects that an instance of svc:/network/dns/client be
# enabled and online.

passwd:     files
group:      files
hosts:      files${dns}
ipnodes:    files${dns}
networks:   files
protocols:  files
rpc:        files
ethers:     files
netmasks:   files
bootparams: files
publickey:  files
# At present there isn't a 'files' backend for netgroup;  the system will
#   figure it out pretty quickly, and won't use netgroups at all.
netgroup:   files
automount:  files
aliases:    files
services:   files
printers:\tuser files

auth_attr:  files
prof_attr:  files
project:    files

tnrhtp:     files
tnrhdb:     files
`
  );
}

const INET_HOSTS = `#
# Copyright 2009 Sun Microsystems, Inc.  All rights reserved.
# Use is subject to license terms.
#
# Internet host table
#
::1 localhost
127.0.0.1 localhost loghost
`;

const RELEASE = `  OmniOS v11 r151054
  Copyright (c) 2012-2017 OmniTI Computer Consulting, Inc.
  Copyright (c) 2017-2025 OmniOS Community Edition (OmniOSce) Association.
  All rights reserved. Use is subject to licence terms.
`;

const PASSWD = `root:x:0:0:Super-User:/root:/usr/bin/bash
daemon:x:1:1::/:/bin/sh
bin:x:2:2::/usr/bin:/bin/sh
sys:x:3:3::/:/bin/sh
adm:x:4:4:Admin:/var/adm:/bin/sh
nobody:x:60001:60001:NFS Anonymous Access User:/:/bin/sh
`;

const SHADOW = `root::20000::::::
daemon:NP:6445::::::
bin:NP:6445::::::
sys:NP:6445::::::
adm:NP:6445::::::
nobody:*LK*:6445::::::
`;

const BASHRC = `# Simple prompt of the form user@host:dir#
PS1='\\u@\\h:\\w\\$ '
`;

/** Files of a freshly installed OmniOS zone (paths inside the zone). */
function installTree(zone: SimZone): Record<string, string> {
  return {
    '/etc/nodename': `${zone.name}\n`,
    '/etc/nsswitch.conf': nsswitch('files'),
    '/etc/nsswitch.files': nsswitch('files'),
    '/etc/nsswitch.dns': nsswitch('dns'),
    '/etc/inet/hosts': INET_HOSTS,
    '/etc/inet/netmasks': '#\n# The netmasks file associates Internet Protocol (IP) address\n# masks with IP network numbers.\n#\n',
    '/etc/release': RELEASE,
    '/etc/motd': '',
    '/etc/passwd': PASSWD,
    '/etc/shadow': SHADOW,
    '/etc/default/init': 'TZ=UTC\nCMASK=022\n',
    '/root/.bashrc': BASHRC,
    '/root/.profile': '[ -f ~/.bashrc ] && . ~/.bashrc\n',
  };
}

const INSTALL_DIRS = [
  '/etc/inet', '/etc/default', '/etc/svc', '/root', '/tmp', '/var/tmp', '/var/log', '/var/adm',
  '/var/svc/log', '/usr/bin', '/usr/sbin', '/usr/lib', '/usr/gnu/bin', '/opt', '/home', '/dev', '/proc',
  '/system', '/lib', '/sbin',
];

/** Creates the zone's root file system (idempotent: existing files are kept). */
export async function installZoneRoot(root: string, zone: SimZone): Promise<void> {
  const zr = zoneRootDir(root, zone.name);
  for (const d of INSTALL_DIRS) await fsp.mkdir(path.join(zr, d), { recursive: true });
  for (const [p, text] of Object.entries(installTree(zone))) {
    const hp = path.join(zr, p);
    try {
      await fsp.writeFile(hp, text, { flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  await fsp.chmod(path.join(zr, 'tmp'), 0o1777).catch(() => {});
  // /etc/hosts is a symbolic link to ./inet/hosts on illumos
  await fsp.symlink('./inet/hosts', path.join(zr, 'etc/hosts')).catch(() => {});
  await fsp.symlink('./inet/netmasks', path.join(zr, 'etc/netmasks')).catch(() => {});
  // a fresh zone's OS state (keeps an existing console log)
  await updateZoneOs(root, zone.name, (s) => {
    Object.assign(s, freshOs(zone.name));
  });
}

/** Removes the zone's file system and OS state (uninstall). Attached console clients are told to go. */
export async function removeZoneRoot(root: string, zoneName: string): Promise<void> {
  const dir = zoneDir(root, zoneName);
  await consoleDetachAll(root, zoneName).catch(() => {});
  await fsp.rm(path.join(dir, 'root'), { recursive: true, force: true });
  await fsp.rm(path.join(dir, 'os.json'), { force: true });
}

async function ensureZoneRoot(root: string, zone: SimZone): Promise<void> {
  try {
    await fsp.access(path.join(zoneRootDir(root, zone.name), 'etc'));
  } catch {
    await installZoneRoot(root, zone);
  }
}

// ---------------------------------------------------------------- console hooks for zoneadm

/** A zoneadmd notice on the zone console: `\r\n[<message>]\r\n`. */
export async function consoleNotice(root: string, zoneName: string, message: string): Promise<void> {
  await appendConsole(root, zoneName, [{ at: Date.now(), n: message }]);
}

function timeScaleFromEnv(): number {
  const v = Number(process.env.SIM_TIME_SCALE);
  return process.env.SIM_TIME_SCALE !== undefined && process.env.SIM_TIME_SCALE !== '' && Number.isFinite(v) && v >= 0
    ? v
    : 1;
}

/** The node name the zone takes at boot: /etc/hostname, else /etc/nodename, else the zone name. */
export async function bootHostname(root: string, zone: string): Promise<string> {
  for (const f of ['/etc/hostname', '/etc/nodename']) {
    try {
      const text = await fsp.readFile(hostPath(root, zone, '/', f), 'utf8');
      const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
      const word = first?.split(/\s+/)[0];
      if (word) return word;
    } catch {
      /* next */
    }
  }
  return zone;
}

/** Deterministic DHCP lease for an interface of a zone, avoiding addresses other zones hold. */
export async function dhcpLease(root: string, zone: string, ifname: string): Promise<string> {
  const taken = new Set<string>([GZ_ADDR.split('/')[0]!, DHCP_ROUTER]);
  try {
    const st = await readState(root);
    for (const z of st.zones) {
      if (z.name === zone || z.name === 'global') continue;
      const o = await readZoneOs(root, z.name);
      for (const a of o.addrs) taken.add(a.addr.split('/')[0]!);
      for (const n of z.net) {
        const allowed = n.allowedAddress ?? n.address;
        if (allowed) taken.add(allowed.split('/')[0]!);
      }
    }
  } catch {
    /* best effort */
  }
  const h = createHash('sha256').update(`${zone}/${ifname}`).digest();
  let host = 100 + (h.readUInt16BE(0) % 150);
  for (let i = 0; i < 150; i++) {
    const cand = `${DHCP_NET}.${host}`;
    if (!taken.has(cand)) return `${cand}/24`;
    host = host >= 249 ? 100 : host + 1;
  }
  return `${DHCP_NET}.${100 + (h.readUInt16BE(2) % 150)}/24`;
}

function withPrefix(addr: string, def: number): string {
  return addr.includes('/') ? addr : `${addr}/${def}`;
}

/** Runtime network state of a zone that has just booted. */
async function bootNetwork(root: string, zone: SimZone, s: ZoneOs): Promise<void> {
  s.ifs = [];
  s.addrs = [];
  s.routes = [];
  if (zone.ipType === 'shared') {
    // shared-IP: every address comes from the global zone, on logical interfaces
    s.ifs.push({ name: 'lo0', v4: true, v6: true, persistent: false });
    s.addrs.push({ ifname: 'lo0', tag: '', type: 'from-gz', addr: '127.0.0.1/8', v6: false, persistent: false });
    for (const n of zone.net) {
      if (!n.address) continue;
      if (!s.ifs.some((i) => i.name === n.physical)) s.ifs.push({ name: n.physical, v4: true, v6: false, persistent: false });
      s.addrs.push({ ifname: n.physical, tag: '', type: 'from-gz', addr: withPrefix(n.address, 24), v6: false, persistent: false });
      if (n.defrouter) s.routes.push({ dest: 'default', gateway: n.defrouter });
    }
    s.addrs.push({ ifname: 'lo0', tag: '', type: 'from-gz', addr: '::1/128', v6: true, persistent: false });
    return;
  }
  s.ifs.push({ name: 'lo0', v4: true, v6: true, persistent: false });
  s.addrs.push({ ifname: 'lo0', tag: 'v4', type: 'static', addr: '127.0.0.1/8', v6: false, persistent: false });
  s.addrs.push({ ifname: 'lo0', tag: 'v6', type: 'static', addr: '::1/128', v6: true, persistent: false });
  for (const n of zone.net) {
    if (!n.allowedAddress) continue;
    s.ifs.push({ name: n.physical, v4: true, v6: false, persistent: false, l3protect: true });
    s.addrs.push({ ifname: n.physical, tag: '_a', type: 'from-gz', addr: withPrefix(n.allowedAddress, 24), v6: false, persistent: false });
    if (n.defrouter) s.routes.push({ dest: 'default', gateway: n.defrouter });
  }
  const links = new Set(zone.net.map((n) => n.physical));
  for (const pif of s.persist.ifs) {
    if (!links.has(pif.name) || s.ifs.some((i) => i.name === pif.name)) continue;
    s.ifs.push({ ...pif });
  }
  for (const pa of s.persist.addrs) {
    if (!links.has(pa.ifname)) continue;
    if (!s.ifs.some((i) => i.name === pa.ifname)) s.ifs.push({ name: pa.ifname, v4: !pa.v6, v6: pa.v6, persistent: true });
    const addr = pa.type === 'dhcp' ? await dhcpLease(root, zone.name, pa.ifname) : pa.addr;
    s.addrs.push({ ...pa, addr });
    if (pa.type === 'dhcp' && !s.routes.some((r) => r.dest === 'default')) s.routes.push({ dest: 'default', gateway: DHCP_ROUTER });
  }
  for (const r of s.persist.routes) {
    if (!s.routes.some((x) => x.dest === r.dest && x.gateway === r.gateway)) s.routes.push({ ...r });
  }
}

const CRLF = '\r\n';

/** Boot transcript lines for the zone console, with their delays in (unscaled) milliseconds. */
export function bootTranscript(hostname: string, firstBoot: boolean, bootargs: string): { delay: number; text: string }[] {
  const out: { delay: number; text: string }[] = [];
  out.push({
    delay: 300,
    text:
      CRLF +
      CRLF +
      `SunOS Release ${OS_RELEASE} Version ${OS_VERSION} 64-bit` +
      CRLF +
      'Copyright (c) 2012-2017 OmniTI Computer Consulting, Inc.' +
      CRLF +
      'Copyright (c) 2017-2025 OmniOS Community Edition (OmniOSce) Association.' +
      CRLF,
  });
  out.push({ delay: 900, text: `Hostname: ${hostname}` + CRLF });
  let t = 900;
  if (firstBoot) {
    t += 1200;
    out.push({ delay: t, text: 'Loading smf(7) service descriptions: 151/151' + CRLF });
  }
  if (/(^|\s)-m\s+verbose\b/.test(bootargs) || /(^|\s)-v\b/.test(bootargs)) {
    const services = [
      'svc:/system/early-manifest-import:default',
      'svc:/system/svc/restarter:default',
      'svc:/network/loopback:default',
      'svc:/network/ip-interface-management:default',
      'svc:/network/physical:default',
      'svc:/system/identity:node',
      'svc:/system/filesystem/local:default',
      'svc:/network/routing-setup:default',
      'svc:/system/system-log:default',
      'svc:/network/ssh:default',
      'svc:/milestone/multi-user:default',
    ];
    for (const svc of services) {
      t += 150;
      out.push({ delay: t, text: `[ ${smfStamp(t)} Enabled. ]` + CRLF });
      out.push({ delay: t + 20, text: `[ ${smfStamp(t + 20)} Executing start method for ${svc}. ]` + CRLF });
      out.push({ delay: t + 60, text: `[ ${smfStamp(t + 60)} Method "start" exited with status 0. ]` + CRLF });
    }
  }
  out.push({ delay: Math.max(t + 1500, 4000), text: CRLF + `${hostname} console login: ` });
  return out;
}

function smfStamp(offsetMs: number): string {
  const d = new Date(Date.now() + offsetMs);
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const hms = d.toISOString().slice(11, 19);
  return `${mon} ${day} ${hms}`;
}

/**
 * The zone has booted (zoneadm boot/reboot, after its "booting up" notice): resets the OS
 * runtime state and schedules the boot transcript and the login prompt on the console,
 * seconds later scaled by the time scale (SIM_TIME_SCALE unless given).
 */
export async function zoneBooted(root: string, zone: SimZone, bootargs: string, opts: { timeScale?: number } = {}): Promise<void> {
  const scale = opts.timeScale ?? timeScaleFromEnv();
  await ensureZoneRoot(root, zone);
  const hostname = await bootHostname(root, zone.name);
  const firstBoot = await updateZoneOs(root, zone.name, async (s) => {
    const first = s.bootCount === 0;
    s.running = true;
    s.bootCount += 1;
    s.hostname = hostname;
    s.console = { session: 'login', user: '', cwd: '/root' };
    await bootNetwork(root, zone, s);
    return first;
  });
  const now = Date.now();
  await consoleCancelPending(root, zone.name, now);
  const recs: ConsoleRecord[] = bootTranscript(hostname, firstBoot, bootargs).map((l) => ({
    at: now + Math.round(l.delay * scale),
    d: l.text,
  }));
  await appendConsole(root, zone.name, recs);
}

/**
 * Makes the OS state of a zone the store says is running agree with it (a zone seeded straight
 * into the store never went through zoneBooted): root file system, hostname, network, and a
 * console waiting at the login prompt. No console output. Idempotent.
 */
export async function ensureZoneOsRunning(root: string, zone: SimZone): Promise<void> {
  if (zone.state !== 'running') return;
  const cur = await readZoneOs(root, zone.name);
  if (cur.running) return;
  await ensureZoneRoot(root, zone);
  const hostname = await bootHostname(root, zone.name);
  await updateZoneOs(root, zone.name, async (s) => {
    if (s.running) return;
    s.running = true;
    s.bootCount += 1;
    s.hostname = hostname;
    s.console = { session: 'login', user: '', cwd: '/root' };
    await bootNetwork(root, zone, s);
  });
}

/** In-zone shutdown messages (zoneadm shutdown runs `shutdown -y -g0 -i5` in the zone). Optional. */
export async function zoneShuttingDown(root: string, zoneName: string): Promise<void> {
  const d = new Date();
  const stamp = d.toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4');
  await appendConsole(root, zoneName, [
    { at: Date.now(), d: `${CRLF}Shutdown started.    ${stamp}${CRLF}${CRLF}Changing to init state 5 - please wait${CRLF}` },
  ]);
}

/**
 * The zone stopped (halt, shutdown, reboot's halt half, or before uninstall): drops console
 * output scheduled by the boot that has not appeared yet, logs out the console session and
 * clears the runtime network state (the persistent one stays).
 */
export async function zoneStopped(root: string, zoneName: string, _how: string): Promise<void> {
  await consoleCancelPending(root, zoneName, Date.now());
  await updateZoneOs(root, zoneName, (s) => {
    s.running = false;
    s.ifs = [];
    s.addrs = [];
    s.routes = [];
    s.console = { session: 'down', user: '', cwd: '/root' };
  });
}

/** The zone as the store has it now (undefined when it does not exist). */
export async function lookupZone(root: string, zoneName: string): Promise<SimZone | undefined> {
  return findZone(await readState(root), zoneName);
}
