// `npm start`: build the production bundle when there is none or the sources are newer, then
// serve it. This is what lets a newcomer run `npm install && npm start` and nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'server', 'public'].filter((d) => existsSync(path.join(root, d)));
  const files = ['next.config.ts', 'package.json', 'postcss.config.mjs'].filter((f) => existsSync(path.join(root, f)));
  const newest = Math.max(
    ...sources.map((d) => newestMtime(path.join(root, d))),
    ...files.map((f) => statSync(path.join(root, f)).mtimeMs),
  );
  return newest > built;
}

process.env.NEXT_TELEMETRY_DISABLED = '1';
if (needsBuild()) {
  console.log('building the dashboard (next build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
(process.env as Record<string, string>).NODE_ENV = 'production';
const { startServer } = await import('./main');
await startServer({ dev: false });
