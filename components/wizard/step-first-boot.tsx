'use client';
import type { AddressMode, Ipv6Mode } from '@/server/zones/provision-spec';
import { CheckboxField, RadioCards, Section, TextArea, TextField } from './fields';
import type { StepProps } from './step-props';

export function StepFirstBoot({ answers, setField, touch, err, check }: StepProps) {
  const f = answers.firstBoot;
  const n = answers.network;
  const set = <K extends keyof typeof f & string>(k: K, v: (typeof f)[K]) => setField('firstBoot', k, v);
  const fromGz = n.mode === 'shared' ? n.sharedAddress : n.allowedAddress.trim() ? n.allowedAddress : null;
  const iface = n.mode === 'new-vnic' ? n.vnicName.trim() || check?.defaults.vnicName || 'the VNIC' : n.mode === 'existing-vnic' ? n.existingVnic || 'the VNIC' : n.sharedLink;
  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        After the first boot these are set inside the zone through <code className="font-mono">zlogin</code>, then the zone is rebooted and each is checked.
      </p>
      <Section title="Address">
        {fromGz !== null ? (
          <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800">
            The global zone sets the address{fromGz ? ` ${fromGz}` : ''} at boot ({n.mode === 'shared' ? 'shared IP' : 'allowed-address'}); nothing to configure inside the zone.
          </p>
        ) : (
          <>
            <RadioCards<AddressMode>
              field="firstBoot.address"
              legend={`How ${iface} gets its address`}
              columns={2}
              value={f.address}
              onChange={(v) => set('address', v)}
              error={err('firstBoot.address')}
              options={[
                { value: 'dhcp', label: 'DHCP', description: 'ipadm create-addr -T dhcp' },
                { value: 'static', label: 'Static address', description: 'ipadm create-addr -T static, and a default route' },
              ]}
            />
            {f.address === 'static' && (
              <div className="grid gap-4 sm:grid-cols-2">
                <TextField
                  field="firstBoot.staticAddress"
                  label="Address/prefix"
                  value={f.staticAddress}
                  onChange={(v) => set('staticAddress', v)}
                  onBlur={() => touch('firstBoot.staticAddress')}
                  placeholder="192.168.5.50/24"
                  error={err('firstBoot.staticAddress')}
                  mono
                />
                <TextField
                  field="firstBoot.gateway"
                  label="Gateway (optional)"
                  value={f.gateway}
                  onChange={(v) => set('gateway', v)}
                  onBlur={() => touch('firstBoot.gateway')}
                  placeholder="192.168.5.1"
                  hint="Added as a persistent default route."
                  error={err('firstBoot.gateway')}
                  mono
                />
              </div>
            )}
          </>
        )}
      </Section>

      {n.mode !== 'shared' && (
        <Section title="IPv6">
          <RadioCards<Ipv6Mode>
            field="firstBoot.ipv6"
            legend={`IPv6 on ${iface}`}
            columns={3}
            value={f.ipv6}
            onChange={(v) => set('ipv6', v)}
            error={err('firstBoot.ipv6')}
            options={[
              { value: 'none', label: 'None', description: 'IPv4 only' },
              { value: 'addrconf', label: 'Automatic', description: 'ipadm create-addr -T addrconf (router advertisements)' },
              { value: 'static', label: 'Static IPv6 address', description: 'ipadm create-addr -T static' },
            ]}
          />
          {f.ipv6 === 'static' && (
            <TextField
              field="firstBoot.staticV6"
              label="IPv6 address/prefix"
              value={f.staticV6}
              onChange={(v) => set('staticV6', v)}
              onBlur={() => touch('firstBoot.staticV6')}
              placeholder="2001:db8::50/64"
              error={err('firstBoot.staticV6')}
              mono
            />
          )}
        </Section>
      )}

      <Section title="Names">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            field="firstBoot.hostname"
            label="Host name"
            value={f.hostname}
            onChange={(v) => set('hostname', v)}
            onBlur={() => touch('firstBoot.hostname')}
            placeholder={check?.defaults.hostname ?? ''}
            hint={`Set now and written to /etc/hostname and /etc/nodename. Empty: ${check?.defaults.hostname ?? "the host's name and the zone's"}.`}
            error={err('firstBoot.hostname')}
            mono
          />
          <TextField
            field="firstBoot.nameservers"
            label="DNS servers"
            value={f.nameservers}
            onChange={(v) => set('nameservers', v)}
            onBlur={() => touch('firstBoot.nameservers')}
            placeholder="192.168.5.1"
            hint="Up to 3, separated by commas or spaces; written to /etc/resolv.conf. Empty: resolv.conf is left alone."
            error={err('firstBoot.nameservers')}
            mono
          />
          <TextField
            field="firstBoot.search"
            label="Search domains (optional)"
            value={f.search}
            onChange={(v) => set('search', v)}
            onBlur={() => touch('firstBoot.search')}
            placeholder="example.com"
            error={err('firstBoot.search')}
            mono
          />
          <CheckboxField
            field="firstBoot.nsswitchDns"
            label="Look host names up in DNS"
            className="sm:pt-7"
            hint={<>Changes <code className="font-mono">hosts: files</code> to <code className="font-mono">hosts: files dns</code> in /etc/nsswitch.conf.</>}
            checked={f.nsswitchDns}
            onChange={(v) => set('nsswitchDns', v)}
            error={err('firstBoot.nsswitchDns')}
          />
        </div>
      </Section>

      <Section title="Access">
        <TextArea
          field="firstBoot.sshKey"
          label="SSH public key for root (optional)"
          rows={3}
          value={f.sshKey}
          onChange={(v) => set('sshKey', v)}
          onBlur={() => touch('firstBoot.sshKey')}
          placeholder="ssh-ed25519 AAAA… you@example.com"
          hint="One line, as in authorized_keys."
          error={err('firstBoot.sshKey')}
        />
      </Section>
    </div>
  );
}
