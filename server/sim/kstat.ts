// Simulated kstat(8) (illumos usr/src/cmd/stat/kstat/kstat.c): the same options, output
// formats and exit status, over statistics computed from the simulated host's state.
//
//   kstat [-Cjlpq] [-T d|u] [-c class] [-m module] [-i instance] [-n name] [-s statistic]
//         [interval [count]]
//   kstat [-Cjlpq] [-T d|u] [-c class] [module[:instance[:name[:statistic]]] ...] [interval [count]]
//
// Exit status: 0 when some statistic matched, 1 when none did, 2 on a usage error. With an
// interval and no count it prints a sample every interval (real seconds: the caller's cadence,
// never scaled by SIM_TIME_SCALE) until it is killed, re-reading the host each time (zones
// that boot appear, zones that halt disappear), with a blank line between samples.
//
// The kstats: unix:0:system_misc, unix:0:system_pages, cpu:N:sys, and per zone known to the
// kernel zones:<id>:<name> (zone_misc) and memory_cap:<id>:<name> (zone_memory_cap), and
// link:0:<link> (net) for every datalink. Their numbers come from kstat-model.ts.
import type { ToolIO } from './tool-io';
import { getopt } from './getopt';
import { hostKstats, type SimKstat } from './kstat-model';
import { clockOffsetSeconds } from './faults';

const USAGE =
  'Usage:\n' +
  'kstat [ -Cjlpq ] [ -T d|u ] [ -c class ]\n' +
  '      [ -m module ] [ -i instance ] [ -n name ] [ -s statistic ]\n' +
  '      [ interval [ count ] ]\n' +
  'kstat [ -Cjlpq ] [ -T d|u ] [ -c class ]\n' +
  '      [ module[:instance[:name[:statistic]]] ... ]\n' +
  '      [ interval [ count ] ]\n';

/** A glob (gmatch) or, between slashes, an extended regular expression. */
type Pattern = (s: string) => boolean;

class BadRegex extends Error {}

function pattern(p: string): Pattern {
  if (p.length >= 2 && p.startsWith('/') && p.endsWith('/')) {
    let re: RegExp;
    try {
      re = new RegExp(p.slice(1, -1));
    } catch {
      throw new BadRegex('invalid regular expression');
    }
    return (s) => re.test(s);
  }
  if (p === '*') return () => true;
  let src = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end === -1) src += '\\[';
      else {
        const body = p.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        src += `[${body}]`;
        i = end;
      }
    } else src += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  const re = new RegExp(`^${src}$`, 's');
  return (s) => re.test(s);
}

interface Selector {
  module: Pattern;
  instance: Pattern;
  name: Pattern;
  statistic: Pattern;
}

function hrtime(seconds: number): string {
  return seconds === 0 ? '0' : seconds.toFixed(9);
}

function valueText(v: SimKstat['stats'][number]): string {
  return v.type === 'hrtime' ? hrtime(v.value as number) : String(v.value);
}

/** strcasecmp order, as kstat sorts instances and statistics */
function caseCmp(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function dateLine(d: Date): string {
  // strftime "%+"/_DATE_FMT in the C locale: "Thu Dec  3 16:29:00 UTC 2026"
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

function sleepReal(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function kstatMain(args: string[], io: ToolIO): Promise<number> {
  const usage = () => io.stderr(USAGE);
  const g = getopt(args, { flags: 'h?Cqjlp', withArg: 'T m i n s c' });
  if (g.error) {
    io.stderr(g.error.kind === 'unknown' ? `kstat: illegal option -- ${g.error.opt}\n` : `kstat: option requires an argument -- ${g.error.opt}\n`);
    usage();
    return 2;
  }
  if (g.flags.has('h') || g.flags.has('?')) {
    usage();
    return 0;
  }
  const cflg = g.flags.has('C');
  const lflg = g.flags.has('l');
  const pflg = g.flags.has('p') || cflg || lflg;
  const jflg = g.flags.has('j');
  const qflg = g.flags.has('q');
  let errflg = false;
  let tfmt: 'u' | 'd' | null = null;
  if (g.opts.T !== undefined) {
    if (g.opts.T.startsWith('u')) tfmt = 'u';
    else if (g.opts.T.startsWith('d')) tfmt = 'd';
    else errflg = true;
  }
  if (qflg && (jflg || pflg)) {
    io.stderr('-q and -lpj are mutually exclusive\n');
    errflg = true;
  }
  if (errflg) {
    usage();
    return 2;
  }

  let interval = 0;
  let count = 1;
  let n = 0;
  const operandSelectors: string[][] = [];
  for (const a of g.rest) {
    if (/^[0-9]+$/.test(a)) {
      const v = Number(a);
      if (v > 4294967295) {
        io.stderr(n === 0 ? 'Interval is too large\n' : 'Count is too large\n');
        usage();
        return 2;
      }
      if (v < 1) {
        if (n === 0) io.stderr('Interval must be an integer >= 1');
        else if (n === 1) io.stderr('Count must be an integer >= 1');
        usage();
        return 2;
      }
      if (n === 0) {
        interval = v;
        count = -1;
      } else if (n === 1) count = v;
      else {
        usage();
        return 2;
      }
      n++;
      continue;
    }
    const parts = a.split(':');
    if (parts.length > 4) {
      usage();
      return 2;
    }
    operandSelectors.push(parts);
  }
  const named = ['m', 'i', 'n', 's'].some((o) => g.opts[o] !== undefined);
  if (operandSelectors.length && named) {
    io.stderr('[module[:instance[:name[:statistic]]]] and -m -i -n -s are mutually exclusive');
    usage();
    return 2;
  }

  let selectors: Selector[];
  let classMatch: Pattern;
  try {
    const part = (v: string | undefined) => pattern(v === undefined || v === '' ? '*' : v);
    selectors = operandSelectors.length
      ? operandSelectors.map((p) => ({ module: part(p[0]), instance: part(p[1]), name: part(p[2]), statistic: part(p[3]) }))
      : [{ module: part(g.opts.m), instance: part(g.opts.i), name: part(g.opts.n), statistic: part(g.opts.s) }];
    classMatch = part(g.opts.c);
  } catch (e) {
    if (!(e instanceof BadRegex)) throw e;
    io.stderr(`kstat: ${e.message}\n`);
    usage();
    return 2;
  }

  let matched = false;
  const start = Date.now();
  // a host whose clock drifted prints its own time in the -T lines
  const skewMs = tfmt ? (await clockOffsetSeconds(io.root)) * 1000 : 0;
  for (let sample = 0; count === -1 || sample < count; sample++) {
    const now = Date.now();
    const chain = (await hostKstats(io.root, now))
      .filter((k) => selectors.some((s) => s.module(k.module) || s.name(k.name)))
      .sort((a, b) => caseCmp(a.module, b.module) || a.instance - b.instance || caseCmp(a.name, b.name));
    let out = '';
    if (tfmt === 'u') out += `${Math.floor((now + skewMs) / 1000)}\n`;
    else if (tfmt === 'd') out += `${dateLine(new Date(now + skewMs))}\n`;
    if (jflg) out += '[';
    for (const sel of selectors) {
      chain.forEach((k, ki) => {
        if (!(sel.module(k.module) && sel.name(k.name) && sel.instance(String(k.instance)) && classMatch(k.class))) return;
        const stats = [
          ...k.stats,
          { name: 'crtime', type: 'hrtime' as const, value: k.crtime },
          { name: 'snaptime', type: 'hrtime' as const, value: k.snaptime },
          ...(pflg ? [{ name: 'class', type: 'string' as const, value: k.class }] : []),
        ].sort((a, b) => caseCmp(a.name, b.name));
        let header = true;
        stats.forEach((st, si) => {
          if (!sel.statistic(st.name)) return;
          matched = true;
          if (qflg) return;
          if (jflg) {
            if (header) {
              out += `{\n\t"module": "${k.module}",\n\t"instance": ${k.instance},\n\t"name": "${k.name}",\n\t"class": "${k.class}",\n\t"type": 1,\n`;
              out += `\t"snaptime": ${hrtime(k.snaptime)},\n\t"data": {\n`;
            }
            const v = st.type === 'string' ? `"${valueText(st)}"` : valueText(st);
            out += `\t\t"${st.name}": ${v}${si !== stats.length - 1 ? ',' : ''}\n`;
          } else if (pflg) {
            out += `${k.module}:${k.instance}:${k.name}:${st.name}`;
            if (!lflg) out += (cflg ? ':' : '\t') + valueText(st);
            out += '\n';
          } else {
            if (header) {
              out += `module: ${k.module.slice(0, 30).padEnd(30)}  instance: ${String(k.instance).padEnd(6)}\n`;
              out += `name:   ${k.name.slice(0, 30).padEnd(30)}  class:    ${k.class.slice(0, 30)}\n`;
            }
            out += `\t${st.name.padEnd(30)}  ${valueText(st)}\n`;
          }
          header = false;
        });
        if (!header) {
          if (jflg) out += `\t}\n}${ki !== chain.length - 1 ? ',' : ''}`;
          else if (!pflg) out += '\n';
        }
      });
    }
    if (jflg) out += ']\n';
    io.stdout(out);
    const last = count !== -1 && sample + 1 >= count;
    if (!interval || last) break;
    // kstat keeps a fixed cadence from its start (ks_sleep_until), not interval after each print
    const next = start + (sample + 1) * interval * 1000;
    if (!(await sleepReal(Math.max(0, next - Date.now()), io.signal))) break;
    io.stdout('\n');
  }
  return matched ? 0 : 1;
}
