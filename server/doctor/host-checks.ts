// The host itself: every tool the dashboard runs is there and runs, the user the tools run as
// has the RBAC profile each one's changes need (named exactly), and the host's clock agrees
// with the dashboard's. Privileges are read two ways: `zoneadm verify` (a read that zoneadm
// still refuses without them), and the failed steps of recent tasks on the host, whose errors
// say which tool was refused.
import {
  PROBED_TOOLS,
  TOOL_PROFILE,
  clockSkew,
  kstatClock,
  parseKstatClock,
  privilegeProblem,
  toolMissing,
  toolProbe,
  zoneadmPrivilegeProbe,
} from '../illumos/doctor';
import type { ToolName } from '../illumos/types';
import { taskManager } from '../services';
import type { DoctorContext } from './context';
import { evidenceOf } from './reader';
import { withManualFix, type DoctorFinding } from './finding';
import type { Evidence } from './types';

export async function toolFindings(ctx: DoctorContext): Promise<DoctorFinding[]> {
  const host = ctx.host.name;
  const findings: DoctorFinding[] = [];
  const missing = new Set<ToolName>();
  await Promise.all(
    PROBED_TOOLS.map(async (tool) => {
      const probe = toolProbe(tool);
      if (!probe) return;
      const read = await ctx.reader.run(probe.call);
      const how = toolMissing(read.result.exitCode, read.result.stderr);
      if (!how) return;
      missing.add(tool);
      findings.push(
        withManualFix(
          {
            kind: 'tool-missing',
            subject: tool,
            host,
            zone: null,
            title: how === 'missing' ? `${tool} is not on ${host}` : `${tool} cannot be run on ${host}`,
            detail: `The dashboard runs ${tool} to ${purpose(tool)}; ${read.evidence.argv.join(' ')} could not start it (exit ${read.result.exitCode}). On an SSH host, the host's tool directory must hold it.`,
            evidence: [read.evidence],
          },
          `Find where ${tool} is on the host, then set the host's tool directory on the Hosts page (illumos keeps it in /usr/sbin or /usr/bin)`,
          [{ label: `Where ${tool} is`, argv: ['ls', '-l', `/usr/sbin/${tool}`, `/usr/bin/${tool}`, `/sbin/${tool}`] }],
        ),
      );
    }),
  );

  // which tools were refused for want of privileges, with the output that says so
  const refused = new Map<ToolName, { evidence: Evidence; authorization?: string; from: string }>();
  // any zone will do, but not one a task is working on (verify would wait for its lock)
  const target = ctx.zones.find((z) => z.entry.state !== 'incomplete' && !ctx.busy(z.entry.name))?.entry.name;
  if (target && !missing.has('zoneadm')) {
    const read = await ctx.reader.run(zoneadmPrivilegeProbe(target));
    const problem = privilegeProblem('zoneadm', read.result.stderr);
    if (problem) refused.set('zoneadm', { evidence: read.evidence, authorization: problem.kind === 'authorization' ? problem.authorization : undefined, from: `zoneadm -z ${target} verify (a read) was refused` });
  }
  for (const task of taskManager().list({ host, status: 'failed', limit: 100 })) {
    for (const step of task.steps) {
      if (step.status !== 'failed') continue;
      const tool = step.argv[0] as ToolName;
      if (!TOOL_PROFILE[tool] || refused.has(tool)) continue;
      const problem = privilegeProblem(tool, step.stderr);
      if (!problem) continue;
      refused.set(tool, {
        evidence: { argv: step.argv, output: step.stdout + step.stderr, exitCode: step.exitCode ?? -1 },
        authorization: problem.kind === 'authorization' ? problem.authorization : undefined,
        from: `step ${step.idx + 1} of task ${task.id} (${task.title}, ${new Date(task.createdAt).toISOString()}) was refused`,
      });
    }
  }
  for (const [tool, r] of refused) {
    const profile = TOOL_PROFILE[tool]!;
    const what = r.authorization ? `the authorization ${r.authorization}` : `the RBAC profile '${profile}'`;
    findings.push(
      withManualFix(
        {
          kind: 'privilege-missing',
          subject: tool,
          host,
          zone: null,
          title: `${ctx.toolUser} lacks ${what} for ${tool} on ${host}`,
          detail: `${r.from}: ${tool}'s changes need ${what}${r.authorization ? '' : ` (OmniOS exec_attr: '${profile}' runs ${tool} with the privileges it needs)`}, and the host's tools run as ${ctx.toolUser}${ctx.host.kind === 'ssh' ? ' through pfexec when the host says so' : ''}.`,
          evidence: [r.evidence],
        },
        `As root on ${host}, grant ${what} to ${ctx.toolUser}`,
        r.authorization
          ? [{ label: `Grant ${r.authorization}`, argv: ['usermod', '-A', r.authorization, ctx.toolUser] }]
          : [{ label: `Grant the profiles the dashboard's tools need (usermod -P replaces the list)`, argv: ['usermod', '-P', [...new Set(Object.values(TOOL_PROFILE))].join(','), ctx.toolUser] }],
      ),
    );
  }
  return findings;
}

function purpose(tool: ToolName): string {
  const why: Partial<Record<ToolName, string>> = {
    zoneadm: 'list, boot, halt, install and remove zones',
    zonecfg: 'read and write zone configurations',
    dladm: 'list, create and delete VNICs',
    ipadm: 'configure addresses',
    zlogin: 'open zone consoles and run first-boot setup',
    kstat: 'read resource usage and the clock',
    zfs: 'read datasets and snapshots',
    uname: 'read the host release',
  };
  return why[tool] ?? 'do its work';
}

export async function clockFindings(ctx: DoctorContext): Promise<DoctorFinding[]> {
  const call = kstatClock();
  // timed here, not through the Reader: the skew needs this call's own round trip
  const sent = Date.now();
  const result = await ctx.host.runner.run(call, { timeoutMs: 15_000 });
  const received = Date.now();
  if (result.exitCode !== 0 || result.connectionLost) return [];
  let hostSeconds: number;
  try {
    hostSeconds = parseKstatClock(result.stdout);
  } catch {
    return [];
  }
  const skew = clockSkew(hostSeconds, sent, received);
  if (Math.abs(skew.skewSeconds) - skew.uncertaintySeconds <= ctx.bounds.maxSkewSeconds) return [];
  const ahead = skew.skewSeconds > 0;
  return [
    withManualFix(
      {
        kind: 'clock-skew',
        subject: ctx.host.name,
        host: ctx.host.name,
        zone: null,
        title: `${ctx.host.name}'s clock is ${Math.abs(skew.skewSeconds)} s ${ahead ? 'ahead of' : 'behind'} the dashboard's`,
        detail: `The host printed ${hostSeconds} (${new Date(hostSeconds * 1000).toISOString()}) while the dashboard's clock read ${new Date((sent + received) / 2).toISOString()} (± ${skew.uncertaintySeconds} s for the round trip). Task and audit times, first-seen times and snapshot ages compare the two clocks.`,
        evidence: [evidenceOf(call, result)],
      },
      `As root on ${ctx.host.name}, keep its clock with NTP`,
      [{ label: 'Enable the NTP service', argv: ['svcadm', 'enable', 'network/ntp'] }],
    ),
  ];
}
