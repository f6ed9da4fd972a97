// The console's buffer: its most recent bytes, addressed by absolute offset (the count of
// bytes since the session began). Appends keep the chunks as they came from the pty (no
// copying on the hot path); the oldest chunks are dropped, or cut, to stay under `capacity`,
// except that bytes a lagging viewer still needs (from `keepFrom`) are kept up to `hardCap`.

// appends up to SMALL bytes (echoes, short lines) are packed into BLOCK-sized blocks
const SMALL = 512;
const BLOCK = 16 * 1024;
const DEAD = { offset: -1, buf: Buffer.alloc(0) };

export class ByteRing {
  private chunks: { offset: number; buf: Buffer }[] = [];
  /** the block small appends are copied into (its used part is the last chunk) */
  private tail: { block: Buffer; used: number; index: number } | null = null;
  private head = 0;
  private size = 0;
  /** absolute offset of the oldest byte held */
  private startOffset = 0;
  /** absolute offset of the next byte to be appended */
  private endOffset = 0;

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new Error('ByteRing capacity must be positive');
  }

  get start(): number {
    return this.startOffset;
  }

  get end(): number {
    return this.endOffset;
  }

  get bytes(): number {
    return this.size;
  }

  append(buf: Buffer, keepFrom = Infinity, hardCap = this.capacity): void {
    if (buf.length === 0) return;
    if (buf.length <= SMALL) {
      // keystroke echoes and short lines: copied into a shared block, so that a long
      // interactive session is a few hundred chunks, not a quarter million
      const last = this.chunks.length - 1;
      const tail = this.tail;
      if (tail && tail.index === last && tail.used + buf.length <= tail.block.length) {
        buf.copy(tail.block, tail.used);
        tail.used += buf.length;
        this.chunks[last]!.buf = tail.block.subarray(0, tail.used);
      } else {
        this.sealTail();
        const block = Buffer.allocUnsafeSlow(BLOCK);
        buf.copy(block, 0);
        this.chunks.push({ offset: this.endOffset, buf: block.subarray(0, buf.length) });
        this.tail = { block, used: buf.length, index: this.chunks.length - 1 };
      }
    } else {
      this.sealTail();
      this.chunks.push({ offset: this.endOffset, buf });
    }
    this.endOffset += buf.length;
    this.size += buf.length;
    this.trim(keepFrom, hardCap);
  }

  /** No more small appends go into the current block: if it is mostly empty, keep only its
   *  used part, so that the block itself can be freed. */
  private sealTail(): void {
    const t = this.tail;
    this.tail = null;
    if (!t || t.used > t.block.length / 2) return;
    const c = this.chunks[t.index];
    if (c && c.buf.buffer === t.block.buffer) c.buf = exactCopy(c.buf);
  }

  /**
   * Up to `max` bytes starting at `from` (clamped to what is held), as the stored chunks or
   * slices of them, without copying. Empty when `from` is at or past the end.
   */
  read(from: number, max: number): Buffer[] {
    const out: Buffer[] = [];
    let pos = Math.max(from, this.startOffset);
    let left = max;
    if (pos >= this.endOffset || left <= 0) return out;
    let i = this.find(pos);
    while (i < this.chunks.length && left > 0) {
      const c = this.chunks[i]!;
      const inner = pos - c.offset;
      const take = Math.min(c.buf.length - inner, left);
      out.push(inner === 0 && take === c.buf.length ? c.buf : c.buf.subarray(inner, inner + take));
      pos += take;
      left -= take;
      i++;
    }
    return out;
  }

  /** index of the live chunk holding `pos` (binary search; chunks are in offset order) */
  private find(pos: number): number {
    let lo = this.head;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid]!.offset <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Drops what nobody needs: beyond `capacity`, unless needed from `keepFrom` (up to `hardCap`). */
  trim(keepFrom = Infinity, hardCap = this.capacity): void {
    let target = this.endOffset - this.capacity;
    if (keepFrom < target) target = Math.max(keepFrom, this.endOffset - Math.max(hardCap, this.capacity));
    while (this.startOffset < target) {
      const first = this.chunks[this.head]!;
      const over = target - this.startOffset;
      if (first.buf.length <= over) {
        // release the bytes now, not when the array is next compacted
        this.chunks[this.head] = DEAD;
        this.head++;
        this.size -= first.buf.length;
        this.startOffset = first.offset + first.buf.length;
      } else {
        // cut the oldest chunk (a copy, so that the big original can be freed)
        const keep = exactCopy(first.buf.subarray(over));
        this.chunks[this.head] = { offset: first.offset + over, buf: keep };
        if (this.tail?.index === this.head) this.tail = null;
        this.size -= over;
        this.startOffset = first.offset + over;
      }
    }
    if (this.tail && this.tail.index < this.head) this.tail = null;
    // compact the array now and then, not on every drop (chunks before head are dead)
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      if (this.tail) this.tail.index -= this.head;
      this.head = 0;
    }
  }
}

/** A copy with its own memory: a pooled Buffer would keep a whole 8 KiB pool slab alive. */
function exactCopy(b: Buffer): Buffer {
  const out = Buffer.allocUnsafeSlow(b.length);
  b.copy(out);
  return out;
}
