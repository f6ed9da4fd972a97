import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addons and modules that must not be bundled: they are loaded by Node at run time.
  serverExternalPackages: ['better-sqlite3', 'node-pty', 'proper-lockfile'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
