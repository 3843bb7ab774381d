import type net from 'node:net';

export type Detected = 'http1' | 'http2' | 'opaque';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
const H1_METHOD = /^(?:GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH) /;
const MAX_PEEK = 64;

/** Classifies the first bytes; undefined: a prefix of something, read more. */
export function classify(buf: Buffer): Detected | undefined {
  const n = Math.min(buf.length, H2_PREFACE.length);
  if (buf.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) return buf.length >= H2_PREFACE.length ? 'http2' : undefined;
  const head = buf.subarray(0, 8).toString('latin1');
  if (H1_METHOD.test(head)) return 'http1';
  if (buf.length < 8 && /^[A-Z]+$/.test(head)) return undefined;
  return 'opaque';
}

/**
 * Reads until the protocol is known. A client that says nothing within `timeoutMs` is
 * opaque: server-speaks-first protocols (MySQL, SMTP) wait for the server's greeting.
 */
export function detect(socket: net.Socket, timeoutMs: number): Promise<{ protocol: Detected; prelude: Buffer }> {
  return new Promise((resolve) => {
    let buf: Buffer = Buffer.alloc(0);
    const finish = (protocol: Detected) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      resolve({ protocol, prelude: buf });
    };
    const onData = (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      const p = classify(buf);
      if (p) finish(p);
      else if (buf.length >= MAX_PEEK) finish('opaque');
    };
    const onEnd = () => finish('opaque');
    const timer = setTimeout(() => finish('opaque'), timeoutMs);
    socket.on('data', onData);
    socket.once('end', onEnd);
  });
}
