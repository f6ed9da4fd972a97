// First-load JavaScript of a page, from a production build's own manifests (no browser): the
// root main files every page loads (build-manifest.json) plus the entry chunks of the page and
// its layouts (server/app/<page>_client-reference-manifest.js), each gzipped as a server
// would send it. Also checks that uPlot (the chart library) is in none of them: charts load
// only where they are shown.
//   NEXT_DIST_DIR=.next-x npx tsx bench/metrics-first-load.ts [route=/] [limitKB=150]
// route '/' reads server/app/page_…; '/zones/[host]/[zone]' reads server/app/zones/[host]/[zone]/page_….
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const route = process.argv[2] ?? '/';
const limitKB = Number(process.argv[3] ?? 150);
const dist = path.resolve(process.env.NEXT_DIST_DIR ?? '.next');

const build = JSON.parse(readFileSync(path.join(dist, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[]; polyfillFiles: string[] };
const pageDir = route === '/' ? '' : route.replace(/^\//, '');
const manifestFile = path.join(dist, 'server', 'app', pageDir, 'page_client-reference-manifest.js');
const g = globalThis as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> };
g.__RSC_MANIFEST = {};
createRequire(import.meta.url)(manifestFile);
const key = route === '/' ? '/page' : `/${pageDir}/page`;
const manifest = g.__RSC_MANIFEST[key];
if (!manifest) throw new Error(`no client reference manifest for ${key} in ${manifestFile}`);

// the page's own entry and those of the layouts above it
const entries = Object.entries(manifest.entryJSFiles).filter(([k]) => k === `[project]/app${pageDir ? '/' + pageDir : ''}/page` || k.endsWith('/layout'));
const files = new Set<string>([...build.rootMainFiles, ...entries.flatMap(([, f]) => f)]);
let raw = 0;
let gz = 0;
const withUplot: string[] = [];
for (const f of files) {
  const buf = readFileSync(path.join(dist, f));
  raw += buf.length;
  gz += gzipSync(buf).length;
  // uPlot's own identifiers, which survive minification
  if (/uplot|u-legend|u-cursor-pt/i.test(buf.toString('latin1'))) withUplot.push(f);
}
const result = {
  route,
  dist,
  files: files.size,
  rawKB: Number((raw / 1024).toFixed(1)),
  gzipKB: Number((gz / 1024).toFixed(1)),
  limitKB,
  chartCodeInFirstLoad: withUplot,
  verdict: gz / 1024 <= limitKB && withUplot.length === 0 ? `PASS (≤ ${limitKB} KB gzip, no chart code)` : 'FAIL',
};
console.log(JSON.stringify(result, null, 2));
process.exit(result.verdict.startsWith('PASS') ? 0 : 1);
