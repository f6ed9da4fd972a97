// What one Doctor run reads from a host: each command runs once per run however many checks
// ask for it, and its output is kept as the evidence shown next to the findings it supports.
import type { Host } from '../hosts/registry';
import type { RunResult } from '../hosts/runner';
import { Semaphore } from '../hosts/semaphore';
import type { ToolCall } from '../illumos/types';
import type { Evidence } from './types';

const READ_TIMEOUT_MS = 15_000;
/** Reads of one run in flight at once. A run reads some 40 things on a host of 25 zones (a
 *  configuration per zone, a snapshot list per installed zone, …); all at once they were 827
 *  tool runs in 40 s across 20 hosts at the first zones page view, a burst each host's sshd and
 *  CPU paid for while its zone list waited. Two at a time, a run on such a host takes about 20
 *  round trips. */
const READS_AT_ONCE = 2;
/** what a finding shows of a command's output (a zone list on a big host stays readable) */
const EVIDENCE_MAX_CHARS = 8_000;

/** The host stopped answering mid-run: the run is abandoned and the last report kept. */
export class HostUnreachable extends Error {}

export interface Read {
  result: RunResult;
  evidence: Evidence;
}

export class Reader {
  private readonly reads = new Map<string, Promise<Read>>();
  private readonly slots = new Semaphore(READS_AT_ONCE);

  constructor(readonly host: Host) {}

  run(call: ToolCall): Promise<Read> {
    const key = JSON.stringify([call.tool, ...call.args]);
    let read = this.reads.get(key);
    if (!read) {
      // background: the Doctor's reads (some 40 per host) yield to the zone lists and actions
      read = this.slots.acquire().then(async (release) => {
        let result: RunResult;
        try {
          result = await this.host.runner.run(call, { timeoutMs: READ_TIMEOUT_MS, background: true });
        } finally {
          release();
        }
        if (result.connectionLost) throw new HostUnreachable(`${this.host.name} did not answer: ${(result.stderr || 'the connection is down').trim().slice(0, 300)}`);
        return { result, evidence: evidenceOf(call, result) };
      });
      this.reads.set(key, read);
    }
    return read;
  }
}

export function evidenceOf(call: ToolCall, r: RunResult): Evidence {
  let output = r.stdout + (r.stderr ? (r.stdout && !r.stdout.endsWith('\n') ? '\n' : '') + r.stderr : '');
  if (r.timedOut) output += `\n[no answer within ${Math.round(r.durationMs / 1000)} s]\n`;
  if (output.length > EVIDENCE_MAX_CHARS) output = output.slice(0, EVIDENCE_MAX_CHARS) + `\n[… ${output.length - EVIDENCE_MAX_CHARS} more characters]\n`;
  return { argv: [call.tool, ...call.args], output, exitCode: r.exitCode };
}
