// Simulated uname(1), as usr/src/cmd/uname/uname.c prints it: the dashboard reads `uname -v`
// once per host for the Hosts page's release column. The simulated host is OmniOS (its zones
// boot "SunOS Release 5.11 Version <OS_VERSION>").
//   uname [-snrvmapiX] | uname [-S system_name]
// Exit status 0; 1 with the usage on a bad option or an operand.
import { hostname } from 'node:os';
import { scanOptions } from './getopt';
import type { ToolIO } from './tool-io';
import { OS_VERSION } from './zoneos';

const USAGE = 'usage:\tuname [-snrvmapiX]\n\tuname [-S system_name]\n';

export async function unameMain(args: string[], io: ToolIO): Promise<number> {
  const scan = scanOptions(args, 'asnrpvmiS:X');
  if (scan.error) {
    // getopt(3C) says what was wrong before uname's usage()
    io.stderr(scan.error.kind === 'unknown' ? `uname: illegal option -- ${scan.error.opt}\n` : `uname: option requires an argument -- ${scan.error.opt}\n`);
    io.stderr(USAGE);
    return 1;
  }
  if (scan.operands.length > 0) {
    io.stderr(USAGE);
    return 1;
  }
  const f = new Set(scan.opts.map((o) => o.c));
  if (f.has('S')) {
    // the simulated host keeps its name: setting it needs privileges the dashboard never uses
    io.stderr('uname: error in setting name: Not owner\n');
    return 1;
  }
  if (f.has('a')) for (const c of 'snrvmpi') f.add(c);
  if (f.size === 0) f.add('s');
  const fields: [string, string][] = [
    ['s', 'SunOS'],
    ['n', hostname().split('.')[0] || 'omnios'],
    ['r', '5.11'],
    ['v', OS_VERSION],
    ['m', 'i86pc'],
    ['p', 'i386'],
    ['i', 'i86pc'],
  ];
  const words = fields.filter(([c]) => f.has(c)).map(([, v]) => v);
  // as uname.c: the fields, then -X's lines straight after them (its first line joins the
  // fields' line, as the C does), then one newline
  let out = words.join(' ');
  if (f.has('X')) {
    out +=
      `System = SunOS\nNode = ${fields[1]![1]}\nRelease = 5.11\nKernelID = ${OS_VERSION}\nMachine = i86pc\n` +
      'BusType = <unknown>\nSerial = <unknown>\nUsers = <unknown>\nOEM# = 0\nOrigin# = 1\nNumCPU = 8\n';
  }
  io.stdout(`${out}\n`);
  return 0;
}
