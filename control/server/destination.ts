// The gRPC Destination service: one Watch stream per (proxy, authority), fed by the hub.
import type http2 from 'node:http2';
import { nodeHttp2 } from '../../lib/builtins.ts';
import { performance } from 'node:perf_hooks';
import * as grpc from '@grpc/grpc-js';
import type { HostPort } from '../../lib/addr.ts';
import { formatAddr } from '../../lib/addr.ts';
import { defineError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { WatchRequest__Output } from '../api/gen/weft/destination/v1/WatchRequest.ts';
import type { ControlMetrics } from '../metrics.ts';
import { destinationService } from './codec.ts';
import type { RouteHub, Subscriber, UpdateType } from './hub.ts';

export const GrpcListenError = defineError('WEFT_GRPC_LISTEN', 'The gRPC address cannot be bound (in use, or not an address of this host).');

export interface DestinationServerOptions {
  addr: HostPort;
  hub: RouteHub;
  metrics: ControlMetrics;
  log: Logger;
  /** Updates a stream may have unwritten before it is disconnected as too slow. */
  maxQueue: number;
}

type WatchCall = grpc.ServerWritableStream<WatchRequest__Output, Buffer>;

/** Resets the HTTP/2 stream under a call at once: ending it would queue behind what it hasn't read. */
function resetStream(call: WatchCall): void {
  const inner = (call as unknown as { call?: { stream?: http2.ServerHttp2Stream } }).call;
  const stream = inner?.stream;
  if (stream && !stream.destroyed) stream.close(nodeHttp2().constants.NGHTTP2_ENHANCE_YOUR_CALM);
  else call.destroy();
}

class WatchStream implements Subscriber {
  private pending = 0;
  private closed = false;
  private readonly call: WatchCall;
  private readonly opts: DestinationServerOptions;
  private readonly onSlow: () => void;

  constructor(call: WatchCall, opts: DestinationServerOptions, onSlow: () => void) {
    this.call = call;
    this.opts = opts;
    this.onSlow = onSlow;
  }

  send(bytes: Buffer, type: UpdateType, arrivedAt: number): void {
    if (this.closed) return;
    if (this.pending >= this.opts.maxQueue) {
      this.closed = true;
      this.opts.metrics.slowDisconnects.inc();
      this.opts.log.warn({ peer: this.call.getPeer(), authority: this.call.request.authority, queued: this.pending }, 'disconnecting a stream too slow to read its updates');
      this.onSlow();
      resetStream(this.call);
      return;
    }
    this.pending++;
    this.call.write(bytes, () => this.pending--);
    this.opts.metrics.updatesPushed.inc({ type });
    this.opts.metrics.pushLatency.observe((performance.now() - arrivedAt) / 1000);
  }

  close(): void {
    this.closed = true;
  }
}

export interface DestinationServer {
  address: HostPort;
  /** Ends every stream with OK and stops accepting. */
  close(): Promise<void>;
}

export async function startDestinationServer(opts: DestinationServerOptions): Promise<DestinationServer> {
  const server = new grpc.Server({
    'grpc.keepalive_time_ms': 30_000,
    'grpc.keepalive_timeout_ms': 10_000,
    'grpc.keepalive_permit_without_calls': 1,
    'grpc.http2.min_ping_interval_without_data_ms': 10_000,
  });
  const open = new Set<WatchCall>();

  server.addService(destinationService, {
    Watch: (call: WatchCall) => {
      const { authority } = call.request;
      const stream = new WatchStream(call, opts, () => done());
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        stream.close();
        open.delete(call);
        opts.hub.unsubscribe(authority, stream);
        opts.metrics.proxiesConnected.dec();
        opts.metrics.authorities.set(opts.hub.authorities);
      };
      opts.metrics.proxiesConnected.inc();
      open.add(call);
      call.on('cancelled', done);
      call.on('close', done);
      call.on('error', done);
      if (!opts.hub.subscribe(authority, stream, performance.now())) {
        done();
        call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: `invalid authority "${authority}": expected name.namespace.svc.<cluster-domain>:port or ip:port` });
        return;
      }
      opts.metrics.authorities.set(opts.hub.authorities);
      opts.log.debug({ authority, proxy: call.request.proxyId, peer: call.getPeer() }, 'watch started');
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(formatAddr(opts.addr), grpc.ServerCredentials.createInsecure(), (err, bound) => {
      if (err) reject(new GrpcListenError(`cannot listen on ${formatAddr(opts.addr)}: ${err.message}`, { addr: formatAddr(opts.addr) }, { cause: err }));
      else resolve(bound);
    });
  });

  return {
    address: { host: opts.addr.host, port },
    close: async () => {
      for (const call of open) call.end();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), 2_000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}
