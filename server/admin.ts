// The way back in, on the dashboard's machine: `npm run admin -- create NAME` makes an admin,
// `npm run admin -- reset NAME` makes NAME an enabled admin with a new password (its sessions
// end, its failed sign-in count is cleared), `npm run admin -- list` shows the accounts.
// The password is asked for twice on a terminal, or read from the first line of standard
// input (`--password-stdin`, or whenever standard input is not a terminal). Works while the
// server runs (same SQLite database: ZONEDASH_DB, default .data/zonedash.sqlite).
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { audit } from './auth/audit';
import { newPasswordSchema } from './auth/passwords';
import { endSessionsOf } from './auth/sessions';
import { clearAccount } from './auth/throttle';
import { createUser, findUser, forceAdmin, listUsers, userNameSchema } from './auth/users';

const USAGE = `usage: npm run admin -- create NAME     create an admin account
       npm run admin -- reset NAME      make NAME an enabled admin with a new password
       npm run admin -- list            list the accounts
The password is asked for on the terminal, or read from standard input (--password-stdin).`;

async function readHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readStdinLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += chunk;
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

async function askPassword(fromStdin: boolean): Promise<string> {
  const password = fromStdin ? await readStdinLine() : await readHidden('New password: ');
  const checked = newPasswordSchema.safeParse(password);
  if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'not a valid password');
  if (!fromStdin && (await readHidden('Again: ')) !== password) throw new Error('the two passwords differ');
  return password;
}

export async function main(argv: string[], readPassword: (fromStdin: boolean) => Promise<string> = askPassword): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const fromStdin = argv.includes('--password-stdin') || !process.stdin.isTTY;
  const [command, rawName] = args;
  if (command === 'list') {
    for (const u of listUsers()) console.log(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
    return 0;
  }
  if ((command !== 'create' && command !== 'reset') || !rawName) {
    console.error(USAGE);
    return 2;
  }
  const name = userNameSchema.safeParse(rawName);
  if (!name.success) {
    console.error(`${rawName}: ${name.error.issues[0]?.message}`);
    return 2;
  }
  if (command === 'create' && findUser(name.data)) {
    console.error(`${name.data} exists already; to give it a new password: npm run admin -- reset ${name.data}`);
    return 1;
  }
  const password = await readPassword(fromStdin);
  if (command === 'create') {
    const user = await createUser({ name: name.data, role: 'admin', password });
    audit({ user: 'cli', address: 'local', action: 'cli.create', outcome: 'ok', detail: `admin ${user.name} created from the command line` });
    console.log(`created admin ${user.name}: sign in at the dashboard's /login`);
    return 0;
  }
  const { user, created } = await forceAdmin(name.data, password);
  const ended = endSessionsOf(user.id, 'password changed');
  clearAccount(user.name);
  audit({ user: 'cli', address: 'local', action: 'cli.reset', outcome: 'ok', detail: `${user.name} ${created ? 'created' : 'reset'} as an enabled admin from the command line; ${ended} session(s) ended` });
  console.log(`${user.name} is an enabled admin with the new password${ended ? `; ${ended} session(s) ended` : ''}`);
  return 0;
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
