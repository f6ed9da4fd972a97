// One zonecfg session (zonecfg.c's globals and driver): the zone and its handle, global or
// resource scope, the diagnostics with their "On line N" prefixes, getopt, prompts, and the loop
// that parses commands and dispatches each to its *_func in the zonecfg-*.ts files.
import { scanOptions } from './getopt';
import { findZone, readState } from './store';
import type { ToolIO } from './tool-io';
import type { SimZoneState } from './types';
import { addFunc } from './zonecfg-add';
import { type Cmd, isTerm, Parser } from './zonecfg-grammar';
import { CMD_ORDER, HELP_META, HELP_PROPS, HELP_RESOURCES, HELP_RES_PROPS, HELP_RES_SCOPE, HELP_SUBCMDS, HELP_SYNTAX, HELP_USAGE, HELPTAB_FLAGS, longHelp, SHELP, usageText } from './zonecfg-help';
import { type CommandName, lex, type Tok } from './zonecfg-lex';
import { createFunc, deleteFunc, exitFunc } from './zonecfg-lifecycle';
import { type AdminRes, type AttrRes, blankConfig, configFromZone, type DevRes, type DsRes, emptyNet, type FsRes, type NetRes, OMNIOS_BRANDS, type PsetRes, type RctlRes, type SecflagsRes, Z, type ZoneConfig } from './zonecfg-model';
import { exportFunc, infoFunc } from './zonecfg-output';
import { clearFunc, setFunc } from './zonecfg-props';
import { removeFunc } from './zonecfg-remove';
import { cancelFunc, endFunc, selectFunc } from './zonecfg-scope';
import { commitFunc, revertFunc, verifyFunc } from './zonecfg-verify';

export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export const Z_ERR = 1;
export const Z_USAGE = 2;

export interface LineSource {
  readLine(): Promise<string | null>;
}

export type RtIP = { ncpus?: string };

export interface InProgress {
  fs: FsRes;
  net: NetRes;
  device: DevRes;
  rctl: RctlRes;
  attr: AttrRes;
  dataset: DsRes;
  pset: PsetRes;
  admin: AdminRes;
  secflags: SecflagsRes;
  pcap: RtIP;
}

export function freshInProgress(): InProgress {
  return {
    fs: { dir: '', special: '', raw: '', type: '', options: [] },
    net: emptyNet(),
    device: { match: '', props: [] },
    rctl: { name: '', values: [] },
    attr: { name: '', type: '', value: '' },
    dataset: { name: '' },
    pset: { ncpuMin: '', ncpuMax: '', importance: '' },
    admin: { user: '', auths: '' },
    secflags: { default: '', lower: '', upper: '' },
    pcap: {},
  };
}

export const STATE_NUM: Record<SimZoneState, number> = {
  configured: 0,
  incomplete: 1,
  installed: 2,
  ready: 3,
  running: 4,
  shutting_down: 5,
  down: 6,
  mounted: 7,
};


export class ZonecfgSession {
  execname = 'zonecfg';
  zone = '';
  revertZone = '';
  globalZone = false;
  handle: ZoneConfig | null = null;
  gotHandle = false;
  needToCommit = false;
  sawError = false;
  globalScope = true;
  resourceScope: string | null = null;
  endOp: 'add' | 'select' | null = null;
  cmdFileMode = false;
  cmdFileName: string | null = null;
  interactiveMode = false;
  okToPrompt = false;
  readOnly = false;
  timeToExit = false;
  forceExit = false;
  lexLineno = 1;
  lastLineno = 0;
  ip = freshInProgress();
  old = freshInProgress();
  /** stdin lines, for prompts and (interactive) commands */
  lines: LineSource | null = null;

  constructor(readonly io: ToolIO) {}

  out(s: string) {
    this.io.stdout(s);
  }
  errw(s: string) {
    this.io.stderr(s);
  }

  /** zerr(); with setSaw, also saw_error = B_TRUE (the session then exits 1), as most callers do */
  zerr(msg: string, setSaw = false) {
    if (this.cmdFileMode && this.lexLineno > this.lastLineno) {
      if (this.cmdFileName === '-') this.errw(`On line ${this.lexLineno - 1}:\n`);
      else this.errw(`On line ${this.lexLineno - 1} of ${this.cmdFileName}:\n`);
      this.lastLineno = this.lexLineno;
    }
    this.errw(msg + '\n');
    if (setSaw) this.sawError = true;
  }

  zonePerror(prefix: string, err: string, setSaw: boolean) {
    this.zerr(`${prefix}: ${err}`);
    if (setSaw) this.sawError = true;
  }

  cmdRtPerror(cmd: string, res: string, err: string, setSaw = true) {
    this.zerr(`${cmd} ${res}: ${err}`);
    if (setSaw) this.sawError = true;
  }

  /** an unknown property for cmd: zone_perror(Z_NO_PROPERTY_TYPE), cmd's long usage, the property list */
  unknownProperty(cmd: CommandName, prop: string) {
    this.zonePerror(prop, Z.NO_PROPERTY_TYPE, true);
    this.longUsage(cmd, true);
    this.usage(false, HELP_PROPS);
  }

  /** an unknown resource type for cmd: zone_perror(Z_NO_RESOURCE_TYPE), cmd's long usage, the resource list */
  unknownResource(cmd: CommandName, res: string) {
    this.zonePerror(res, Z.NO_RESOURCE_TYPE, true);
    this.longUsage(cmd, true);
    this.usage(false, HELP_RESOURCES);
  }

  usage(verbose: boolean, flags: number) {
    const text = usageText(verbose, flags, this.execname, this.resourceScope);
    if (verbose) this.out(text);
    else this.errw(text);
  }

  shortUsage(cmd: CommandName) {
    if (this.cmdFileMode) {
      if (this.cmdFileName === '-') this.errw(`syntax error on line ${this.lexLineno - 1}\n`);
      else this.errw(`syntax error on line ${this.lexLineno - 1} of ${this.cmdFileName}\n`);
    }
    this.errw(`usage:\n${SHELP[cmd]}\n`);
    this.sawError = true;
  }

  longUsage(cmd: CommandName, setSaw: boolean) {
    const w = setSaw ? (s: string) => this.errw(s) : (s: string) => this.out(s);
    w(`usage:\n${SHELP[cmd]}\n`);
    w(`\t${longHelp(cmd)}\n`);
    if (setSaw) this.sawError = true;
  }

  longerUsage(cmd: CommandName) {
    this.longUsage(cmd, false);
    const f = HELPTAB_FLAGS[cmd];
    if (f) {
      this.out('\n');
      this.usage(true, f);
    }
  }

  scopeUsage(cmd: CommandName) {
    this.zerr(`The ${cmd} command only makes sense in the ${this.globalScope ? 'resource' : 'global'} scope.`);
    this.sawError = true;
  }

  async askYesNo(def: boolean, question: string): Promise<number> {
    if (!this.okToPrompt || !this.lines) {
      this.sawError = true;
      return -1;
    }
    for (;;) {
      this.out(`${question} (${def ? '[y]/n' : 'y/[n]'})? `);
      const line = await this.lines.readLine();
      if (line === null) return -1;
      if (line === '') return def ? 1 : 0;
      const c = line[0]!.toLowerCase();
      if (c === 'y') return 1;
      if (c === 'n') return 0;
    }
  }

  /**
   * getopt(3C) over a command's argv (optind=0: argv[0] is the first argument, and also the name
   * its diagnostics carry); an error ends the list with '?', as getopt returns it
   */
  getopt(argv: string[], optstring: string, printErrors = true): { opts: { c: string; arg?: string }[]; optind: number; bad?: string } {
    const scan = scanOptions(argv, optstring);
    const opts: { c: string; arg?: string }[] = scan.opts;
    if (!scan.error) return { opts, optind: scan.optind };
    const { kind, opt } = scan.error;
    if (printErrors && kind === 'missing') this.errw(`${argv[0]}: option requires an argument -- ${opt}\n`);
    if (printErrors && kind === 'unknown' && opt !== '?') this.errw(`${argv[0]}: illegal option -- ${opt}\n`);
    opts.push({ c: '?' });
    return { opts, optind: scan.optind, bad: opt };
  }

  // -------------------------------------------------------------- state access

  async zoneState(name = this.zone): Promise<SimZoneState | null> {
    const s = await readState(this.io.root);
    return findZone(s, name)?.state ?? null;
  }

  async stateAtleast(min: SimZoneState): Promise<boolean> {
    const st = await this.zoneState();
    if (st === null) return false;
    return STATE_NUM[st] >= STATE_NUM[min];
  }

  async committedConfig(name: string): Promise<ZoneConfig | null> {
    const s = await readState(this.io.root);
    const z = findZone(s, name);
    if (!z) return null;
    if (name === 'global') return (z.globalConfig as ZoneConfig | undefined) ?? blankConfig('global', 'ipkg');
    return configFromZone(z);
  }

  async initialize(handleExpected: boolean): Promise<boolean> {
    if (this.handle) return true;
    const cfg = this.globalZone ? await this.committedConfig('global') : await this.committedConfig(this.zone);
    if (cfg) {
      this.handle = cfg;
      this.gotHandle = true;
      if (!this.globalZone && !OMNIOS_BRANDS.includes(cfg.brand as never)) {
        this.zerr(`Zone ${this.zone} uses non-existent brand "${cfg.brand}".  Unable to continue`);
        throw new Exit(Z_ERR);
      }
      return true;
    }
    if (this.globalZone && !this.gotHandle && !this.readOnly) {
      this.handle = blankConfig('global', 'ipkg');
      this.needToCommit = true;
      this.gotHandle = true;
      return true;
    }
    this.zonePerror(this.zone, Z.NO_ZONE, handleExpected || this.gotHandle);
    if (!this.gotHandle && this.interactiveMode && !this.readOnly)
      this.out("Use 'create' to begin configuring a new zone.\n");
    return false;
  }

  zoneIsReadOnly(cmd: CommandName): boolean {
    if (this.zone.startsWith('SUNW')) {
      this.zerr(`${this.zone}: zones beginning with SUNW are read-only.`);
      this.sawError = true;
      return true;
    }
    if (this.readOnly) {
      this.zerr(`${this.zone}: cannot ${cmd} in read-only mode.`);
      this.sawError = true;
      return true;
    }
    return false;
  }

  cfg(): ZoneConfig {
    return this.handle!;
  }


  helpFunc(cmd: Cmd) {
    const a = cmd.argv[0];
    if (a === undefined) {
      this.usage(true, this.globalScope ? HELP_SUBCMDS : HELP_RES_SCOPE);
      return;
    }
    if (a === 'usage') return this.usage(true, HELP_USAGE);
    if (a === 'commands') return this.usage(true, HELP_SUBCMDS);
    if (a === 'syntax') return this.usage(true, HELP_SYNTAX | HELP_RES_PROPS);
    if (a === '-?') return this.longerUsage('help');
    if ((CMD_ORDER as string[]).includes(a)) return this.longerUsage(a as CommandName);
    this.errw(`Unknown help subject ${a}.  `);
    this.usage(false, HELP_META);
  }

  // -------------------------------------------------------------- driver

  async runCmd(cmd: Cmd) {
    switch (cmd.name) {
      case 'add':
        return addFunc(this, cmd);
      case 'cancel':
        return cancelFunc(this, cmd);
      case 'clear':
        return clearFunc(this, cmd);
      case 'commit':
        return commitFunc(this, cmd);
      case 'create':
        return createFunc(this, cmd);
      case 'delete':
        return deleteFunc(this, cmd);
      case 'end':
        return endFunc(this, cmd);
      case 'exit':
        return exitFunc(this, cmd);
      case 'export':
        return exportFunc(this, cmd);
      case 'help':
        return this.helpFunc(cmd);
      case 'info':
        return infoFunc(this, cmd);
      case 'remove':
        return removeFunc(this, cmd);
      case 'revert':
        return revertFunc(this, cmd);
      case 'select':
        return selectFunc(this, cmd);
      case 'set':
        return setFunc(this, cmd);
      case 'verify':
        return verifyFunc(this, cmd);
    }
  }

  yyerror(tok: Tok) {
    this.sawError = true;
    if (tok.type === 'EOF') return;
    const text = tok.type === 'NL' ? '\\n' : tok.text;
    if (this.cmdFileMode) this.errw(`syntax error on line ${tok.line} at '${text}'\n`);
    else this.errw(`syntax error at '${text}'\n`);
    this.usage(false, HELP_SUBCMDS);
  }

  /** Parse and run the commands of toks[from..]; stop early when stop() says so. Returns the next index. */
  async runTokens(toks: Tok[], from: number, stop: () => boolean): Promise<number> {
    const p = new Parser(toks);
    let i = from;
    while (i < toks.length && toks[i]!.type !== 'EOF') {
      const r = p.parse(i);
      if (r.kind === 'cmd') {
        const term = toks[r.next - 1];
        this.lexLineno = term && isTerm(term) ? term.line : toks[r.next]!.line;
        await this.runCmd(r.cmd);
      } else if (r.kind === 'action') {
        this.lexLineno = toks[Math.min(i + 1, toks.length - 1)]!.line;
        this.shortUsage(r.action);
        if (r.extra) {
          this.errw('\n');
          this.usage(false, r.extra);
        }
      } else if (r.kind === 'syntax') {
        this.lexLineno = toks[r.at]!.line;
        this.yyerror(toks[r.at]!);
      }
      i = r.next;
      if (r.next < toks.length) this.lexLineno = toks[Math.max(r.next - 1, 0)]!.line;
      if (stop()) break;
    }
    return i;
  }

  async cleanup(): Promise<number | 'repeat'> {
    if (!this.interactiveMode && !this.cmdFileMode) this.okToPrompt = false;
    if (!this.globalScope) {
      if (!this.timeToExit) {
        const answer = await this.askYesNo(false, 'Resource incomplete; really quit');
        if (answer === -1) {
          this.zerr('Resource incomplete.');
          return Z_ERR;
        }
        if (answer !== 1) return 'repeat';
      } else this.sawError = true;
    }
    if (this.needToCommit && this.handle) {
      await commitFunc(this, { name: 'commit', argv: [], res: null, props: [] });
      if (this.needToCommit) {
        if (this.forceExit) {
          this.zerr('Configuration not saved.');
          return Z_ERR;
        }
        const answer = await this.askYesNo(false, 'Configuration not saved; really quit');
        if (answer === -1) {
          this.zerr('Configuration not saved.');
          return Z_ERR;
        }
        if (answer !== 1) {
          this.timeToExit = false;
          return 'repeat';
        }
      }
    }
    return this.needToCommit || this.sawError ? Z_ERR : 0;
  }

  prompt(): string {
    return this.globalScope ? `${this.execname}:${this.zone}> ` : `${this.execname}:${this.zone}:${this.resourceScope}> `;
  }

  /** read_input() for line-by-line input (a terminal, or stdin in interactive mode) */
  async readInput(src: LineSource, tty: boolean): Promise<number | 'repeat'> {
    for (;;) {
      if (tty) this.out(this.prompt());
      const line = await src.readLine();
      if (line === null) break;
      const toks = lex(line + '\n', this.lexLineno);
      await this.runTokens(toks, 0, () => false);
      this.lexLineno = toks[toks.length - 1]!.line;
      if (this.sawError && this.cmdFileMode && !this.interactiveMode) this.timeToExit = true;
      if (this.timeToExit) break;
    }
    return this.cleanup();
  }
}

export function lineSource(io: ToolIO): LineSource | null {
  const ext = io as ToolIO & { readLine?: () => Promise<string | null> };
  if (ext.readLine) return { readLine: () => ext.readLine!() };
  if (io.stdin === null) return null;
  const lines = io.stdin.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let i = 0;
  return { readLine: async () => (i < lines.length ? lines[i++]! : null) };
}
