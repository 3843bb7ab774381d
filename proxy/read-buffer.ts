import net from 'node:net';

/**
 * The one buffer every upstream socket reads into (net's `onread`: the endpoint side skips
 * the stream machinery), and client sockets too (readShared() below). Each read is consumed
 * — parsed, and the bytes kept copied out with copyOut() or keep() — before its callback
 * returns, so no read can overwrite another's bytes.
 */
export const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * Small buffers come from slabs of this size, not from Buffer's shared 8 KB pool. Under
 * load an 8 KB slab fills with many small copies over tens of milliseconds, outlives two
 * scavenges because of its last slices, and is promoted to V8's old generation; dead slabs
 * then piled up until the next mark-compact (≈ 2.4 MB/s at 20,000 requests/s, measured with
 * process.memoryUsage().arrayBuffers). A 2 KB slab is used up within a few milliseconds and
 * dies young with the requests that used it; a buffer of its own for every copy did too, at
 * ≈ 3% more CPU per request.
 */
const SLAB_SIZE = 2048;
/** Larger buffers get memory of their own. */
const SLAB_MAX = 512;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabUsed = 0;

/** An uninitialised buffer of `size` bytes (see SLAB_SIZE for why not Buffer.allocUnsafe). */
export function allocOwn(size: number): Buffer {
  if (size > SLAB_MAX) return Buffer.allocUnsafeSlow(size);
  if (slabUsed + size > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + size);
  slabUsed += (size + 7) & ~7; // 8-byte aligned, as Buffer's pool
  return out;
}

/** `bytes`, or a copy of them if they are in READ_BUFFER: safe to keep past this read. */
export function keep(bytes: Buffer): Buffer {
  return bytes.buffer === READ_BUFFER.buffer ? copyOut(bytes) : bytes;
}

/** A copy of `bytes` that stays valid after READ_BUFFER is read into again. */
export function copyOut(bytes: Uint8Array): Buffer {
  const copy = allocOwn(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * net's `onread` option (each read lands in a buffer the caller gives, and goes to a
 * callback: no Buffer, no Readable push, no 'data' event per read) exists only for the
 * sockets net.connect() opens. readShared() gives it to a socket a server accepted: it sets
 * the two fields node:net's constructor sets for `onread`, found by their symbols'
 * descriptions, and switches the handle to the buffer as node:net does. On a Node without
 * them the socket keeps reading through its stream (test/proxy/read-buffer.test.ts checks
 * that this Node has them).
 */
const [kBuffer, kBufferCb] = ['kBuffer', 'kBufferCb'].map((d) => Object.getOwnPropertySymbols(new net.Socket()).find((s) => s.description === d));

type Internals = Record<symbol, unknown> & { _handle?: { useUserBuffer?: (buf: Uint8Array) => void } | null };

/**
 * Has `socket` read into READ_BUFFER from now on, handing each read's length to `onRead`
 * (which must copy what it keeps before returning, and returns false to pause the socket
 * until socket.resume()). EOF still ends the socket's stream ('end'). False, and nothing
 * changed, when the socket cannot: it has unread bytes in its stream or a 'data' listener,
 * or this Node lacks the fields.
 */
export function readShared(socket: net.Socket, onRead: (n: number, buf: Buffer) => boolean): boolean {
  const s = socket as net.Socket & Internals;
  const handle = s._handle;
  if (!kBuffer || !kBufferCb || typeof handle?.useUserBuffer !== 'function') return false;
  if (socket.destroyed || socket.readableLength > 0 || socket.listenerCount('data') > 0) return false;
  s[kBuffer] = READ_BUFFER;
  s[kBufferCb] = onRead;
  handle.useUserBuffer(READ_BUFFER);
  socket.resume();
  return true;
}

/**
 * Undoes readShared(): reads go to the socket's stream again ('data', read(), pipe()), for
 * a consumer that reads sockets the usual way (node:http, after a hand-off). The handle
 * keeps reading into READ_BUFFER, so each read is copied out and pushed; a full stream
 * stops reading until it is read, as usual.
 */
export function readStream(socket: net.Socket): void {
  const s = socket as net.Socket & Internals;
  if (kBufferCb && s[kBufferCb]) s[kBufferCb] = (n: number, buf: Buffer) => socket.push(copyOut(buf.subarray(0, n)));
}
