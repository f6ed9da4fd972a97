// Request bodies over the bound are refused with 413 before they are read (issue 9, item 11):
// over a real socket, with a reader behind the limit that reads the body the way Next hands it
// to a route (Readable.toWeb), so a byte the limit lets through is a byte the route would get.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitRequestBody } from './body-limit';

const MAX = 64 * 1024;

let server: Server;
let port: number;
/** what the route behind the limit got: bytes per request, and whether its read failed */
const reads: { bytes: number; failed: boolean }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (limitRequestBody(req, res, MAX)) return;
    void (async () => {
      const read = { bytes: 0, failed: false };
      reads.push(read);
      try {
        // after an await, as Next gets to the body only once it has routed the request
        await new Promise((r) => setTimeout(r, 20));
        const reader = (Readable.toWeb(req) as ReadableStream<Uint8Array>).getReader();
        for (let c = await reader.read(); !c.done; c = await reader.read()) read.bytes += c.value.byteLength;
        res.end(`read ${read.bytes}`);
      } catch {
        read.failed = true;
        // as a framework would: answer the failed read (the 413 went first; this must be harmless)
        try {
          if (!res.headersSent) res.writeHead(500);
          res.write('the body could not be read');
          res.end();
        } catch {
          /* headers already sent */
        }
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Writes the head, then the body in pieces until the server answers or it is all sent;
 *  resolves with the answer's status line and how much of the body had been sent by then. */
function send(head: string, body: { size: number; chunked: boolean }): Promise<{ status: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    let answer = '';
    let answered = false;
    socket.on('data', (d) => {
      answer += d.toString('latin1');
      if (!answered && answer.includes('\r\n')) {
        answered = true;
        resolve({ status: answer.split('\r\n')[0]!, sent });
      }
    });
    socket.on('error', (e) => (answered ? undefined : reject(e)));
    socket.on('close', () => (answered ? undefined : resolve({ status: answer.split('\r\n')[0] ?? '', sent })));
    socket.write(head);
    const piece = Buffer.alloc(16 * 1024, 'a');
    const pump = () => {
      while (!answered && !socket.destroyed && sent < body.size) {
        const n = Math.min(piece.length, body.size - sent);
        sent += n;
        const data = body.chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), piece.subarray(0, n), Buffer.from('\r\n')]) : piece.subarray(0, n);
        if (!socket.write(data)) return void socket.once('drain', () => setTimeout(pump, 1));
      }
      if (sent >= body.size && body.chunked && !socket.destroyed) socket.write('0\r\n\r\n');
    };
    pump();
  });
}

const POST = (extra: string) => `POST /api/trpc/provision.fromExport HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}\r\n`;

describe('the request body bound', () => {
  it('a Content-Length over the bound: 413 at once, the route never called, the body never read', async () => {
    const before = reads.length;
    const r = await send(POST(`Content-Length: ${50 * 1024 * 1024}\r\n`), { size: 0, chunked: false });
    expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(reads.length).toBe(before);
  });

  it('a chunked body that grows past the bound: 413 as it crosses; the route gets no more than the bound, and fails', async () => {
    const before = reads.length;
    const r = await send(POST('Transfer-Encoding: chunked\r\n'), { size: 50 * 1024 * 1024, chunked: true });
    expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
    // the answer came while the client was still sending: 50 MB were never sent, let alone read
    expect(r.sent).toBeLessThan(8 * 1024 * 1024);
    await new Promise((res) => setTimeout(res, 100));
    const read = reads[before]!;
    expect(read.bytes).toBeLessThanOrEqual(MAX);
    expect(read.failed).toBe(true);
    console.log(`chunked 50 MiB body: refused after the client had sent ${(r.sent / 1024).toFixed(0)} KiB; the route read ${read.bytes} bytes`);
  });

  it('bodies within the bound reach the route whole, with or without a length', async () => {
    expect((await send(POST(`Content-Length: ${MAX}\r\n`), { size: MAX, chunked: false })).status).toBe('HTTP/1.1 200 OK');
    expect(reads.at(-1)).toEqual({ bytes: MAX, failed: false });
    expect((await send(POST('Transfer-Encoding: chunked\r\n'), { size: MAX, chunked: true })).status).toBe('HTTP/1.1 200 OK');
    expect(reads.at(-1)).toEqual({ bytes: MAX, failed: false });
  });
});
