// zonecfg's help texts (zonecfg.c helptab, long_help(), usage()): the one-line syntax of each
// command, its long help, and the usage screens that `help` and errors print.
import type { CommandName } from './zonecfg-lex';

export const CMD_ORDER: CommandName[] = [
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

export const SHELP: Record<CommandName, string> = {
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

export function longHelp(cmd: CommandName): string {
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

export const HELP_USAGE = 0x1;
export const HELP_SUBCMDS = 0x2;
export const HELP_SYNTAX = 0x4;
export const HELP_RESOURCES = 0x8;
export const HELP_PROPS = 0x10;
export const HELP_META = 0x20;
export const HELP_NETADDR = 0x40;
export const HELP_RES_SCOPE = 0x80;
export const HELP_RES_PROPS = HELP_RESOURCES | HELP_PROPS;

export const HELPTAB_FLAGS: Partial<Record<CommandName, number>> = {
  add: HELP_RES_PROPS,
  clear: HELP_PROPS,
  info: HELP_RES_PROPS,
  remove: HELP_RES_PROPS,
  select: HELP_RES_PROPS,
  set: HELP_PROPS,
};

export const RES_SCOPE_HELP: Record<string, string> = {
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

/** the global scope's properties, in the order `help` lists them; `set` takes exactly these there */
export const GLOBAL_PROPS: readonly string[] = [
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
];

export function usageText(verbose: boolean, flags: number, execname: string, scope: string | null): string {
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
    for (const p of GLOBAL_PROPS) o += `\t(global)\t${p}\n`;
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
