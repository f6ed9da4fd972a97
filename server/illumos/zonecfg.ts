// argv builders for zonecfg (REFERENCE §3). Configuration changes go through a command file
// written by zonecfgFile.ts, never through one-shot command strings.
import type { ToolCall } from './types';
import { mustBe, validateAbsolutePath, validateZoneName } from './validate';

const zonecfg = (zone: string, rest: string[]): ToolCall => ({
  tool: 'zonecfg',
  args: ['-z', mustBe('zone', validateZoneName(zone)), ...rest],
});

/** `zonecfg -z Z -f FILE`: run a command file (create/set/add.../verify/commit). */
export function zonecfgApplyFile(zone: string, file: string): ToolCall {
  return zonecfg(zone, ['-f', mustBe('file', validateAbsolutePath(file, 'Command file path'))]);
}

/**
 * `zonecfg -z Z -f -`: the command file on standard input, so no file is written on the host
 * (a remote host over SSH needs none). zonecfg.c's cmd_file() treats "-" as interactive mode
 * without prompts: an error does not stop the commands after it (a file stops at the first),
 * and the exit status is 1; what the commands before and after committed stays.
 */
export function zonecfgApplyStdin(zone: string): ToolCall {
  return zonecfg(zone, ['-f', '-']);
}

export function zonecfgExport(zone: string): ToolCall {
  return zonecfg(zone, ['export']);
}

export function zonecfgInfo(zone: string): ToolCall {
  return zonecfg(zone, ['info']);
}

/** `zonecfg -z Z delete -F`: -F because a runner has no tty to answer the prompt. */
export function zonecfgDelete(zone: string): ToolCall {
  return zonecfg(zone, ['delete', '-F']);
}
