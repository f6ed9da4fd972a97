// The contract between the simulated tools and whoever runs them: the in-process sim runner
// of the dashboard (server/hosts/sim.ts) or the executables in server/sim/bin/.
// A tool is a function from argv to an exit code that writes bytes to stdout/stderr, exactly
// as the real illumos tool would print them. It never calls process.exit.

export interface ToolIO {
  /** the simulated host's state directory (SIM_ROOT) */
  root: string;
  /** everything on standard input, or null when there is none (like </dev/null) */
  stdin: string | null;
  /** whether stdin is a terminal: decides prompts such as uninstall's "Are you sure" */
  isTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** multiplier for simulated durations (SIM_TIME_SCALE; 0 = instant) */
  timeScale: number;
  /** the runner's timeout or cancellation */
  signal?: AbortSignal;
}

/** argv without the tool name, e.g. ['-z', 'web01', 'boot'] for `zoneadm -z web01 boot` */
export type ToolMain = (args: string[], io: ToolIO) => Promise<number>;

export type SimToolName = 'zoneadm' | 'zonecfg' | 'dladm' | 'zlogin' | 'ipadm' | 'kstat' | 'zfs' | 'uname' | 'prctl';
