// The start gate on its own: background work waits for every starting host, never past its
// bound, and leaves when its caller gives up.
import { describe, expect, it } from 'vitest';
import { StartGate } from './ssh-start-gate';

const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe('StartGate', () => {
  it('lets work through at once when nothing is starting', async () => {
    expect(await settled(new StartGate().wait(10_000))).toBe(true);
  });

  it('holds work until the last starting host is done; a host ended twice counts once', async () => {
    const gate = new StartGate();
    const [a, b] = [{}, {}];
    gate.begin(a);
    gate.begin(b);
    const waiting = gate.wait(10_000);
    gate.end(a);
    gate.end(a);
    expect(gate.pending).toBe(1);
    expect(await settled(waiting)).toBe(false);
    gate.end(b);
    expect(await settled(waiting)).toBe(true);
    expect(gate.pending).toBe(0);
  });

  it('never holds work past its bound, nor after its caller gave up', async () => {
    const gate = new StartGate();
    gate.begin({});
    const t0 = Date.now();
    await gate.wait(150);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const quit = new AbortController();
    const waiting = gate.wait(10_000, quit.signal);
    quit.abort();
    expect(await settled(waiting)).toBe(true);
    expect(await settled(gate.wait(10_000, AbortSignal.abort()))).toBe(true);
  });
});
