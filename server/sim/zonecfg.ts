// Simulated zonecfg(8), ported function for function from OmniOS usr/src/cmd/zonecfg/zonecfg.c.
// This file is main(): its getopt, then one-shot (argv joined with spaces, then lexed: ';'
// separates commands), -f FILE (stops at the first error, "On line N of FILE:" prefixes), -f -
// and interactive (stdin) modes. The rest follows zonecfg.c's seams: zonecfg-lex.ts (lexer),
// zonecfg-grammar.ts (parser), zonecfg-session.ts (session state, diagnostics, dispatcher),
// zonecfg-lifecycle.ts (create/delete/exit), zonecfg-add.ts, zonecfg-scope.ts (select/end/cancel),
// zonecfg-remove.ts, zonecfg-props.ts (set/clear), zonecfg-output.ts (info/export),
// zonecfg-verify.ts (verify/commit/revert), zonecfg-help.ts, zonecfg-checks.ts, zonecfg-model.ts.
import { promises as fsp } from 'node:fs';
import { scanOptions } from './getopt';
import type { ToolIO } from './tool-io';
import { Parser } from './zonecfg-grammar';
import { HELP_SUBCMDS, HELP_SYNTAX, HELP_USAGE, usageText } from './zonecfg-help';
import { lex } from './zonecfg-lex';
import { validZoneName, Z } from './zonecfg-model';
import { Exit, lineSource, Z_ERR, Z_USAGE, ZonecfgSession } from './zonecfg-session';

// ------------------------------------------------------------------ main

export async function zonecfgMain(args: string[], io: ToolIO): Promise<number> {
  const s = new ZonecfgSession(io);
  try {
    return await mainInner(s, args, io);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

async function mainInner(s: ZonecfgSession, args: string[], io: ToolIO): Promise<number> {
  const ext = io as ToolIO & { zonename?: string; user?: string };
  if (ext.zonename && ext.zonename !== 'global') {
    s.zerr('zonecfg can only be run from the global zone.');
    return Z_ERR;
  }
  if (args.length < 1) {
    s.usage(false, HELP_USAGE | HELP_SUBCMDS);
    return Z_USAGE;
  }
  if (args[0] === 'help') {
    const toks = lex(args.join(' ') + '\n');
    await s.runTokens(toks, 0, () => false);
    return 0;
  }
  // main()'s getopt("?f:R:z:"): each option acts in order, so an earlier bad -R or -z wins
  const scan = scanOptions(args, '?f:R:z:');
  for (const { c, arg } of scan.opts) {
    const v = arg!;
    if (c === '?') {
      s.usage(true, HELP_USAGE | HELP_SUBCMDS);
      return Z_USAGE;
    }
    if (c === 'f') {
      s.cmdFileName = v;
      s.cmdFileMode = true;
    } else if (c === 'R') {
      if (!v.startsWith('/')) {
        s.zerr(`root path must be absolute: ${v}`);
        return Z_USAGE;
      }
    } else {
      if (v === 'global') s.globalZone = true;
      else if (!validZoneName(v)) {
        s.zonePerror(v, Z.BOGUS_ZONE_NAME, true);
        s.usage(false, HELP_SYNTAX);
        return Z_USAGE;
      }
      s.zone = v;
      s.revertZone = v;
    }
  }
  if (scan.error) {
    const { kind, opt } = scan.error;
    s.errw(kind === 'missing' ? `zonecfg: option requires an argument -- ${opt}\n` : `zonecfg: illegal option -- ${opt}\n`);
    s.usage(false, HELP_USAGE);
    return Z_USAGE;
  }
  const i = scan.optind;
  const operands = args.slice(i);
  if (s.zone === '') {
    s.usage(false, HELP_USAGE);
    return Z_USAGE;
  }
  if (ext.user && ext.user !== 'root') {
    s.readOnly = true;
    if (operands.length === 0)
      s.errw("WARNING: you do not have write access to this zone's configuration file;\ngoing into read-only mode.\n");
  }
  s.okToPrompt = io.isTTY;
  s.lines = lineSource(io);
  if (operands.length > 0) {
    // one_command_at_a_time: argv joined with spaces, then lexed; errors don't stop later commands
    const toks = lex(operands.join(' ') + '\n');
    await s.runTokens(toks, 0, () => false);
    s.lexLineno = toks[toks.length - 1]!.line;
    const r = await s.cleanup();
    return r === 'repeat' ? Z_ERR : r;
  }
  if (!s.cmdFileMode) {
    // do_interactive
    s.interactiveMode = true;
    if (!s.readOnly) await s.initialize(false);
    const src = s.lines ?? { readLine: async () => null };
    for (;;) {
      const r = await s.readInput(src, io.isTTY);
      if (r !== 'repeat') return r;
    }
  }
  // cmd_file
  const file = s.cmdFileName!;
  if (file !== '-') {
    s.cmdFileMode = false;
    let text: string;
    try {
      const st = await fsp.stat(file);
      if (!st.isFile()) {
        s.zerr(`${file} is not a regular file.`);
        return Z_ERR;
      }
      text = await fsp.readFile(file, 'utf8');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const msg = err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EACCES' ? 'Permission denied' : err.message;
      s.zerr(`could not open file ${file}: ${msg}`);
      return Z_ERR;
    }
    s.cmdFileMode = true;
    s.okToPrompt = false;
    const toks = lex(text);
    await s.runTokens(toks, 0, () => {
      if (s.sawError && s.cmdFileMode && !s.interactiveMode) s.timeToExit = true;
      return s.timeToExit;
    });
    const r = await s.cleanup();
    return r === 'repeat' ? Z_ERR : r;
  }
  s.interactiveMode = true;
  const src = s.lines ?? { readLine: async () => null };
  const r = await s.readInput(src, io.isTTY);
  return r === 'repeat' ? Z_ERR : r;
}

export const _test = { lex, Parser, usageText, HELP_SUBCMDS, HELP_SYNTAX };
