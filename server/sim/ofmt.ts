// libofmt (illumos usr/src/lib/libofmt) as dladm and ipadm use it: human tables with their
// overflow rules, the header repeated every 23 rows when stdout is not a terminal (window of
// 24 rows), parsable ':'-joined output with '\:' / '\\' escaping when more than one field is
// requested, and comma-list wrapping for show-linkprop's POSSIBLE column.

export interface OfmtField<R> {
  /** header name, upper case (matched case-insensitively by -o) */
  name: string;
  /** column width, separating space included */
  width: number;
  /** the value; '' prints as '--' in human mode; null prints '?' (unknown) */
  get: (row: R) => string | null;
}

export interface OfmtSelection<R> {
  fields: OfmtField<R>[];
  /** names given to -o that match no field */
  bad: string[];
}

/** Resolve a -o list ("link,over" or "all"); null means the defaults. */
export function ofmtSelect<R>(all: OfmtField<R>[], defaults: string, spec: string | null): OfmtSelection<R> {
  const want = spec === null ? defaults : spec.toLowerCase() === 'all' ? all.map((f) => f.name).join(',') : spec;
  const fields: OfmtField<R>[] = [];
  const bad: string[] = [];
  for (const name of want.split(',')) {
    if (name === '') continue;
    const f = all.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (f) fields.push(f);
    else bad.push(name);
  }
  return { fields, bad };
}

/** ofmt_strerror for OFMT_EBADFIELDS */
export function ofmtBadFieldsMessage(bad: string[], parsable: boolean): string {
  const s = parsable
    ? bad.length > 1
      ? 'unknown output fields:'
      : 'unknown output field:'
    : bad.length > 1
      ? 'ignoring unknown output fields:'
      : 'ignoring unknown output field:';
  return s + bad.map((b) => ` \`${b}'`).join('');
}

export interface OfmtOptions {
  parsable?: boolean;
  /** split comma lists over several lines to fit the width (OFMT_WRAP) */
  wrap?: boolean;
  /** window rows; the header repeats every (rows - 1) data rows. Default 24 (not a tty). */
  rows?: number;
  noHeader?: boolean;
}

const UNDEF = '--';
const UNKNOWN = '?';

class Printer {
  out = '';
  overflow = 0;
  constructor(
    readonly nfields: number,
    readonly parsable: boolean,
  ) {}

  field(width: number, value: string, last: boolean, escsep: boolean): void {
    if (this.parsable) {
      if (this.nfields === 1) {
        this.out += value;
        return;
      }
      for (const c of value) {
        if (escsep && (c === ':' || c === '\\')) this.out += '\\';
        this.out += c;
      }
      if (!last) this.out += ':';
      return;
    }
    if (last) {
      this.out += value;
      this.overflow = 0;
      return;
    }
    const valwidth = value.length;
    if (valwidth + this.overflow >= width) {
      this.overflow += valwidth - width + 1;
      this.out += value + ' ';
      return;
    }
    if (this.overflow > 0) {
      const compress = Math.min(this.overflow, width - valwidth);
      this.overflow -= compress;
      width -= compress;
    }
    this.out += value.padEnd(width, ' ');
  }
}

interface Split {
  parts: string[];
  cur: number;
}

/** ofmt_fit_width: take as many comma-separated pieces as fit in the width */
function fitWidth(sp: Split, width: number): string {
  let value = '';
  let i: number;
  for (i = sp.cur; i < sp.parts.length; i++) {
    value += sp.parts[i] + ',';
    let nextlen: number;
    if (i + 1 === sp.parts.length) {
      nextlen = 0;
      value = value.slice(0, -1);
    } else {
      nextlen = sp.parts[i + 1]!.length;
    }
    if (value.length + nextlen > width) {
      i++;
      break;
    }
  }
  sp.cur = i;
  return value;
}

export function ofmtRender<R>(rows: R[], fields: OfmtField<R>[], opts: OfmtOptions = {}): string {
  const parsable = !!opts.parsable;
  const winrows = opts.rows ?? 24;
  const p = new Printer(fields.length, parsable);
  const escsep = fields.length > 1;
  let nrow = 0;
  for (const row of rows) {
    if (nrow++ % winrows === 0 && !parsable && !opts.noHeader) {
      fields.forEach((f, i) => p.field(f.width, f.name, i + 1 === fields.length, escsep));
      p.out += '\n';
      nrow++;
    }
    const splits: (Split | null)[] = [];
    let more = false;
    fields.forEach((f, i) => {
      const last = i + 1 === fields.length;
      const v = f.get(row);
      if (v === null) {
        splits.push(null);
        p.field(f.width, UNKNOWN, last, escsep);
        return;
      }
      let value = v;
      if (opts.wrap && !parsable) {
        const sp: Split = { parts: v.split(','), cur: 0 };
        value = fitWidth(sp, f.width);
        splits.push(sp);
        if (sp.cur < sp.parts.length) more = true;
      } else splits.push(null);
      p.field(f.width, value === '' && !parsable ? UNDEF : value, last, escsep);
    });
    p.out += '\n';
    while (more) {
      more = false;
      fields.forEach((f, i) => {
        const last = i + 1 === fields.length;
        const sp = splits[i];
        let value = '';
        if (sp && sp.cur < sp.parts.length) {
          value = fitWidth(sp, f.width);
          if (sp.cur < sp.parts.length) more = true;
        }
        p.field(f.width, value, last, escsep);
      });
      p.out += '\n';
    }
  }
  return p.out;
}
