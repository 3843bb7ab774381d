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
  const startedAt = ep.load.start();
  const toClient = relay(client, () => upstream.resume(), opts.onFirstData);
  // Half-open (the client's socket is too, as the listener accepts it): a side that has sent
  // everything (FIN) may still be owed bytes, so each end is carried across instead.
  const upstream = net.connect({ host: ep.info.host, port: ep.info.port, noDelay: true, allowHalfOpen: true, onread: { buffer: READ_BUFFER, callback: toClient } });
  const toUpstream = relay(upstream, () => client.resume());
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

/**
 * The read callback of one direction: each read is copied out of the shared buffer and
 * written to `to`; a full `to` pauses the reading side (a false return) until it drains and
 * `resume` starts it again. `first` sees the first bytes (an upgrade's status line).
 */
function relay(to: net.Socket, resume: () => void, first?: (chunk: Buffer) => void): (n: number, buf: Buffer) => boolean {
  return (n, buf) => {
    const chunk = copyOut(buf.subarray(0, n));
    if (first) {
      first(chunk);
      first = undefined;
    }
    if (to.write(chunk)) return true;
    to.once('drain', resume);
    return false;
  };
}
