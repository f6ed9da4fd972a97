// The dashboard under test for bench/fleet-ssh.ts, in a process of its own, so that its CPU
// and memory are the dashboard's alone (the bench's HTTP clients, Playwright's driver and the
// simulator's tools are elsewhere: the tools are children of the sshd servers). Started with
// its settings in the environment (PORT, ZONEDASH_DB, ZONEDASH_POLL_MS, SIM_ROOT…); it signs
// a bench admin in directly (five sessions), starts the real server (startServer), and answers the bench's
// questions over IPC:
//   { id, q: 'stats' } → its own process.cpuUsage(), process.memoryUsage() after two forced
//   collections (started with --expose-gc: retained memory, not garbage), and per host the
//   runner's spawnCount (tools started: one exec channel each over SSH) and connection state.
//   { id, q: 'timeline' } → per SSH host the runner's connection timeline (slot, TCP, key
//   exchange, authentication, first channel; server/hosts/ssh.ts SshTimeline) and when the
//   host's first zone list reached the fleet, with the process's CPU so far: where a start's
//   seconds go.
// It exits when the bench goes away (IPC disconnect).
import { createSession } from '../server/auth/sessions';
import { createUser } from '../server/auth/users';
import { SshRunner } from '../server/hosts/ssh';
import { startServer } from '../server/main';
import { hostRegistry, startServices } from '../server/services';

interface Ask {
  id: number;
  q: 'stats' | 'timeline';
}

const admin = await createUser({ name: `bench${process.pid}`, role: 'admin', password: `bench-${Math.random().toString(36).slice(2)}-Pw1!` });
// a session holds at most 12 live streams (server/trpc/http.ts): 50 open pages are 5 people's
const tokens = Array.from({ length: 5 }, () => createSession(admin, { address: '127.0.0.1', userAgent: 'bench' }).token);
// the clock of "time from server start" starts here, right before startServer()
const startedAt = Date.now();
// the CPU node, tsx and the server's modules took before startServer() (not in the start figure)
process.send!({ type: 'session', tokens, startedAt, cpuAtStart: process.cpuUsage() });
// the first zone list of each host, as the fleet got it, and when the services were built
// (startServer builds them, in their order, before Next's prepare: the same memoized promise)
const firstList = new Map<string, number>();
let servicesAt = 0;
void startServices().then(({ fleet }) => {
  servicesAt = Date.now();
  fleet.subscribe((e) => {
    if (e.view?.fetchedAt != null && !firstList.has(e.host)) firstList.set(e.host, Date.now());
  });
});
await startServer({ dev: false });
process.send!({ type: 'listening', at: Date.now() });

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
process.on('message', (m: Ask) => {
  if (m?.q === 'timeline') {
    const cpu = process.cpuUsage();
    void hostRegistry().then((registry) => {
      const hosts = registry.hosts.flatMap((h) =>
        h.runner instanceof SshRunner ? [{ name: h.name, timeline: h.runner.timeline, firstListAt: firstList.get(h.name) ?? null }] : [],
      );
      process.send!({ type: 'timeline', id: m.id, cpu, servicesAt, hosts });
    });
    return;
  }
  if (m?.q !== 'stats') return;
  // CPU first: the collections below are the bench's doing, not the dashboard's
  const cpu = process.cpuUsage();
  gc();
  // V8 frees Buffer memory on a background thread after a collection: let it sweep, again
  setTimeout(() => {
    gc();
    setTimeout(() => {
      void hostRegistry().then((registry) => {
        const hosts = registry.hosts.map((h) => ({ name: h.name, kind: h.kind, spawns: h.runner.spawnCount, state: registry.status(h.name)?.state ?? null }));
        process.send!({ type: 'stats', id: m.id, cpu, mem: process.memoryUsage(), hosts });
      });
    }, 30);
  }, 30);
});
process.on('disconnect', () => process.exit(0));
