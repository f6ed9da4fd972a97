import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Several builds can share a checkout (tests, benches): NEXT_DIST_DIR keeps them apart.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Native addons and modules that must not be bundled: they are loaded by Node at run time.
  serverExternalPackages: ['better-sqlite3', 'node-pty', 'proper-lockfile'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks the whole tree itself (tsc --noEmit) before it builds.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
