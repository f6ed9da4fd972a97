// VNICs left behind or missing. Left behind: a VNIC the dashboard created for a zone
// (created_vnics) that is still on the host, that no zone's configuration names and that no
// running zone holds (zadm never deletes the VNICs it creates; a zone deleted by hand leaves
// ours). Missing: a link a zone's configuration names (net physical) that the host does not
// have, so that zone cannot boot.
import { dladmDeleteVnic } from '../illumos/dladm';
import { recreateVnic } from '../illumos/doctor';
import { validateLinkName } from '../illumos/validate';
import { createdVnics } from '../zones/created-vnics';
import { readLinks, type DoctorContext } from './context';
import { withRunnableFix, type DoctorFinding } from './finding';

export async function vnicFindings(ctx: DoctorContext): Promise<DoctorFinding[]> {
  const facts = await readLinks(ctx.reader);
  const records = createdVnics();
  const host = ctx.host.name;
  const named = new Map<string, string>();
  for (const z of ctx.zones) for (const n of z.config?.net ?? []) if (!named.has(n.physical)) named.set(n.physical, z.entry.name);
  const linkNames = new Set(facts.links.map((l) => l.link ?? ''));
  const holder = new Map(facts.vnics.map((v) => [v.link ?? '', v.zone ?? '']));
  const findings: DoctorFinding[] = [];

  for (const r of records.forHost(host)) {
    if (!holder.has(r.link) || named.has(r.link) || holder.get(r.link)) continue;
    if (!validateLinkName(r.link).ok) continue;
    findings.push(
      withRunnableFix(
        {
          kind: 'vnic-orphan',
          subject: r.link,
          host,
          zone: r.zone,
          title: `VNIC ${r.link} is left over`,
          detail: `The dashboard created ${r.link} for zone ${r.zone} (task ${r.taskId}, ${new Date(r.createdAt).toISOString()}); no zone's configuration names it and no running zone holds it.`,
          evidence: [facts.vnicRead.evidence, ctx.listRead.evidence],
          marks: [`${r.link}:`],
        },
        `Delete the VNIC ${r.link}`,
        [
          {
            label: `Delete VNIC ${r.link}`,
            call: dladmDeleteVnic(r.link),
            // once it is gone, so is the record that the dashboard made it
            judge: (res) => {
              if (res.exitCode === 0) records.forget(host, r.link);
              return res.exitCode === 0;
            },
          },
        ],
        r.zone,
      ),
    );
  }

  const phys = facts.links.filter((l) => l.class === 'phys');
  const upPhys = phys.find((l) => l.state === 'up') ?? phys[0];
  for (const z of ctx.zones) {
    for (const n of z.config?.net ?? []) {
      if (linkNames.has(n.physical) || !validateLinkName(n.physical).ok) continue;
      // over the link the zone's other VNICs sit on, else the host's first physical link that is up
      const sibling = (z.config?.net ?? []).map((m) => facts.links.find((l) => l.link === m.physical && l.class === 'vnic')).find(Boolean);
      const over = sibling?.over || upPhys?.link;
      const input = {
        kind: 'vnic-missing' as const,
        subject: `${z.entry.name}/${n.physical}`,
        host,
        zone: z.entry.name,
        title: `Zone ${z.entry.name} names ${n.physical}, which the host does not have`,
        detail: `The configuration of ${z.entry.name} has a net resource with physical=${n.physical}, and dladm show-link does not list it: the zone cannot boot until it exists.`,
        evidence: [z.configRead.evidence, facts.linkRead.evidence],
        marks: [`physical: ${n.physical}`],
      };
      if (!over) {
        findings.push({ ...withRunnableFix(input, 'no physical link to put it on', [], z.entry.name), fix: null, plan: null });
        continue;
      }
      findings.push(
        withRunnableFix(
          input,
          `Create the VNIC ${n.physical} over ${over}${sibling ? ` (where the zone's other VNICs are)` : ' (the host\'s first physical link that is up)'}`,
          [
            {
              label: `Create VNIC ${n.physical} over ${over}`,
              call: recreateVnic(over, n.physical),
              judge: (res) => {
                if (res.exitCode === 0) records.record({ host, link: n.physical, zone: z.entry.name, taskId: 'doctor' });
                return res.exitCode === 0;
              },
            },
          ],
          z.entry.name,
        ),
      );
    }
  }
  return findings;
}
