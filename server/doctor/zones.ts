// Zones stuck or not where their configuration says: incomplete (an install or uninstall that
// did not finish: the zone can only be uninstalled), in shutting_down or down longer than the
// bound (zoneadmd could not finish taking it down), and autoboot=true zones that are not
// running (they would have booted with the host). A zone a task is working on is left alone:
// mid-install it is incomplete on purpose.
import { zoneadmBoot, zoneadmHalt, zoneadmUninstall } from '../illumos/zoneadm';
import type { DoctorContext } from './context';
import { withRunnableFix, type DoctorFinding } from './finding';

const INSTALL_TIMEOUT_MS = 60 * 60_000;

function minutes(ms: number): string {
  const m = Math.floor(ms / 60_000);
  return m < 1 ? `${Math.round(ms / 1000)} s` : m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}

export function zoneFindings(ctx: DoctorContext): DoctorFinding[] {
  const host = ctx.host.name;
  const findings: DoctorFinding[] = [];
  for (const z of ctx.zones) {
    const name = z.entry.name;
    const state = z.entry.state;
    const since = ctx.since(name, state);
    if (ctx.busy(name)) continue;
    if (state === 'incomplete') {
      findings.push(
        withRunnableFix(
          {
            kind: 'zone-incomplete',
            subject: name,
            host,
            zone: name,
            title: `Zone ${name} is incomplete`,
            detail: `An install or uninstall of ${name} did not finish (seen incomplete since ${new Date(since).toISOString()}). An incomplete zone cannot boot; it can only be uninstalled, which leaves its configuration to install again.`,
            evidence: [ctx.listRead.evidence],
            marks: [`:${name}:`],
          },
          `Uninstall ${name} (its configuration stays)`,
          [{ label: `Uninstall ${name} (-F)`, call: zoneadmUninstall(name), timeoutMs: INSTALL_TIMEOUT_MS }],
          name,
        ),
      );
      continue;
    }
    if (state === 'shutting_down' || state === 'down') {
      const held = ctx.now - since;
      if (held < ctx.bounds.stuckAfterMs) continue;
      findings.push(
        withRunnableFix(
          {
            kind: 'zone-stuck',
            subject: name,
            host,
            zone: name,
            title: `Zone ${name} has been ${state} for at least ${minutes(held)}`,
            detail: `The dashboard first saw ${name} ${state} at ${new Date(since).toISOString()} (longer than the ${minutes(ctx.bounds.stuckAfterMs)} bound); a zone normally passes through ${state} in seconds. Halting it again asks zoneadmd to finish taking it down.`,
            evidence: [ctx.listRead.evidence],
            marks: [`:${name}:`],
          },
          `Halt ${name}`,
          [{ label: `Halt ${name}`, call: zoneadmHalt(name) }],
          name,
        ),
      );
      continue;
    }
    if (z.config?.autoboot && (state === 'installed' || state === 'ready')) {
      findings.push(
        withRunnableFix(
          {
            kind: 'zone-autoboot',
            subject: name,
            host,
            zone: name,
            title: `Zone ${name} has autoboot=true but is ${state}`,
            detail: `Its configuration says it boots with the host, and it is not running (seen ${state} since ${new Date(since).toISOString()}). If it was halted on purpose, set autoboot=false instead.`,
            evidence: [ctx.listRead.evidence, z.configRead.evidence],
            marks: [`:${name}:`, 'autoboot: true'],
          },
          `Boot ${name}`,
          [{ label: `Boot ${name}`, call: zoneadmBoot(name) }],
          name,
        ),
      );
    }
  }
  return findings;
}
