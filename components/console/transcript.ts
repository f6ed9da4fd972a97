// What this view has received, for "download transcript": the console's bytes as they came
// (escape sequences included) with our own notes (skips, reconnects) in between. Bounded: past
// the limit the oldest chunks go, and the file says so at its top.
const LIMIT = 8 * 1024 * 1024;

export class Transcript {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private dropped = 0;

  add(data: Uint8Array): void {
    this.chunks.push(data);
    this.bytes += data.length;
    while (this.bytes > LIMIT && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.bytes -= first.length;
      this.dropped += first.length;
    }
  }

  blob(): Blob {
    const head = this.dropped ? [new TextEncoder().encode(`[${this.dropped} earlier bytes are not in this transcript]\r\n`)] : [];
    return new Blob([...head, ...this.chunks] as BlobPart[], { type: 'text/plain;charset=utf-8' });
  }

  download(filename: string): void {
    const url = URL.createObjectURL(this.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
