#!/usr/bin/env node
// A stand-in for `zlogin -C -E ZONE` on a pty, for the hub's tests and the console bench:
// prints zlogin's banner, switches the terminal to raw mode, echoes what is typed, and obeys
// a few commands typed as "\x02<command> <args>\r":
//   \x02flood BYTES        BYTES of deterministic ASCII lines, then ESC ] fake;done;<sha256> BEL
//   \x02lines N MS         N numbered lines "line-000001" ..., one every MS milliseconds
//   \x02stream [RATE]      deterministic lines (RATE bytes/s, or as fast as the terminal takes
//                         them), until \x02stop
//   \x02stop               ends a stream, then ESC ] fake;stopped;<bytes> BEL
// Environment: FAKE_ZLOGIN_BUSY=<pid> makes it refuse like a second console client does.
// Plain JavaScript (no tsx) so that it starts in milliseconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const zone = process.argv[process.argv.length - 1] ?? 'zone';
if (process.env.FAKE_ZLOGIN_BUSY) {
  process.stderr.write(`zlogin: Zone is already in use by process ID ${process.env.FAKE_ZLOGIN_BUSY}.\n`);
  process.exit(1);
}

process.stdout.write(`[Connected to zone '${zone}' console]\n`);
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  // like zlogin's set_tty_rawmode(): no output processing either, bytes pass unchanged
  spawnSync('stty', ['-opost'], { stdio: ['inherit', 'ignore', 'ignore'] });
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
/** line n of the deterministic data: 80 bytes, ASCII, no '@' and no ESC */
function dataLine(n) {
  let x = (n * 2654435761) >>> 0;
  let s = String(n).padStart(9, '0') + ' ';
  while (s.length < 78) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += ALPHA[(x >>> 16) % ALPHA.length];
  }
  return s + '\r\n';
}

/** next chunk of up to `max` bytes of the data stream, continuing at line `state.n` */
function chunk(state, max) {
  const parts = [];
  let len = 0;
  while (len + 80 <= max) {
    const l = dataLine(state.n++);
    parts.push(l);
    len += l.length;
  }
  return Buffer.from(parts.join(''), 'latin1');
}

const out = process.stdout;
const tick = () => new Promise((r) => setImmediate(r));
let streaming = false;

async function flood(bytes) {
  const hash = createHash('sha256');
  const state = { n: 0 };
  let left = bytes;
  while (left > 0) {
    let c = chunk(state, Math.min(64 * 1024, Math.max(80, left)));
    if (c.length > left) c = c.subarray(0, left);
    hash.update(c);
    out.write(c);
    left -= c.length;
    await tick(); // let keystrokes in between, as a real console interleaves them
  }
  out.write(`\x1b]fake;done;${hash.digest('hex')}\x07`);
}

async function lines(n, ms) {
  for (let i = 1; i <= n; i++) {
    out.write(`line-${String(i).padStart(6, '0')}\r\n`);
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    else await tick();
  }
  out.write('lines-done\r\n');
}

async function stream(rate) {
  if (streaming) return;
  streaming = true;
  const state = { n: 0 };
  const t0 = Date.now();
  let sent = 0;
  while (streaming) {
    const c = chunk(state, 16 * 1024);
    out.write(c);
    sent += c.length;
    // with a rate (bytes/s), stay on schedule; without, as fast as the terminal takes it
    const ahead = rate > 0 ? (sent / rate) * 1000 - (Date.now() - t0) : 0;
    if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
    else await tick();
  }
  out.write(`\x1b]fake;stopped;${sent}\x07`);
}

let cmd = null;
process.stdin.on('data', (buf) => {
  let echo = [];
  for (const b of buf) {
    if (cmd !== null) {
      if (b === 13 || b === 10) {
        run(cmd);
        cmd = null;
      } else cmd += String.fromCharCode(b);
      continue;
    }
    if (b === 2) {
      cmd = '';
      continue;
    }
    echo.push(b);
  }
  if (echo.length) out.write(Buffer.from(echo));
});
process.stdin.on('end', () => process.exit(0));

function run(line) {
  const [name, a = '0', b = '0'] = line.trim().split(/\s+/);
  if (name === 'flood') void flood(Number(a));
  else if (name === 'lines') void lines(Number(a), Number(b));
  else if (name === 'stream') void stream(Number(a));
  else if (name === 'stop') streaming = false;
  else out.write(`fake-zlogin: unknown command ${name}\r\n`);
}
