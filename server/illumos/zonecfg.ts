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
