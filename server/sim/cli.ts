// Process entry of the simulated tools: server/sim/bin/<tool> -> bin/_launch -> this file.
//   node --import <repo>/node_modules/tsx/dist/loader.mjs server/sim/cli.ts TOOL [args...]
// Environment:
//   SIM_ROOT        the simulated host's state directory (default ~/.zone-sim)
//   SIM_TIME_SCALE  multiplier for simulated durations (default 1; 0 = instant)
//   SIM_USER        the user running the tool (default root)
//   SIM_ZONENAME    the zone the tool runs in (default global)
// stdin is read to the end only when it is not a terminal; on a terminal, prompts and
// interactive zonecfg read it line by line.
import { createInterface } from 'node:readline';
import type { SimToolName } from './tool-io';
import { runTool, SIM_TOOLS, type SimToolIO } from './tools';
import { defaultSimRoot, ensureHost } from './store';
import { faultMain } from './faults';
import { scanOptions } from './getopt';

// A reader that goes away (`zlogin z ipadm show-addr | grep -q x`) ends a real tool with
// SIGPIPE, silently; Node would instead throw EPIPE with a stack trace on stderr.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function ttyLineReader(): { readLine: () => Promise<string | null>; close: () => void } {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const queue: string[] = [];
  const waiters: ((l: string | null) => void)[] = [];
  let closed = false;
  rl.on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else queue.push(l);
  });
  rl.on('close', () => {
    closed = true;
    for (const w of waiters.splice(0)) w(null);
  });
  return {
    readLine: () =>
      new Promise((resolve) => {
        if (queue.length) resolve(queue.shift()!);
        else if (closed) resolve(null);
        else waiters.push(resolve);
      }),
    close: () => rl.close(),
  };
}

/** zonecfg without command operands (interactive) or with -f - reads its commands from stdin */
function wantsStdin(tool: string | undefined, args: string[]): boolean {
  if (tool !== 'zonecfg') return false;
  // zonecfg main()'s own getopt("?f:R:z:"); after a bad option it reads nothing
  const scan = scanOptions(args, '?f:R:z:');
  if (scan.error) return false;
  const file = scan.opts.filter((o) => o.c === 'f').pop()?.arg ?? null;
  const i = scan.optind;
  if (args[0] === 'help') return false;
  return i >= args.length && (file === null || file === '-');
}

async function main(): Promise<number> {
  const [tool, ...args] = process.argv.slice(2);
  const root = defaultSimRoot();
  if (tool === 'zlogin') {
    // zlogin handles the real terminal itself (console mode, raw tty)
    await ensureHost(root);
    await (await import('./zlogin')).zloginProcess(args);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  }
  const isTTY = !!process.stdin.isTTY;
  // like the real tools, only zonecfg reading its commands from stdin consumes it (a pipe
  // that is never closed, e.g. an ssh channel, must not hang zoneadm list)
  const stdin = isTTY || !wantsStdin(tool, args) ? null : await readAll();
  const reader = isTTY ? ttyLineReader() : null;
  const scale = Number(process.env.SIM_TIME_SCALE ?? '1');
  const io: SimToolIO = {
    root,
    stdin,
    isTTY,
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    timeScale: Number.isFinite(scale) && scale >= 0 ? scale : 1,
    user: process.env.SIM_USER || 'root',
    zonename: process.env.SIM_ZONENAME || 'global',
    readLine: reader?.readLine,
  };
  try {
    if (tool === 'sim-fault') return await faultMain(args, io);
    if (!tool || !SIM_TOOLS.includes(tool as SimToolName)) {
      process.stderr.write(`usage: cli.ts {${SIM_TOOLS.join('|')}|sim-fault} [args...]\n`);
      return 2;
    }
    return await runTool(tool as SimToolName, args, io);
  } finally {
    reader?.close();
  }
}

process.exitCode = await main();
