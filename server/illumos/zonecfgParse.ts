// Readers of `zonecfg info` (REFERENCE §3.9) and `zonecfg export` (§3.8). Both first collect
// the text into the same raw shape (global properties, resources with simple, list and
// complex properties), then one builder turns that into a ZoneConfig and checks what
// zonecfg itself guarantees (required properties, single-instance resources).
import { ParseError, outputLines, quoteLine } from './parseError';
import type { ZoneConfig, ZoneResourceProperty, ZoneRctl } from './types';
import { lexZonecfgCommands, lexZonecfgValue, type ZonecfgToken } from './zonecfgLexer';
import {
  CAPPED_MEMORY_RCTLS,
  CPU_CAP_RCTL,
  GLOBAL_RCTL_ALIASES,
  aliasDisplay,
  aliasedLimit,
  cpuCapToNcpus,
} from './zonecfgRctl';

// ---- what zonecfg knows ------------------------------------------------------------------

const RESOURCE_PROPS = {
  fs: { simple: ['dir', 'special', 'raw', 'type'], list: ['options'], complex: [] },
  net: {
    simple: ['address', 'allowed-address', 'physical', 'defrouter', 'global-nic', 'mac-addr', 'vlan-id'],
    list: [],
    complex: ['property'],
  },
  device: { simple: ['match'], list: [], complex: ['property'] },
  rctl: { simple: ['name'], list: [], complex: ['value'] },
  attr: { simple: ['name', 'type', 'value'], list: [], complex: [] },
  dataset: { simple: ['name'], list: [], complex: [] },
  'dedicated-cpu': { simple: ['ncpus', 'importance'], list: [], complex: [] },
  'capped-cpu': { simple: ['ncpus'], list: [], complex: [] },
  'capped-memory': { simple: ['physical', 'swap', 'locked'], list: [], complex: [] },
  admin: { simple: ['user', 'auths'], list: [], complex: [] },
  'security-flags': { simple: ['lower', 'default', 'upper'], list: [], complex: [] },
} as const satisfies Record<string, { simple: readonly string[]; list: readonly string[]; complex: readonly string[] }>;

type ResourceType = keyof typeof RESOURCE_PROPS;

const GLOBAL_PROPS: readonly string[] = [
  'zonename', 'zonepath', 'brand', 'autoboot', 'bootargs', 'pool', 'limitpriv', 'scheduling-class',
  'ip-type', 'hostid', 'fs-allowed', 'uuid',
  ...GLOBAL_RCTL_ALIASES.map((a) => a.prop),
];

function isResourceType(word: string): word is ResourceType {
  return Object.hasOwn(RESOURCE_PROPS, word);
}

type PropKind = 'simple' | 'list' | 'complex';

function propKind(type: ResourceType, prop: string): PropKind | null {
  const spec: { simple: readonly string[]; list: readonly string[]; complex: readonly string[] } = RESOURCE_PROPS[type];
  if (spec.simple.includes(prop)) return 'simple';
  if (spec.list.includes(prop)) return 'list';
  if (spec.complex.includes(prop)) return 'complex';
  return null;
}

// ---- the raw shape both formats are read into ---------------------------------------------

interface Located {
  value: string;
  line: number;
}

interface RawResource {
  type: ResourceType;
  line: number;
  simple: Map<string, string>;
  lists: Map<string, string[]>;
  complex: Map<string, Record<string, string>[]>;
}

interface RawConfig {
  globals: Map<string, Located>;
  resources: RawResource[];
}

function newResource(type: ResourceType, line: number): RawResource {
  return { type, line, simple: new Map(), lists: new Map(), complex: new Map() };
}

// ---- zonecfg info ------------------------------------------------------------------------

const INFO = 'zonecfg info';

/** Parses `zonecfg -z Z info`. */
export function parseZonecfgInfo(text: string): ZoneConfig {
  const raw: RawConfig = { globals: new Map(), resources: [] };
  let current: RawResource | null = null;
  outputLines(text).forEach((line, i) => {
    const n = i + 1;
    if (line.startsWith('\t')) {
      if (!current) throw new ParseError(INFO, n, `a TAB-indented property outside any resource: ${quoteLine(line)}`);
      readInfoProperty(line.slice(1), current, n);
      return;
    }
    current = null;
    const alias = /^\[([a-z-]+): (.*)\]$/.exec(line);
    if (alias?.[1] !== undefined && alias[2] !== undefined) {
      if (!GLOBAL_RCTL_ALIASES.some((a) => a.prop === alias[1])) {
        throw new ParseError(INFO, n, `unknown rctl alias ${quoteLine(alias[1])}`);
      }
      raw.globals.set(alias[1], { value: alias[2], line: n });
      return;
    }
    const unset = /^([a-z-]+) not specified$/.exec(line);
    if (unset?.[1] !== undefined) {
      if (!GLOBAL_PROPS.includes(unset[1])) throw new ParseError(INFO, n, `unknown property ${quoteLine(unset[1])}`);
      return;
    }
    const prop = /^([a-z-]+):(?: (.*))?$/.exec(line);
    const key = prop?.[1];
    if (key === undefined) {
      throw new ParseError(INFO, n, `expected "property: value", "[alias: value]" or "resource:", got ${quoteLine(line)}`);
    }
    const rest = prop?.[2] ?? '';
    if (isResourceType(key)) {
      if (rest !== '') throw new ParseError(INFO, n, `resource line "${key}:" has text after it: ${quoteLine(line)}`);
      current = newResource(key, n);
      raw.resources.push(current);
    } else if (GLOBAL_PROPS.includes(key)) {
      raw.globals.set(key, { value: unquoteInfo(rest), line: n });
    } else {
      throw new ParseError(INFO, n, `unknown property or resource ${quoteLine(key)}`);
    }
  });
  return buildZoneConfig(raw, INFO, '');
}

/** info quotes a value only when it contains a space; a value can never contain '"'. */
function unquoteInfo(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function readInfoProperty(body: string, res: RawResource, n: number): void {
  const alias = /^\[([a-z-]+): (.*)\]$/.exec(body);
  const unset = /^([a-z-]+) not specified$/.exec(body);
  const prop = /^([a-z-]+): (.*)$/.exec(body);
  const key = alias?.[1] ?? unset?.[1] ?? prop?.[1];
  if (key === undefined) {
    throw new ParseError(INFO, n, `expected "\\tproperty: value" or "\\tproperty not specified" in ${res.type}, got ${quoteLine(body)}`);
  }
  const kind = propKind(res.type, key);
  if (kind === null) throw new ParseError(INFO, n, `${res.type} has no property ${quoteLine(key)}`);
  if (unset) return;
  const value = alias?.[2] ?? prop?.[2] ?? '';
  if (kind === 'simple') {
    res.simple.set(key, unquoteInfo(value));
  } else if (kind === 'list') {
    res.lists.set(key, readList(lexZonecfgValue(value, n, INFO), 0, n, INFO).items);
  } else {
    const tokens = lexZonecfgValue(value, n, INFO);
    const { pairs, next } = readComplex(tokens, 0, n, INFO);
    if (next !== tokens.length) throw new ParseError(INFO, n, `unexpected text after the ${key} value ${quoteLine(value)}`);
    pushComplex(res, key, pairs);
  }
}

// ---- zonecfg export (and our own command files) ------------------------------------------

const EXPORT = 'zonecfg export';

/**
 * Parses `zonecfg -z Z export` output or a command file written by writeZonecfgCommands.
 * Export does not carry the zone name: pass it, or zonename is ''.
 */
export function parseZonecfgExport(text: string, zonename = ''): ZoneConfig {
  const raw: RawConfig = { globals: new Map(), resources: [] };
  let current: RawResource | null = null;
  let seenCommand = false;
  for (const { line: n, tokens } of lexZonecfgCommands(text, EXPORT)) {
    const [head, ...args] = tokens;
    const verb = head?.kind === 'word' ? head.text : '';
    switch (verb) {
      case 'create':
        if (seenCommand) throw new ParseError(EXPORT, n, `'create' must be the first command`);
        for (const a of args) {
          if (a.kind !== 'word' || !['-b', '-F'].includes(a.text)) {
            throw new ParseError(EXPORT, n, `only 'create -b' (blank template) is understood; got an argument ${describeToken(a)}`);
          }
        }
        break;
      case 'set':
        readSet(args, current, raw, n);
        break;
      case 'add':
        if (current) readAddProperty(args, current, n);
        else {
          const type = args.length === 1 && args[0]?.kind === 'word' && !args[0].quoted ? args[0].text : '';
          if (!isResourceType(type)) {
            throw new ParseError(EXPORT, n, `expected 'add <resource>' with one of ${Object.keys(RESOURCE_PROPS).join(', ')}`);
          }
          current = newResource(type, n);
          raw.resources.push(current);
        }
        break;
      case 'end':
        if (!current) throw new ParseError(EXPORT, n, `'end' outside a resource`);
        if (args.length) throw new ParseError(EXPORT, n, `'end' takes no arguments`);
        current = null;
        break;
      case 'verify':
      case 'commit':
      case 'exit':
        if (current) throw new ParseError(EXPORT, n, `'${verb}' inside the ${current.type} resource opened on line ${current.line}; 'end' it first`);
        break;
      default:
        throw new ParseError(EXPORT, n, `unexpected command ${quoteLine(verb)}; expected create, set, add, end, verify or commit`);
    }
    seenCommand = true;
  }
  if (current) {
    const open: RawResource = current;
    throw new ParseError(EXPORT, open.line, `the ${open.type} resource opened here is never ended`);
  }
  return buildZoneConfig(raw, EXPORT, zonename);
}

function describeToken(t: ZonecfgToken | undefined): string {
  if (!t) return 'end of line';
  return t.kind === 'word' ? quoteLine(t.text) : `'${t.kind}'`;
}

function readSet(args: ZonecfgToken[], current: RawResource | null, raw: RawConfig, n: number): void {
  const [name, eq] = args;
  if (name?.kind !== 'word' || name.quoted || eq?.kind !== '=') {
    throw new ParseError(EXPORT, n, `expected 'set property=value'`);
  }
  const prop = name.text;
  const valueStart = args[2];
  if (valueStart === undefined) throw new ParseError(EXPORT, n, `expected a value after '${prop}='`);
  if (valueStart.kind === '[') {
    const { items, next } = readList(args, 2, n, EXPORT);
    expectEnd(args, next, n);
    if (!current || propKind(current.type, prop) !== 'list') {
      throw new ParseError(EXPORT, n, `${prop} does not take a list${current ? ` in ${current.type}` : ''}`);
    }
    current.lists.set(prop, items);
    return;
  }
  if (valueStart.kind !== 'word') throw new ParseError(EXPORT, n, `syntax error at '${valueStart.kind}'`);
  expectEnd(args, 3, n);
  if (current) {
    if (propKind(current.type, prop) !== 'simple') throw new ParseError(EXPORT, n, `${current.type} has no simple property ${quoteLine(prop)}`);
    current.simple.set(prop, valueStart.text);
  } else {
    if (isResourceType(prop) || !GLOBAL_PROPS.includes(prop)) {
      throw new ParseError(EXPORT, n, `unknown global property ${quoteLine(prop)}`);
    }
    raw.globals.set(prop, { value: valueStart.text, line: n });
  }
}

function readAddProperty(args: ZonecfgToken[], res: RawResource, n: number): void {
  const [name, value] = args;
  const prop = name?.kind === 'word' && !name.quoted ? name.text : '';
  const kind = propKind(res.type, prop);
  if (kind === 'list' && value?.kind === 'word') {
    expectEnd(args, 2, n);
    res.lists.set(prop, [...(res.lists.get(prop) ?? []), value.text]);
  } else if (kind === 'list' && value?.kind === '[') {
    const { items, next } = readList(args, 1, n, EXPORT);
    expectEnd(args, next, n);
    res.lists.set(prop, [...(res.lists.get(prop) ?? []), ...items]);
  } else if (kind === 'complex' && value?.kind === '(') {
    const { pairs, next } = readComplex(args, 1, n, EXPORT);
    expectEnd(args, next, n);
    pushComplex(res, prop, pairs);
  } else {
    throw new ParseError(EXPORT, n, `inside ${res.type}, 'add' takes ${addForms(res.type)}; got ${describeToken(name)} ${describeToken(value)}`);
  }
}

function addForms(type: ResourceType): string {
  const spec: { list: readonly string[]; complex: readonly string[] } = RESOURCE_PROPS[type];
  const forms = [...spec.list.map((p) => `'${p} <value>'`), ...spec.complex.map((p) => `'${p} (name=value,...)'`)];
  return forms.length ? forms.join(' or ') : 'nothing (end the resource first)';
}

function expectEnd(tokens: ZonecfgToken[], at: number, n: number): void {
  const extra = tokens[at];
  if (extra) {
    const hint = extra.kind === '=' ? ` (a value containing '=' must be double-quoted)` : '';
    throw new ParseError(EXPORT, n, `syntax error at ${describeToken(extra)}${hint}`);
  }
}

// ---- list and complex values -------------------------------------------------------------

function readList(tokens: ZonecfgToken[], at: number, n: number, what: string): { items: string[]; next: number } {
  if (tokens[at]?.kind !== '[') throw new ParseError(what, n, `expected '[' to start a list`);
  const items: string[] = [];
  let i = at + 1;
  if (tokens[i]?.kind === ']') return { items, next: i + 1 };
  for (;;) {
    const item = tokens[i];
    if (item?.kind !== 'word') throw new ParseError(what, n, `expected a list item, got ${describeToken(item)}`);
    items.push(item.text);
    const sep = tokens[i + 1];
    if (sep?.kind === ']') return { items, next: i + 2 };
    if (sep?.kind !== ',') throw new ParseError(what, n, `expected ',' or ']' in a list, got ${describeToken(sep)}`);
    i += 2;
  }
}

function readComplex(tokens: ZonecfgToken[], at: number, n: number, what: string): { pairs: Record<string, string>; next: number } {
  if (tokens[at]?.kind !== '(') throw new ParseError(what, n, `expected '(' to start a (name=value,...) value`);
  const pairs: Record<string, string> = {};
  let i = at + 1;
  for (;;) {
    const key = tokens[i];
    const eq = tokens[i + 1];
    const value = tokens[i + 2];
    if (key?.kind !== 'word' || eq?.kind !== '=' || value?.kind !== 'word') {
      throw new ParseError(what, n, `expected name=value inside (...), got ${describeToken(key)}`);
    }
    if (Object.hasOwn(pairs, key.text)) throw new ParseError(what, n, `${key.text} given twice inside (...)`);
    pairs[key.text] = value.text;
    const sep = tokens[i + 3];
    if (sep?.kind === ')') return { pairs, next: i + 4 };
    if (sep?.kind !== ',') throw new ParseError(what, n, `expected ',' or ')' inside (...), got ${describeToken(sep)}`);
    i += 4;
  }
}

function pushComplex(res: RawResource, prop: string, pairs: Record<string, string>): void {
  res.complex.set(prop, [...(res.complex.get(prop) ?? []), pairs]);
}

// ---- raw → ZoneConfig --------------------------------------------------------------------

function buildZoneConfig(raw: RawConfig, what: string, zonename: string): ZoneConfig {
  const global = (prop: string): string | undefined => raw.globals.get(prop)?.value;
  const autoboot = raw.globals.get('autoboot');
  if (autoboot && autoboot.value !== 'true' && autoboot.value !== 'false') {
    throw new ParseError(what, autoboot.line, `autoboot must be true or false, got ${quoteLine(autoboot.value)}`);
  }
  const ipType = raw.globals.get('ip-type');
  if (ipType && ipType.value !== 'shared' && ipType.value !== 'exclusive') {
    throw new ParseError(what, ipType.line, `ip-type must be shared or exclusive, got ${quoteLine(ipType.value)}`);
  }
  const config: ZoneConfig = {
    zonename: global('zonename') ?? zonename,
    zonepath: global('zonepath') ?? '',
    // export leaves brand out only for the native brand
    brand: global('brand') || 'native',
    autoboot: autoboot?.value === 'true',
    // a configuration without ip-type is shared
    ipType: ipType?.value === 'exclusive' ? 'exclusive' : 'shared',
    fs: [],
    net: [],
    device: [],
    rctl: [],
    attr: [],
    dataset: [],
    admin: [],
  };
  const optional = [
    ['bootargs', 'bootargs'],
    ['pool', 'pool'],
    ['limitpriv', 'limitpriv'],
    ['scheduling-class', 'schedulingClass'],
    ['hostid', 'hostid'],
    ['fs-allowed', 'fsAllowed'],
    ['uuid', 'uuid'],
  ] as const;
  for (const [prop, key] of optional) {
    const value = global(prop);
    if (value) config[key] = value;
  }

  let cappedCpu: string | undefined;
  let cappedMemory: { physical?: string; swap?: string; locked?: string } | undefined;
  for (const res of raw.resources) {
    const need = (prop: string): string => {
      const value = res.simple.get(prop);
      if (!value) throw new ParseError(what, res.line, `the ${res.type} resource has no ${prop}, which zonecfg requires`);
      return value;
    };
    const opt = (prop: string): string | undefined => res.simple.get(prop) || undefined;
    const single = (present: boolean) => {
      if (present) throw new ParseError(what, res.line, `a second ${res.type} resource; zonecfg allows only one`);
    };
    switch (res.type) {
      case 'fs':
        config.fs.push(compact({ dir: need('dir'), special: need('special'), raw: opt('raw'), type: need('type'), options: res.lists.get('options') ?? [] }));
        break;
      case 'net':
        config.net.push(compact({
          address: opt('address'),
          allowedAddress: opt('allowed-address'),
          physical: need('physical'),
          defrouter: opt('defrouter'),
          globalNic: opt('global-nic'),
          macAddr: opt('mac-addr'),
          vlanId: opt('vlan-id'),
          properties: nameValues(res, what),
        }));
        break;
      case 'device':
        config.device.push({ match: need('match'), properties: nameValues(res, what) });
        break;
      case 'rctl':
        config.rctl.push({ name: need('name'), values: rctlValues(res, what) });
        break;
      case 'attr':
        config.attr.push({ name: need('name'), type: need('type'), value: need('value') });
        break;
      case 'dataset':
        config.dataset.push({ name: need('name') });
        break;
      case 'admin':
        config.admin.push({ user: need('user'), auths: need('auths') });
        break;
      case 'dedicated-cpu':
        single(config.dedicatedCpu !== undefined);
        config.dedicatedCpu = compact({ ncpus: need('ncpus'), importance: opt('importance') });
        break;
      case 'capped-cpu':
        single(cappedCpu !== undefined);
        cappedCpu = need('ncpus');
        break;
      case 'capped-memory':
        single(cappedMemory !== undefined);
        cappedMemory = compact({ physical: opt('physical'), swap: opt('swap'), locked: opt('locked') });
        break;
      case 'security-flags':
        single(config.securityFlags !== undefined);
        config.securityFlags = compact({ lower: opt('lower'), default: opt('default'), upper: opt('upper') });
        break;
    }
  }

  // Aliases: what info printed, else what zonecfg would print for the rctls (export).
  for (const alias of GLOBAL_RCTL_ALIASES) {
    const limit = aliasedLimit(config.rctl, alias.rctl, alias.action);
    const value = global(alias.prop) || (limit === null ? undefined : aliasDisplay(alias, limit));
    if (value) config[alias.key] = value;
  }
  const capLimit = aliasedLimit(config.rctl, CPU_CAP_RCTL, 'deny');
  cappedCpu ??= capLimit === null ? undefined : cpuCapToNcpus(capLimit);
  if (cappedCpu) config.cappedCpu = { ncpus: cappedCpu };
  const memory = { ...cappedMemory };
  for (const alias of CAPPED_MEMORY_RCTLS) {
    const limit = aliasedLimit(config.rctl, alias.rctl, alias.action);
    if (memory[alias.key] === undefined && limit !== null) memory[alias.key] = aliasDisplay(alias, limit);
  }
  if (Object.keys(memory).length > 0) config.cappedMemory = memory;
  return config;
}

function nameValues(res: RawResource, what: string): ZoneResourceProperty[] {
  return (res.complex.get('property') ?? []).map((p) => {
    const { name, value, ...extra } = p;
    if (name === undefined || value === undefined || Object.keys(extra).length > 0) {
      throw new ParseError(what, res.line, `a ${res.type} property must be exactly (name=...,value=...)`);
    }
    return { name, value };
  });
}

function rctlValues(res: RawResource, what: string): ZoneRctl['values'] {
  return (res.complex.get('value') ?? []).map((v) => {
    const { priv, limit, action, ...extra } = v;
    if (priv === undefined || limit === undefined || action === undefined || Object.keys(extra).length > 0) {
      throw new ParseError(what, res.line, `an rctl value must be exactly (priv=...,limit=...,action=...)`);
    }
    return { priv, limit, action };
  });
}

/** Drops undefined members so parsed objects compare equal however they were built. */
function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}
