'use client';
// The zone's resources (net, fs, dataset, device, capped-memory, capped-cpu, rctl, attr) as
// zonecfg info lists them.
import type { ZoneConfig } from '@/server/illumos/types';

type Block = { title: string; entries: [string, string][] };

export function resourceBlocks(c: ZoneConfig): Block[] {
  const blocks: Block[] = [];
  const kv = (o: Record<string, unknown>) =>
    Object.entries(o).flatMap(([k, v]) =>
      v === undefined || v === '' || (Array.isArray(v) && v.length === 0)
        ? []
        : [[k, Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : String(v)] as [string, string]],
    );
  c.net.forEach((n) =>
    blocks.push({
      title: 'net',
      entries: [
        ...kv({ physical: n.physical, address: n.address, 'allowed-address': n.allowedAddress, defrouter: n.defrouter, 'global-nic': n.globalNic, 'mac-addr': n.macAddr, 'vlan-id': n.vlanId }),
        ...n.properties.map((p) => ['property', `${p.name}=${p.value}`] as [string, string]),
      ],
    }),
  );
  c.fs.forEach((f) => blocks.push({ title: 'fs', entries: kv({ dir: f.dir, special: f.special, raw: f.raw, type: f.type, options: f.options }) }));
  c.dataset.forEach((d) => blocks.push({ title: 'dataset', entries: [['name', d.name]] }));
  c.device.forEach((d) => blocks.push({ title: 'device', entries: [['match', d.match], ...d.properties.map((p) => ['property', `${p.name}=${p.value}`] as [string, string])] }));
  if (c.cappedMemory) blocks.push({ title: 'capped-memory', entries: kv(c.cappedMemory) });
  if (c.cappedCpu) blocks.push({ title: 'capped-cpu', entries: kv(c.cappedCpu) });
  if (c.dedicatedCpu) blocks.push({ title: 'dedicated-cpu', entries: kv(c.dedicatedCpu) });
  c.rctl.forEach((r) => blocks.push({ title: 'rctl', entries: [['name', r.name], ...r.values.map((v) => ['value', `priv=${v.priv}, limit=${v.limit}, action=${v.action}`] as [string, string])] }));
  c.attr.forEach((a) => blocks.push({ title: 'attr', entries: [['name', a.name], ['type', a.type], ['value', a.value]] }));
  c.admin.forEach((a) => blocks.push({ title: 'admin', entries: [['user', a.user], ['auths', a.auths]] }));
  return blocks;
}

export function ZoneResources({ config }: { config: ZoneConfig }) {
  const blocks = resourceBlocks(config);
  return (
    <section aria-labelledby="resources-heading">
      <h2 id="resources-heading" className="text-base font-semibold">Resources</h2>
      {blocks.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-500">No resources configured.</p>
      ) : (
        <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {blocks.map((b, i) => (
            <div key={i} className="rounded-md border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
              <h3 className="font-mono text-xs font-semibold uppercase text-zinc-500">{b.title}</h3>
              <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5">
                {b.entries.map(([k, v], j) => (
                  <div key={j} className="contents">
                    <dt className="text-zinc-500">{k}</dt>
                    <dd className="break-all font-mono text-xs leading-5">{v}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
