// The zonecfg command file that turns a zone's current configuration into the one the edit
// form asks for: `set`/`clear` for global properties and rctl aliases, `select … end` for a
// resource changed in place, `remove` and `add … end` for resources that go or come, then
// `verify` and `commit`. Run as `zonecfg -z Z -f -` (zonecfgApplyStdin).
//
// Every value is validated and quoted by the creation writer (zonecfgFile.ts): the desired
// configuration is written whole by it first (so a value the wizard refuses is refused here
// with the same field and words), and the lines for what changed are taken from that output.
import { diffConfigs, normalizeConfig, type ConfigChange } from './config-diff';
import type { ZoneAttr, ZoneConfig, ZoneFs, ZoneNet } from './types';
import { ValidationError, mustBe, validateZonecfgValue } from './validate';
import { writeZonecfgCommands } from './zonecfgFile';
import { GLOBAL_RCTL_ALIASES } from './zonecfgRctl';

export interface ZonecfgEditPlan {
  changes: ConfigChange[];
  /** the command file; '' when nothing changes */
  commands: string;
}

/** Global properties the form may change, as [ZoneConfig key, zonecfg property]. */
const GLOBAL_PROPS: readonly [keyof ZoneConfig, string][] = [
  ['autoboot', 'autoboot'],
  ['bootargs', 'bootargs'],
  ['pool', 'pool'],
  ['limitpriv', 'limitpriv'],
  ['schedulingClass', 'scheduling-class'],
  ['hostid', 'hostid'],
  ['fsAllowed', 'fs-allowed'],
  ...GLOBAL_RCTL_ALIASES.map((a) => [a.key, a.prop] as [keyof ZoneConfig, string]),
];

/** Properties zonecfg's clear accepts inside a resource (zonecfg.c clear_property). */
const NET_CLEARABLE = new Set(['allowed-address', 'defrouter', 'global-nic', 'mac-addr', 'vlan-id']);
const FS_CLEARABLE = new Set(['raw']);

interface Written {
  /** `set prop=value` lines of the global scope, by property */
  globals: Map<string, string>;
  /** `add TYPE` blocks in the writer's order: the lines between `add TYPE` and `end` */
  blocks: Map<string, string[][]>;
}

/**
 * Splits the creation writer's output into its global lines and resource blocks. Resources the
 * form never changes (devices, admins, security-flags) are left out: a value of theirs the
 * writer would refuse must not make every other edit of the zone impossible.
 */
function written(config: ZoneConfig): Written {
  const lines = writeZonecfgCommands({ ...config, device: [], admin: [], securityFlags: undefined }).split('\n');
  const globals = new Map<string, string>();
  const blocks = new Map<string, string[][]>();
  let open: string[] | null = null;
  for (const line of lines) {
    if (open) {
      if (line === 'end') open = null;
      else open.push(line);
      continue;
    }
    const add = /^add ([a-z-]+)$/.exec(line);
    if (add?.[1]) {
      open = [];
      const list = blocks.get(add[1]) ?? [];
      list.push(open);
      blocks.set(add[1], list);
      continue;
    }
    const set = /^set ([a-z-]+)=/.exec(line);
    if (set?.[1]) globals.set(set[1], line);
  }
  return { globals, blocks };
}

/** The property a `set p=…` line inside a resource sets. */
const propOf = (line: string) => /^set ([a-z-]+)=/.exec(line)?.[1] ?? null;

/** A key value for `select`/`remove`: what the host reported, quoted for zonecfg's lexer. */
function keyValue(field: string, v: string): string {
  return `"${mustBe(field, validateZonecfgValue(v, field))}"`;
}

export function planZonecfgEdit(current: ZoneConfig, desired: ZoneConfig): ZonecfgEditPlan {
  const before = normalizeConfig(current);
  const after = normalizeConfig(desired);
  const changes = diffConfigs(before, after);
  if (changes.length === 0) return { changes, commands: '' };
  for (const c of changes) {
    if (['zonepath', 'brand', 'ipType'].includes(c.key)) {
      throw new ValidationError(c.key, `${c.label} cannot be changed by an edit`);
    }
  }
  const w = written(after);
  const out: string[] = [];

  // ---- global properties and rctl aliases
  // what differs is what diffConfigs says differs (sizes and CPU counts compared as info shows them)
  const changed = new Set(changes.map((c) => c.key));
  for (const [key, prop] of GLOBAL_PROPS) {
    if (!changed.has(String(key))) continue;
    const y = after[key];
    const line = w.globals.get(prop);
    if (y !== undefined && y !== '' && line) out.push(line);
    else out.push(`clear ${prop}`);
  }

  // ---- list resources, by their key property
  const removes: string[] = [];
  const selects: string[] = [];
  const adds: string[] = [];
  const block = (type: string, i: number): string[] => w.blocks.get(type)?.[i] ?? [];
  const addBlock = (type: string, lines: string[]) => adds.push(`add ${type}`, ...lines, 'end');

  const list = <T>(
    type: string,
    keyProp: string,
    a: readonly T[],
    b: readonly T[],
    keyOf: (t: T) => string,
    props: (t: T) => Record<string, string | undefined>,
    inPlace: (x: T, y: T) => boolean,
    clearable: ReadonlySet<string>,
  ) => {
    const now = new Map(a.map((t) => [keyOf(t), t]));
    const want = new Map(b.map((t, i) => [keyOf(t), { t, i }]));
    for (const [k, x] of now) {
      const y = want.get(k);
      if (!y) {
        removes.push(`remove ${type} ${keyProp}=${keyValue(`${type}.${keyProp}`, k)}`);
        continue;
      }
      const px = props(x);
      const py = props(y.t);
      const differing = [...new Set([...Object.keys(px), ...Object.keys(py)])].filter((p) => (px[p] ?? '') !== (py[p] ?? ''));
      // inPlace: the lists inside the resource (fs options, net properties) are the same
      const sameLists = inPlace(x, y.t);
      if (differing.length === 0 && sameLists) continue;
      const cleared = differing.filter((p) => !py[p]);
      if (sameLists && cleared.every((p) => clearable.has(p))) {
        const lines = block(type, y.i);
        selects.push(`select ${type} ${keyProp}=${keyValue(`${type}.${keyProp}`, k)}`);
        for (const p of differing) {
          if (py[p]) {
            const line = lines.find((l) => propOf(l) === p);
            if (line) selects.push(line);
          } else selects.push(`clear ${p}`);
        }
        selects.push('end');
      } else {
        // a list inside the resource (options, properties) or a property zonecfg cannot
        // clear: the resource goes and comes back whole
        removes.push(`remove ${type} ${keyProp}=${keyValue(`${type}.${keyProp}`, k)}`);
        addBlock(type, block(type, y.i));
      }
    }
    for (const [k, y] of want) if (!now.has(k)) addBlock(type, block(type, y.i));
  };

  list<ZoneFs>('fs', 'dir', before.fs, after.fs, (f) => f.dir, fsProps, (x, y) => x.options.join(',') === y.options.join(','), FS_CLEARABLE);
  list<ZoneNet>('net', 'physical', before.net, after.net, (n) => n.physical, netProps, (x, y) => x.properties.map((p) => `${p.name}=${p.value}`).join('\n') === y.properties.map((p) => `${p.name}=${p.value}`).join('\n'), NET_CLEARABLE);
  list<ZoneAttr>('attr', 'name', before.attr, after.attr, (a) => a.name, (a) => ({ name: a.name, type: a.type, value: a.value }), () => true, new Set());
  list('dataset', 'name', before.dataset, after.dataset, (d) => d.name, (d) => ({ name: d.name }), () => true, new Set());

  // ---- capped-memory and capped-cpu: one resource each
  const mem = (c: ZoneConfig) => c.cappedMemory ?? {};
  const memChanged = (['physical', 'swap', 'locked'] as const).filter((p) => changed.has(`cappedMemory.${p}`));
  if (memChanged.length) {
    const lines = block('capped-memory', 0);
    if (!after.cappedMemory) removes.push('remove capped-memory');
    else if (!before.cappedMemory) addBlock('capped-memory', lines);
    else {
      selects.push('select capped-memory');
      for (const p of memChanged) {
        const line = mem(after)[p] !== undefined ? lines.find((l) => propOf(l) === p) : undefined;
        selects.push(line ?? `clear ${p}`);
      }
      selects.push('end');
    }
  }
  if (changed.has('cappedCpu.ncpus')) {
    const lines = block('capped-cpu', 0);
    if (!after.cappedCpu) removes.push('remove capped-cpu');
    else if (!before.cappedCpu) addBlock('capped-cpu', lines);
    else selects.push('select capped-cpu', ...lines, 'end');
  }

  const body = [...out, ...removes, ...selects, ...adds];
  // a change the form cannot make (devices, other rctls, dedicated-cpu…) written as nothing
  // would be a silent no-op: say so instead
  if (body.length === 0) throw new ValidationError('config', `these changes cannot be made by an edit: ${changes.map((c) => c.label).join(', ')}`);
  return { changes, commands: [...body, 'verify', 'commit'].join('\n') + '\n' };
}

function netProps(n: ZoneNet): Record<string, string | undefined> {
  return {
    address: n.address,
    'allowed-address': n.allowedAddress,
    physical: n.physical,
    defrouter: n.defrouter,
    'global-nic': n.globalNic,
    'mac-addr': n.macAddr,
    'vlan-id': n.vlanId,
  };
}

function fsProps(f: ZoneFs): Record<string, string | undefined> {
  return { dir: f.dir, special: f.special, raw: f.raw, type: f.type };
}
