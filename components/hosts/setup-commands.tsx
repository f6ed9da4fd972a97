'use client';
// What an admin runs on an illumos host, as root, before adding it: a user for the dashboard,
// the RBAC profiles its tools need, and the dashboard's public key in that user's
// authorized_keys. Each step in its own copyable block.
//
// The home directory is given explicitly (-d /export/home/USER): on OmniOS and OpenIndiana
// /home may be the automounter's (auto_home), where `useradd -m` alone cannot create it,
// while /export/home is a plain directory on every illumos distribution. The profiles are
// illumos' own (exec_attr): Zone Management runs zoneadm and zlogin, Zone Security zonecfg
// (with the solaris.zone.* authorizations zoneadm checks), Network Management dladm and ipadm,
// ZFS File System Management zfs (snapshots, rollback, clone and the Doctor's dataset fixes).
import { CopyBlock } from './copy-block';

const USER_RE = /^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}$/;

export function setupCommands(user: string, publicKey: string): { label: string; text: string }[] {
  const u = USER_RE.test(user) ? user : 'zonedash';
  const key = [
    { label: 'Let the dashboard log in', text: `mkdir -p ~${u}/.ssh && echo '${publicKey}' >> ~${u}/.ssh/authorized_keys` },
    { label: 'Make the key private to the user', text: `chmod 700 ~${u}/.ssh && chmod 600 ~${u}/.ssh/authorized_keys && chown -R ${u} ~${u}/.ssh` },
  ];
  // root exists and needs no profile: only its key
  if (u === 'root') return key;
  return [
    { label: 'Create the user', text: `useradd -m -d /export/home/${u} -s /bin/sh ${u}` },
    { label: 'Give it the zone tools', text: `usermod -P 'Zone Management,Zone Security,Network Management,ZFS File System Management' ${u}` },
    ...key,
  ];
}

export function SetupCommands({ user, publicKey }: { user: string; publicKey: string | undefined }) {
  return (
    <section aria-labelledby="setup-heading" className="space-y-2">
      <h3 id="setup-heading" className="font-medium">On the host, as root</h3>
      {publicKey ? (
        <ol className="space-y-2">
          {setupCommands(user, publicKey).map((c, i) => (
            <li key={c.label}>
              <p className="mb-1 text-xs text-zinc-600 dark:text-zinc-400">{i + 1}. {c.label}</p>
              <CopyBlock label={c.label} text={c.text} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">Reading the dashboard&apos;s key…</p>
      )}
      <details className="text-xs text-zinc-600 dark:text-zinc-400">
        <summary className="cursor-pointer">SmartOS, and running as root</summary>
        <p className="mt-1">
          A SmartOS global zone rebuilds /etc at boot, so a user made with useradd is gone after a reboot. There, use root with pfexec off,
          and put the key in /usbkey/config.inc/authorized_keys (with root_authorized_keys_file=authorized_keys in /usbkey/config) so it
          survives. Not tested on a real SmartOS host.
        </p>
      </details>
    </section>
  );
}
