// Simulated zonecfg(8), ported function for function from OmniOS usr/src/cmd/zonecfg/zonecfg.c
// (lexer in zonecfg-lex.ts, grammar below as a hand-written LALR-equivalent matcher).
// Modes: one-shot (argv joined with spaces, then lexed: ';' separates commands), -f FILE
// (stops at the first error, "On line N of FILE:" prefixes), -f - and interactive (stdin).
import { promises as fsp } from 'node:fs';
import type { ToolIO } from './tool-io';
import { findZone, readState, updateState, zoneDir, type SimState } from './store';
import { lex, type CommandName, type Tok } from './zonecfg-lex';
import {
  ALIASES,
  OMNIOS_BRANDS,
  Z,
  aliasOk,
  applyConfig,
  blankConfig,
  bytesToUnits,
  cloneConfig,
  configFromZone,
  emptyNet,
  getAliased,
  parseMemLimit,
  PRIVILEGES,
  rmAliased,
  setAliased,
  templateConfig,
  validZoneName,
  type AdminRes,
  type AttrRes,
  type DevRes,
  type DsRes,
  type FsRes,
  type NetRes,
  type PsetRes,
  type ResAttr,
  type RctlRes,
  type RctlVal,
  type SecflagsRes,
  type ZoneConfig,
} from './zonecfg-model';
import { validLinkName } from './dladm';
import { removeZoneRoot } from './zoneos';
import { scanOptions } from './getopt';
import type { SimZone, SimZoneState } from './types';

// ------------------------------------------------------------------ help texts

const CMD_ORDER: CommandName[] = [
  'add',
  'cancel',
  'clear',
  'commit',
  'create',
  'delete',
  'end',
  'exit',
  'export',
  'help',
  'info',
  'remove',
  'revert',
  'select',
  'set',
  'verify',
];

const SHELP: Record<CommandName, string> = {
  add: 'add <resource-type>\n\t(global scope)\nadd <property-name> <property-value>\n\t(resource scope)',
  cancel: 'cancel',
  clear: 'clear <property-name>',
  commit: 'commit',
  create: 'create [-F] [ -a <path> | -b | -t <template> ]',
  delete: 'delete [-F]',
  end: 'end',
  exit: 'exit [-F]',
  export: 'export [-f output-file]',
  help: 'help [commands] [syntax] [usage] [<command-name>]',
  info: 'info [<resource-type> [property-name=property-value]*]',
  remove:
    'remove [-F] <resource-type> [ <property-name>=<property-value> ]*\n\t(global scope)\nremove <property-name> <property-value>\n\t(resource scope)',
  revert: 'revert [-F]',
  select: 'select <resource-type> { <property-name>=<property-value> }',
  set: 'set <property-name>=<property-value>',
  verify: 'verify',
};

function longHelp(cmd: CommandName): string {
  switch (cmd) {
    case 'help':
      return 'Prints help message.';
    case 'create':
      return (
        'Creates a configuration for the specified zone.  create should be\n\tused to begin configuring a new zone.  If overwriting an existing\n\tconfiguration, the -F flag can be used to force the action.  If\n\t-t template is given, creates a configuration identical to the\n\tspecified template, except that the zone name is changed from\n\ttemplate to zonename.  \'create -a\' creates a configuration from a\n\tdetached zonepath.  \'create -b\' results in a blank configuration.\n\t\'create\' with no arguments applies the Sun default settings.'
      );
    case 'exit':
      return 'Exits the program.  The -F flag can be used to force the action.';
    case 'export':
      return 'Prints configuration to standard output, or to output-file if\n\tspecified, in a form suitable for use in a command-file.';
    case 'add':
      return 'Add specified resource to configuration.';
    case 'delete':
      return 'Deletes the specified zone.  The -F flag can be used to force the\n\taction.';
    case 'remove':
      return 'Remove specified resource from configuration.  The -F flag can be used\n\tto force the action.';
    case 'select':
      return 'Selects a resource to modify.  Resource modification is completed\n\twith the command "end".  The property name/value pairs must uniquely\n\tidentify a resource.  Note that the curly braces (\'{\', \'}\') mean one\n\tor more of whatever is between them.';
    case 'set':
      return 'Sets property values.';
    case 'clear':
      return 'Clears property values.';
    case 'info':
      return 'Displays information about the current configuration.  If resource\n\ttype is specified, displays only information about resources of\n\tthe relevant type.  If resource id is specified, displays only\n\tinformation about that resource.';
    case 'verify':
      return 'Verifies current configuration for correctness (some resource types\n\thave required properties).';
    case 'commit':
      return 'Commits current configuration.  Configuration must be committed to\n\tbe used by zoneadm.  Until the configuration is committed, changes \n\tcan be removed with the revert command.  This operation is\n\tattempted automatically upon completion of a zonecfg session.';
    case 'revert':
      return 'Reverts configuration back to the last committed state.  The -F flag\n\tcan be used to force the action.';
    case 'cancel':
      return 'Cancels resource/property specification.';
    case 'end':
      return 'Ends resource/property specification.';
  }
}

const HELP_USAGE = 0x1;
const HELP_SUBCMDS = 0x2;
const HELP_SYNTAX = 0x4;
const HELP_RESOURCES = 0x8;
const HELP_PROPS = 0x10;
const HELP_META = 0x20;
const HELP_NETADDR = 0x40;
const HELP_RES_SCOPE = 0x80;
const HELP_RES_PROPS = HELP_RESOURCES | HELP_PROPS;

const HELPTAB_FLAGS: Partial<Record<CommandName, number>> = {
  add: HELP_RES_PROPS,
  clear: HELP_PROPS,
  info: HELP_RES_PROPS,
  remove: HELP_RES_PROPS,
  select: HELP_RES_PROPS,
  set: HELP_PROPS,
};

const RES_SCOPE_HELP: Record<string, string> = {
  fs:
    "The 'fs' resource scope is used to configure a file-system.\nValid commands:\n\tset dir=<path>\n\tset special=<path>\n\tset raw=<raw-device>\n\tset type=<file-system type>\n\tadd options <file-system options>\n\tremove options <file-system options>\nConsult the file-system specific manual page, such as mount_ufs(8), for\ndetails about file-system options.  Note that any file-system options with an\nembedded '=' character must be enclosed in double quotes, such as \"retry=5\".\n",
  net:
    "The 'net' resource scope is used to configure a network interface.\nValid commands:\n\tset address=<IP-address>\n\tadd property (name=<value>,value=<value>)\n\tset allowed-address=<IP-address>\n\tset physical=<interface>\n\tset mac-addr=<mac-address>\n\tset global-nic=<global zone NIC>\n\tset vlan-id=<vlan ID>\nSee ifconfig(8) for details of the <interface> string.\nset address is valid if the ip-type property is set to shared, otherwise it must not be set.\nset (allowed-address, mac-addr, vlan-id, global-nic) are valid if the ip-type property is set to exclusive, otherwise they must not be set.\n\tset defrouter=<IP-address>\nset defrouter is valid if the address or allowed-address property is set, otherwise it must not be set\n",
  device:
    "The 'device' resource scope is used to configure a device node.\nValid commands:\n\tadd property (name=<value>,value=<value>)\n\tset match=<device-path>\n",
  rctl:
    "The 'rctl' resource scope is used to configure a resource control.\nValid commands:\n\tset name=<string>\n\tadd value (priv=<priv-value>,limit=<number>,action=<action-value>)\n\tremove value (priv=<priv-value>,limit=<number>,action=<action-value>)\nWhere\n\t<priv-value> := privileged\n\t<action-value> := none | deny\n",
  attr:
    "The 'attr' resource scope is used to configure a generic attribute.\nValid commands:\n\tset name=<name>\n\tset type=boolean\n\tset value=true | false\nor\n\tset type=int\n\tset value=<integer>\nor\n\tset type=string\n\tset value=<string>\nor\n\tset type=uint\n\tset value=<unsigned integer>\n",
  dataset: "The 'dataset' resource scope is used to export ZFS datasets.\nValid commands:\n\tset name=<name>\n",
  'dedicated-cpu':
    "The 'dedicated-cpu' resource scope configures the 'pools' facility to dedicate\na subset of the system's processors to this zone while it is running.\nValid commands:\n\tset ncpus=<unsigned integer | range>\n\tset importance=<unsigned integer>\n",
  'capped-cpu':
    "The 'capped-cpu' resource scope is used to set an upper limit (a cap) on the\npercentage of CPU that can be used by this zone.  A 'ncpus' value of 1\ncorresponds to one cpu.  The value can be set higher than 1, up to the total\nnumber of CPUs on the system.  The value can also be less than 1,\nrepresenting a fraction of a cpu.\nValid commands:\n\tset ncpus=<unsigned decimal>\n",
  'capped-memory':
    "The 'capped-memory' resource scope is used to set an upper limit (a cap) on the\namount of physical memory, swap space and locked memory that can be used by\nthis zone.\nValid commands:\n\tset physical=<qualified unsigned decimal>\n\tset swap=<qualified unsigned decimal>\n\tset locked=<qualified unsigned decimal>\n",
  admin:
    "The 'admin' resource scope is used to delegate specific zone management\nrights to users and roles. These rights are only applicable to this zone.\nValid commands:\n\tset user=<single user or role name>\n\tset auths=<comma separated list>\n",
  'security-flags':
    "The 'security-flags' resource scope is used to specify the default security-flags\nof this zone, and their upper and lower bound.\n\tset default=<security flags>\n\tset lower=<security flags>\n\tset upper=<security flags>\n",
};

function usageText(verbose: boolean, flags: number, execname: string, scope: string | null): string {
  let o = '';
  if (flags & HELP_META) {
    o += 'More help is available for the following:\n';
    o += "\n\tcommands ('help commands')\n";
    o += "\tsyntax ('help syntax')\n";
    o += "\tusage ('help usage')\n\n";
    o += "You may also obtain help on any command by typing 'help <command-name>.'\n";
  }
  if (flags & HELP_RES_SCOPE) {
    if (scope) o += RES_SCOPE_HELP[scope] ?? '';
    o += 'And from any resource scope, you can:\n';
    o += '\tend\t(to conclude this operation)\n';
    o += '\tcancel\t(to cancel this operation)\n';
    o += '\texit\t(to exit the zonecfg utility)\n';
  }
  if (flags & HELP_USAGE) {
    o += `usage:\t${execname} help\n`;
    o += `\t${execname} -z <zone>\t\t\t(interactive)\n`;
    o += `\t${execname} -z <zone> <command>\n`;
    o += `\t${execname} -z <zone> -f <command-file>\n`;
  }
  if (flags & HELP_SUBCMDS) {
    o += 'Commands:\n\n';
    for (const c of CMD_ORDER) {
      o += SHELP[c] + '\n';
      if (verbose) o += `\t${longHelp(c)}\n\n`;
    }
  }
  if (flags & HELP_SYNTAX) {
    if (!verbose) o += '\n';
    o += '<zone> := [A-Za-z0-9][A-Za-z0-9_.-]*\n';
    o += "\t(except the reserved words 'global' and anything starting with 'SUNW')\n";
    o += '\tName must be less than 64 characters.\n';
    if (verbose) o += '\n';
  }
  if (flags & HELP_NETADDR) {
    o += '\n<net-addr> :=';
    o += '\t<IPv4-address>[/<IPv4-prefix-length>] |\n';
    o += '\t\t<IPv6-address>/<IPv6-prefix-length> |\n';
    o += '\t\t<hostname>[/<IPv4-prefix-length>]\n';
    o += 'See inet(3C) for IPv4 and IPv6 address syntax.\n';
    o += '<IPv4-prefix-length> := [0-32]\n';
    o += '<IPv6-prefix-length> := [0-128]\n';
    o += '<hostname> := [A-Za-z0-9][A-Za-z0-9-.]*\n';
  }
  if (flags & HELP_RESOURCES) {
    o +=
      '<resource type> := fs | net | device | rctl | attr |\n\tdataset | dedicated-cpu | capped-cpu | capped-memory | admin\n\n';
  }
  if (flags & HELP_PROPS) {
    o += 'For resource type ... there are property types ...:\n';
    for (const p of [
      'zonename',
      'zonepath',
      'brand',
      'autoboot',
      'bootargs',
      'pool',
      'limitpriv',
      'scheduling-class',
      'ip-type',
      'hostid',
      'fs-allowed',
      'max-lwps',
      'max-processes',
      'max-shm-memory',
      'max-shm-ids',
      'max-msg-ids',
      'max-sem-ids',
      'cpu-shares',
      'zfs-io-priority',
    ])
      o += `\t(global)\t${p}\n`;
    o += '\tfs\t\tdir, special, raw, type, options\n';
    o += '\tnet\t\taddress, allowed-address, global-nic, mac-addr, physical, property, vlan-id defrouter\n';
    o += '\tdevice\t\tmatch, property\n';
    o += '\trctl\t\tname, value\n';
    o += '\tattr\t\tname, type, value\n';
    o += '\tdataset\t\tname\n';
    o += '\tdedicated-cpu\tncpus, importance\n';
    o += '\tcapped-cpu\tncpus\n';
    o += '\tcapped-memory\tphysical, swap, locked\n';
    o += '\tadmin\t\tuser, auths\n';
    o += '\tsecurity-flags\t\tdefault, lower, upper\n';
  }
  return o;
}

// ------------------------------------------------------------------ grammar

type SimpleOrComplex = { simple: string } | { complex: Piece[] };
interface Piece {
  name: string;
  value: string;
}
type PropValue =
  | { type: 'simple'; simple: string }
  | { type: 'complex'; complex: Piece[] }
  | { type: 'list'; list: SimpleOrComplex[] };

interface Cmd {
  name: CommandName;
  argv: string[];
  /** resource type, or (info/clear) a property name standing for a global property */
  res: string | null;
  props: { name: string; value: PropValue }[];
  /** true for 'set prop=[]' */
  emptyList?: boolean;
}

type ParseResult =
  | { kind: 'cmd'; cmd: Cmd; next: number }
  | { kind: 'empty'; next: number }
  | { kind: 'action'; action: CommandName; extra: number; next: number }
  | { kind: 'syntax'; at: number; next: number };

const INFO_PROPS = new Set([
  'zonename',
  'zonepath',
  'brand',
  'autoboot',
  'ip-type',
  'pool',
  'limitpriv',
  'bootargs',
  'scheduling-class',
  'cpu-shares',
  'max-lwps',
  'max-processes',
  'max-shm-memory',
  'max-shm-ids',
  'max-msg-ids',
  'max-sem-ids',
  'hostid',
  'fs-allowed',
  'zfs-io-priority',
]);

const isTerm = (t: Tok | undefined) => !!t && (t.type === 'NL' || t.type === 'SEMI');

class Parser {
  constructor(private toks: Tok[]) {}

  private t(i: number): Tok {
    return this.toks[i] ?? this.toks[this.toks.length - 1]!;
  }

  /** index just after the first terminator at or after i (error recovery) */
  recover(i: number): number {
    while (i < this.toks.length && !isTerm(this.toks[i]) && this.toks[i]!.type !== 'EOF') i++;
    return isTerm(this.toks[i]) ? i + 1 : i;
  }

  private simple(i: number): { v: string; i: number } | null {
    const t = this.t(i);
    if (t.type === 'TOKEN' || t.type === 'RES' || t.type === 'PROP') return { v: t.value, i: i + 1 };
    return null;
  }

  private complex(i: number): { pieces: Piece[]; i: number } | { err: number } {
    // OPEN_PAREN already consumed; complex_piece CLOSE_PAREN
    const pieces: Piece[] = [];
    for (;;) {
      const n = this.t(i);
      if (n.type !== 'PROP') return { err: i };
      if (this.t(i + 1).type !== 'EQUAL') return { err: i + 1 };
      const v = this.simple(i + 2);
      if (!v) return { err: i + 2 };
      pieces.push({ name: n.value, value: v.v });
      i = v.i;
      if (this.t(i).type === 'COMMA') {
        i++;
        continue;
      }
      if (this.t(i).type === 'CLOSE_PAREN') return { pieces, i: i + 1 };
      return { err: i };
    }
  }

  value(i: number): { v: PropValue; i: number } | { err: number } {
    const t = this.t(i);
    const s = this.simple(i);
    if (s) return { v: { type: 'simple', simple: s.v }, i: s.i };
    if (t.type === 'OPEN_PAREN') {
      const c = this.complex(i + 1);
      if ('err' in c) return c;
      return { v: { type: 'complex', complex: c.pieces }, i: c.i };
    }
    if (t.type === 'OPEN_SQ') {
      const list: SimpleOrComplex[] = [];
      i++;
      for (;;) {
        const sv = this.simple(i);
        if (sv) {
          list.push({ simple: sv.v });
          i = sv.i;
        } else if (this.t(i).type === 'OPEN_PAREN') {
          const c = this.complex(i + 1);
          if ('err' in c) return c;
          list.push({ complex: c.pieces });
          i = c.i;
        } else return { err: i };
        if (this.t(i).type === 'COMMA') {
          i++;
          continue;
        }
        if (this.t(i).type === 'CLOSE_SQ') return { v: { type: 'list', list }, i: i + 1 };
        return { err: i };
      }
    }
    return { err: i };
  }

  /** up to three prop=value pairs after a resource type */
  private pairs(cmd: Cmd, i: number): { i: number } | { err: number } {
    for (let k = 0; k < 3; k++) {
      if (this.t(i).type !== 'PROP') return { i };
      if (this.t(i + 1).type !== 'EQUAL') return { err: i + 1 };
      const v = this.value(i + 2);
      if ('err' in v) return v;
      cmd.props.push({ name: this.t(i).value, value: v.v });
      i = v.i;
    }
    return { i };
  }

  private finish(cmd: Cmd, i: number): ParseResult {
    if (isTerm(this.t(i))) return { kind: 'cmd', cmd, next: i + 1 };
    if (this.t(i).type === 'EOF') return { kind: 'cmd', cmd, next: i };
    return { kind: 'syntax', at: i, next: this.recover(i) };
  }

  private err(at: number): ParseResult {
    return { kind: 'syntax', at, next: this.recover(at) };
  }

  private action(action: CommandName, extra: number, from: number): ParseResult {
    return { kind: 'action', action, extra, next: this.recover(from) };
  }

  parse(i: number): ParseResult {
    const t = this.t(i);
    if (isTerm(t)) return { kind: 'empty', next: i + 1 };
    if (t.type === 'EOF') return { kind: 'empty', next: i };
    if (t.type !== 'CMD') return this.err(i);
    const name = t.value as CommandName;
    const cmd: Cmd = { name, argv: [], res: null, props: [] };
    const a = this.t(i + 1);
    switch (name) {
      case 'add': {
        if (a.type === 'TOKEN') {
          cmd.argv = [a.value];
          return this.finish(cmd, i + 2);
        }
        if (a.type === 'RES') {
          cmd.res = a.value;
          return this.finish(cmd, i + 2);
        }
        if (a.type === 'PROP') {
          const v = this.value(i + 2);
          if ('err' in v) return this.err(v.err);
          cmd.props.push({ name: a.value, value: v.v });
          return this.finish(cmd, v.i);
        }
        return this.action('add', HELP_RES_PROPS, i + 1);
      }
      case 'cancel':
      case 'commit':
      case 'delete':
      case 'end':
      case 'exit':
      case 'help':
      case 'revert':
      case 'verify': {
        if (a.type === 'TOKEN') {
          cmd.argv = [a.value];
          return this.finish(cmd, i + 2);
        }
        return this.finish(cmd, i + 1);
      }
      case 'create':
      case 'export': {
        const max = name === 'create' ? 3 : 2;
        let j = i + 1;
        while (cmd.argv.length < max && this.t(j).type === 'TOKEN') cmd.argv.push(this.t(j++).value);
        return this.finish(cmd, j);
      }
      case 'info': {
        if (a.type === 'TOKEN') return this.action('info', HELP_RES_PROPS, i + 2);
        if (a.type === 'RES') {
          cmd.res = a.value;
          const r = this.pairs(cmd, i + 2);
          if ('err' in r) return this.err(r.err);
          return this.finish(cmd, r.i);
        }
        if (a.type === 'PROP' && INFO_PROPS.has(a.value)) {
          cmd.res = a.value;
          return this.finish(cmd, i + 2);
        }
        return this.finish(cmd, i + 1);
      }
      case 'remove': {
        if (a.type === 'RES') {
          cmd.res = a.value;
          const r = this.pairs(cmd, i + 2);
          if ('err' in r) return this.err(r.err);
          return this.finish(cmd, r.i);
        }
        if (a.type === 'TOKEN') {
          const b = this.t(i + 2);
          if (b.type === 'RES') {
            cmd.argv = [a.value];
            cmd.res = b.value;
            return this.finish(cmd, i + 3);
          }
          return this.action('remove', HELP_RES_PROPS, i + 2);
        }
        if (a.type === 'PROP') {
          const v = this.value(i + 2);
          if ('err' in v) return this.err(v.err);
          cmd.props.push({ name: a.value, value: v.v });
          return this.finish(cmd, v.i);
        }
        return this.action('remove', HELP_RES_PROPS, i + 1);
      }
      case 'select': {
        if (a.type !== 'RES') return this.action('select', HELP_RES_PROPS, i + 1);
        cmd.res = a.value;
        if (this.t(i + 2).type === 'PROP') {
          const r = this.pairs(cmd, i + 2);
          if ('err' in r) return this.err(r.err);
          return this.finish(cmd, r.i);
        }
        if (a.value === 'dedicated-cpu' || a.value === 'capped-cpu' || a.value === 'capped-memory')
          return this.finish(cmd, i + 2);
        return this.action('select', 0, i + 2);
      }
      case 'set': {
        if (a.type === 'PROP') {
          if (this.t(i + 2).type !== 'EQUAL') return this.err(i + 2);
          if (this.t(i + 3).type === 'OPEN_SQ' && this.t(i + 4).type === 'CLOSE_SQ') {
            cmd.props.push({ name: a.value, value: { type: 'list', list: [] } });
            cmd.emptyList = true;
            return this.finish(cmd, i + 5);
          }
          const v = this.value(i + 3);
          if ('err' in v) return this.err(v.err);
          cmd.props.push({ name: a.value, value: v.v });
          return this.finish(cmd, v.i);
        }
        if (a.type === 'TOKEN') {
          const b = this.t(i + 2);
          if (!(b.type === 'PROP' && b.value === 'zonepath')) return this.err(i + 2);
          if (this.t(i + 3).type !== 'EQUAL') return this.err(i + 3);
          const v = this.value(i + 4);
          if ('err' in v) return this.err(v.err);
          cmd.argv = [a.value];
          cmd.props.push({ name: 'zonepath', value: v.v });
          return this.finish(cmd, v.i);
        }
        return this.action('set', HELP_PROPS, i + 1);
      }
      case 'clear': {
        if (a.type === 'PROP') {
          cmd.res = a.value;
          return this.finish(cmd, i + 2);
        }
        return this.action('clear', HELP_PROPS, i + 1);
      }
    }
  }
}

// ------------------------------------------------------------------ the session

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const Z_ERR = 1;
const Z_USAGE = 2;

interface LineSource {
  readLine(): Promise<string | null>;
}

type RtIP = { ncpus?: string };

interface InProgress {
  fs: FsRes;
  net: NetRes;
  device: DevRes;
  rctl: RctlRes;
  attr: AttrRes;
  dataset: DsRes;
  pset: PsetRes;
  admin: AdminRes;
  secflags: SecflagsRes;
  pcap: RtIP;
}

function freshInProgress(): InProgress {
  return {
    fs: { dir: '', special: '', raw: '', type: '', options: [] },
    net: emptyNet(),
    device: { match: '', props: [] },
    rctl: { name: '', values: [] },
    attr: { name: '', type: '', value: '' },
    dataset: { name: '' },
    pset: { ncpuMin: '', ncpuMax: '', importance: '' },
    admin: { user: '', auths: '' },
    secflags: { default: '', lower: '', upper: '' },
    pcap: {},
  };
}

const STATE_NUM: Record<SimZoneState, number> = {
  configured: 0,
  incomplete: 1,
  installed: 2,
  ready: 3,
  running: 4,
  shutting_down: 5,
  down: 6,
  mounted: 7,
};

const HOST_USERS = new Set([
  'root', 'daemon', 'bin', 'sys', 'adm', 'lp', 'uucp', 'nuucp', 'dladm', 'netadm', 'netcfg', 'smmsp',
  'listen', 'nobody', 'noaccess', 'nobody4', 'sshd', 'admin', 'operator',
]);

const SECFLAGS = ['aslr', 'forbidnullmap', 'noexecstack'];

function normalizeZonepath(p: string): string {
  let s = p.replace(/\/+/g, '/');
  if (s.length > 1) s = s.replace(/\/$/, '');
  return s;
}

function validIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

function validIPv6(s: string): boolean {
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
function sameNetAddress(a: string, b: string): boolean {
  return a.split('/')[0] === b.split('/')[0];
}

export class ZonecfgSession {
  execname = 'zonecfg';
  zone = '';
  revertZone = '';
  globalZone = false;
  handle: ZoneConfig | null = null;
  gotHandle = false;
  needToCommit = false;
  sawError = false;
  globalScope = true;
  resourceScope: string | null = null;
  endOp: 'add' | 'select' | null = null;
  cmdFileMode = false;
  cmdFileName: string | null = null;
  interactiveMode = false;
  okToPrompt = false;
  readOnly = false;
  timeToExit = false;
  forceExit = false;
  lexLineno = 1;
  lastLineno = 0;
  ip = freshInProgress();
  old = freshInProgress();
  /** stdin lines, for prompts and (interactive) commands */
  lines: LineSource | null = null;

  constructor(readonly io: ToolIO) {}

  out(s: string) {
    this.io.stdout(s);
  }
  errw(s: string) {
    this.io.stderr(s);
  }

  zerr(msg: string) {
    if (this.cmdFileMode && this.lexLineno > this.lastLineno) {
      if (this.cmdFileName === '-') this.errw(`On line ${this.lexLineno - 1}:\n`);
      else this.errw(`On line ${this.lexLineno - 1} of ${this.cmdFileName}:\n`);
      this.lastLineno = this.lexLineno;
    }
    this.errw(msg + '\n');
  }

  zonePerror(prefix: string, err: string, setSaw: boolean) {
    this.zerr(`${prefix}: ${err}`);
    if (setSaw) this.sawError = true;
  }

  cmdRtPerror(cmd: string, res: string, err: string, setSaw = true) {
    this.zerr(`${cmd} ${res}: ${err}`);
    if (setSaw) this.sawError = true;
  }

  usage(verbose: boolean, flags: number) {
    const text = usageText(verbose, flags, this.execname, this.resourceScope);
    if (verbose) this.out(text);
    else this.errw(text);
  }

  shortUsage(cmd: CommandName) {
    if (this.cmdFileMode) {
      if (this.cmdFileName === '-') this.errw(`syntax error on line ${this.lexLineno - 1}\n`);
      else this.errw(`syntax error on line ${this.lexLineno - 1} of ${this.cmdFileName}\n`);
    }
    this.errw(`usage:\n${SHELP[cmd]}\n`);
    this.sawError = true;
  }

  longUsage(cmd: CommandName, setSaw: boolean) {
    const w = setSaw ? (s: string) => this.errw(s) : (s: string) => this.out(s);
    w(`usage:\n${SHELP[cmd]}\n`);
    w(`\t${longHelp(cmd)}\n`);
    if (setSaw) this.sawError = true;
  }

  longerUsage(cmd: CommandName) {
    this.longUsage(cmd, false);
    const f = HELPTAB_FLAGS[cmd];
    if (f) {
      this.out('\n');
      this.usage(true, f);
    }
  }

  scopeUsage(cmd: CommandName) {
    this.zerr(`The ${cmd} command only makes sense in the ${this.globalScope ? 'resource' : 'global'} scope.`);
    this.sawError = true;
  }

  async askYesNo(def: boolean, question: string): Promise<number> {
    if (!this.okToPrompt || !this.lines) {
      this.sawError = true;
      return -1;
    }
    for (;;) {
      this.out(`${question} (${def ? '[y]/n' : 'y/[n]'})? `);
      const line = await this.lines.readLine();
      if (line === null) return -1;
      if (line === '') return def ? 1 : 0;
      const c = line[0]!.toLowerCase();
      if (c === 'y') return 1;
      if (c === 'n') return 0;
    }
  }

  /**
   * getopt(3C) over a command's argv (optind=0: argv[0] is the first argument, and also the name
   * its diagnostics carry); an error ends the list with '?', as getopt returns it
   */
  getopt(argv: string[], optstring: string, printErrors = true): { opts: { c: string; arg?: string }[]; optind: number; bad?: string } {
    const scan = scanOptions(argv, optstring);
    const opts: { c: string; arg?: string }[] = scan.opts;
    if (!scan.error) return { opts, optind: scan.optind };
    const { kind, opt } = scan.error;
    if (printErrors && kind === 'missing') this.errw(`${argv[0]}: option requires an argument -- ${opt}\n`);
    if (printErrors && kind === 'unknown' && opt !== '?') this.errw(`${argv[0]}: illegal option -- ${opt}\n`);
    opts.push({ c: '?' });
    return { opts, optind: scan.optind, bad: opt };
  }

  // -------------------------------------------------------------- state access

  async zoneState(name = this.zone): Promise<SimZoneState | null> {
    const s = await readState(this.io.root);
    return findZone(s, name)?.state ?? null;
  }

  async stateAtleast(min: SimZoneState): Promise<boolean> {
    const st = await this.zoneState();
    if (st === null) return false;
    return STATE_NUM[st] >= STATE_NUM[min];
  }

  async committedConfig(name: string): Promise<ZoneConfig | null> {
    const s = await readState(this.io.root);
    const z = findZone(s, name);
    if (!z) return null;
    if (name === 'global') return (z.globalConfig as ZoneConfig | undefined) ?? blankConfig('global', 'ipkg');
    return configFromZone(z);
  }

  async initialize(handleExpected: boolean): Promise<boolean> {
    if (this.handle) return true;
    const cfg = this.globalZone ? await this.committedConfig('global') : await this.committedConfig(this.zone);
    if (cfg) {
      this.handle = cfg;
      this.gotHandle = true;
      if (!this.globalZone && !OMNIOS_BRANDS.includes(cfg.brand as never)) {
        this.zerr(`Zone ${this.zone} uses non-existent brand "${cfg.brand}".  Unable to continue`);
        throw new Exit(Z_ERR);
      }
      return true;
    }
    if (this.globalZone && !this.gotHandle && !this.readOnly) {
      this.handle = blankConfig('global', 'ipkg');
      this.needToCommit = true;
      this.gotHandle = true;
      return true;
    }
    this.zonePerror(this.zone, Z.NO_ZONE, handleExpected || this.gotHandle);
    if (!this.gotHandle && this.interactiveMode && !this.readOnly)
      this.out("Use 'create' to begin configuring a new zone.\n");
    return false;
  }

  zoneIsReadOnly(cmd: CommandName): boolean {
    if (this.zone.startsWith('SUNW')) {
      this.zerr(`${this.zone}: zones beginning with SUNW are read-only.`);
      this.sawError = true;
      return true;
    }
    if (this.readOnly) {
      this.zerr(`${this.zone}: cannot ${cmd} in read-only mode.`);
      this.sawError = true;
      return true;
    }
    return false;
  }

  private cfg(): ZoneConfig {
    return this.handle!;
  }

  // -------------------------------------------------------------- create / export / exit

  async checkIfZoneAlreadyExists(force: boolean): Promise<boolean> {
    if (!(await this.committedConfig(this.zone))) return true;
    if (await this.stateAtleast('installed')) {
      // check_if_zone_already_exists() returns Z_ERR and create_func() just returns: zerr()
      // prints, saw_error stays unset, so the run ends with exit status 0 (zonecfg.c)
      this.zerr(`Zone ${this.zone} already installed; create not allowed.`);
      return false;
    }
    if (force) {
      this.out(`Zone ${this.zone} already exists; overwriting.\n`);
      return true;
    }
    const answer = await this.askYesNo(false, `Zone ${this.zone} already exists; create anyway`);
    if (answer === -1) {
      this.zerr('Zone exists, input not from terminal and -F not specified:\ncreate command ignored, exiting.');
      throw new Exit(Z_ERR);
    }
    return answer === 1;
  }

  async createFunc(cmd: Cmd) {
    let template = 'SUNWdefault';
    let force = false;
    let attachPath: string | null = null;
    const g = this.getopt(cmd.argv, '?a:bFt:');
    for (const o of g.opts) {
      if (o.c === '?') {
        if (g.bad === '?') this.longerUsage('create');
        else this.shortUsage('create');
        return;
      }
      if (o.c === 'a') attachPath = o.arg!;
      if (o.c === 'b') template = 'SUNWblank';
      if (o.c === 'F') force = true;
      if (o.c === 't') template = /^[A-Z]/.test(o.arg!) ? o.arg! : `OMNI${o.arg!}`;
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('create');
      return;
    }
    if (this.zoneIsReadOnly('create')) return;
    if (!(await this.checkIfZoneAlreadyExists(force))) return;
    let tmp: ZoneConfig | null;
    if (attachPath !== null) {
      const s = await readState(this.io.root);
      const det = (s as SimState & { detached?: Record<string, ZoneConfig> }).detached?.[normalizeZonepath(attachPath)];
      if (!det) {
        this.errw('invalid path to detached zone\n');
        return;
      }
      tmp = cloneConfig(det);
      tmp.name = this.zone;
    } else {
      tmp = templateConfig(template, this.zone);
      if (!tmp) {
        const other = template === this.zone ? null : await this.committedConfig(template);
        if (other && template !== 'global') {
          tmp = other;
          tmp.name = this.zone;
        }
      }
      if (!tmp) {
        this.zonePerror(template, Z.NO_ZONE, true);
        return;
      }
    }
    this.needToCommit = true;
    this.handle = tmp;
    this.gotHandle = true;
  }

  async exportFunc(cmd: Cmd) {
    let outfile = '';
    const g = this.getopt(cmd.argv, '?f:');
    for (const o of g.opts) {
      if (o.c === '?') {
        if (g.bad === '?') this.longerUsage('export');
        else this.shortUsage('export');
        return;
      }
      if (o.c === 'f') outfile = o.arg!;
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('export');
      return;
    }
    if (!(await this.initialize(true))) return;
    const c = this.cfg();
    let o = 'create -b\n';
    if (c.zonepath) o += `set zonepath=${c.zonepath}\n`;
    const committed = await this.committedConfig(this.zone);
    if (committed && committed.brand !== 'native') o += `set brand=${committed.brand}\n`;
    o += `set autoboot=${c.autoboot ? 'true' : 'false'}\n`;
    if (c.bootargs) o += `set bootargs=${c.bootargs}\n`;
    if (c.pool) o += `set pool=${c.pool}\n`;
    if (c.limitpriv) o += `set limitpriv=${c.limitpriv}\n`;
    if (c.sched) o += `set scheduling-class=${c.sched}\n`;
    o += `set ip-type=${c.ipType}\n`;
    if (c.hostid) o += `set hostid=${c.hostid}\n`;
    if (c.fsAllowed) o += `set fs-allowed=${c.fsAllowed}\n`;
    const prop = (name: string, v: string) => (v ? `set ${name}="${v}"\n` : '');
    for (const f of c.fs) {
      o += 'add fs\n' + prop('dir', f.dir) + prop('special', f.special) + prop('raw', f.raw) + prop('type', f.type);
      for (const opt of f.options) o += opt.includes('=') ? `add options "${opt}"\n` : `add options ${opt}\n`;
      o += 'end\n';
    }
    for (const n of c.net) {
      o += 'add net\n';
      o += prop('address', n.address) + prop('allowed-address', n.allowedAddress) + prop('physical', n.physical);
      o += prop('mac-addr', n.macAddr) + prop('vlan-id', n.vlanId) + prop('global-nic', n.globalNic);
      o += prop('defrouter', n.defrouter);
      for (const p of n.props) o += `add property (name=${p.name},value="${p.value}")\n`;
      o += 'end\n';
    }
    for (const d of c.device) {
      o += 'add device\n' + prop('match', d.match);
      for (const p of d.props) o += `add property (name=${p.name},value="${p.value}")\n`;
      o += 'end\n';
    }
    for (const r of c.rctl) {
      o += 'add rctl\n' + prop('name', r.name);
      for (const v of r.values) o += `add value (priv=${v.priv},limit=${v.limit},action=${v.action})\n`;
      o += 'end\n';
    }
    for (const a of c.attr) o += 'add attr\n' + prop('name', a.name) + prop('type', a.type) + prop('value', a.value) + 'end\n';
    for (const d of c.dataset) o += 'add dataset\n' + prop('name', d.name) + 'end\n';
    if (c.pset) {
      o += 'add dedicated-cpu\n';
      o +=
        c.pset.ncpuMin === c.pset.ncpuMax
          ? `set ncpus=${c.pset.ncpuMax}\n`
          : `set ncpus=${c.pset.ncpuMin}-${c.pset.ncpuMax}\n`;
      if (c.pset.importance) o += `set importance=${c.pset.importance}\n`;
      o += 'end\n';
    }
    for (const a of c.admin) o += 'add admin\n' + prop('user', a.user) + prop('auths', a.auths) + 'end\n';
    if (c.secflags) {
      const sf = c.secflags;
      o += 'add security-flags\n' + prop('default', sf.default) + prop('lower', sf.lower) + prop('upper', sf.upper) + 'end\n';
    }
    if (outfile) {
      try {
        await fsp.writeFile(outfile, o);
      } catch (e) {
        this.zerr(`opening file ${outfile}: ${(e as Error).message}`);
      }
    } else this.out(o);
  }

  async exitFunc(cmd: Cmd) {
    const g = this.getopt(cmd.argv, '?F');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('exit');
        return;
      }
      if (o.c === 'F') this.forceExit = true;
    }
    if (g.optind < cmd.argv.length) {
      this.shortUsage('exit');
      return;
    }
    if (this.globalScope || this.forceExit) {
      this.timeToExit = true;
      return;
    }
    const answer = await this.askYesNo(false, 'Resource incomplete; really quit');
    if (answer === -1) {
      this.zerr(
        'Resource incomplete, input not from terminal and -F not specified:\nexit command ignored, but exiting anyway.',
      );
      throw new Exit(Z_ERR);
    } else if (answer === 1) this.timeToExit = true;
  }

  // -------------------------------------------------------------- add

  async addResource(cmd: Cmd) {
    const type = cmd.res;
    const bad = () => {
      this.globalScope = true;
      this.endOp = null;
    };
    if (!type) {
      this.longUsage('add', true);
      bad();
      return;
    }
    const c = this.cfg();
    switch (type) {
      case 'fs':
        this.ip.fs = freshInProgress().fs;
        return;
      case 'net':
        this.ip.net = emptyNet();
        return;
      case 'device':
        this.ip.device = { match: '', props: [] };
        return;
      case 'rctl':
        if (this.globalZone)
          this.zerr(
            'WARNING: Setting a global zone resource control too low could deny\nservice to even the root user; this could render the system impossible\nto administer.  Please use caution.',
          );
        this.ip.rctl = { name: '', values: [] };
        return;
      case 'attr':
        this.ip.attr = { name: '', type: '', value: '' };
        return;
      case 'dataset':
        this.ip.dataset = { name: '' };
        return;
      case 'dedicated-cpu':
        if (c.pset) {
          this.zerr('The dedicated-cpu resource already exists.');
          bad();
          return;
        }
        if (getAliased(c, 'cpu-cap').ok || c.rctl.some((r) => r.name === 'zone.cpu-cap')) {
          this.zerr('The capped-cpu resource already exists.');
          bad();
          return;
        }
        if (c.pool) {
          this.zerr('The pool property is already set.  A persistent pool is incompatible with\nthe dedicated-cpu resource.');
          bad();
          return;
        }
        this.ip.pset = { ncpuMin: '', ncpuMax: '', importance: '' };
        return;
      case 'capped-cpu': {
        if (c.pset) {
          this.zerr('The dedicated-cpu resource already exists.');
          bad();
          return;
        }
        const r = getAliased(c, 'cpu-cap');
        if (!r.ok && r.err === 'disallow') {
          this.zonePerror('capped-cpu', Z.ALIAS_DISALLOW, false);
          bad();
          return;
        }
        if (r.ok) {
          this.zerr('The capped-cpu resource already exists.');
          bad();
          return;
        }
        return;
      }
      case 'capped-memory':
        if (getAliased(c, 'max-swap').ok || getAliased(c, 'physical-memory').ok || getAliased(c, 'locked-memory').ok) {
          this.zerr('The capped-memory resource or a related resource control already exists.');
          bad();
          return;
        }
        if (this.globalZone)
          this.zerr(
            'WARNING: Setting a global zone memory cap too low could deny\nservice to even the root user; this could render the system impossible\nto administer.  Please use caution.',
          );
        return;
      case 'admin':
        this.ip.admin = { user: '', auths: '' };
        return;
      case 'security-flags':
        if (c.secflags) this.zerr('The security-flags resource already exists.');
        this.ip.secflags = { default: '', lower: '', upper: '' };
        return;
      default:
        this.zonePerror(type, Z.NO_RESOURCE_TYPE, true);
        this.longUsage('add', true);
        this.usage(false, HELP_RESOURCES);
        bad();
    }
  }

  private pieceErr(propName: string) {
    this.zonePerror(propName, Z.NO_PROPERTY_TYPE, true);
    this.longUsage('add', true);
    this.usage(false, HELP_PROPS);
  }

  doComplexRctlVal(pieces: Piece[]) {
    const v: RctlVal = { priv: '', limit: '', action: '' };
    const seen = { priv: false, limit: false, action: false };
    for (const p of pieces) {
      if (p.name === 'priv' || p.name === 'limit' || p.name === 'action') {
        if (seen[p.name]) {
          this.zerr(`${p.name} already specified`);
          return;
        }
        v[p.name] = p.value;
        seen[p.name] = true;
      } else {
        this.pieceErr('value');
        return;
      }
    }
    if (!seen.priv) this.zerr('priv not specified');
    if (!seen.limit) this.zerr('limit not specified');
    if (!seen.action) this.zerr('action not specified');
    if (!seen.priv || !seen.limit || !seen.action) return;
    const limitOk = /^(0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(v.limit);
    const actionOk = v.action === 'none' || v.action === 'deny';
    if (v.priv !== 'privileged' || !limitOk || !actionOk) {
      this.zerr('Invalid rctl value specification');
      return;
    }
    this.ip.rctl.values.push(v);
  }

  doResAttr(head: ResAttr[], pieces: Piece[]) {
    const np: ResAttr = { name: '', value: '' };
    let seenName = false;
    let seenValue = false;
    for (const p of pieces) {
      if (p.name === 'name') {
        if (seenName) {
          this.zerr('name already specified');
          return;
        }
        np.name = p.value;
        seenName = true;
      } else if (p.name === 'value') {
        if (seenValue) {
          this.zerr('value already specified');
          return;
        }
        np.value = p.value;
        seenValue = true;
      } else {
        this.pieceErr('property');
        return;
      }
    }
    if (!seenName) this.zerr('name not specified');
    if (!seenValue) this.zerr('value not specified');
    head.push(np);
  }

  async addProperty(cmd: Cmd) {
    const res = this.resourceScope;
    const prop = cmd.props[0];
    if (!res || !prop) {
      this.longUsage('add', true);
      return;
    }
    if (cmd.props.length !== 1) {
      this.longUsage('add', true);
      return;
    }
    if (!(await this.initialize(true))) return;
    const pp = prop.value;
    const noProp = () => {
      this.zonePerror(prop.name, Z.NO_PROPERTY_TYPE, true);
      this.longUsage('add', true);
      this.usage(false, HELP_PROPS);
    };
    switch (res) {
      case 'fs':
        if (prop.name !== 'options') return noProp();
        if (pp.type === 'complex') {
          this.zerr('A simple or list value was expected here.');
          this.sawError = true;
          return;
        }
        if (pp.type === 'simple') this.ip.fs.options.push(pp.simple);
        else for (const l of pp.list) if ('simple' in l) this.ip.fs.options.push(l.simple);
        return;
      case 'net':
      case 'device':
        if (prop.name !== 'property') return noProp();
        if (pp.type !== 'complex') {
          this.zerr('A complex value was expected here.');
          this.sawError = true;
          return;
        }
        this.doResAttr(res === 'net' ? this.ip.net.props : this.ip.device.props, pp.complex);
        return;
      case 'rctl':
        if (prop.name !== 'value') return noProp();
        if (pp.type === 'simple') {
          this.zerr('A complex or list value was expected here.');
          this.sawError = true;
          return;
        }
        if (pp.type === 'complex') this.doComplexRctlVal(pp.complex);
        else for (const l of pp.list) if ('complex' in l) this.doComplexRctlVal(l.complex);
        return;
      default:
        this.zonePerror(res, Z.NO_RESOURCE_TYPE, true);
        this.longUsage('add', true);
        this.usage(false, HELP_RESOURCES);
    }
  }

  gzInvalidResource(t: string | null) {
    return this.globalZone && ['fs', 'net', 'device', 'attr', 'dataset'].includes(t ?? '');
  }

  gzInvalidProperty(t: string | null) {
    return (
      this.globalZone &&
      ['zonename', 'zonepath', 'autoboot', 'limitpriv', 'bootargs', 'brand', 'scheduling-class', 'ip-type', 'hostid', 'fs-allowed'].includes(
        t ?? '',
      )
    );
  }

  async addFunc(cmd: Cmd) {
    const g = this.getopt(cmd.argv, '?');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('add');
        return;
      }
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('add');
      return;
    }
    if (this.zoneIsReadOnly('add')) return;
    if (!(await this.initialize(true))) return;
    if (this.globalScope) {
      if (this.gzInvalidResource(cmd.res)) {
        this.zerr(`Cannot add a ${cmd.res} resource to the global zone.`);
        this.sawError = true;
        return;
      }
      this.globalScope = false;
      this.resourceScope = cmd.res;
      this.endOp = 'add';
      await this.addResource(cmd);
    } else await this.addProperty(cmd);
  }

  // -------------------------------------------------------------- delete

  async deleteFunc(cmd: Cmd) {
    let force = false;
    const g = this.getopt(cmd.argv, '?F');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('delete');
        return;
      }
      if (o.c === 'F') force = true;
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('delete');
      return;
    }
    if (this.zoneIsReadOnly('delete')) return;
    if (!force) {
      if (!(await this.initialize(true))) return;
      const answer = await this.askYesNo(false, `Are you sure you want to delete zone ${this.zone}`);
      if (answer === -1) {
        this.zerr('Input not from terminal and -F not specified:\ndelete command ignored, exiting.');
        throw new Exit(Z_ERR);
      }
      if (answer !== 1) return;
    }
    const wasHandle = this.handle !== null;
    const zone = this.zone;
    const err = await updateState(this.io.root, (s): string => {
      const z = findZone(s, zone);
      if (!z || zone === 'global') return Z.NO_ZONE;
      if (STATE_NUM[z.state] >= STATE_NUM.ready) return Z.BAD_ZONE_STATE;
      if (z.state !== 'configured' && !force) return Z.BAD_ZONE_STATE;
      s.zones = s.zones.filter((x) => x !== z);
      return '';
    });
    if (err === '') {
      await removeZoneRoot(this.io.root, zone);
    } else if (err === Z.BAD_ZONE_STATE && !force) {
      this.zerr(`Zone ${zone} not in configured state; delete not allowed.  Use -F to force delete.`);
    } else {
      this.zonePerror(zone, err, true);
    }
    this.needToCommit = false;
    if (force && !wasHandle && this.interactiveMode) this.out("Use 'create' to begin configuring a new zone.\n");
    if (this.gotHandle) {
      const cfg = await this.committedConfig(zone);
      this.handle = cfg;
      if (!cfg) this.gotHandle = false;
    }
  }

  // -------------------------------------------------------------- fill_in / lookup

  private simpleProps(cmd: Cmd): Map<string, string> | null {
    const m = new Map<string, string>();
    for (const p of cmd.props) {
      if (p.value.type !== 'simple') {
        this.zerr('A simple value was expected here.');
        this.sawError = true;
        return null;
      }
      m.set(p.name, p.value.simple);
    }
    return m;
  }

  /** fill_in_*tab: the given properties, or null (after an error message) */
  fillIn(res: string, cmd: Cmd): Map<string, string> | null {
    const allowed: Record<string, string[]> = {
      fs: ['dir', 'special', 'raw', 'type'],
      net: ['address', 'allowed-address', 'physical', 'mac-addr', 'vlan-id', 'global-nic', 'defrouter'],
      device: ['match'],
      rctl: ['name'],
      attr: ['name', 'type', 'value'],
      dataset: ['name'],
      admin: ['user', 'auths'],
      'security-flags': ['default', 'lower', 'upper'],
    };
    const m = this.simpleProps(cmd);
    if (!m) return null;
    for (const k of m.keys()) {
      if (!(allowed[res] ?? []).includes(k)) {
        this.zonePerror(k, Z.NO_PROPERTY_TYPE, true);
        return null;
      }
    }
    return m;
  }

  private matchRes(res: string, item: unknown, m: Map<string, string>): boolean {
    const get = (k: string): string => {
      const o = item as Record<string, unknown>;
      const key = k === 'allowed-address' ? 'allowedAddress' : k === 'mac-addr' ? 'macAddr' : k === 'vlan-id' ? 'vlanId' : k === 'global-nic' ? 'globalNic' : k;
      return String(o[key] ?? '');
    };
    for (const [k, v] of m) {
      if (v === '') continue;
      if (res === 'net' && (k === 'address' || k === 'allowed-address')) {
        if (!sameNetAddress(v, get(k))) return false;
      } else if (get(k) !== v) return false;
    }
    return true;
  }

  resList(res: string): unknown[] {
    const c = this.cfg();
    switch (res) {
      case 'fs':
        return c.fs;
      case 'net':
        return c.net;
      case 'device':
        return c.device;
      case 'rctl':
        return c.rctl;
      case 'attr':
        return c.attr;
      case 'dataset':
        return c.dataset;
      case 'admin':
        return c.admin;
      default:
        return [];
    }
  }

  /** zonecfg_lookup_*: index of the one matching resource, or an error string */
  lookup(res: string, m: Map<string, string>): number | string {
    const list = this.resList(res);
    const hits = list.map((x, i) => (this.matchRes(res, x, m) ? i : -1)).filter((i) => i >= 0);
    if (hits.length === 0) return Z.NO_RESOURCE_ID;
    if (hits.length > 1) return Z.INSUFFICIENT_SPEC;
    return hits[0]!;
  }

  // -------------------------------------------------------------- remove

  async promptRemoveResource(cmd: Cmd, rsrc: string): Promise<boolean> {
    let force = false;
    const g = this.getopt(cmd.argv, 'F', false);
    for (const o of g.opts) {
      if (o.c === 'F') force = true;
      else return false;
    }
    const num = this.resList(rsrc).length;
    if (num === 0) {
      this.cmdRtPerror('remove', rsrc, Z.NO_RESOURCE_ID);
      return false;
    }
    if (num > 1 && !force) {
      if (!this.interactiveMode) {
        this.zerr(
          'There are multiple instances of this resource.  Either qualify the resource to\nremove a single instance or use the -F option to remove all instances.',
        );
        this.sawError = true;
        return false;
      }
      const answer = await this.askYesNo(false, `Are you sure you want to remove ALL '${rsrc}' resources`);
      if (answer === -1) {
        this.zerr('Resource incomplete.');
        return false;
      }
      if (answer !== 1) return false;
    }
    return true;
  }

  async removeResource(cmd: Cmd) {
    const type = cmd.res;
    if (!type) {
      this.longUsage('remove', true);
      return;
    }
    const g = this.getopt(cmd.argv, '?F');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('remove');
        return;
      }
    }
    if (!(await this.initialize(true))) return;
    const c = this.cfg();
    switch (type) {
      case 'fs':
      case 'net':
      case 'device':
      case 'rctl':
      case 'attr':
      case 'dataset':
      case 'admin': {
        if (cmd.props.length > 0) {
          const m = this.fillIn(type, cmd);
          if (!m) {
            this.cmdRtPerror('remove', type, Z.INSUFFICIENT_SPEC);
            return;
          }
          const idx = this.lookup(type, m);
          if (typeof idx === 'string') {
            this.cmdRtPerror('remove', type, idx);
            return;
          }
          this.resList(type).splice(idx, 1);
          this.needToCommit = true;
          return;
        }
        if (!(await this.promptRemoveResource(cmd, type))) return;
        this.resList(type).splice(0);
        this.needToCommit = true;
        return;
      }
      case 'dedicated-cpu':
        if (!c.pset) {
          this.cmdRtPerror('remove', type, Z.NO_RESOURCE_ID);
          return;
        }
        c.pset = null;
        this.needToCommit = true;
        return;
      case 'capped-cpu':
        if (!getAliased(c, 'cpu-cap').ok) {
          this.zerr(`remove capped-cpu: ${Z.NO_RESOURCE_TYPE}`);
          this.sawError = true;
          return;
        }
        rmAliased(c, 'cpu-cap');
        this.needToCommit = true;
        return;
      case 'capped-memory': {
        const any = ['physical-memory', 'max-swap', 'locked-memory'].filter((a) => getAliased(c, a).ok);
        if (!any.length) {
          this.zerr(`remove capped-memory: ${Z.NO_RESOURCE_TYPE}`);
          this.sawError = true;
          return;
        }
        for (const a of any) rmAliased(c, a);
        this.needToCommit = true;
        return;
      }
      case 'security-flags':
        if (!c.secflags) {
          this.zerr(`remove security-flags: ${Z.NO_RESOURCE_TYPE}`);
          return;
        }
        c.secflags = null;
        this.needToCommit = true;
        return;
      default:
        this.zonePerror(type, Z.NO_RESOURCE_TYPE, true);
        this.longUsage('remove', true);
        this.usage(false, HELP_RESOURCES);
    }
  }

  async removeProperty(cmd: Cmd) {
    const res = this.resourceScope;
    const prop = cmd.props[0];
    if (!res || !prop) {
      this.longUsage('remove', true);
      return;
    }
    if (cmd.props.length !== 1) {
      this.longUsage('add', true);
      return;
    }
    if (!(await this.initialize(true))) return;
    const pp = prop.value;
    const noProp = () => {
      this.zonePerror(prop.name, Z.NO_PROPERTY_TYPE, true);
      this.longUsage('remove', true);
      this.usage(false, HELP_PROPS);
    };
    switch (res) {
      case 'fs': {
        if (prop.name !== 'options') return noProp();
        if (pp.type === 'complex') {
          this.zerr('A simple or list value was expected here.');
          this.sawError = true;
          return;
        }
        const opts = pp.type === 'simple' ? [pp.simple] : pp.list.flatMap((l) => ('simple' in l ? [l.simple] : []));
        for (const o of opts) {
          const i = this.ip.fs.options.indexOf(o);
          if (i < 0) this.zonePerror('options', Z.NO_PROPERTY_TYPE, true);
          else this.ip.fs.options.splice(i, 1);
        }
        return;
      }
      case 'net':
      case 'device': {
        if (prop.name !== 'property') return noProp();
        if (pp.type !== 'complex') {
          this.zerr('A complex value was expected here.');
          this.sawError = true;
          return;
        }
        const np: ResAttr = { name: '', value: '' };
        for (const p of pp.complex) {
          if (p.name === 'name') np.name = p.value;
          else if (p.name === 'value') np.value = p.value;
          else return noProp();
        }
        const list = res === 'net' ? this.ip.net.props : this.ip.device.props;
        const i = list.findIndex((x) => x.name === np.name && x.value === np.value);
        if (i < 0) this.zonePerror('property', Z.NO_PROPERTY_TYPE, true);
        else list.splice(i, 1);
        return;
      }
      case 'rctl': {
        if (prop.name !== 'value') return noProp();
        if (pp.type !== 'complex') {
          this.zerr('A complex value was expected here.');
          this.sawError = true;
          return;
        }
        const v: RctlVal = { priv: '', limit: '', action: '' };
        for (const p of pp.complex) {
          if (p.name === 'priv' || p.name === 'limit' || p.name === 'action') v[p.name] = p.value;
          else {
            this.zonePerror('value', Z.NO_PROPERTY_TYPE, true);
            this.longUsage('add', true);
            this.usage(false, HELP_PROPS);
            return;
          }
        }
        const i = this.ip.rctl.values.findIndex((x) => x.priv === v.priv && x.limit === v.limit && x.action === v.action);
        if (i < 0) this.zonePerror('value', Z.NO_PROPERTY_TYPE, true);
        else this.ip.rctl.values.splice(i, 1);
        return;
      }
      default:
        this.zonePerror(res, Z.NO_RESOURCE_TYPE, true);
        this.longUsage('remove', true);
        this.usage(false, HELP_RESOURCES);
    }
  }

  async removeFunc(cmd: Cmd) {
    if (this.zoneIsReadOnly('remove')) return;
    if (this.globalScope) {
      if (this.gzInvalidResource(cmd.res)) {
        this.zerr(`${cmd.res} is not a valid resource for the global zone.`);
        this.sawError = true;
        return;
      }
      await this.removeResource(cmd);
    } else await this.removeProperty(cmd);
  }

  // -------------------------------------------------------------- clear

  async clearFunc(cmd: Cmd) {
    if (this.zoneIsReadOnly('clear')) return;
    const type = cmd.res;
    if (this.globalScope) {
      if (this.gzInvalidProperty(type)) {
        this.zerr(`${type} is not a valid property for the global zone.`);
        this.sawError = true;
        return;
      }
      if (!type) {
        this.longUsage('clear', true);
        return;
      }
      if (!(await this.initialize(true))) return;
      const c = this.cfg();
      const aliasFor: Record<string, string> = {
        'max-lwps': 'max-lwps',
        'max-processes': 'max-processes',
        'max-shm-memory': 'max-shm-memory',
        'max-shm-ids': 'max-shm-ids',
        'max-msg-ids': 'max-msg-ids',
        'max-sem-ids': 'max-sem-ids',
        'cpu-shares': 'cpu-shares',
        'zfs-io-priority': 'zfs-io-priority',
      };
      switch (type) {
        case 'zonename':
        case 'zonepath':
        case 'brand':
          this.zonePerror(type, Z.CLEAR_DISALLOW, true);
          return;
        case 'autoboot':
          c.autoboot = false;
          break;
        case 'pool':
          c.pool = '';
          break;
        case 'limitpriv':
          c.limitpriv = '';
          break;
        case 'bootargs':
          c.bootargs = '';
          break;
        case 'scheduling-class':
          c.sched = '';
          break;
        case 'ip-type':
          c.ipType = 'shared';
          break;
        case 'hostid':
          c.hostid = '';
          break;
        case 'fs-allowed':
          c.fsAllowed = '';
          break;
        default:
          if (aliasFor[type]) {
            this.removeAliasedRctl(type, aliasFor[type]!);
            return;
          }
          this.zonePerror(type, Z.NO_PROPERTY_TYPE, true);
          this.longUsage('clear', true);
          this.usage(false, HELP_PROPS);
          return;
      }
      this.needToCommit = true;
      return;
    }
    const res = this.resourceScope;
    if (!res || !type) {
      this.longUsage('clear', true);
      return;
    }
    if (!(await this.initialize(true))) return;
    const done = () => {
      this.needToCommit = true;
    };
    if (res === 'fs' && type === 'raw') {
      this.ip.fs.raw = '';
      return done();
    }
    if (res === 'dedicated-cpu' && type === 'importance') {
      this.ip.pset.importance = '';
      return done();
    }
    if (res === 'capped-memory') {
      const map: Record<string, string> = { physical: 'physical-memory', swap: 'max-swap', locked: 'locked-memory' };
      if (map[type]) {
        this.removeAliasedRctl(type, map[type]!);
        return;
      }
    }
    if (res === 'net') {
      const map: Record<string, keyof NetRes> = {
        'allowed-address': 'allowedAddress',
        defrouter: 'defrouter',
        'global-nic': 'globalNic',
        'mac-addr': 'macAddr',
        'vlan-id': 'vlanId',
      };
      const k = map[type];
      if (k) {
        (this.ip.net[k] as string) = '';
        return done();
      }
    }
    if (res === 'security-flags' && (type === 'lower' || type === 'default' || type === 'upper')) {
      this.ip.secflags[type] = '';
      return done();
    }
    this.zonePerror(type, Z.CLEAR_DISALLOW, true);
  }

  removeAliasedRctl(propName: string, alias: string) {
    const c = this.cfg();
    const r = getAliased(c, alias);
    if (!r.ok) {
      this.zerr(`clear ${propName}: ${r.err === 'noent' ? Z.NO_ENTRY : Z.ALIAS_DISALLOW}`);
      this.sawError = true;
      return;
    }
    rmAliased(c, alias);
    this.needToCommit = true;
  }

  // -------------------------------------------------------------- select

  async selectFunc(cmd: Cmd) {
    if (this.zoneIsReadOnly('select')) return;
    if (this.globalScope) {
      this.globalScope = false;
      this.resourceScope = cmd.res;
      this.endOp = 'select';
    } else {
      this.scopeUsage('select');
      return;
    }
    const type = cmd.res;
    if (!type) {
      this.longUsage('select', true);
      return;
    }
    if (!(await this.initialize(true))) return;
    const c = this.cfg();
    switch (type) {
      case 'fs':
      case 'net':
      case 'device':
      case 'rctl':
      case 'attr':
      case 'dataset':
      case 'admin': {
        const m = this.fillIn(type, cmd);
        let idx: number | string = Z.INSUFFICIENT_SPEC;
        if (m) idx = this.lookup(type, m);
        if (typeof idx === 'string') {
          this.cmdRtPerror('select', type, idx);
          this.globalScope = true;
          return;
        }
        const item = JSON.parse(JSON.stringify(this.resList(type)[idx])) as never;
        (this.old as unknown as Record<string, unknown>)[type] = item;
        (this.ip as unknown as Record<string, unknown>)[type] = JSON.parse(JSON.stringify(item));
        (this.old as unknown as { index: number }).index = idx;
        return;
      }
      case 'security-flags': {
        const m = this.fillIn(type, cmd);
        if (!m || !c.secflags) {
          this.cmdRtPerror('select', type, m ? Z.NO_RESOURCE_ID : Z.INSUFFICIENT_SPEC);
          this.globalScope = true;
          return;
        }
        this.old.secflags = { ...c.secflags };
        this.ip.secflags = { ...c.secflags };
        return;
      }
      case 'dedicated-cpu':
        if (!c.pset) {
          this.cmdRtPerror('select', type, Z.NO_RESOURCE_ID);
          this.globalScope = true;
          return;
        }
        this.old.pset = { ...c.pset };
        this.ip.pset = { ...c.pset };
        return;
      case 'capped-cpu': {
        const r = getAliased(c, 'cpu-cap');
        if (!r.ok) {
          this.cmdRtPerror('select', type, r.err === 'noent' ? Z.NO_ENTRY : Z.ALIAS_DISALLOW);
          this.globalScope = true;
        }
        return;
      }
      case 'capped-memory':
        if (!getAliased(c, 'physical-memory').ok && !getAliased(c, 'max-swap').ok && !getAliased(c, 'locked-memory').ok) {
          this.cmdRtPerror('select', type, Z.NO_RESOURCE_TYPE);
          this.globalScope = true;
        }
        return;
      default:
        this.zonePerror(type, Z.NO_RESOURCE_TYPE, true);
        this.longUsage('select', true);
        this.usage(false, HELP_RESOURCES);
    }
  }

  // -------------------------------------------------------------- set

  validateNetAddress(address: string, isHost: boolean): boolean {
    const slash = address.indexOf('/');
    const part1 = slash >= 0 ? address.slice(0, slash) : address;
    let prefixlen = slash >= 0 ? parseInt(address.slice(slash + 1), 10) || 0 : 0;
    if (isHost && slash >= 0)
      this.zerr(
        `Warning: prefix length in ${address} is not required and will be ignored. The default host-prefix length will be used`,
      );
    if (validIPv6(part1)) {
      if (isHost) prefixlen = 128;
      else if (slash < 0) {
        this.zerr(`${address}: IPv6 addresses require /prefix-length suffix.`);
        return false;
      }
      if (prefixlen < 0 || prefixlen > 128) {
        this.zerr(`${address}: IPv6 address prefix lengths must be 0 - 128.`);
        return false;
      }
      return true;
    }
    if (!isHost && slash >= 0 && (prefixlen < 0 || prefixlen > 32)) {
      this.zerr(`${address}: IPv4 address prefix lengths must be 0 - 32.`);
      return false;
    }
    if (validIPv4(part1)) return true;
    if (!/^[A-Za-z0-9]/.test(part1) || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(part1)) {
      this.zerr(`${part1}: bogus host name or network address syntax`);
      this.sawError = true;
      this.usage(false, HELP_NETADDR);
      return false;
    }
    return true;
  }

  validatePhysical(ifname: string): boolean {
    const c = this.cfg();
    if (c.ipType === 'shared') {
      // ifparse_ifspec: name[:lun], name = letters then a ppa number
      const m = /^([A-Za-z][A-Za-z0-9_.]*?[0-9]+)(:([0-9]+))?$/.exec(ifname);
      if (!m) {
        this.zerr(`${ifname}: invalid physical interface name`);
        return false;
      }
      if (m[2]) {
        this.zerr(`${ifname}: LUNs not allowed in physical interface names`);
        return false;
      }
      return true;
    }
    if (!validLinkName(ifname)) {
      if (ifname.includes(':'))
        this.zerr(`${ifname}: physical interface name required; logical interface name not allowed`);
      else this.zerr(`${ifname}: invalid physical interface name`);
      return false;
    }
    return true;
  }

  setAliasedRctl(alias: string, propName: string, s: string) {
    const c = this.cfg();
    if (this.globalZone && alias !== 'cpu-shares')
      this.zerr(
        'WARNING: Setting a global zone resource control too low could deny\nservice to even the root user; this could render the system impossible\nto administer.  Please use caution.',
      );
    let val = s;
    if (propName === 'max-shm-memory') {
      const m = parseMemLimit(s);
      if (m === null) {
        this.zerr('A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.');
        this.sawError = true;
        return;
      }
      val = m.toString();
    }
    const a = ALIASES.find((x) => x.alias === alias)!;
    if (!aliasOk(c, alias)) {
      this.zonePerror(propName, Z.ALIAS_DISALLOW, false);
      this.sawError = true;
    } else if (!/^[0-9]+$/.test(val) || BigInt(val) < BigInt(a.low)) {
      this.zerr(`${propName} property is out of range.`);
      this.sawError = true;
    } else {
      setAliased(c, alias, BigInt(val));
      this.needToCommit = true;
    }
  }

  async setFunc(cmd: Cmd) {
    if (this.zoneIsReadOnly('set')) return;
    let forceSet = false;
    const g = this.getopt(cmd.argv, 'F', false);
    for (const o of g.opts) {
      if (o.c === 'F') forceSet = true;
      else {
        if (g.bad === '?') this.longerUsage('set');
        else this.shortUsage('set');
        return;
      }
    }
    const prop = cmd.props[0]!;
    const propName = prop.name;
    const GLOBAL_PROPS = new Set([
      'zonename',
      'zonepath',
      'autoboot',
      'brand',
      'pool',
      'limitpriv',
      'bootargs',
      'scheduling-class',
      'ip-type',
      'max-lwps',
      'max-processes',
      'max-shm-memory',
      'max-shm-ids',
      'max-msg-ids',
      'max-sem-ids',
      'cpu-shares',
      'hostid',
      'fs-allowed',
      'zfs-io-priority',
    ]);
    let res: string;
    if (this.globalScope) {
      if (this.gzInvalidProperty(propName)) {
        this.zerr(`${propName} is not a valid property for the global zone.`);
        this.sawError = true;
        return;
      }
      if (!GLOBAL_PROPS.has(propName)) {
        this.zerr('Cannot set a resource-specific property from the global scope.');
        this.sawError = true;
        return;
      }
      res = propName;
    } else res = this.resourceScope ?? '';
    if (forceSet) {
      if (res !== 'zonepath') {
        this.zerr('Only zonepath setting can be forced.');
        this.sawError = true;
        return;
      }
      this.zerr('Zonepath is changeable only in an alternate root.');
      this.sawError = true;
      return;
    }
    const pp = prop.value;
    const complexOk =
      (res === 'fs' && propName === 'options') ||
      (res === 'rctl' && propName === 'value') ||
      (res === 'net' && propName === 'property');
    if (!complexOk && pp.type !== 'simple') {
      this.zerr('A simple value was expected here.');
      this.sawError = true;
      return;
    }
    const v = pp.type === 'simple' ? pp.simple : '';
    if (res === 'zonename' && !this.gotHandle && !(await this.stateAtleast('configured'))) {
      if (!validZoneName(v)) {
        this.zonePerror(v, Z.BOGUS_ZONE_NAME, true);
        this.usage(false, HELP_SYNTAX);
        return;
      }
      this.zone = v;
      return;
    }
    if (!(await this.initialize(true))) return;
    const c = this.cfg();
    const noProp = () => {
      this.zonePerror(propName, Z.NO_PROPERTY_TYPE, true);
      this.longUsage('set', true);
      this.usage(false, HELP_PROPS);
    };
    switch (res) {
      case 'zonename': {
        const err = await this.setName(v);
        if (err) {
          this.zonePerror(v, err, true);
          this.usage(false, HELP_SYNTAX);
        } else {
          this.needToCommit = true;
          this.zone = v;
        }
        return;
      }
      case 'zonepath':
        if (await this.stateAtleast('installed')) {
          // set_func(), case RT_ZONEPATH: zerr() and return, saw_error not set (exit 0)
          this.zerr(`Zone ${this.zone} already installed; set zonepath not allowed.`);
          return;
        }
        if (!v.startsWith('/')) {
          this.zerr(`${v} is not an absolute path.`);
          this.sawError = true;
          return;
        }
        if (/^\/+$/.test(v)) {
          this.zerr('/ is not allowed as a zonepath.');
          this.sawError = true;
          return;
        }
        c.zonepath = normalizeZonepath(v);
        this.needToCommit = true;
        return;
      case 'brand':
        if (await this.stateAtleast('installed')) {
          // set_func(), case RT_BRAND: likewise no saw_error
          this.zerr(`Zone ${this.zone} already installed; set brand not allowed.`);
          return;
        }
        c.brand = v;
        this.needToCommit = true;
        return;
      case 'autoboot':
        if (v !== 'true' && v !== 'false') {
          this.zerr("autoboot value must be 'true' or 'false'.");
          this.sawError = true;
          return;
        }
        c.autoboot = v === 'true';
        this.needToCommit = true;
        return;
      case 'pool':
        if (v.startsWith('SUNW')) {
          this.zerr('pool names starting with SUNW are reserved.');
          this.sawError = true;
          return;
        }
        if (c.pset) {
          this.zerr(
            'The dedicated-cpu resource already exists.  A persistent pool is incompatible\nwith the dedicated-cpu resource.',
          );
          this.sawError = true;
          return;
        }
        c.pool = v;
        this.needToCommit = true;
        return;
      case 'limitpriv':
        c.limitpriv = v;
        this.needToCommit = true;
        return;
      case 'bootargs':
        c.bootargs = v;
        this.needToCommit = true;
        return;
      case 'scheduling-class':
        c.sched = v;
        this.needToCommit = true;
        return;
      case 'ip-type':
        if (v !== 'shared' && v !== 'exclusive') {
          this.zerr("ip-type value must be 'shared' or 'exclusive'.");
          this.sawError = true;
          return;
        }
        if (v === 'exclusive' && !OMNIOS_BRANDS.includes(c.brand as never)) {
          this.zerr(`${this.zone}: unknown brand.\n`);
          this.sawError = true;
          return;
        }
        c.ipType = v;
        this.needToCommit = true;
        return;
      case 'max-lwps':
      case 'max-processes':
      case 'max-shm-memory':
      case 'max-shm-ids':
      case 'max-msg-ids':
      case 'max-sem-ids':
      case 'cpu-shares':
      case 'zfs-io-priority':
        this.setAliasedRctl(res, res, v);
        return;
      case 'hostid': {
        const h = v.replace(/^0x/i, '');
        if (!/^[0-9a-fA-F]+$/.test(h)) {
          this.zonePerror('hostid', Z.INVALID_PROPERTY, true);
          return;
        }
        if (h.replace(/^0+/, '').length > 8 || parseInt(h, 16) > 0xfffffffe) {
          this.zerr(`hostid string is too large: ${v}`);
          this.sawError = true;
          return;
        }
        c.hostid = v;
        this.needToCommit = true;
        return;
      }
      case 'fs-allowed':
        c.fsAllowed = v;
        this.needToCommit = true;
        return;
      case 'fs':
        switch (propName) {
          case 'dir':
            this.ip.fs.dir = v;
            return;
          case 'special':
            this.ip.fs.special = v;
            return;
          case 'raw':
            this.ip.fs.raw = v;
            return;
          case 'type':
            if (v.includes('/') || v === '' || v === '.' || v === '..' || v.length + 1 > 256) {
              this.zerr(`"${v}" is not a valid type.`);
              this.sawError = true;
              return;
            }
            this.ip.fs.type = v;
            return;
          case 'options':
            if (pp.type === 'complex') {
              this.zerr('A simple or list value was expected here.');
              this.sawError = true;
              return;
            }
            this.ip.fs.options = [];
            if (!(pp.type === 'list' && pp.list.length === 0)) await this.addProperty(cmd);
            return;
        }
        return noProp();
      case 'net':
        switch (propName) {
          case 'address':
          case 'allowed-address':
            if (!this.validateNetAddress(v, false)) {
              this.sawError = true;
              return;
            }
            if (propName === 'address') this.ip.net.address = v;
            else this.ip.net.allowedAddress = v;
            return;
          case 'physical':
            if (!this.validatePhysical(v)) {
              this.sawError = true;
              return;
            }
            this.ip.net.physical = v;
            return;
          case 'mac-addr':
            this.ip.net.macAddr = v;
            return;
          case 'vlan-id':
            this.ip.net.vlanId = v;
            return;
          case 'global-nic':
            this.ip.net.globalNic = v;
            return;
          case 'defrouter':
            if (!this.validateNetAddress(v, true)) {
              this.sawError = true;
              return;
            }
            this.ip.net.defrouter = v;
            return;
          case 'property':
            if (pp.type !== 'complex') {
              this.zerr('A complex value was expected here.');
              this.sawError = true;
              return;
            }
            this.ip.net.props = [];
            await this.addProperty(cmd);
            return;
        }
        return noProp();
      case 'device':
        if (propName === 'match') {
          this.ip.device.match = v;
          return;
        }
        if (propName === 'property') {
          if (pp.type !== 'complex') {
            this.zerr('A complex value was expected here.');
            this.sawError = true;
            return;
          }
          this.ip.device.props = [];
          await this.addProperty(cmd);
          return;
        }
        return noProp();
      case 'rctl':
        if (propName === 'name') {
          if (!/^zone\.[A-Za-z-]+$/.test(v)) {
            this.zerr(`'${v}' is not a valid zone rctl name.`);
            return;
          }
          this.ip.rctl.name = v;
          return;
        }
        if (propName === 'value') {
          if (pp.type === 'simple') {
            this.zerr('A complex or list value was expected here.');
            this.sawError = true;
            return;
          }
          this.ip.rctl.values = [];
          if (!(pp.type === 'list' && pp.list.length === 0)) await this.addProperty(cmd);
          return;
        }
        return noProp();
      case 'attr':
        if (propName === 'name' || propName === 'type' || propName === 'value') {
          this.ip.attr[propName] = v;
          return;
        }
        return noProp();
      case 'dataset':
        if (propName === 'name') {
          this.ip.dataset.name = v;
          return;
        }
        return noProp();
      case 'dedicated-cpu':
        if (propName === 'ncpus') {
          const [lo, hi = lo] = v.split('-', 2) as [string, string?];
          const ok = /^[0-9]+$/.test(lo) && /^[0-9]+$/.test(hi!) && Number(lo) >= 1 && Number(lo) <= Number(hi);
          if (!ok) {
            this.zerr('ncpus property is out of range.');
            this.sawError = true;
            return;
          }
          this.ip.pset.ncpuMin = lo;
          this.ip.pset.ncpuMax = hi!;
          return;
        }
        if (propName === 'importance') {
          if (!/^[0-9]+$/.test(v)) {
            this.zerr('importance property is out of range.');
            this.sawError = true;
            return;
          }
          this.ip.pset.importance = v;
          return;
        }
        return noProp();
      case 'capped-cpu': {
        if (propName !== 'ncpus') return noProp();
        const cap = /^[0-9]*\.?[0-9]+$/.test(v) ? Number(v) : NaN;
        if (!(cap > 0) || cap * 100 < 1) {
          this.zerr('ncpus property is out of range.');
          this.sawError = true;
          return;
        }
        setAliased(c, 'cpu-cap', BigInt(Math.floor(cap * 100 + 0.5)));
        this.needToCommit = true;
        return;
      }
      case 'capped-memory': {
        const map: Record<string, string> = { physical: 'physical-memory', swap: 'max-swap', locked: 'locked-memory' };
        const alias = map[propName];
        if (!alias) return noProp();
        if (!aliasOk(c, alias)) {
          this.zonePerror(propName === 'swap' ? 'max-swap' : 'locked', Z.ALIAS_DISALLOW, false);
          this.sawError = true;
          return;
        }
        const m = parseMemLimit(v);
        if (m === null) {
          this.zerr(
            propName === 'swap'
              ? 'A positive number with a required scale suffix (K, M, G or T) was expected here.'
              : 'A non-negative number with a required scale suffix (K, M, G or T) was expected\nhere.',
          );
          this.sawError = true;
          return;
        }
        if (propName === 'swap') {
          const min = BigInt(1048576 * (this.globalZone ? 100 : 50));
          if (m < min) {
            this.zerr(`swap value is too small.  It must be at least ${bytesToUnits(min)}.`);
            this.sawError = true;
            return;
          }
        }
        setAliased(c, alias, m);
        this.needToCommit = true;
        return;
      }
      case 'admin':
        if (propName === 'user' || propName === 'auths') {
          this.ip.admin[propName] = v;
          return;
        }
        return noProp();
      case 'security-flags':
        if (propName === 'default' || propName === 'lower' || propName === 'upper') {
          this.ip.secflags[propName] = v;
          return;
        }
        return noProp();
      default:
        this.zonePerror(res, Z.NO_RESOURCE_TYPE, true);
        this.longUsage('set', true);
        this.usage(false, HELP_RESOURCES);
    }
  }

  /** zonecfg_set_name: '' or a libzonecfg error */
  async setName(newName: string): Promise<string> {
    if (!validZoneName(newName) || newName.startsWith('SUNW')) return Z.BOGUS_ZONE_NAME;
    if (newName === this.zone) return '';
    const s = await readState(this.io.root);
    const cur = findZone(s, this.zone);
    if (cur && STATE_NUM[cur.state] >= STATE_NUM.ready) return Z.BAD_ZONE_STATE;
    if (findZone(s, newName)) return Z.NAME_IN_USE;
    this.cfg().name = newName;
    return '';
  }

  // -------------------------------------------------------------- info

  outputProp(name: string, v: string, notspec = true, brackets = false): string {
    if (v !== '') {
      const q = v.includes(' ') ? `"${v}"` : v;
      return brackets ? `\t[${name}: ${q}]\n` : `\t${name}: ${q}\n`;
    }
    return notspec ? `\t${name} not specified\n` : '';
  }

  outFs(f: FsRes): string {
    let o = 'fs:\n';
    o += this.outputProp('dir', f.dir) + this.outputProp('special', f.special) + this.outputProp('raw', f.raw);
    o += this.outputProp('type', f.type);
    o += `\toptions: [${f.options.map((x) => (x.includes('=') ? `"${x}"` : x)).join(',')}]\n`;
    return o;
  }

  outNet(n: NetRes): string {
    let o = 'net:\n';
    o += this.outputProp('address', n.address) + this.outputProp('allowed-address', n.allowedAddress);
    o += this.outputProp('defrouter', n.defrouter) + this.outputProp('global-nic', n.globalNic);
    o += this.outputProp('mac-addr', n.macAddr) + this.outputProp('physical', n.physical);
    o += this.outputProp('vlan-id', n.vlanId);
    for (const p of n.props) o += `\tproperty: (name=${p.name},value="${p.value}")\n`;
    return o;
  }

  outDev(d: DevRes): string {
    let o = 'device:\n' + this.outputProp('match', d.match);
    for (const p of d.props) o += `\tproperty: (name=${p.name},value="${p.value}")\n`;
    return o;
  }

  outRctl(r: RctlRes): string {
    let o = 'rctl:\n' + this.outputProp('name', r.name);
    for (const v of r.values) o += `\tvalue: (priv=${v.priv},limit=${v.limit},action=${v.action})\n`;
    return o;
  }

  outAttr(a: AttrRes): string {
    return 'attr:\n' + this.outputProp('name', a.name) + this.outputProp('type', a.type) + this.outputProp('value', a.value);
  }

  outDs(d: DsRes): string {
    return 'dataset:\n' + this.outputProp('name', d.name);
  }

  outPset(p: PsetRes): string {
    let o = 'dedicated-cpu:\n';
    o += p.ncpuMin === p.ncpuMax ? `\tncpus: ${p.ncpuMax}\n` : `\tncpus: ${p.ncpuMin}-${p.ncpuMax}\n`;
    if (p.importance) o += `\timportance: ${p.importance}\n`;
    return o;
  }

  outPcap(): string {
    const r = getAliased(this.cfg(), 'cpu-cap');
    if (!r.ok) return '';
    return `capped-cpu:\n\t[ncpus: ${(Number(r.limit) / 100).toFixed(2)}]\n`;
  }

  outMcap(): string {
    const c = this.cfg();
    const phys = getAliased(c, 'physical-memory');
    const swap = getAliased(c, 'max-swap');
    const locked = getAliased(c, 'locked-memory');
    if (!phys.ok && !swap.ok && !locked.ok) return '';
    let o = 'capped-memory:\n';
    if (phys.ok) o += `\t[physical: ${bytesToUnits(phys.limit)}]\n`;
    if (swap.ok) o += this.outputProp('swap', bytesToUnits(swap.limit), true, true);
    if (locked.ok) o += this.outputProp('locked', bytesToUnits(locked.limit), true, true);
    return o;
  }

  outAdmin(a: AdminRes): string {
    return 'admin:\n' + this.outputProp('user', a.user) + this.outputProp('auths', a.auths);
  }

  outSecflags(s: SecflagsRes): string {
    return 'security-flags:\n' + this.outputProp('default', s.default) + this.outputProp('lower', s.lower) + this.outputProp('upper', s.upper);
  }

  infoAliased(alias: string): string {
    const r = getAliased(this.cfg(), alias);
    if (!r.ok) return '';
    if (alias === 'max-shm-memory') return `[${alias}: ${bytesToUnits(r.limit)}]\n`;
    return `[${alias}: ${r.limit}]\n`;
  }

  infoFiltered<T>(res: string, list: T[], cmd: Cmd, out: (x: T) => string, keys: string[]): string {
    let o = '';
    let output = false;
    for (const item of list) {
      if (cmd.props.length === 0) {
        o += out(item);
        continue;
      }
      const m = this.fillIn(res, cmd);
      if (!m) continue;
      let match = true;
      for (const k of keys) {
        const want = m.get(k) ?? '';
        if (want === '') continue;
        const got = String((item as Record<string, unknown>)[k === 'allowed-address' ? 'allowedAddress' : k] ?? '');
        if (res === 'net' && k === 'address' ? !sameNetAddress(want, got) : want !== got) match = false;
      }
      if (!match) continue;
      o += out(item);
      output = true;
    }
    if (!output && cmd.props.length > 0) o += `No such ${res} resource.\n`;
    return o;
  }

  async infoFunc(cmd: Cmd) {
    if (!(await this.initialize(true))) return;
    const c = this.cfg();
    if (!this.globalScope) {
      let o = '';
      switch (this.resourceScope) {
        case 'fs':
          o = this.outFs(this.ip.fs);
          break;
        case 'net':
          o = this.outNet(this.ip.net);
          break;
        case 'device':
          o = this.outDev(this.ip.device);
          break;
        case 'rctl':
          o = this.outRctl(this.ip.rctl);
          break;
        case 'attr':
          o = this.outAttr(this.ip.attr);
          break;
        case 'dataset':
          o = this.outDs(this.ip.dataset);
          break;
        case 'dedicated-cpu':
          o = this.outPset(this.ip.pset);
          break;
        case 'capped-cpu':
          o = this.outPcap();
          break;
        case 'capped-memory':
          o = this.outMcap();
          break;
        case 'admin':
          o = this.outAdmin(this.ip.admin);
          break;
        case 'security-flags':
          o = this.outSecflags(this.ip.secflags);
          break;
      }
      this.out(o);
      return;
    }
    const type = cmd.res;
    if (this.gzInvalidProperty(type)) {
      this.zerr(`${type} is not a valid property for the global zone.`);
      return;
    }
    if (this.gzInvalidResource(type)) {
      this.zerr(`${type} is not a valid resource for the global zone.`);
      return;
    }
    const fsKeys = ['dir', 'special', 'type'];
    const netKeys = ['physical', 'address'];
    const line = (k: string, v: string) => `${k}: ${v}\n`;
    const aliases = ['max-lwps', 'max-processes', 'max-shm-memory', 'max-shm-ids', 'max-msg-ids', 'max-sem-ids', 'cpu-shares', 'zfs-io-priority'];
    let o = '';
    switch (type) {
      case null: {
        o += line('zonename', c.name);
        if (!this.globalZone) {
          o += line('zonepath', c.zonepath) + line('brand', c.brand) + line('autoboot', String(c.autoboot));
          o += line('bootargs', c.bootargs);
        }
        o += line('pool', c.pool);
        if (!this.globalZone) {
          o += line('limitpriv', c.limitpriv) + line('scheduling-class', c.sched) + line('ip-type', c.ipType);
          o += line('hostid', c.hostid) + line('fs-allowed', c.fsAllowed);
        }
        for (const a of aliases) o += this.infoAliased(a);
        if (!this.globalZone) {
          o += this.infoFiltered('fs', c.fs, cmd, (x) => this.outFs(x), fsKeys);
          o += this.infoFiltered('net', c.net, cmd, (x) => this.outNet(x), netKeys);
          o += this.infoFiltered('device', c.device, cmd, (x) => this.outDev(x), ['match']);
        }
        if (c.pset) o += this.outPset(c.pset);
        o += this.outPcap();
        o += this.outMcap();
        if (!this.globalZone) {
          o += this.infoFiltered('attr', c.attr, cmd, (x) => this.outAttr(x), ['name', 'type', 'value']);
          o += this.infoFiltered('dataset', c.dataset, cmd, (x) => this.outDs(x), ['name']);
          o += this.infoFiltered('admin', c.admin, cmd, (x) => this.outAdmin(x), ['user']);
        }
        o += this.infoFiltered('rctl', c.rctl, cmd, (x) => this.outRctl(x), ['name']);
        if (c.secflags) o += this.outSecflags(c.secflags);
        break;
      }
      case 'zonename':
        o = line('zonename', c.name);
        break;
      case 'zonepath':
        o = line('zonepath', c.zonepath);
        break;
      case 'brand':
        o = line('brand', c.brand);
        break;
      case 'autoboot':
        o = line('autoboot', String(c.autoboot));
        break;
      case 'pool':
        o = line('pool', c.pool);
        break;
      case 'limitpriv':
        o = line('limitpriv', c.limitpriv);
        break;
      case 'bootargs':
        o = line('bootargs', c.bootargs);
        break;
      case 'scheduling-class':
        o = line('scheduling-class', c.sched);
        break;
      case 'ip-type':
        o = line('ip-type', c.ipType);
        break;
      case 'hostid':
        o = line('hostid', c.hostid);
        break;
      case 'fs-allowed':
        o = line('fs-allowed', c.fsAllowed);
        break;
      case 'fs':
        o = this.infoFiltered('fs', c.fs, cmd, (x) => this.outFs(x), fsKeys);
        break;
      case 'net':
        o = this.infoFiltered('net', c.net, cmd, (x) => this.outNet(x), netKeys);
        break;
      case 'device':
        o = this.infoFiltered('device', c.device, cmd, (x) => this.outDev(x), ['match']);
        break;
      case 'rctl':
        o = this.infoFiltered('rctl', c.rctl, cmd, (x) => this.outRctl(x), ['name']);
        break;
      case 'attr':
        o = this.infoFiltered('attr', c.attr, cmd, (x) => this.outAttr(x), ['name', 'type', 'value']);
        break;
      case 'dataset':
        o = this.infoFiltered('dataset', c.dataset, cmd, (x) => this.outDs(x), ['name']);
        break;
      case 'dedicated-cpu':
        o = c.pset ? this.outPset(c.pset) : '';
        break;
      case 'capped-cpu':
        o = this.outPcap();
        break;
      case 'capped-memory':
        o = this.outMcap();
        break;
      case 'admin':
        o = this.infoFiltered('admin', c.admin, cmd, (x) => this.outAdmin(x), ['user']);
        break;
      case 'security-flags':
        o = c.secflags ? this.outSecflags(c.secflags) : '';
        break;
      default:
        if (aliases.includes(type)) o = this.infoAliased(type);
        else this.zonePerror(type, Z.NO_RESOURCE_TYPE, true);
    }
    this.out(o);
  }

  // -------------------------------------------------------------- verify / commit

  checkReqd(v: string, res: string, prop: string, ret: { v: string }) {
    if (v === '') {
      this.zerr(`${res}: ${prop} not specified`);
      this.sawError = true;
      if (ret.v === '') ret.v = Z.REQD_PROPERTY_MISSING;
    }
  }

  verifySecflags(sf: SecflagsRes): boolean {
    let ok = true;
    const parse = (s: string): Set<string> | 'bad' | 'delta' => {
      const set = new Set<string>();
      for (const raw of s.split(',')) {
        const w = raw.trim().toLowerCase();
        if (w.startsWith('+') || w.startsWith('-') || w.startsWith('!')) {
          if (!SECFLAGS.includes(w.slice(1))) return 'bad';
          return 'delta';
        }
        if (w === 'all') SECFLAGS.forEach((x) => set.add(x));
        else if (w === 'none' || w === '') continue;
        else if (w === 'default') continue;
        else if (SECFLAGS.includes(w)) set.add(w);
        else return 'bad';
      }
      return set;
    };
    const def = sf.default ? parse(sf.default) : new Set<string>();
    const upper = sf.upper ? parse(sf.upper) : new Set(SECFLAGS);
    const lower = sf.lower ? parse(sf.lower) : new Set<string>();
    if (def === 'bad') {
      this.zerr(`default security flags '${sf.default}' are invalid`);
      ok = false;
    }
    if (upper === 'bad') {
      this.zerr(`upper security flags '${sf.upper}' are invalid`);
      ok = false;
    }
    if (lower === 'bad') {
      this.zerr(`lower security flags '${sf.lower}' are invalid`);
      ok = false;
    }
    if (def === 'delta') this.zerr(`only assignment of security flags is allowed (default: ${sf.default})`);
    if (lower === 'delta') this.zerr(`only assignment of security flags is allowed (lower: ${sf.lower})`);
    if (upper === 'delta') this.zerr(`only assignment of security flags is allowed (upper: ${sf.upper})`);
    if (def instanceof Set && upper instanceof Set && [...def].some((x) => !upper.has(x))) {
      this.zerr('default secflags must be within the upper limit');
      ok = false;
    }
    if (lower instanceof Set && def instanceof Set && [...lower].some((x) => !def.has(x))) {
      this.zerr('default secflags must be above the lower limit');
      ok = false;
    }
    if (lower instanceof Set && upper instanceof Set && [...lower].some((x) => !upper.has(x))) {
      this.zerr('lower secflags must be within the upper limit');
      ok = false;
    }
    return ok;
  }

  async verifyFunc(cmd: Cmd, save = false) {
    const g = this.getopt(cmd.argv, '?');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('verify');
        return;
      }
    }
    if (this.zoneIsReadOnly('verify')) return;
    if (!(await this.initialize(true))) return;
    const c = this.cfg();
    const ret = { v: '' };
    if (c.zonepath === '' && !this.globalZone) {
      this.zerr('zonepath cannot be empty.');
      ret.v = Z.REQD_RESOURCE_MISSING;
      this.sawError = true;
    }
    if (!this.globalZone && !OMNIOS_BRANDS.includes(c.brand as never)) {
      this.zerr(`${this.zone}: unknown brand.\n`);
      this.zonePerror(this.zone, Z.INVALID_DOCUMENT, true);
      return;
    }
    if (c.limitpriv) {
      for (const p of c.limitpriv.split(',')) {
        const name = p.replace(/^[-!]/, '').replace(/^priv_/i, '').toLowerCase();
        if (!PRIVILEGES.includes(name)) {
          this.zerr(`${this.zone}: invalid privilege: ${p}`);
          return;
        }
      }
    }
    for (const f of c.fs) {
      this.checkReqd(f.dir, 'fs', 'dir', ret);
      this.checkReqd(f.special, 'fs', 'special', ret);
      this.checkReqd(f.type, 'fs', 'type', ret);
    }
    const xif = new Map<string, { addr: boolean; dr: boolean }>();
    for (const n of c.net) {
      this.checkReqd(n.physical, 'net', 'physical', ret);
      if (!this.validatePhysical(n.physical)) {
        this.sawError = true;
        if (ret.v === '') ret.v = Z.INVAL;
      }
      if (c.ipType === 'shared') {
        this.checkReqd(n.address, 'net', 'address', ret);
        if (n.allowedAddress) {
          this.zerr('net: allowed-address cannot be specified for a shared IP type');
          this.sawError = true;
          if (ret.v === '') ret.v = Z.INVAL;
        }
      } else if (n.address) {
        this.zerr('net: address cannot be specified for an exclusive IP type');
        this.sawError = true;
        if (ret.v === '') ret.v = Z.INVAL;
      } else {
        const e = xif.get(n.physical);
        if (e) {
          if (n.allowedAddress) e.addr = true;
          if (n.defrouter) e.dr = true;
        } else xif.set(n.physical, { addr: !!n.allowedAddress, dr: !!n.defrouter });
      }
    }
    // add_nwif() prepends, so the list is walked newest first
    for (const [name, e] of [...xif].reverse()) {
      if (!e.addr && e.dr) {
        this.zerr(`net: defrouter for ${name} cannot be specified without allowed-address for an exclusive IP type`);
        this.sawError = true;
        ret.v = Z.INVAL;
      }
    }
    let hasShares = false;
    let hasCap = false;
    for (const r of c.rctl) {
      this.checkReqd(r.name, 'rctl', 'name', ret);
      if (r.name === 'zone.cpu-shares') hasShares = true;
      if (r.name === 'zone.cpu-cap') hasCap = true;
      if (r.values.length === 0) {
        this.zerr('rctl: no value specified');
        this.sawError = true;
        if (ret.v === '') ret.v = Z.REQD_PROPERTY_MISSING;
      }
    }
    if (c.pset && hasShares) {
      this.zerr('rctl zone.cpu-shares and dedicated-cpu are incompatible.');
      this.sawError = true;
      if (ret.v === '') ret.v = Z.INCOMPATIBLE;
    }
    if (hasShares && c.sched && c.sched !== 'FSS') {
      this.zerr(`WARNING: rctl zone.cpu-shares and scheduling-class=${c.sched} are incompatible`);
      this.sawError = true;
      if (ret.v === '') ret.v = Z.INCOMPATIBLE;
    }
    if (c.pset && hasCap) {
      this.zerr('rctl zone.cpu-cap and the dedicated-cpu are incompatible.');
      this.sawError = true;
      if (ret.v === '') ret.v = Z.INCOMPATIBLE;
    }
    for (const a of c.attr) {
      this.checkReqd(a.name, 'attr', 'name', ret);
      this.checkReqd(a.type, 'attr', 'type', ret);
      this.checkReqd(a.value, 'attr', 'value', ret);
    }
    for (const d of c.dataset) {
      if (d.name === '') {
        this.zerr('dataset: name not specified');
        this.sawError = true;
        if (ret.v === '') ret.v = Z.REQD_PROPERTY_MISSING;
      } else if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9_.:-]+)*$/.test(d.name)) {
        this.zerr('dataset: name invalid');
        this.sawError = true;
        if (ret.v === '') ret.v = Z.BAD_PROPERTY;
      }
    }
    for (const a of c.admin) {
      this.checkReqd(a.user, 'admin', 'user', ret);
      this.checkReqd(a.auths, 'admin', 'auths', ret);
      if (ret.v === '' && !HOST_USERS.has(a.user)) {
        this.zerr(`user ${a.user} is not a valid username`);
        ret.v = Z.BAD_PROPERTY;
      }
      if (ret.v === '' && !this.validAuths(a.auths)) ret.v = Z.BAD_PROPERTY;
    }
    if (c.secflags && !this.verifySecflags(c.secflags)) ret.v = Z.BAD_PROPERTY;
    if (!this.globalScope) {
      this.zerr('resource specification incomplete');
      this.sawError = true;
      if (ret.v === '') ret.v = Z.INSUFFICIENT_SPEC;
    }
    if (save) {
      if (ret.v === '') {
        const err = await this.save();
        if (err === '') {
          this.needToCommit = false;
          this.revertZone = this.zone;
        } else ret.v = err;
      } else this.zerr(`Zone ${this.zone} failed to verify`);
    }
    if (ret.v !== '') this.zonePerror(this.zone, ret.v, true);
  }

  validAuths(auths: string): boolean {
    for (const a of auths.split(',')) {
      if (!['login', 'manage', 'clonefrom'].includes(a)) {
        this.zerr(`${a} is not a valid authorization`);
        return false;
      }
    }
    return true;
  }

  /** zonecfg_save: write the configuration to the host ('' or an error) */
  async save(): Promise<string> {
    const cfg = cloneConfig(this.cfg());
    const origName = this.revertZone;
    const global = this.globalZone;
    const root = this.io.root;
    const err = await updateState(root, (s): string => {
      if (global) {
        const g = findZone(s, 'global');
        if (g) g.globalConfig = cfg;
        return '';
      }
      let z = findZone(s, origName) ?? findZone(s, cfg.name);
      if (z && z.name !== cfg.name && findZone(s, cfg.name)) return Z.NAME_IN_USE;
      if (!z) {
        z = {
          name: cfg.name,
          state: 'configured',
          id: null,
          uuid: '',
          debugid: null,
          brand: cfg.brand,
          zonepath: cfg.zonepath,
          ipType: cfg.ipType,
          autoboot: cfg.autoboot,
          net: [],
        } satisfies SimZone;
        s.zones.push(z);
      }
      if (z.debugid === null || z.debugid === undefined) {
        s.lastDebugId = (s.lastDebugId ?? 0) + 1;
        z.debugid = s.lastDebugId;
      }
      applyConfig(z, cfg);
      return '';
    });
    // a renamed zone keeps its files (root file system, console) under its new name
    if (err === '' && !global && origName && origName !== cfg.name)
      await fsp.rename(zoneDir(root, origName), zoneDir(root, cfg.name)).catch(() => {});
    return err;
  }

  async commitFunc(cmd: Cmd) {
    const g = this.getopt(cmd.argv, '?');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('commit');
        return;
      }
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('commit');
      return;
    }
    if (this.zoneIsReadOnly('commit')) return;
    await this.verifyFunc({ name: 'verify', argv: [], res: null, props: [] }, true);
  }

  async revertFunc(cmd: Cmd) {
    let force = false;
    const g = this.getopt(cmd.argv, '?F');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('revert');
        return;
      }
      if (o.c === 'F') force = true;
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('revert');
      return;
    }
    if (this.zoneIsReadOnly('revert')) return;
    if (!this.globalScope) {
      this.zerr("You can only use revert in the global scope.\nUse 'cancel' to cancel changes to a resource specification.");
      this.sawError = true;
      return;
    }
    if (!this.handle) {
      this.zerr('No changes to revert.');
      this.sawError = true;
      return;
    }
    if (!force) {
      const answer = await this.askYesNo(false, 'Are you sure you want to revert');
      if (answer === -1) {
        this.zerr('Input not from terminal and -F not specified:\nrevert command ignored, exiting.');
        throw new Exit(Z_ERR);
      }
      if (answer !== 1) return;
    }
    const cfg = await this.committedConfig(this.revertZone);
    this.handle = cfg;
    if (!cfg) {
      this.sawError = true;
      this.gotHandle = false;
      this.zerr(`${this.revertZone}: no such saved zone to revert to.`);
    }
    this.zone = this.revertZone;
  }

  // -------------------------------------------------------------- end / cancel

  endCheckReqd(v: string, prop: string, failed: { v: boolean }): boolean {
    if (v === '') {
      failed.v = true;
      this.zerr(`${prop} not specified`);
      return false;
    }
    return true;
  }

  async endFunc(cmd: Cmd) {
    const g = this.getopt(cmd.argv, '?');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('end');
        return;
      }
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('end');
      return;
    }
    if (this.globalScope) {
      this.scopeUsage('end');
      return;
    }
    const c = this.cfg();
    const failed = { v: false };
    const add = this.endOp === 'add';
    const oldIdx = (this.old as unknown as { index?: number }).index ?? -1;
    const fail = () => {
      this.sawError = true;
    };
    switch (this.resourceScope) {
      case 'fs': {
        const f = this.ip.fs;
        if (this.endCheckReqd(f.dir, 'dir', failed) && !f.dir.startsWith('/')) {
          this.zerr(`dir ${f.dir} is not an absolute path.`);
          failed.v = true;
        }
        this.endCheckReqd(f.special, 'special', failed);
        if (f.raw && !f.raw.startsWith('/')) {
          this.zerr(`raw ${f.raw} is not an absolute path.`);
          failed.v = true;
        }
        this.endCheckReqd(f.type, 'type', failed);
        if (failed.v) return fail();
        if (add) {
          if (c.fs.some((x) => x.dir === f.dir)) {
            this.zerr(`A fs resource with the dir '${f.dir}' already exists.`);
            return fail();
          }
          c.fs.push({ ...f, options: [...f.options] });
        } else c.fs[oldIdx] = { ...f, options: [...f.options] };
        break;
      }
      case 'net': {
        const n = this.ip.net;
        this.endCheckReqd(n.physical, 'physical', failed);
        if (failed.v) return fail();
        if (add) {
          // zonecfg_lookup_nwif: physical must match; address/allowed-address only when given
          const dup = c.net.find(
            (x) =>
              x.physical === n.physical &&
              (!n.address || sameNetAddress(x.address, n.address)) &&
              (!n.allowedAddress || sameNetAddress(x.allowedAddress, n.allowedAddress)),
          );
          if (dup) {
            if (n.address)
              this.zerr(`A net resource with the physical '${n.physical}', and address '${n.address}' already exists.`);
            else
              this.zerr(
                `A net resource with the physical '${n.physical}', and allowed-address '${n.allowedAddress}' already exists.`,
              );
            return fail();
          }
          c.net.push(JSON.parse(JSON.stringify(n)) as NetRes);
        } else c.net[oldIdx] = JSON.parse(JSON.stringify(n)) as NetRes;
        break;
      }
      case 'device': {
        const d = this.ip.device;
        this.endCheckReqd(d.match, 'match', failed);
        if (failed.v) return fail();
        if (add) {
          if (c.device.some((x) => x.match === d.match)) {
            this.zerr(`A device resource with the match '${d.match}' already exists.`);
            return fail();
          }
          c.device.push(JSON.parse(JSON.stringify(d)) as DevRes);
        } else c.device[oldIdx] = JSON.parse(JSON.stringify(d)) as DevRes;
        break;
      }
      case 'rctl': {
        const r = this.ip.rctl;
        this.endCheckReqd(r.name, 'name', failed);
        if (r.values.length === 0) {
          this.zerr('no value specified');
          failed.v = true;
        }
        if (failed.v) return fail();
        if (add) {
          if (c.rctl.some((x) => x.name === r.name)) {
            this.zerr(`A rctl resource with the name '${r.name}' already exists.`);
            return fail();
          }
          c.rctl.push(JSON.parse(JSON.stringify(r)) as RctlRes);
        } else c.rctl[oldIdx] = JSON.parse(JSON.stringify(r)) as RctlRes;
        break;
      }
      case 'attr': {
        const a = this.ip.attr;
        this.endCheckReqd(a.name, 'name', failed);
        this.endCheckReqd(a.type, 'type', failed);
        this.endCheckReqd(a.value, 'value', failed);
        if (!/^[A-Za-z0-9]/.test(a.name)) {
          this.zerr(`Invalid attr name ${a.name}: must start with an alpha-numeric character.`);
          failed.v = true;
        } else if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(a.name)) {
          this.zerr(`Invalid attr name ${a.name}: can only contain alpha-numeric characters, plus '-' and '.'.`);
          failed.v = true;
        }
        if (!this.validAttrTypeVal(a)) failed.v = true;
        if (failed.v) return fail();
        if (add) {
          if (c.attr.some((x) => x.name === a.name)) {
            this.zerr(`An attr resource with the name '${a.name}' already exists.`);
            return fail();
          }
          c.attr.push({ ...a });
        } else c.attr[oldIdx] = { ...a };
        break;
      }
      case 'dataset': {
        const d = this.ip.dataset;
        if (d.name === '') {
          this.zerr('name not specified');
          this.sawError = true;
          return;
        }
        if (add) {
          if (c.dataset.some((x) => x.name === d.name)) {
            this.zerr(`A dataset resource with the name '${d.name}' already exists.`);
            return fail();
          }
          c.dataset.push({ ...d });
        } else c.dataset[oldIdx] = { ...d };
        break;
      }
      case 'dedicated-cpu': {
        const p = this.ip.pset;
        if (!this.endCheckReqd(p.ncpuMin, 'ncpus', failed)) return fail();
        c.pset = { ...p };
        break;
      }
      case 'capped-cpu':
        if (!getAliased(c, 'cpu-cap').ok) {
          this.zerr('ncpus not specified');
          return fail();
        }
        break;
      case 'capped-memory': {
        const phys = getAliased(c, 'physical-memory');
        const swap = getAliased(c, 'max-swap');
        const locked = getAliased(c, 'locked-memory');
        if (!phys.ok && !swap.ok && !locked.ok) {
          this.zerr('No property was specified.  One of physical, swap or locked is required.');
          return fail();
        }
        if (phys.ok && locked.ok && phys.limit < locked.limit) {
          this.zerr('The locked cap must be less than or equal to the physical cap.');
          return fail();
        }
        break;
      }
      case 'admin': {
        const a = this.ip.admin;
        if (this.endCheckReqd(a.user, 'user', failed) && !HOST_USERS.has(a.user)) {
          this.zerr(`user ${a.user} is not a valid username`);
          failed.v = true;
        }
        if (this.endCheckReqd(a.auths, 'auths', failed) && !this.validAuths(a.auths)) failed.v = true;
        if (failed.v) return fail();
        if (add) {
          if (c.admin.some((x) => x.user === a.user)) {
            this.zerr(`A admin resource with the user '${a.user}' already exists.`);
            return fail();
          }
          c.admin.push({ ...a });
        } else c.admin[oldIdx] = { ...a };
        break;
      }
      case 'security-flags':
        if (!this.verifySecflags(this.ip.secflags)) return fail();
        c.secflags = { ...this.ip.secflags };
        break;
      default:
        this.zonePerror(this.resourceScope ?? 'unknown', Z.NO_RESOURCE_TYPE, true);
        this.sawError = true;
        return;
    }
    this.needToCommit = true;
    this.globalScope = true;
    this.endOp = null;
  }

  validAttrTypeVal(a: AttrRes): boolean {
    const bad = (t: string) => {
      this.zerr(`invalid attr value for type=${t}`);
      return false;
    };
    switch (a.type) {
      case 'boolean':
        return a.value === 'true' || a.value === 'false' ? true : bad('boolean');
      case 'int':
        return /^-?[0-9]+$/.test(a.value) ? true : bad('int');
      case 'string':
        return a.value.length < 256 ? true : bad('string');
      case 'uint':
        return /^[0-9]+$/.test(a.value) ? true : bad('uint');
      default:
        this.zerr(`invalid attr type '${a.type}'`);
        return false;
    }
  }

  cancelFunc(cmd: Cmd) {
    const g = this.getopt(cmd.argv, '?');
    for (const o of g.opts) {
      if (o.c === '?') {
        this.longerUsage('cancel');
        return;
      }
    }
    if (g.optind !== cmd.argv.length) {
      this.shortUsage('cancel');
      return;
    }
    if (this.globalScope) this.scopeUsage('cancel');
    this.globalScope = true;
    this.ip = freshInProgress();
  }

  helpFunc(cmd: Cmd) {
    const a = cmd.argv[0];
    if (a === undefined) {
      this.usage(true, this.globalScope ? HELP_SUBCMDS : HELP_RES_SCOPE);
      return;
    }
    if (a === 'usage') return this.usage(true, HELP_USAGE);
    if (a === 'commands') return this.usage(true, HELP_SUBCMDS);
    if (a === 'syntax') return this.usage(true, HELP_SYNTAX | HELP_RES_PROPS);
    if (a === '-?') return this.longerUsage('help');
    if ((CMD_ORDER as string[]).includes(a)) return this.longerUsage(a as CommandName);
    this.errw(`Unknown help subject ${a}.  `);
    this.usage(false, HELP_META);
  }

  // -------------------------------------------------------------- driver

  async runCmd(cmd: Cmd) {
    switch (cmd.name) {
      case 'add':
        return this.addFunc(cmd);
      case 'cancel':
        return this.cancelFunc(cmd);
      case 'clear':
        return this.clearFunc(cmd);
      case 'commit':
        return this.commitFunc(cmd);
      case 'create':
        return this.createFunc(cmd);
      case 'delete':
        return this.deleteFunc(cmd);
      case 'end':
        return this.endFunc(cmd);
      case 'exit':
        return this.exitFunc(cmd);
      case 'export':
        return this.exportFunc(cmd);
      case 'help':
        return this.helpFunc(cmd);
      case 'info':
        return this.infoFunc(cmd);
      case 'remove':
        return this.removeFunc(cmd);
      case 'revert':
        return this.revertFunc(cmd);
      case 'select':
        return this.selectFunc(cmd);
      case 'set':
        return this.setFunc(cmd);
      case 'verify':
        return this.verifyFunc(cmd);
    }
  }

  yyerror(tok: Tok) {
    this.sawError = true;
    if (tok.type === 'EOF') return;
    const text = tok.type === 'NL' ? '\\n' : tok.text;
    if (this.cmdFileMode) this.errw(`syntax error on line ${tok.line} at '${text}'\n`);
    else this.errw(`syntax error at '${text}'\n`);
    this.usage(false, HELP_SUBCMDS);
  }

  /** Parse and run the commands of toks[from..]; stop early when stop() says so. Returns the next index. */
  async runTokens(toks: Tok[], from: number, stop: () => boolean): Promise<number> {
    const p = new Parser(toks);
    let i = from;
    while (i < toks.length && toks[i]!.type !== 'EOF') {
      const r = p.parse(i);
      if (r.kind === 'cmd') {
        const term = toks[r.next - 1];
        this.lexLineno = term && isTerm(term) ? term.line : toks[r.next]!.line;
        await this.runCmd(r.cmd);
      } else if (r.kind === 'action') {
        this.lexLineno = toks[Math.min(i + 1, toks.length - 1)]!.line;
        this.shortUsage(r.action);
        if (r.extra) {
          this.errw('\n');
          this.usage(false, r.extra);
        }
      } else if (r.kind === 'syntax') {
        this.lexLineno = toks[r.at]!.line;
        this.yyerror(toks[r.at]!);
      }
      i = r.next;
      if (r.next < toks.length) this.lexLineno = toks[Math.max(r.next - 1, 0)]!.line;
      if (stop()) break;
    }
    return i;
  }

  async cleanup(): Promise<number | 'repeat'> {
    if (!this.interactiveMode && !this.cmdFileMode) this.okToPrompt = false;
    if (!this.globalScope) {
      if (!this.timeToExit) {
        const answer = await this.askYesNo(false, 'Resource incomplete; really quit');
        if (answer === -1) {
          this.zerr('Resource incomplete.');
          return Z_ERR;
        }
        if (answer !== 1) return 'repeat';
      } else this.sawError = true;
    }
    if (this.needToCommit && this.handle) {
      await this.commitFunc({ name: 'commit', argv: [], res: null, props: [] });
      if (this.needToCommit) {
        if (this.forceExit) {
          this.zerr('Configuration not saved.');
          return Z_ERR;
        }
        const answer = await this.askYesNo(false, 'Configuration not saved; really quit');
        if (answer === -1) {
          this.zerr('Configuration not saved.');
          return Z_ERR;
        }
        if (answer !== 1) {
          this.timeToExit = false;
          return 'repeat';
        }
      }
    }
    return this.needToCommit || this.sawError ? Z_ERR : 0;
  }

  prompt(): string {
    return this.globalScope ? `${this.execname}:${this.zone}> ` : `${this.execname}:${this.zone}:${this.resourceScope}> `;
  }

  /** read_input() for line-by-line input (a terminal, or stdin in interactive mode) */
  async readInput(src: LineSource, tty: boolean): Promise<number | 'repeat'> {
    for (;;) {
      if (tty) this.out(this.prompt());
      const line = await src.readLine();
      if (line === null) break;
      const toks = lex(line + '\n', this.lexLineno);
      await this.runTokens(toks, 0, () => false);
      this.lexLineno = toks[toks.length - 1]!.line;
      if (this.sawError && this.cmdFileMode && !this.interactiveMode) this.timeToExit = true;
      if (this.timeToExit) break;
    }
    return this.cleanup();
  }
}

function lineSource(io: ToolIO): LineSource | null {
  const ext = io as ToolIO & { readLine?: () => Promise<string | null> };
  if (ext.readLine) return { readLine: () => ext.readLine!() };
  if (io.stdin === null) return null;
  const lines = io.stdin.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let i = 0;
  return { readLine: async () => (i < lines.length ? lines[i++]! : null) };
}

// ------------------------------------------------------------------ main

export async function zonecfgMain(args: string[], io: ToolIO): Promise<number> {
  const s = new ZonecfgSession(io);
  try {
    return await mainInner(s, args, io);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

async function mainInner(s: ZonecfgSession, args: string[], io: ToolIO): Promise<number> {
  const ext = io as ToolIO & { zonename?: string; user?: string };
  if (ext.zonename && ext.zonename !== 'global') {
    s.zerr('zonecfg can only be run from the global zone.');
    return Z_ERR;
  }
  if (args.length < 1) {
    s.usage(false, HELP_USAGE | HELP_SUBCMDS);
    return Z_USAGE;
  }
  if (args[0] === 'help') {
    const toks = lex(args.join(' ') + '\n');
    await s.runTokens(toks, 0, () => false);
    return 0;
  }
  // main()'s getopt("?f:R:z:"): each option acts in order, so an earlier bad -R or -z wins
  const scan = scanOptions(args, '?f:R:z:');
  for (const { c, arg } of scan.opts) {
    const v = arg!;
    if (c === '?') {
      s.usage(true, HELP_USAGE | HELP_SUBCMDS);
      return Z_USAGE;
    }
    if (c === 'f') {
      s.cmdFileName = v;
      s.cmdFileMode = true;
    } else if (c === 'R') {
      if (!v.startsWith('/')) {
        s.zerr(`root path must be absolute: ${v}`);
        return Z_USAGE;
      }
    } else {
      if (v === 'global') s.globalZone = true;
      else if (!validZoneName(v)) {
        s.zonePerror(v, Z.BOGUS_ZONE_NAME, true);
        s.usage(false, HELP_SYNTAX);
        return Z_USAGE;
      }
      s.zone = v;
      s.revertZone = v;
    }
  }
  if (scan.error) {
    const { kind, opt } = scan.error;
    s.errw(kind === 'missing' ? `zonecfg: option requires an argument -- ${opt}\n` : `zonecfg: illegal option -- ${opt}\n`);
    s.usage(false, HELP_USAGE);
    return Z_USAGE;
  }
  const i = scan.optind;
  const operands = args.slice(i);
  if (s.zone === '') {
    s.usage(false, HELP_USAGE);
    return Z_USAGE;
  }
  if (ext.user && ext.user !== 'root') {
    s.readOnly = true;
    if (operands.length === 0)
      s.errw("WARNING: you do not have write access to this zone's configuration file;\ngoing into read-only mode.\n");
  }
  s.okToPrompt = io.isTTY;
  s.lines = lineSource(io);
  if (operands.length > 0) {
    // one_command_at_a_time: argv joined with spaces, then lexed; errors don't stop later commands
    const toks = lex(operands.join(' ') + '\n');
    await s.runTokens(toks, 0, () => false);
    s.lexLineno = toks[toks.length - 1]!.line;
    const r = await s.cleanup();
    return r === 'repeat' ? Z_ERR : r;
  }
  if (!s.cmdFileMode) {
    // do_interactive
    s.interactiveMode = true;
    if (!s.readOnly) await s.initialize(false);
    const src = s.lines ?? { readLine: async () => null };
    for (;;) {
      const r = await s.readInput(src, io.isTTY);
      if (r !== 'repeat') return r;
    }
  }
  // cmd_file
  const file = s.cmdFileName!;
  if (file !== '-') {
    s.cmdFileMode = false;
    let text: string;
    try {
      const st = await fsp.stat(file);
      if (!st.isFile()) {
        s.zerr(`${file} is not a regular file.`);
        return Z_ERR;
      }
      text = await fsp.readFile(file, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const msg = err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EACCES' ? 'Permission denied' : err.message;
      s.zerr(`could not open file ${file}: ${msg}`);
      return Z_ERR;
    }
    s.cmdFileMode = true;
    s.okToPrompt = false;
    const toks = lex(text);
    await s.runTokens(toks, 0, () => {
      if (s.sawError && s.cmdFileMode && !s.interactiveMode) s.timeToExit = true;
      return s.timeToExit;
    });
    const r = await s.cleanup();
    return r === 'repeat' ? Z_ERR : r;
  }
  s.interactiveMode = true;
  const src = s.lines ?? { readLine: async () => null };
  const r = await s.readInput(src, io.isTTY);
  return r === 'repeat' ? Z_ERR : r;
}

export type { Cmd };
export { STATE_NUM };
export const _test = { lex, Parser, usageText, HELP_SUBCMDS, HELP_SYNTAX };
