// Writes the command file for `zonecfg -z NAME -f FILE` from a ZoneConfig or a wizard spec.
// Every value is checked against zonecfg's rules first (ValidationError names the field),
// then quoted so the zonecfg lexer reads back exactly that value (REFERENCE §3.2): resource
// properties are always double-quoted as OmniOS's export does; global values and list items
// only when they hold a character that would end a bare word.
import type { ZoneConfig, ZoneCreateSpec, ZoneNet, ZoneRctl, ZoneResourceProperty } from './types';
import {
  ValidationError,
  mustBe,
  validateAttrName,
  validateBrandName,
  validateCpuCap,
  validateDedicatedCpus,
  validateDefrouter,
  validateFsAllowed,
  validateFsOption,
  validateFsType,
  validateHostid,
  validateLimitpriv,
  validateLinkName,
  validateMacAddress,
  validateMemorySize,
  validateMountPath,
  validateRctlName,
  validateRctlValue,
  validateSchedulingClass,
  validateVlanId,
  validateZonecfgNetAddress,
  validateZonecfgValue,
  validateZonepath,
  zonecfgConflict,
  type Validation,
} from './validate';
import {
  CAPPED_MEMORY_RCTLS,
  CPU_CAP_RCTL,
  GLOBAL_RCTL_ALIASES,
  aliasedLimit,
  bytesToUnits,
  unitsToBytes,
  type RctlAlias,
} from './zonecfgRctl';

/** Words the lexer turns into keywords; quoting keeps them plain values. */
const KEYWORDS = new Set([
  'add', 'cancel', 'clear', 'commit', 'create', 'delete', 'end', 'exit', 'export', 'help', 'info', 'remove',
  'revert', 'select', 'set', 'verify', 'net', 'fs', 'device', 'rctl', 'attr', 'dataset', 'dedicated-cpu',
  'capped-cpu', 'capped-memory', 'admin', 'security-flags', 'zonename', 'zonepath', 'brand', 'autoboot',
  'pool', 'limitpriv', 'bootargs', 'type', 'value', 'options', 'address', 'physical', 'dir', 'special',
  'raw', 'name', 'match', 'priv', 'limit', 'action', 'ncpus', 'locked', 'swap', 'importance',
]);

const BARE = /^[A-Za-z0-9\/][A-Za-z0-9_.\/:@%+-]*$/;

/** A value as a bare word when the lexer would read it back unchanged, else double-quoted. */
function word(value: string): string {
  return BARE.test(value) && !KEYWORDS.has(value) ? value : `"${value}"`;
}

const quoted = (value: string) => `"${value}"`;

/** Any zonecfg value: something the lexer can carry at all. */
function value(field: string, v: unknown, opts: { required?: boolean; max?: number } = {}): string {
  const text = mustBe(field, validateZonecfgValue(v, field, opts.max));
  if (opts.required && text === '') throw new ValidationError(field, `${field} cannot be empty`);
  return text;
}

function shaped(field: string, v: unknown, re: RegExp, allowed: string): string {
  const text = value(field, v, { required: true });
  if (!re.test(text)) throw new ValidationError(field, `${field} ${JSON.stringify(text.slice(0, 60))} is not valid; ${allowed}`);
  return text;
}

function check<T>(field: string, result: Validation<T>): T {
  return mustBe(field, result);
}

export function writeZonecfgCommands(config: ZoneCreateSpec | ZoneConfig): string {
  // resources zonecfg refuses together: the whole file would fail halfway
  const conflict = zonecfgConflict(config);
  if (conflict) throw new ValidationError(config.cappedCpu ? 'cappedCpu.ncpus' : 'dedicatedCpu', conflict);
  const out: string[] = ['create -b'];
  const set = (prop: string, v: string) => out.push(`set ${prop}=${word(v)}`);
  const setQuoted = (prop: string, v: string | undefined) => {
    if (v !== undefined) out.push(`set ${prop}=${quoted(v)}`);
  };
  const resource = (type: string, body: () => void) => {
    out.push(`add ${type}`);
    body();
    out.push('end');
  };

  // ---- global properties, in export's order
  set('zonepath', check('zonepath', validateZonepath(config.zonepath)));
  const brand = check('brand', validateBrandName(config.brand));
  if (brand !== 'native') set('brand', brand);
  if (config.autoboot !== undefined && typeof config.autoboot !== 'boolean') {
    throw new ValidationError('autoboot', 'autoboot must be true or false');
  }
  set('autoboot', config.autoboot ? 'true' : 'false');
  if (config.bootargs) set('bootargs', value('bootargs', config.bootargs, { max: 255 }));
  if (config.pool) {
    const pool = value('pool', config.pool, { max: 255 });
    if (pool.startsWith('SUNW')) throw new ValidationError('pool', 'pool names starting with SUNW are reserved');
    set('pool', pool);
  }
  if (config.limitpriv) set('limitpriv', check('limitpriv', validateLimitpriv(config.limitpriv)));
  if (config.schedulingClass) set('scheduling-class', check('schedulingClass', validateSchedulingClass(config.schedulingClass)));
  if (config.ipType !== 'shared' && config.ipType !== 'exclusive') {
    throw new ValidationError('ipType', `ip-type must be 'shared' or 'exclusive'`);
  }
  set('ip-type', config.ipType);
  if (config.hostid) set('hostid', check('hostid', validateHostid(config.hostid)));
  if (config.fsAllowed) set('fs-allowed', check('fsAllowed', validateFsAllowed(config.fsAllowed)));
  if (config.uuid) set('uuid', shaped('uuid', config.uuid, /^[0-9A-Za-z-]+$/, 'give a UUID'));

  const rctls = (config.rctl ?? []).map((r, i) => rctl(r, `rctl[${i}]`));
  for (const alias of GLOBAL_RCTL_ALIASES) {
    const v = config[alias.key];
    if (v === undefined) continue;
    const text = aliasValue(alias, alias.key, v);
    if (!coveredByRctl(alias, alias.key, text, rctls)) set(alias.prop, text);
  }

  // ---- resources; capped-memory and capped-cpu before rctl, since zonecfg refuses to add
  // them once a related rctl exists
  (config.fs ?? []).forEach((fs, i) => resource('fs', () => {
    const f = `fs[${i}]`;
    setQuoted('dir', check(`${f}.dir`, validateMountPath(fs.dir, 'Directory in the zone')));
    // special is a path for lofs, a device or dataset for other types: what the lexer carries
    setQuoted('special', value(`${f}.special`, fs.special, { required: true }));
    if (fs.raw) setQuoted('raw', check(`${f}.raw`, validateMountPath(fs.raw, 'Raw device')));
    setQuoted('type', check(`${f}.type`, validateFsType(fs.type)));
    (fs.options ?? []).forEach((o, j) => out.push(`add options ${word(check(`${f}.options[${j}]`, validateFsOption(o)))}`));
  }));
  (config.net ?? []).forEach((net, i) => resource('net', () => writeNet(net, `net[${i}]`, config.ipType, setQuoted, out)));
  (config.device ?? []).forEach((dev, i) => resource('device', () => {
    setQuoted('match', value(`device[${i}].match`, dev.match, { required: true }));
    writeProperties(dev.properties ?? [], `device[${i}]`, out);
  }));
  if (config.cappedMemory) {
    const lines: [string, string][] = [];
    for (const alias of CAPPED_MEMORY_RCTLS) {
      const v = config.cappedMemory[alias.key];
      if (v === undefined) continue;
      const field = `cappedMemory.${alias.key}`;
      const text = aliasValue(alias, field, v);
      if (!coveredByRctl(alias, field, text, rctls)) lines.push([alias.prop, text]);
    }
    if (lines.length) resource('capped-memory', () => lines.forEach(([p, v]) => setQuoted(p, v)));
  }
  if (config.cappedCpu) {
    const ncpus = check('cappedCpu.ncpus', validateCpuCap(config.cappedCpu.ncpus));
    const limit = aliasedLimit(rctls, CPU_CAP_RCTL, 'deny');
    if (rctls.some((r) => r.name === CPU_CAP_RCTL)) {
      if (limit === null || Math.round(Number(ncpus) * 100) !== Number(limit)) {
        throw new ValidationError('cappedCpu.ncpus', `cappedCpu.ncpus ${ncpus} disagrees with the ${CPU_CAP_RCTL} rctl; give only one of them`);
      }
    } else {
      resource('capped-cpu', () => setQuoted('ncpus', ncpus));
    }
  }
  for (const r of rctls) {
    resource('rctl', () => {
      setQuoted('name', r.name);
      for (const v of r.values) out.push(`add value (priv=${word(v.priv)},limit=${word(v.limit)},action=${word(v.action)})`);
    });
  }
  (config.attr ?? []).forEach((a, i) => resource('attr', () => {
    setQuoted('name', check(`attr[${i}].name`, validateAttrName(a.name)));
    setQuoted('type', shaped(`attr[${i}].type`, a.type, /^(int|uint|boolean|string)$/, 'it must be int, uint, boolean or string'));
    setQuoted('value', value(`attr[${i}].value`, a.value, { required: true, max: 2048 }));
  }));
  (config.dataset ?? []).forEach((d, i) => resource('dataset', () => {
    setQuoted('name', shaped(`dataset[${i}].name`, d.name, /^[A-Za-z0-9][A-Za-z0-9_.:-]*(\/[A-Za-z0-9][A-Za-z0-9_.:-]*)*$/, 'give a ZFS dataset name such as rpool/data'));
  }));
  if (config.dedicatedCpu) {
    const d = config.dedicatedCpu;
    resource('dedicated-cpu', () => {
      setQuoted('ncpus', check('dedicatedCpu.ncpus', validateDedicatedCpus(d.ncpus)));
      if (d.importance) setQuoted('importance', shaped('dedicatedCpu.importance', d.importance, /^[0-9]+$/, 'give a whole number'));
    });
  }
  (config.admin ?? []).forEach((a, i) => resource('admin', () => {
    setQuoted('user', shaped(`admin[${i}].user`, a.user, /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/, 'give a user name'));
    setQuoted('auths', shaped(`admin[${i}].auths`, a.auths, /^(login|manage|clonefrom)(,(login|manage|clonefrom))*$/, 'give a comma list of login, manage and clonefrom'));
  }));
  if (config.securityFlags) {
    const s = config.securityFlags;
    resource('security-flags', () => {
      for (const level of ['lower', 'default', 'upper'] as const) {
        const v = s[level];
        if (v !== undefined) setQuoted(level, shaped(`securityFlags.${level}`, v, /^[A-Za-z_,]+$/, 'give a comma list of flags such as ASLR,NOEXECSTACK, or none/all'));
      }
    });
  }
  out.push('verify', 'commit');
  return out.join('\n') + '\n';
}

// ---- pieces --------------------------------------------------------------------------------

function writeNet(net: ZoneNet, f: string, ipType: string, setQuoted: (p: string, v: string | undefined) => void, out: string[]): void {
  const physical = check(`${f}.physical`, validateLinkName(net.physical, 'Physical link'));
  if (ipType === 'exclusive') {
    if (net.address) throw new ValidationError(`${f}.address`, 'address cannot be specified for an exclusive IP type; use allowed-address');
    if (net.defrouter && !net.allowedAddress) {
      throw new ValidationError(`${f}.defrouter`, `defrouter for ${physical} cannot be specified without allowed-address for an exclusive IP type`);
    }
  } else {
    if (!net.address) throw new ValidationError(`${f}.address`, 'a shared-IP zone needs an address on each net');
    if (net.allowedAddress) throw new ValidationError(`${f}.allowedAddress`, 'allowed-address cannot be specified for a shared IP type; use address');
    for (const prop of ['globalNic', 'macAddr', 'vlanId'] as const) {
      if (net[prop] !== undefined) throw new ValidationError(`${f}.${prop}`, `${prop} is only for exclusive-IP zones`);
    }
  }
  if (net.address) setQuoted('address', check(`${f}.address`, validateZonecfgNetAddress(net.address)));
  if (net.allowedAddress) {
    const list = net.allowedAddress.split(',').map((a, j) => check(`${f}.allowedAddress[${j}]`, validateZonecfgNetAddress(a)));
    setQuoted('allowed-address', list.join(','));
  }
  setQuoted('physical', physical);
  if (net.macAddr) {
    check(`${f}.macAddr`, validateMacAddress(net.macAddr));
    setQuoted('mac-addr', net.macAddr);
  }
  if (net.vlanId !== undefined) setQuoted('vlan-id', String(check(`${f}.vlanId`, validateVlanId(net.vlanId))));
  if (net.globalNic) setQuoted('global-nic', net.globalNic === 'auto' ? 'auto' : check(`${f}.globalNic`, validateLinkName(net.globalNic, 'Global NIC')));
  if (net.defrouter) setQuoted('defrouter', check(`${f}.defrouter`, validateDefrouter(net.defrouter)));
  writeProperties(net.properties ?? [], f, out);
}

function writeProperties(props: readonly ZoneResourceProperty[], f: string, out: string[]): void {
  props.forEach((p, j) => {
    const name = shaped(`${f}.properties[${j}].name`, p.name, /^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'use letters, digits, _ . -');
    out.push(`add property (name=${word(name)},value=${quoted(value(`${f}.properties[${j}].value`, p.value))})`);
  });
}

function rctl(r: ZoneRctl, f: string): ZoneRctl {
  const name = check(`${f}.name`, validateRctlName(r.name));
  if (!r.values?.length) throw new ValidationError(`${f}.values`, `rctl ${name} needs at least one value`);
  const values = r.values.map((v, j) => check(`${f}.values[${j}]`, validateRctlValue(v)));
  return { name, values };
}

function aliasValue(alias: RctlAlias, field: string, v: string): string {
  return alias.memory ? check(field, validateMemorySize(v)) : shaped(field, v, /^[0-9]+$/, 'give a whole number');
}

/** True when an rctl already says what the alias says (then only the rctl is written). */
function coveredByRctl(alias: RctlAlias, field: string, text: string, rctls: readonly ZoneRctl[]): boolean {
  if (!rctls.some((r) => r.name === alias.rctl)) return false;
  const limit = aliasedLimit(rctls, alias.rctl, alias.action);
  // info shows memory rounded (1500000000 → 1.4G), so its own display of the limit agrees too
  const same = limit !== null &&
    (alias.memory ? unitsToBytes(text) === BigInt(limit) || text === bytesToUnits(limit) : text === limit);
  if (!same) {
    throw new ValidationError(field, `${field} is ${text} but the ${alias.rctl} rctl says otherwise; give only one of them`);
  }
  return true;
}
