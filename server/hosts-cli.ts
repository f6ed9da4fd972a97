// Remote hosts from a script, on the dashboard's machine, while the server runs (same SQLite
// database: ZONEDASH_DB, default .data/zonedash.sqlite; the server notices the change within
// about a second):
//   npm run hosts -- add NAME ssh://USER@ADDRESS[:PORT] --fingerprint SHA256:… [--identity FILE] [--tool-dir DIR] [--no-pfexec]
//   npm run hosts -- list
//   npm run hosts -- remove NAME
//   npm run hosts -- key          (the dashboard's public key, for the hosts' authorized_keys)
// Every value is checked with the same rules as the Hosts page (hosts/host-input.ts) before
// anything is written; nothing here connects to a host. The host key fingerprint is required:
// the command line never trusts a key it has not been told.
import { parseArgs } from 'node:util';
import { audit, type Outcome } from './auth/audit';
import { database } from './db/database';
import { hostSummary, sshUrl } from './hosts/host-audit';
import { firstProblem, hostNameSchema, newHostSchema, parseSshUrl } from './hosts/host-input';
import { dashboardIdentity } from './hosts/identity';
import { addHost, getHost, HostStoreError, listHosts, removeHost, runningTaskOn } from './hosts/store';

const USAGE = `usage: npm run hosts -- add NAME ssh://USER@ADDRESS[:PORT] --fingerprint SHA256:… [--identity FILE] [--tool-dir DIR] [--no-pfexec]
       npm run hosts -- list
       npm run hosts -- remove NAME
       npm run hosts -- key
add:    --fingerprint  the host's key as 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' prints it on the host
        --identity     a private key file to log in with instead of the dashboard's own (absolute path)
        --tool-dir     where zoneadm, zonecfg and zlogin are on the host (default /usr/sbin)
        --no-pfexec    run the tools without pfexec (the user is root, or has the privileges itself)
key:    prints the dashboard's public key, for the zone user's ~/.ssh/authorized_keys on each host`;

/** Who the audit log names: the command line, and the account that ran it. */
function who(): string {
  const user = process.env.USER ?? process.env.LOGNAME;
  return user ? `cli:${user}` : 'cli';
}

function record(action: string, host: string, outcome: Outcome, detail: string): void {
  audit({ user: who(), address: 'local', host, action: `cli.hosts.${action}`, outcome, detail });
}

export function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        fingerprint: { type: 'string' },
        identity: { type: 'string' },
        'tool-dir': { type: 'string' },
        'no-pfexec': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const addOnly = values.fingerprint !== undefined || values.identity !== undefined || values['tool-dir'] !== undefined || values['no-pfexec'] !== undefined;
  if (command !== 'add' && addOnly) {
    console.error(`--fingerprint, --identity, --tool-dir and --no-pfexec go with add\n${USAGE}`);
    return 2;
  }

  if (command === 'list' && rest.length === 0) {
    for (const h of listHosts(database())) {
      console.log([h.name, sshUrl(h), h.toolDir, h.pfexec ? 'pfexec' : 'no-pfexec', h.disabled ? 'disabled' : 'enabled', h.fingerprints.join(',') || '-', h.identityFile ?? '-'].join('\t'));
    }
    return 0;
  }

  if (command === 'key' && rest.length === 0) {
    console.log(dashboardIdentity().publicKey);
    return 0;
  }

  if (command === 'remove' && rest.length === 1) {
    const name = hostNameSchema.safeParse(rest[0]);
    if (!name.success) {
      console.error(firstProblem(name.error));
      return 2;
    }
    const db = database();
    const host = getHost(db, name.data);
    if (!host) {
      console.error(`no host named '${name.data}' (npm run hosts -- list shows them)`);
      return 1;
    }
    const task = runningTaskOn(db, host.name);
    if (task) {
      const why = `task ${task.id} (${task.title}, zone ${task.zone}, started by ${task.user}) is running on ${host.name}; remove the host when it has finished`;
      record('remove', host.name, 'refused', why);
      console.error(`not removed: ${why}`);
      return 1;
    }
    const removed = removeHost(db, host.name);
    if (removed) record('remove', removed.name, 'ok', `removed ${removed.name}, which was ${hostSummary(removed)}`);
    console.log(`removed ${host.name}`);
    return 0;
  }

  if (command === 'add' && rest.length === 2) {
    const [name, url] = rest as [string, string];
    const where = parseSshUrl(url);
    if (!where.ok) {
      console.error(where.message);
      return 2;
    }
    if (values.fingerprint === undefined) {
      console.error(`--fingerprint is required: run 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' on the host and give the SHA256:… it prints\n${USAGE}`);
      return 2;
    }
    const input = newHostSchema.safeParse({
      name,
      address: where.address,
      port: where.port,
      user: where.user,
      fingerprint: values.fingerprint,
      identityFile: values.identity ?? null,
      ...(values['tool-dir'] !== undefined ? { toolDir: values['tool-dir'] } : {}),
      pfexec: !values['no-pfexec'],
    });
    if (!input.success) {
      console.error(firstProblem(input.error));
      return 2;
    }
    try {
      const h = addHost(database(), input.data, who());
      record('add', h.name, 'ok', `added ${h.name}: ${hostSummary(h)}`);
      console.log(`added ${h.name} (${sshUrl(h)}); the dashboard connects to it within a few seconds`);
      if (!h.identityFile) console.log(`its ${h.user} user needs the dashboard's key in ~/.ssh/authorized_keys:\n${dashboardIdentity().publicKey}`);
      return 0;
    } catch (e) {
      if (!(e instanceof HostStoreError)) throw e;
      record('add', input.data.name, 'refused', e.message);
      console.error(`not added: ${e.message}`);
      return 1;
    }
  }

  console.error(USAGE);
  return 2;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isEntry) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
