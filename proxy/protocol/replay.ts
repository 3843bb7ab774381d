import { Duplex } from 'node:stream';
import type net from 'node:net';

/**
 * The socket as a Duplex that first replays the bytes detection already read. node:http2
 * reads a net.Socket's handle directly and would miss unshift()ed bytes, so h2 connections
 * get this wrapper (node:http parses from the JS stream and takes unshift as is).
 */
export function replaySocket(socket: net.Socket, prelude: Buffer): Duplex {
  const d = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  d.push(prelude);
  socket.on('data', (c: Buffer) => {
    if (!d.push(c)) socket.pause();
  });
  socket.on('end', () => d.push(null));
  socket.on('close', () => d.destroy());
  socket.resume();
  return d;
}
