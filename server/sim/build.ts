// Builds the simulated tools once into plain JavaScript: server/sim/dist/cli.mjs.
//   tsx server/sim/build.ts          (npm's postinstall runs it; bin/_launch runs it when the
//                                     bundle is missing or older than a source)
// Why: every start of a tool through tsx's loader compiled the whole simulator again (about
// 0.4 s of CPU per `zoneadm list`, which the dashboard's watcher and every test pay); node on a
// ready bundle starts in a fraction of that.
//
// Beside the bundle it writes dist/cli.inputs: the repository-relative directories the bundle
// was made from, on one line, read by bin/_launch's staleness check (one `find -newer`), so an
// edit to any source the bundle includes, in server/sim or elsewhere, triggers a rebuild.
//
// The bundle gets the mtime of the moment the build *started*: a source saved while esbuild
// ran is newer than the bundle, so the next start builds again. Both files are written under
// temporary names and renamed, so tools started during a build (or two builds racing) never
// see half a file.
import { build } from 'esbuild';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const simDir = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(simDir, '..', '..');
const distDir = path.join(simDir, 'dist');
export const BUNDLE = path.join(distDir, 'cli.mjs');
export const INPUTS = path.join(distDir, 'cli.inputs');

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, data);
  await fsp.rename(tmp, file);
}

/** Bundles server/sim/cli.ts and everything it imports into dist/cli.mjs. */
export async function buildSimulator(): Promise<{ bundle: string; inputDirs: string[] }> {
  const started = new Date();
  const result = await build({
    entryPoints: [path.join(simDir, 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // node_modules stay external: native addons (node-pty, better-sqlite3) cannot be bundled,
    // and the simulator needs none of them today; whatever it may import is resolved by node
    // from the repository's node_modules at run time, as under tsx.
    packages: 'external',
    // `@/` imports resolve like tsconfig's paths, should a simulator file ever use one
    alias: { '@': repo },
    // paths in the bundle's comments and the metafile are relative to the repository, whatever
    // the working directory of the tool that triggered the build
    absWorkingDir: repo,
    write: false,
    metafile: true,
    // no source map: an inline one is read on every start for nothing (node uses it only
    // with --enable-source-maps); the bundle is unminified, with a `// server/sim/x.ts` line
    // above each module, so its stack traces are readable as they are
    legalComments: 'none',
    logLevel: 'warning',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error('esbuild produced no output');
  const dirs = new Set<string>();
  for (const input of Object.keys(result.metafile.inputs)) {
    const abs = path.resolve(repo, input);
    const rel = path.relative(repo, path.dirname(abs));
    if (rel.startsWith('..') || rel.split(path.sep).includes('node_modules')) continue;
    if (/\s/.test(rel)) throw new Error(`a source directory with white space (${rel}) would break bin/_launch's check`);
    dirs.add(rel === '' ? '.' : rel);
  }
  const inputDirs = [...dirs].sort();
  await fsp.mkdir(distDir, { recursive: true });
  await writeAtomically(INPUTS, inputDirs.join(' ') + '\n');
  // the bundle last: its presence is what _launch checks first
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  await fsp.writeFile(tmp, out.contents);
  await fsp.utimes(tmp, started, started);
  await fsp.rename(tmp, BUNDLE);
  return { bundle: BUNDLE, inputDirs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildSimulator();
  } catch (e) {
    // esbuild has already printed the compile errors themselves
    process.stderr.write(`server/sim/build.ts: ${(e as Error).message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
