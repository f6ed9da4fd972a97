// A bound on request bodies, applied in the request listener before Next or tRPC see the
// request. Nothing this dashboard accepts is large (the biggest is an exported zone
// configuration), but Next and tRPC read a body whole before anyone checks a session, so
// without a bound anyone who can reach the port makes the server hold 50 MB per request.
//
// Two ways in: a Content-Length over the bound is answered 413 at once and the body is never
// read; a body without one (chunked) is counted as it streams, and at the first byte past the
// bound the request is answered 413 and the connection closed, whoever was reading it.
import type { IncomingMessage, ServerResponse } from 'node:http';

function tooLarge(res: ServerResponse, maxBytes: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = `Request body too large: at most ${maxBytes} bytes.\n`;
  res.writeHead(413, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    // the rest of the body is not read: the connection cannot carry another request
    connection: 'close',
  });
  res.end(text);
}

/**
 * True when the request was answered here (413). Otherwise the body, as whoever reads it
 * later reads it (on('data'), pipe, async iteration, Readable.toWeb: every one goes through
 * the 'data' event), is counted, and cut at the bound.
 */
export function limitRequestBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): boolean {
  const declared = req.headers['content-length'];
  if (declared !== undefined) {
    // Node has already refused a malformed or doubled Content-Length (400)
    if (Number(declared) > maxBytes) {
      tooLarge(res, maxBytes);
      return true;
    }
    // a declared length within the bound: Node's parser delivers no byte past it
    return false;
  }
  if (req.headers['transfer-encoding'] === undefined) return false; // no body at all

  let seen = 0;
  let over = false;
  const emit = req.emit;
  // Counting in 'data' itself: a listener of our own would start the stream flowing before
  // its reader is attached, and the first chunks would be lost to it.
  req.emit = function countingEmit(this: IncomingMessage, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'data' && !over) {
      const chunk = args[0] as Buffer | string;
      seen += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (seen > maxBytes) {
        over = true;
        // no more is read; once the answer is on its way the connection goes, and the
        // reader sees the body end in an error, never a truncated body it might accept
        req.pause();
        const cut = () => req.destroy(new Error(`request body over ${maxBytes} bytes`));
        res.once('finish', cut);
        res.once('close', cut);
        tooLarge(res, maxBytes);
        return false;
      }
    }
    if (event === 'data' && over) return false;
    return emit.call(this, event, ...args);
  } as typeof req.emit;
  return false;
}
