import net from 'node:net';
import type http2 from 'node:http2';
import type { HostPort } from '../lib/addr.ts';
import { isBusy } from './http/conn-h1.ts';
import { detect } from './protocol/detect.ts';
import { replaySocket } from './protocol/replay.ts';

export interface ListenerOptions {
  /** HTTP/1.1 connections, with the bytes read during detection. */
  h1: (socket: net.Socket, prelude: Buffer) => void;
  h2: http2.Http2Server;
  /** Opaque connections (undetected, or on an opaque port). */
  opaque: (socket: net.Socket, prelude: Buffer | undefined) => void;
  detectTimeoutMs: number;
  /**
   * Skip detection: every connection is opaque (true), or each connection asks (a --tcp-map
   * port whose service control declares opaque, known once discovery has answered).
   */
  opaqueOnly: boolean | (() => boolean | Promise<boolean>);
}

/** One port, three protocols: HTTP/1.1, HTTP/2 prior knowledge, or bytes passed through. */
export interface Listener {
  server: net.Server;
  /** Every accepted connection, so shutdown can end what the drain timeout leaves. */
  sockets: Set<net.Socket>;
  /** The HTTP/1.1 ones, which shutdown closes as soon as they are between requests. */
  h1Sockets: Set<net.Socket>;
}

/**
 * An HTTP/1.1 connection with no response in progress (the fast path's, or node:http's own
 * marker) and none still waiting in its write buffer: the fast path's response is over for
 * the connection as soon as it is handed to the socket, before a slow client has read it.
 */
export function isIdleH1(socket: net.Socket): boolean {
  return socket.writableLength === 0 && !isBusy(socket) && !(socket as net.Socket & { _httpMessage?: unknown })._httpMessage;
}

export function createListener(opts: ListenerOptions): Listener {
  const sockets = new Set<net.Socket>();
  const h1Sockets = new Set<net.Socket>();
  const detectThen = (socket: net.Socket) =>
    detect(socket, opts.detectTimeoutMs).then(({ protocol, prelude }) => {
      if (socket.destroyed) return;
      if (protocol === 'opaque') return opts.opaque(socket, prelude);
      if (protocol === 'http2') {
        // node:http2 ends the connection when the client's side ends, as a socket does by default.
        socket.allowHalfOpen = false;
        return void opts.h2.emit('connection', replaySocket(socket, prelude));
      }
      h1Sockets.add(socket);
      socket.once('close', () => h1Sockets.delete(socket));
      opts.h1(socket, prelude);
    });
  // Half-open: a client's FIN ends only its side. What it is still owed (an HTTP response,
  // a tunnel's answer) is sent before the proxy ends the connection (conn-h1.ts, tcp/forward.ts).
  const server = net.createServer({ noDelay: true, allowHalfOpen: true, pauseOnConnect: opts.opaqueOnly === true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const opaque = typeof opts.opaqueOnly === 'function' ? opts.opaqueOnly() : opts.opaqueOnly;
    if (opaque === true) return opts.opaque(socket, undefined);
    if (opaque === false) return void detectThen(socket);
    // Bytes the client sends meanwhile wait in the socket's buffer.
    opaque.then(
      (yes) => (socket.destroyed ? undefined : yes ? opts.opaque(socket, undefined) : detectThen(socket)),
      () => detectThen(socket),
    );
  });
  return { server, sockets, h1Sockets };
}

export function listen(server: net.Server, addr: HostPort): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(addr.port, addr.host, () => {
      server.off('error', reject);
      const a = server.address() as net.AddressInfo;
      resolve({ host: a.address, port: a.port });
    });
  });
}
