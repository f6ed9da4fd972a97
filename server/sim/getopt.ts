// getopt(3C)-style option parsing for the simulated tools.
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
  error?: { opt: string; kind: 'unknown' | 'missing' };
  /** the order options were seen in */
  order: string[];
}

export function getopt(args: string[], spec: OptSpec): OptResult {
  const withArg = new Set((spec.withArg ?? '').split(/\s+/).filter(Boolean));
  const res: OptResult = { flags: new Set(), opts: {}, all: {}, rest: [], order: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (spec.permute) {
        res.rest.push(a);
        continue;
      }
      break;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (withArg.has(c)) {
        let v: string | undefined;
        if (j + 1 < a.length) v = a.slice(j + 1);
        else if (i + 1 < args.length) v = args[++i];
        if (v === undefined) {
          res.error ??= { opt: c, kind: 'missing' };
          return finish(res, args, args.length);
        }
        res.opts[c] = v;
        (res.all[c] ??= []).push(v);
        res.order.push(c);
        break;
      }
      if (spec.flags.includes(c)) {
        res.flags.add(c);
        res.order.push(c);
        continue;
      }
      res.error ??= { opt: c, kind: 'unknown' };
      return finish(res, args, args.length);
    }
  }
  return finish(res, args, i);
}

function finish(res: OptResult, args: string[], from: number): OptResult {
  res.rest.push(...args.slice(from));
  return res;
}
