import { describe, expect, it } from 'vitest';
import { ByteRing } from './ring';

const bytes = (n: number, from = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (from + i) % 251));
const read = (r: ByteRing, from: number, max = Infinity) => Buffer.concat(r.read(from, max));

describe('ByteRing', () => {
  it('keeps absolute offsets and reads across chunk boundaries', () => {
    const r = new ByteRing(1000);
    r.append(Buffer.from('hello '));
    r.append(Buffer.from('world'));
    expect([r.start, r.end]).toEqual([0, 11]);
    expect(read(r, 0).toString()).toBe('hello world');
    expect(read(r, 4, 4).toString()).toBe('o wo');
    expect(read(r, 11).length).toBe(0);
  });

  it('drops and cuts the oldest bytes past its capacity, never more', () => {
    const r = new ByteRing(10_000);
    const all: Buffer[] = [];
    let off = 0;
    for (const n of [3000, 1, 5000, 7, 4000, 2500, 3, 3]) {
      const b = bytes(n, off);
      all.push(b);
      off += n;
      r.append(b);
      expect(r.bytes).toBe(Math.min(off, 10_000));
    }
    const whole = Buffer.concat(all);
    expect(r.end).toBe(whole.length);
    expect(r.start).toBe(whole.length - 10_000);
    expect(read(r, 0).equals(whole.subarray(r.start))).toBe(true);
    for (const from of [r.start, r.start + 1, r.end - 2600, r.end - 1]) {
      expect(read(r, from).equals(whole.subarray(from)), `from ${from}`).toBe(true);
    }
  });

  it('keeps bytes from keepFrom beyond its capacity, up to the hard cap', () => {
    const r = new ByteRing(1000);
    r.append(bytes(500));
    r.append(bytes(2000, 500), 300, 10_000); // someone still needs offset 300
    expect([r.start, r.end]).toEqual([300, 2500]);
    r.append(bytes(5000, 2500), 300, 4000); // not beyond the cap, though
    expect([r.start, r.end]).toEqual([3500, 7500]);
    r.trim(); // nobody lags any more
    expect([r.start, r.bytes]).toEqual([6500, 1000]);
  });

  it('packs many small appends (echoes) into blocks without losing order', () => {
    const r = new ByteRing(64 * 1024);
    const all: Buffer[] = [];
    for (let i = 0; i < 100_000; i++) {
      const b = Buffer.from(String.fromCharCode(33 + (i % 90)));
      all.push(b);
      r.append(b);
      if (i % 997 === 0) {
        // an occasional large chunk between the small ones
        const big = bytes(3000, i);
        all.push(big);
        r.append(big);
      }
    }
    const whole = Buffer.concat(all);
    expect(r.end).toBe(whole.length);
    expect(read(r, r.start).equals(whole.subarray(r.start))).toBe(true);
    expect(read(r, r.end - 5000, 100).equals(whole.subarray(r.end - 5000, r.end - 4900))).toBe(true);
  });

  it('holds no memory beyond its bytes: dropped chunks are let go, packed blocks and copies are not oversized', () => {
    const r = new ByteRing(64 * 1024);
    // inputs with their own memory, as node-pty's reads are (Buffer.from would pool them)
    const exact = (n: number, from: number) => {
      const b = Buffer.allocUnsafeSlow(n);
      bytes(n, from).copy(b);
      return b;
    };
    for (let i = 0; i < 5000; i++) r.append(exact(i % 2 ? 100 : 4095, i), i > 2500 ? Infinity : 0, 256 * 1024);
    const inner = r as unknown as { chunks: { buf: Buffer }[]; head: number };
    // everything before the head is released (not just unreachable through `head`)
    expect(inner.chunks.slice(0, inner.head).every((c) => c.buf.length === 0)).toBe(true);
    // what is held is backed by about what it holds (no 16 KiB block per 100-byte piece,
    // no 8 KiB pool slab per copy); the one open block is the exception
    const backing = new Set(inner.chunks.slice(inner.head).map((c) => c.buf.buffer));
    const total = [...backing].reduce((n, ab) => n + ab.byteLength, 0);
    expect(total).toBeLessThan(r.bytes + 16 * 1024 + 4096);
  });

  it('a slice handed out stays valid while more bytes are appended', () => {
    const r = new ByteRing(1 << 20);
    r.append(Buffer.from('ab'));
    const [first] = r.read(0, 10);
    r.append(Buffer.from('cd'));
    expect(first!.toString()).toBe('ab');
    expect(read(r, 0).toString()).toBe('abcd');
  });
});
