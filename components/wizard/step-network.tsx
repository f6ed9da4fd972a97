'use client';
import type { NetworkMode } from '@/server/zones/provision-spec';
import { RadioCards, Section, SelectField, TextField } from './fields';
import type { StepProps } from './step-props';

export function StepNetwork({ answers, setField, touch, err, facts, check }: StepProps) {
  const n = answers.network;
  const set = <K extends keyof typeof n & string>(k: K, v: (typeof n)[K]) => setField('network', k, v);
  const free = (facts?.vnics ?? []).filter((v) => !v.usedBy);
  const links = facts?.links ?? [];
  const linkOptions = links.map((l) => ({
    value: l.link,
    label: `${l.link} (${[l.class === 'phys' ? l.media || 'physical' : l.class, l.state, l.speed ? `${l.speed >= 1000 ? `${l.speed / 1000} Gb/s` : `${l.speed} Mb/s`}` : ''].filter(Boolean).join(', ')})`,
  }));
  const exclusive = n.mode !== 'shared';
  return (
    <div className="space-y-5">
      <RadioCards<NetworkMode>
        field="network.mode"
        legend="How the zone reaches the network"
        value={n.mode}
        onChange={(v) => set('mode', v)}
        error={err('network.mode')}
        options={[
          { value: 'new-vnic', label: 'Exclusive IP on a new VNIC', description: 'The zone gets its own IP stack on a virtual NIC made for it. Recommended.' },
          {
            value: 'existing-vnic',
            label: 'Exclusive IP on an existing VNIC',
            description: free.length ? `Its own IP stack on a VNIC no zone uses (${free.length} on this host).` : 'No VNIC on this host is free.',
            disabled: free.length === 0 && n.mode !== 'existing-vnic',
          },
          { value: 'shared', label: 'Shared IP', description: "The zone shares the global zone's IP stack; its address sits on a physical link." },
        ]}
      />

      {n.mode === 'new-vnic' && (
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            field="network.over"
            label="Physical link"
            value={n.over}
            onChange={(v) => set('over', v)}
            placeholder={links.length ? undefined : 'No link found'}
            options={linkOptions}
            hint="The link the VNIC sits on (dladm show-phys, show-link)."
            error={err('network.over')}
          />
          <TextField
            field="network.vnicName"
            label="VNIC name"
            value={n.vnicName}
            onChange={(v) => set('vnicName', v)}
            onBlur={() => touch('network.vnicName')}
            placeholder={check?.defaults.vnicName ?? ''}
            hint={`Empty: ${check?.defaults.vnicName ?? 'proposed from the zone name'}. dladm wants letters, digits, '_' and '.', ending in a number without a leading zero.`}
            error={err('network.vnicName')}
            mono
          />
          <TextField
            field="network.vlanId"
            label="VLAN ID (optional)"
            value={n.vlanId}
            inputMode="numeric"
            onChange={(v) => set('vlanId', v)}
            onBlur={() => touch('network.vlanId')}
            hint="1 to 4094; empty for no VLAN tag."
            error={err('network.vlanId')}
          />
          <TextField
            field="network.mac"
            label="MAC address (optional)"
            value={n.mac}
            onChange={(v) => set('mac', v)}
            onBlur={() => touch('network.mac')}
            placeholder="2:8:20:…"
            hint="Empty: dladm picks a random one."
            error={err('network.mac')}
            mono
          />
        </div>
      )}

      {n.mode === 'existing-vnic' && (
        <SelectField
          field="network.existingVnic"
          label="VNIC"
          className="sm:w-1/2"
          value={n.existingVnic}
          onChange={(v) => set('existingVnic', v)}
          placeholder="Choose a VNIC"
          options={(facts?.vnics ?? []).map((v) => ({
            value: v.link,
            label: `${v.link} over ${v.over}${v.vid ? `, VLAN ${v.vid}` : ''}${v.usedBy ? ` (used by ${v.usedBy})` : ''}`,
            disabled: !!v.usedBy,
          }))}
          error={err('network.existingVnic')}
        />
      )}

      {n.mode === 'shared' && (
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            field="network.sharedLink"
            label="Physical link"
            value={n.sharedLink}
            onChange={(v) => set('sharedLink', v)}
            placeholder="Choose a link"
            options={linkOptions.filter((o) => links.find((l) => l.link === o.value)?.class !== 'etherstub')}
            error={err('network.sharedLink')}
          />
          <TextField
            field="network.sharedAddress"
            label="Address"
            value={n.sharedAddress}
            onChange={(v) => set('sharedAddress', v)}
            onBlur={() => touch('network.sharedAddress')}
            placeholder="192.168.5.60/24"
            hint="The zone's address on that link, with its prefix length."
            error={err('network.sharedAddress')}
            mono
          />
          <TextField
            field="network.defrouter"
            label="Default router (optional)"
            value={n.defrouter}
            onChange={(v) => set('defrouter', v)}
            onBlur={() => touch('network.defrouter')}
            error={err('network.defrouter')}
            mono
          />
        </div>
      )}

      {exclusive && (
        <Section
          title="Set from the global zone (optional)"
          description="An allowed address pins the zone to one address, configured by the global zone at boot; the zone cannot change it. Leave both empty to configure the address inside the zone (next step)."
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              field="network.allowedAddress"
              label="Allowed address"
              value={n.allowedAddress}
              onChange={(v) => set('allowedAddress', v)}
              onBlur={() => touch('network.allowedAddress')}
              placeholder="192.168.5.40/24"
              error={err('network.allowedAddress')}
              mono
            />
            <TextField
              field="network.defrouter"
              label="Default router"
              value={n.defrouter}
              onChange={(v) => set('defrouter', v)}
              onBlur={() => touch('network.defrouter')}
              hint="Needs an allowed address."
              error={err('network.defrouter')}
              mono
            />
          </div>
        </Section>
      )}
    </div>
  );
}
