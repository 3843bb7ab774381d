import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from '../../control/api/gen/destination.ts';
import type { DestinationClient } from '../../control/api/gen/weft/destination/v1/Destination.ts';
import type { Update__Output } from '../../control/api/gen/weft/destination/v1/Update.ts';
import type { Logger } from '../../lib/log.ts';
import { fromWire } from './convert.ts';
import type { DiscoveryUpdate } from './types.ts';

const PROTO = fileURLToPath(new URL('../../control/api/destination.proto', import.meta.url));

export interface DiscoveryClientOptions {
  /** host:port of control's gRPC server. */
  addr: string;
  proxyId: string;
  namespace: string;
  log: Logger;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface Watch {
  close(): void;
}

/** Destination.Watch streams, one per authority, each reconnecting with backoff and jitter. */
export class DiscoveryClient {
  private readonly client: DestinationClient;
  private readonly opts: DiscoveryClientOptions;
  /** Streams currently receiving updates; /ready and metrics read it. */
  connectedStreams = 0;
  /** Once control has answered, the proxy can serve from what it holds even if control goes away. */
  everConnected = false;
  private closed = false;

  constructor(opts: DiscoveryClientOptions) {
    this.opts = opts;
    const def = protoLoader.loadSync(PROTO, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
    const proto = grpc.loadPackageDefinition(def) as unknown as ProtoGrpcType;
    this.client = new proto.weft.destination.v1.Destination(opts.addr, grpc.credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 10_000,
      'grpc.keepalive_timeout_ms': 5_000,
      'grpc.initial_reconnect_backoff_ms': opts.backoffBaseMs ?? 100,
      'grpc.max_reconnect_backoff_ms': opts.backoffMaxMs ?? 10_000,
    });
    this.client.waitForReady(Infinity, (err) => {
      if (!err) this.everConnected = true;
    });
  }

  watch(authority: string, onUpdate: (u: DiscoveryUpdate) => void): Watch {
    const base = this.opts.backoffBaseMs ?? 100;
    const max = this.opts.backoffMaxMs ?? 10_000;
    let attempt = 0;
    let call: grpc.ClientReadableStream<Update__Output> | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let live = false;
    const setLive = (v: boolean) => {
      if (v !== live) this.connectedStreams += v ? 1 : -1;
      live = v;
    };
    const open = () => {
      if (stopped || this.closed) return;
      const c = this.client.watch({ authority, proxyId: this.opts.proxyId, proxyNamespace: this.opts.namespace });
      call = c;
      c.on('data', (msg: Update__Output) => {
        attempt = 0;
        this.everConnected = true;
        setLive(true);
        const u = fromWire(msg);
        if (u) onUpdate(u);
        else this.opts.log.warn({ authority, kind: msg.kind }, 'ignored an empty discovery update');
      });
      const retry = (err?: Error) => {
        if (call !== c) return;
        call = undefined;
        setLive(false);
        if (stopped || this.closed) return;
        // Full jitter keeps a fleet of proxies from reconnecting in lockstep after a control restart.
        const delay = Math.min(max, base * 2 ** attempt++) * (0.5 + Math.random() / 2);
        this.opts.log.warn({ authority, err: err?.message, retryInMs: Math.round(delay) }, 'discovery stream ended, keeping last state');
        timer = setTimeout(open, delay);
        timer.unref();
      };
      c.on('error', retry);
      c.on('end', () => retry());
    };
    open();
    return {
      close: () => {
        stopped = true;
        setLive(false);
        clearTimeout(timer);
        const c = call;
        call = undefined;
        c?.cancel();
      },
    };
  }

  close(): void {
    this.closed = true;
    this.client.close();
  }
}
