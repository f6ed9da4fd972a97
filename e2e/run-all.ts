// `npm test`: every test there is. The type check and lint, unit and simulator tests (vitest), then the production
// build, then the browser tests (Playwright in Debian's Chromium). Finds or installs the
// browser and OpenSSH's server first, so a fresh machine needs nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_PORT } from './env';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const bin = (name: string) => path.join(process.cwd(), 'node_modules', '.bin', name);

function run(label: string, file: string, args: string[], env: Record<string, string> = {}): number {
  console.log(`\n=== ${label}`);
  const r = spawnSync(file, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env } as NodeJS.ProcessEnv });
  return r.status ?? 1;
}

/** Debian packages the tests need: Chromium (browser tests) and OpenSSH's server (remote
 *  hosts: each test starts its own sshd on loopback). Installed when missing and we are root;
 *  otherwise the one command to run is printed. */
function ensurePackages(): void {
  const need: string[] = [];
  if (!existsSync(chromium)) {
    if (process.env.CHROMIUM_PATH) {
      console.error(`CHROMIUM_PATH is set to ${chromium}, which does not exist.`);
      process.exit(1);
    }
    need.push('chromium');
  }
  if (!existsSync('/usr/sbin/sshd')) need.push('openssh-server');
  if (need.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `The tests need Debian's ${need.join(' and ')}. Install them:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${need.join(' ')}\n` +
        (need.includes('chromium') ? `or point CHROMIUM_PATH at a Chromium binary.\n` : ''),
    );
    process.exit(1);
  }
  console.log(`Missing ${need.join(' and ')}: installing Debian's packages (running as root)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...need]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed; install ${need.join(' ')} by hand.`);
      process.exit(1);
    }
  }
}

ensurePackages();
// No stale reports from an earlier run may be counted.
for (const f of [`test-results/vitest-${E2E_PORT}.json`, `test-results/e2e-${E2E_PORT}.json`]) rmSync(f, { force: true });
const types = run('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']);
// the rules of the house (DESIGN.md) as lint: client code imports no server runtime, only
// server/hosts spawns, only server/illumos builds tool calls and reads tool text, …
const lint = run('lint (eslint)', bin('eslint'), ['.']);
const unit = run('unit and simulator tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=test-results/vitest-${E2E_PORT}.json`]);
const build = run('production build (next build)', bin('next'), ['build'], { NODE_ENV: 'production' });
const e2e = build === 0 ? run('browser tests (playwright, chromium)', bin('playwright'), ['test']) : 1;

let passed = 0;
let failed = 0;
let unitPassed = 0;
let unitFailed = 0;
try {
  const report = JSON.parse(readFileSync(`test-results/vitest-${E2E_PORT}.json`, 'utf8')) as { numPassedTests?: number; numFailedTests?: number };
  unitPassed = report.numPassedTests ?? 0;
  unitFailed = report.numFailedTests ?? 0;
} catch {
  // no vitest report: counted through the exit code below
}
try {
  const report = JSON.parse(readFileSync(`test-results/e2e-${E2E_PORT}.json`, 'utf8')) as { stats?: { expected?: number; unexpected?: number; flaky?: number } };
  passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
  failed += report.stats?.unexpected ?? 0;
} catch {
  // no browser report (the build failed): counted through the exit codes below
}
console.log(
  `\ntsc: ${types === 0 ? 'ok' : 'FAILED'}; eslint: ${lint === 0 ? 'ok' : 'FAILED'}; vitest: ${unitPassed} passed, ${unitFailed} failed; next build: ${build === 0 ? 'ok' : 'FAILED'}; playwright: ${passed} passed, ${failed} failed`,
);
const stepFailures = (types ? 1 : 0) + (lint ? 1 : 0) + (build ? 1 : 0) + (unit && !unitFailed ? 1 : 0) + (e2e && !failed ? 1 : 0);
console.log(`total: ${unitPassed + passed} passed, ${unitFailed + failed + stepFailures} failed`);
process.exit(types || lint || unit || build || e2e ? 1 : 0);
