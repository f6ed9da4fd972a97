// The Doctor's reader: each command once per run, at most two on the host at a time.
import { describe, expect, it } from 'vitest';
import type { Host } from '../hosts/registry';
import type { RunOptions, RunResult } from '../hosts/runner';
import { Reader } from './reader';

function countingHost() {
  let now = 0;
  const seen = { max: 0, calls: [] as string[], background: [] as (boolean | undefined)[] };
  const host = {
    name: 'h',
    runner: {
      run: async (call: { tool: string; args: string[] }, options: RunOptions = {}): Promise<RunResult> => {
        seen.calls.push([call.tool, ...call.args].join(' '));
        seen.background.push(options.background);
        seen.max = Math.max(seen.max, ++now);
        await new Promise((r) => setTimeout(r, 20));
        now--;
        return { stdout: 'ok\n', stderr: '', exitCode: 0, timedOut: false, truncated: false, startedAt: 0, durationMs: 20 };
      },
    },
  } as unknown as Host;
  return { host, seen };
}

describe('Reader', () => {
  it('runs each command once however many checks ask, two at a time, as background work', async () => {
    const { host, seen } = countingHost();
    const reader = new Reader(host);
    const zones = Array.from({ length: 12 }, (_, i) => `z${i}`);
    const reads = await Promise.all([...zones, ...zones].map((z) => reader.run({ tool: 'zonecfg', args: ['-z', z, 'info'] })));
    expect(reads.every((r) => r.result.stdout === 'ok\n' && r.evidence.argv[0] === 'zonecfg')).toBe(true);
    expect(seen.calls).toHaveLength(12);
    expect(seen.max).toBe(2);
    expect(seen.background.every((b) => b === true)).toBe(true);
  });
});
