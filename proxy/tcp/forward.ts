import net from 'node:net';
import type { Endpoint } from '../endpoint.ts';
import type { RouteMetrics } from '../metrics.ts';
import { READ_BUFFER, copyOut, readShared } from '../read-buffer.ts';

/**
 * Splices a client connection to an endpoint, byte for byte, counting both directions.
 * `prelude` is sent upstream first (bytes read during detection); `onConnected` runs once
 * the upstream accepted (CONNECT answers 200 then).
 */
export interface SpliceOptions {
  prelude?: Buffer;
  onConnected?: () => void;
  /** Connecting failed; the client socket is left open for the caller's answer. */
  onFailed?: (err: Error) => void;
  /** The first bytes the endpoint sent (an upgrade's status line). */
  onFirstData?: (chunk: Buffer) => void;
}

export function spliceTcp(client: net.Socket, ep: Endpoint, rm: RouteMetrics, opts: SpliceOptions = {}): void {
  const { prelude, onConnected, onFailed } = opts;
  let onFirstData = opts.onFirstData;
  const startedAt = ep.load.start();
  // Both directions copy each read out of the shared buffer and write it on. A full
  // receiver pauses the sender (a false return) until it drains.
  const toClient = (n: number, buf: Buffer): boolean => {
    const chunk = copyOut(buf.subarray(0, n));
    if (onFirstData) {
      onFirstData(chunk);
      onFirstData = undefined;
    }
    if (client.write(chunk)) return true;
    client.once('drain', () => upstream.resume());
    return false;
  };
  const toUpstream = (n: number, buf: Buffer): boolean => {
    if (upstream.write(copyOut(buf.subarray(0, n)))) return true;
    upstream.once('drain', () => client.resume());
    return false;
  };
  // Half-open both ways: a side that has sent everything (FIN) may still be owed bytes, so
  // neither socket ends its own writing when its reading ends; each end is carried across.
  client.allowHalfOpen = true;
  const upstream = net.connect({ host: ep.info.host, port: ep.info.port, noDelay: true, allowHalfOpen: true, onread: { buffer: READ_BUFFER, callback: toClient } });
  let connected = false;
  let closed = 0;
  const done = () => {
    if (++closed !== 2) return;
    ep.load.end(startedAt);
    if (connected) {
      rm.tcpClosed.inc();
      rm.tcpOpen.dec();
      rm.tcpReceived.inc(client.bytesRead);
      rm.tcpSent.inc(client.bytesWritten);
    }
  };
  upstream.once('connect', () => {
    connected = true;
    rm.tcpOpened.inc();
    rm.tcpOpen.inc();
    onConnected?.();
    if (prelude && prelude.length) upstream.write(prelude);
    // ≈ 8% less CPU per forwarded request than client.pipe(upstream) (README → Proxy).
    if (!readShared(client, toUpstream)) client.pipe(upstream);
    // The client may have sent FIN already (with its first bytes, or while the endpoint was
    // being picked); pipe() carries that itself.
    else if (client.readableEnded) upstream.end();
    else client.once('end', () => upstream.end());
  });
  upstream.once('end', () => client.end());
  upstream.on('error', (err) => {
    if (!connected && onFailed) onFailed(err);
    else client.destroy();
  });
  client.on('error', () => upstream.destroy());
  // Each side's end is carried to the other; close only flushes what is left.
  upstream.once('close', () => {
    if (connected || !onFailed) client.destroySoon();
    done();
  });
  client.once('close', () => {
    upstream.destroySoon();
    done();
  });
}
