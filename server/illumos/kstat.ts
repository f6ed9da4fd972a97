// Resource usage tools: argv builders for `kstat -p -T u … INTERVAL`, `dladm show-vnic -p -o
// link,zone` and `zfs list -Hp`, and the parsers of their output (re-exported from parse.ts).
//
// Facts (illumos usr/src/cmd/stat/kstat/kstat.c, the C rewrite since 2013):
// - `-p` prints one line per statistic: `module:instance:name:statistic` (KS_PFMT "%s:%d:%s:%s"),
//   a TAB, the value. String values are printed raw, so they may hold spaces (or even a TAB:
//   only the first TAB separates). hrtime values (crtime, snaptime) print as seconds "%.9f".
//   With -p the pseudo-statistic `class` is printed too, and always crtime and snaptime.
// - `-T u` prints time(2) ("%ld") on a line of its own before each sample.
// - With an interval, kstat sleeps, refreshes its chain (new zones appear) and prints a blank
//   line before each further sample; the whole sample is written then fflush()ed.
// - Selectors `module:instance:name:statistic`, each part a shell glob or `/ERE/`; exit status
//   1 when nothing matched (0 otherwise, 2 on usage errors).
// - The kstat *name* is cut to KSTAT_STRLEN-1 = 30 characters: a zone's full name is the
//   string statistic `zonename`; key zones by instance (= zone id), never by name.
import { dladmShowVnic } from './dladm';
import { ParseError, outputLines, quoteLine } from './parseError';
import type { ToolCall } from './types';
import { ValidationError } from './validate';

// ---- argv builders -------------------------------------------------------------------------

/** One `module:instance:name:statistic` selector; '' means "any" (kstat's default '*'). */
export interface KstatSelector {
  module: string;
  instance?: string;
  name?: string;
  statistic?: string;
}

// Globs and our own anchored alternations only: a part never starts with '-' (it would be an
// option) and never holds ':' (the separator), so the argv means exactly what we built.
const GLOB_PART = /^[A-Za-z0-9_.*?-]*$/;
const REGEX_PART = /^\/\^?\(?[A-Za-z0-9_|]+\)?\$?\/$/;

function selectorPart(field: string, value: string | undefined): string {
  const v = value ?? '';
  if (v.startsWith('-') || !(GLOB_PART.test(v) || REGEX_PART.test(v))) {
    throw new ValidationError(field, `kstat selector part ${JSON.stringify(v.slice(0, 40))} is not a plain glob or /^(a|b)$/ list`);
  }
  return v;
}

export function kstatSelectorText(s: KstatSelector): string {
  const mod = selectorPart('module', s.module);
  if (mod === '') throw new ValidationError('module', 'a kstat selector needs a module');
  return [mod, selectorPart('instance', s.instance), selectorPart('name', s.name), selectorPart('statistic', s.statistic)].join(':');
}

/** `/^(a|b|c)$/`: a statistic selector matching exactly these names. */
export function onlyStatistics(names: readonly string[]): string {
  for (const n of names) if (!/^[A-Za-z0-9_]+$/.test(n)) throw new ValidationError('statistic', `not a statistic name: ${JSON.stringify(n)}`);
  return `/^(${names.join('|')})$/`;
}

/** `kstat -p -T u SELECTOR… INTERVAL`: one sample now, then one every INTERVAL seconds until killed. */
export function kstatSample(selectors: readonly KstatSelector[], intervalSec: number): ToolCall {
  if (selectors.length === 0) throw new ValidationError('selectors', 'kstat needs at least one selector');
  if (!Number.isInteger(intervalSec) || intervalSec < 1 || intervalSec > 3600) {
    throw new ValidationError('interval', 'the kstat interval is a whole number of seconds from 1 to 3600');
  }
  return { tool: 'kstat', args: ['-p', '-T', 'u', ...selectors.map(kstatSelectorText), String(intervalSec)] };
}

/** `kstat -p SELECTOR…` once (no interval). */
export function kstatOnce(selectors: readonly KstatSelector[]): ToolCall {
  if (selectors.length === 0) throw new ValidationError('selectors', 'kstat needs at least one selector');
  return { tool: 'kstat', args: ['-p', ...selectors.map(kstatSelectorText)] };
}

/** The statistics the metrics sampler reads (snaptime included: rates are Δcounter/Δsnaptime). */
export const ZONE_MISC_STATS = ['nsec_user', 'nsec_sys', 'nsec_waitrq', 'boot_time', 'zonename', 'snaptime'] as const;
export const MEMORY_CAP_STATS = ['rss', 'physcap', 'swap', 'swapcap', 'nover', 'zonename', 'snaptime'] as const;
export const LINK_STATS = ['rbytes64', 'obytes64', 'ipackets64', 'opackets64', 'ierrors', 'oerrors', 'snaptime'] as const;
export const CPU_SYS_STATS = ['cpu_nsec_idle', 'cpu_nsec_user', 'cpu_nsec_kernel', 'snaptime'] as const;

/** Everything one host sample needs, in one kstat process: zones, memory caps, links, the
 *  host's CPUs and memory. */
export const METRICS_SELECTORS: readonly KstatSelector[] = [
  { module: 'zones', statistic: onlyStatistics(ZONE_MISC_STATS) },
  { module: 'memory_cap', statistic: onlyStatistics(MEMORY_CAP_STATS) },
  { module: 'link', instance: '0', statistic: onlyStatistics(LINK_STATS) },
  { module: 'cpu', name: 'sys', statistic: onlyStatistics(CPU_SYS_STATS) },
  { module: 'caps', name: 'cpucaps_zone_*', statistic: onlyStatistics(['value']) },
  { module: 'unix', instance: '0', name: 'system_misc', statistic: onlyStatistics(['ncpus']) },
  { module: 'unix', instance: '0', name: 'system_pages', statistic: onlyStatistics(['physmem', 'freemem']) },
];

/** `dladm show-vnic -p -o link,zone`: which zone each VNIC belongs to. */
export function dladmShowVnicZones(): ToolCall {
  return dladmShowVnic(['link', 'zone']);
}

export const ZFS_USAGE_FIELDS = ['name', 'used', 'avail', 'refer', 'quota'] as const;

/** `zfs list -Hp -o name,used,avail,refer,quota [-r DATASET]`: exact bytes, tab-separated. */
export function zfsListUsage(dataset?: string): ToolCall {
  const args = ['list', '-Hp', '-o', ZFS_USAGE_FIELDS.join(',')];
  if (dataset !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,254}$/.test(dataset) || dataset.includes('//') || dataset.endsWith('/')) {
      throw new ValidationError('dataset', `not a dataset name: ${JSON.stringify(dataset.slice(0, 60))}`);
    }
    args.push('-r', dataset);
  }
  return { tool: 'zfs', args };
}

// ---- kstat -p parser -----------------------------------------------------------------------

export interface KstatStat {
  module: string;
  instance: number;
  /** the kstat name (a zone's: cut to 30 characters) */
  name: string;
  statistic: string;
  /** as printed: numbers stay text (uint64 counters exceed 2^53; see kstatBigInt) */
  value: string;
}

export interface KstatSample {
  /** the `-T u` line (seconds since the epoch), null when kstat ran without -T u */
  time: number | null;
  stats: KstatStat[];
}

const STAT_LINE = /^([^:\t]+):(-?[0-9]{1,10}):([^\t]*):([^:\t]+)\t(.*)$/s;
const TIME_LINE = /^[0-9]{1,12}$/;

function statLine(line: string, n: number, what: string): KstatStat {
  const m = STAT_LINE.exec(line);
  if (!m) throw new ParseError(what, n, `expected module:instance:name:statistic<TAB>value, got ${quoteLine(line)}`);
  return { module: m[1]!, instance: Number(m[2]), name: m[3]!, statistic: m[4]!, value: m[5]! };
}

/**
 * `kstat -p [-T u] … [interval]` → its samples, in order. A sample starts at a timestamp line
 * (with -T u) or after the blank line kstat prints between samples; a sample may have no
 * statistics (nothing matched at that moment).
 */
export function parseKstatParsable(text: string, what = 'kstat -p'): KstatSample[] {
  const samples: KstatSample[] = [];
  let cur: KstatSample | null = null;
  outputLines(text).forEach((line, i) => {
    if (line === '') {
      if (cur) samples.push(cur);
      cur = null;
      return;
    }
    if (TIME_LINE.test(line)) {
      // a timestamp always begins a sample (kstat prints the blank line first; be lenient)
      if (cur) samples.push(cur);
      cur = { time: Number(line), stats: [] };
      return;
    }
    cur ??= { time: null, stats: [] };
    cur.stats.push(statLine(line, i + 1, what));
  });
  if (cur) samples.push(cur);
  return samples;
}

/**
 * Cuts a live `kstat -p -T u … INTERVAL` stream into samples. Pure (no timers): push() text as
 * it arrives and get the samples it completed (a sample completes when the blank line before
 * the next one arrives); since kstat flushes a whole sample at once and then sleeps, the
 * caller calls flush() after a short quiet spell to take the last sample without waiting an
 * interval for the next blank line.
 */
export class KstatStreamSplitter {
  private partial = '';
  private lines: string[] = [];
  private lineNo = 0;
  private firstLine = 1;
  constructor(private readonly what = 'kstat -p') {}

  push(chunk: string): KstatSample[] {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    const done: KstatSample[] = [];
    for (const line of parts) {
      this.lineNo++;
      if (line === '') {
        if (this.lines.length) done.push(this.take());
        this.firstLine = this.lineNo + 1;
        continue;
      }
      this.lines.push(line);
    }
    return done;
  }

  /** The sample gathered so far (complete lines only), or null when there is none. */
  flush(): KstatSample | null {
    return this.lines.length ? this.take() : null;
  }

  /** bytes held for an unfinished line: bounded by the caller (a line never is this long) */
  get pendingBytes(): number {
    return this.partial.length;
  }

  private take(): KstatSample {
    const lines = this.lines;
    const first = this.firstLine;
    this.lines = [];
    this.firstLine = this.lineNo + 1;
    let time: number | null = null;
    const stats: KstatStat[] = [];
    lines.forEach((line, i) => {
      if (i === 0 && TIME_LINE.test(line)) time = Number(line);
      else stats.push(statLine(line, first + i, this.what));
    });
    return { time, stats };
  }
}

/** A uint64 statistic as a BigInt (counters pass 2^53 after ~104 days of CPU time). */
export function kstatBigInt(stat: Pick<KstatStat, 'value' | 'statistic'>, what = 'kstat'): bigint {
  if (!/^[0-9]{1,20}$/.test(stat.value)) throw new ParseError(what, 0, `${stat.statistic} must be a whole number, got ${quoteLine(stat.value)}`);
  return BigInt(stat.value);
}

/** An hrtime statistic printed as seconds ("%.9f", or "0"). */
export function kstatSeconds(stat: Pick<KstatStat, 'value' | 'statistic'>, what = 'kstat'): number {
  if (!/^[0-9]{1,12}(\.[0-9]{1,9})?$/.test(stat.value)) throw new ParseError(what, 0, `${stat.statistic} must be seconds, got ${quoteLine(stat.value)}`);
  return Number(stat.value);
}

/**
 * A memory cap in bytes, or null for "no cap". Uncapped, illumos reports UINT64_MAX
 * (18446744073709551615, `%llu`); anything from 2^62 up is taken as that (no host has an
 * exabyte of memory), so 32-bit leftovers and clamped variants read as uncapped too.
 */
export function kstatCap(stat: Pick<KstatStat, 'value' | 'statistic'>, what = 'kstat'): number | null {
  const v = kstatBigInt(stat, what);
  if (v === 0n || v >= 1n << 62n) return null;
  return Number(v);
}

// ---- zfs list -Hp ---------------------------------------------------------------------------

export interface ZfsUsage {
  name: string;
  used: number;
  /** null when zfs prints '-' (snapshots have no avail) */
  avail: number | null;
  refer: number;
  /** null when there is no quota (`-p` prints 0 for none) */
  quota: number | null;
}

function zfsBytes(v: string, field: string, n: number, what: string): number {
  if (!/^[0-9]{1,20}$/.test(v)) throw new ParseError(what, n, `${field} must be a byte count, got ${quoteLine(v)}`);
  return Number(v);
}

/** `zfs list -Hp -o name,used,avail,refer,quota`: one TAB-separated line per dataset. */
export function parseZfsListUsage(text: string, what = 'zfs list -Hp'): ZfsUsage[] {
  return outputLines(text).map((line, i) => {
    const f = line.split('\t');
    if (f.length !== ZFS_USAGE_FIELDS.length) {
      throw new ParseError(what, i + 1, `expected ${ZFS_USAGE_FIELDS.length} TAB-separated fields (${ZFS_USAGE_FIELDS.join(',')}), got ${f.length} in ${quoteLine(line)}`);
    }
    const [name, used, avail, refer, quota] = f as [string, string, string, string, string];
    if (name === '') throw new ParseError(what, i + 1, 'empty dataset name');
    const q = quota === '-' || quota === 'none' ? 0 : zfsBytes(quota, 'quota', i + 1, what);
    return {
      name,
      used: zfsBytes(used, 'used', i + 1, what),
      avail: avail === '-' ? null : zfsBytes(avail, 'avail', i + 1, what),
      refer: zfsBytes(refer, 'refer', i + 1, what),
      quota: q === 0 ? null : q,
    };
  });
}
