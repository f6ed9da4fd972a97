import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NextConfig } from 'next';

// Several builds can share a checkout (tests, benches): NEXT_DIST_DIR keeps them apart.
const distDir = process.env.NEXT_DIST_DIR ?? '.next';

/**
 * Next adds its dist dir's type globs to the include of the tsconfig it builds with, and
 * rewrites the file when they are missing. tsconfig.json lists those of `.next` (and
 * `.next/dev`), so a default build leaves it as committed; a build in a dist dir of its own
 * builds with a tsconfig of its own that extends the real one, kept under node_modules/.cache
 * (git-ignored, and not the dist dir, which Next empties first), for Next to amend instead.
 */
function tsconfigFor(dir: string): string | undefined {
  if (path.normalize(dir) === '.next') return undefined;
  const cache = path.resolve('node_modules', '.cache', 'zonedash');
  mkdirSync(cache, { recursive: true });
  const file = path.join(cache, `tsconfig.${path.resolve(dir).replace(/[^A-Za-z0-9_.-]+/g, '_')}.json`);
  const root = (p: string) => path.relative(cache, path.resolve(p)).split(path.sep).join('/');
  const config = { extends: root('tsconfig.json'), include: [root('next-env.d.ts'), root('**/*.ts'), root('**/*.tsx')], exclude: [root('node_modules')] };
  // written once, so what Next adds to it stays and the next build finds nothing missing
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return path.relative(process.cwd(), file);
}

const nextConfig: NextConfig = {
  distDir,
  // Native addons and modules that must not be bundled: they are loaded by Node at run time
  // (ssh2 carries an optional native crypto addon that a bundler cannot place).
  serverExternalPackages: ['better-sqlite3', 'node-pty', 'proper-lockfile', 'ssh2'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole tree itself (tsc --noEmit) before it builds.
  typescript: { ignoreBuildErrors: true, tsconfigPath: tsconfigFor(distDir) },
};

export default nextConfig;
