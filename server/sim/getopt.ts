// getopt(3C) for the simulated tools: the one scanner of option letters every tool's argv goes
// through. It prints nothing: an unknown option or a missing value comes back as `error`, so each
// tool prints its own exact diagnostic (zoneadm's "illegal option --", ipadm's "unrecognized
// option", zfs's "invalid option") and picks its own exit status, as the real tools do.

/** one option as getopt returned it, in command-line order */
export interface ScannedOpt {
  c: string;
  /** the value of an option that takes one (optstring letter followed by ':') */
  arg?: string;
}

export interface GetoptError {
  kind: 'unknown' | 'missing';
  /** the option letter (for an unknown long option, the whole word as written, e.g. '--foo=1') */
  opt: string;
}

export interface Scan {
  /** options in the order seen, up to the first error */
  opts: ScannedOpt[];
  /**
   * index of the first operand; after an error, the index after the word holding the bad option
   * (as getopt(3C) leaves optind once it has moved past that word)
   */
  optind: number;
  /** operands: those passed over (permute) then args[optind...] */
  operands: string[];
  /** the first problem found; scanning stops there */
  error?: GetoptError;
}

export interface ScanOptions {
  /** keep scanning after an operand (getopt_long's permutation, as dladm gets) */
  permute?: boolean;
  /** getopt_long's long names, each mapped to its short letter, e.g. { parsable: 'p' } */
  longs?: Record<string, string>;
}

/**
 * POSIX getopt over args (args[0] is the first word scanned). optstring as getopt(3C): a letter,
 * then ':' if it takes a value ("-ovalue" or "-o value"); letters cluster ("-pv"); "--" ends the
 * options; "-" alone is an operand. ':' is never an option letter. A leading ':' in optstring
 * (silent mode) changes nothing here: nothing is ever printed.
 */
export function scanOptions(args: string[], optstring: string, options: ScanOptions = {}): Scan {
  const takes = (c: string): boolean | null => {
    if (c === ':') return null;
    const pos = optstring.indexOf(c);
    return pos < 0 ? null : optstring[pos + 1] === ':';
  };
  const opts: ScannedOpt[] = [];
  const passed: string[] = [];
  const stop = (optind: number, error?: GetoptError): Scan => ({ opts, optind, operands: [...passed, ...args.slice(optind)], error });
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return stop(i + 1);
    if (options.longs && a.startsWith('--')) {
      const eq = a.indexOf('=', 2);
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const c = Object.hasOwn(options.longs, name) ? options.longs[name]! : undefined;
      const t = c === undefined ? null : takes(c);
      if (c === undefined || t === null) return stop(i + 1, { kind: 'unknown', opt: a });
      if (t) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return stop(args.length, { kind: 'missing', opt: c });
        opts.push({ c, arg: v });
      } else opts.push({ c });
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      if (options.permute) {
        passed.push(a);
        continue;
      }
      return stop(i);
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const t = takes(c);
      if (t === null) return stop(i + 1, { kind: 'unknown', opt: c });
      if (t) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[i + 1];
        if (v === undefined) return stop(args.length, { kind: 'missing', opt: c });
        if (j + 1 >= a.length) i++;
        opts.push({ c, arg: v });
        break;
      }
      opts.push({ c });
    }
  }
  return stop(i);
}

/** the older spec form (letters without a value, letters with one) that dladm, kstat and zfs use */
export interface OptSpec {
  /** letters of options without a value, e.g. 'pPv' */
  flags: string;
  /** space-separated letters of options that take a value, e.g. 'o l z' */
  withArg?: string;
  /** keep scanning after the first operand (getopt_long permutation, as dladm gets) */
  permute?: boolean;
}

export interface OptResult {
  flags: Set<string>;
  /** last value of each option that takes one */
  opts: Record<string, string>;
  /** every value of each option, in order */
  all: Record<string, string[]>;
  /** operands */
  rest: string[];
  /** first problem found: an unknown option or a missing value */
  error?: GetoptError;
  /** the order options were seen in */
  order: string[];
}

/** scanOptions() with the results gathered per letter */
export function getopt(args: string[], spec: OptSpec): OptResult {
  const withArg = (spec.withArg ?? '').split(/\s+/).filter(Boolean);
  const optstring = spec.flags.replaceAll(':', '') + withArg.map((c) => c + ':').join('');
  const scan = scanOptions(args, optstring, { permute: spec.permute });
  const res: OptResult = { flags: new Set(), opts: {}, all: {}, rest: scan.operands, order: [], error: scan.error };
  for (const { c, arg } of scan.opts) {
    res.order.push(c);
    if (arg === undefined) res.flags.add(c);
    else {
      res.opts[c] = arg;
      (res.all[c] ??= []).push(arg);
    }
  }
  if (!res.error) delete res.error;
  return res;
}
