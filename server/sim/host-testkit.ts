// Test helpers for zoneadm/zonecfg/dladm: a throw-away simulated host (fresh temp SIM_ROOT)
// driven through runTool, with optional terminal emulation for interactive transcripts.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimToolName } from './tool-io';
import { runTool, type SimToolIO } from './tools';
import { ensureHost, physLink, updateState, type SimState } from './store';
import type { SimLink } from './types';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in write order (plus echoed input in tty mode) */
  all: string;
}

export interface RunOpts {
  stdin?: string | null;
  isTTY?: boolean;
  timeScale?: number;
  user?: string;
  zonename?: string;
  /** emulate a terminal: input lines are read one by one and echoed into `all` */
  ttyLines?: string[];
  signal?: AbortSignal;
}

export interface TestHost {
  root: string;
  run(tool: SimToolName, args: string[], opts?: RunOpts): Promise<RunResult>;
  zoneadm(...args: string[]): Promise<RunResult>;
  zonecfg(...args: string[]): Promise<RunResult>;
  dladm(...args: string[]): Promise<RunResult>;
  /** set up simulated hardware or host settings (what no tool can change) */
  setup(fn: (s: SimState) => void): Promise<void>;
  /** replace the physical links (e.g. igb0 instead of i40e0) */
  physLinks(links: (Partial<SimLink> & { name: string })[]): Promise<void>;
  /** queue MAC addresses for the next "random" VNICs, to compare against recorded output */
  queueMacs(...macs: string[]): Promise<void>;
  cleanup(): void;
}

export async function tmpHost(): Promise<TestHost> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'zone-sim-core-'));
  await ensureHost(root);
  const run = async (tool: SimToolName, args: string[], o: RunOpts = {}): Promise<RunResult> => {
    let stdout = '';
    let stderr = '';
    let all = '';
    const lines = o.ttyLines ? [...o.ttyLines] : null;
    const io: SimToolIO = {
      root,
      stdin: lines ? null : (o.stdin ?? null),
      isTTY: lines ? true : (o.isTTY ?? false),
      stdout: (t) => {
        stdout += t;
        all += t;
      },
      stderr: (t) => {
        stderr += t;
        all += t;
      },
      timeScale: o.timeScale ?? 0,
      user: o.user,
      zonename: o.zonename,
      signal: o.signal,
    };
    if (lines)
      io.readLine = async () => {
        const l = lines.shift();
        if (l === undefined) return null;
        all += l + '\n';
        return l;
      };
    const code = await runTool(tool, args, io);
    return { code, stdout, stderr, all };
  };
  return {
    root,
    run,
    zoneadm: (...a) => run('zoneadm', a),
    zonecfg: (...a) => run('zonecfg', a),
    dladm: (...a) => run('dladm', a),
    setup: (fn) => updateState(root, fn),
    physLinks: (links) =>
      updateState(root, (s) => {
        s.links = s.links.filter((l) => l.class !== 'phys');
        s.links.unshift(...links.map((l) => ({ ...physLink(l.name), ...l })));
      }),
    queueMacs: (...macs) =>
      updateState(root, (s) => {
        const x = s as SimState & { macQueue?: string[] };
        x.macQueue = [...(x.macQueue ?? []), ...macs];
      }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** expand TABs to 8-column stops (for transcripts copied from terminals / web pages) */
export function expandTabs(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      let out = '';
      for (const c of line) {
        if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
        else out += c;
      }
      return out;
    })
    .join('\n');
}
