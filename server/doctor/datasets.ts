// Datasets under the zones root that no configured zone owns (a zone deleted with its
// configuration but not its dataset, an uninstall that stopped halfway), the zones root's free
// space, and snapshots the dashboard made (the org.zonedash:made property) older than the bound.
import { childrenOf, parseFilesystems, zfsDestroyZoneDataset, zfsListFilesystems, zonesRoot, type DatasetRow } from '../illumos/doctor';
import { parseZfsSnapshotList, zfsDestroySnapshot, zfsListSnapshots } from '../illumos/zfs';
import { validateZoneName } from '../illumos/validate';
import { describeToolFailure } from '../zones/errors';
import type { DoctorContext } from './context';
import { withManualFix, withRunnableFix, type DoctorFinding } from './finding';

const GiB = 1024 ** 3;

function size(n: number): string {
  return n >= GiB ? `${(n / GiB).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** The zones root and every filesystem, or null (with the reason in notes) when zfs cannot say. */
export async function readDatasets(ctx: DoctorContext, notes: string[]): Promise<{ root: DatasetRow; all: DatasetRow[] } | null> {
  const read = await ctx.reader.run(zfsListFilesystems());
  if (read.result.exitCode !== 0) {
    notes.push(`Datasets were not checked: zfs list failed (exit ${read.result.exitCode}).`);
    return null;
  }
  const all = parseFilesystems(read.result.stdout);
  const root = zonesRoot(all, ctx.zones.map((z) => z.entry.zonepath));
  if (!root) {
    notes.push('Datasets were not checked: no dataset is mounted where the zonepaths live.');
    return null;
  }
  return { root, all };
}

export async function datasetFindings(ctx: DoctorContext, notes: string[]): Promise<DoctorFinding[]> {
  const ds = await readDatasets(ctx, notes);
  if (!ds) return [];
  const { root, all } = ds;
  const listRead = await ctx.reader.run(zfsListFilesystems());
  const host = ctx.host.name;
  const zonepaths = new Set(ctx.zones.map((z) => z.entry.zonepath));
  const names = new Set(ctx.zones.map((z) => z.entry.name));
  const delegated = new Set(ctx.zones.flatMap((z) => (z.config?.dataset ?? []).map((d) => d.name)));
  const findings: DoctorFinding[] = [];
  for (const child of childrenOf(all, root.name)) {
    const last = child.name.slice(root.name.length + 1);
    if (zonepaths.has(child.mountpoint) || names.has(last) || delegated.has(child.name)) continue;
    const taskZone = validateZoneName(last).ok ? last : '';
    const input = {
      kind: 'dataset-leftover' as const,
      subject: child.name,
      host,
      zone: null,
      title: `Dataset ${child.name} belongs to no configured zone`,
      detail: `It sits under the zones root ${root.name} (mounted at ${child.mountpoint}, ${size(child.used)} used), and no zone on ${host} has that zonepath, that name, or delegates it.`,
      evidence: [listRead.evidence, ctx.listRead.evidence],
      marks: [`${child.name}\t`],
    };
    findings.push(withRunnableFix(input, `Destroy ${child.name} and everything under it (${size(child.used)})`, [{ label: `Destroy ${child.name} (-r)`, call: zfsDestroyZoneDataset(child.name, root.name) }], taskZone));
  }

  // free space where the zones live: a zone install or a snapshot fails when it runs out
  const total = root.used + (root.avail ?? 0);
  if (root.avail !== null && (root.avail < ctx.bounds.minFreeBytes || root.avail < total * ctx.bounds.minFreeFraction)) {
    findings.push(
      withManualFix(
        {
          kind: 'pool-space',
          subject: root.name,
          host,
          zone: null,
          title: `${root.name} has ${size(root.avail)} free (${Math.round((root.avail / Math.max(total, 1)) * 100)} % of ${size(total)})`,
          detail: `Under ${size(ctx.bounds.minFreeBytes)} or ${Math.round(ctx.bounds.minFreeFraction * 100)} % free, installs, clones and snapshots of zones start to fail. Destroy the leftovers listed here first; then see what uses the space.`,
          evidence: [listRead.evidence],
          marks: [`${root.name}\t`],
        },
        'See what uses the space, largest first, then remove or move it (or raise the quota)',
        [{ label: `What uses the space under ${root.name}`, argv: ['zfs', 'list', '-o', 'space', '-S', 'used', '-r', root.name] }],
      ),
    );
  }

  findings.push(...(await snapshotFindings(ctx, childrenOf(all, root.name), notes)));
  return findings;
}

/**
 * The snapshots the dashboard took of each zone's dataset (the one mounted at its zonepath),
 * read as the zone page reads them (server/zones/snapshots.ts: `zfs list -t snapshot -d 1` per
 * dataset, never the whole pool), kept when older than the bound; destroyed as the zone page
 * destroys them (`zfs destroy -r DS@NAME`: with the namesakes a recursive snapshot made below).
 */
async function snapshotFindings(ctx: DoctorContext, children: DatasetRow[], notes: string[]): Promise<DoctorFinding[]> {
  const host = ctx.host.name;
  const findings: DoctorFinding[] = [];
  for (const z of ctx.zones) {
    const ds = children.find((d) => d.mountpoint === z.entry.zonepath);
    if (!ds) continue;
    const zone = z.entry.name;
    const read = await ctx.reader.run(zfsListSnapshots(ds.name));
    if (read.result.exitCode !== 0) {
      notes.push(`Snapshots of ${zone} were not checked: ${describeToolFailure(read.evidence.argv.join(' '), read.result)}`);
      continue;
    }
    for (const s of parseZfsSnapshotList(read.result.stdout)) {
      if (s.made === null) continue; // not ours: an operator's or another tool's snapshot
      const madeMs = Date.parse(s.made);
      const at = Number.isFinite(madeMs) ? madeMs : Date.parse(s.createdAt);
      const age = ctx.now - at;
      if (!(age >= ctx.bounds.snapshotMaxAgeMs)) continue;
      findings.push(
        withRunnableFix(
          {
            kind: 'snapshot-old',
            subject: s.fullName,
            host,
            zone,
            title: `Snapshot ${s.fullName} is ${Math.floor(age / (24 * 3600_000))} days old`,
            detail: `The dashboard took it at ${new Date(at).toISOString()} (${size(s.used)} held by it alone); a snapshot keeps every block it references, so an old one holds space the zone freed long ago.`,
            evidence: [read.evidence],
            marks: [`${s.fullName}\t`],
          },
          `Destroy the snapshot ${s.fullName} (and its namesakes below, which the same snapshot made)`,
          [{ label: `Destroy ${s.fullName} (-r)`, call: zfsDestroySnapshot(s.dataset, s.name) }],
          zone,
        ),
      );
    }
  }
  return findings;
}
