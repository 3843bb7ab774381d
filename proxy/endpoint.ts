import type http2 from 'node:http2';
import { nodeHttp2 } from '../lib/builtins.ts';
import { EndpointLoad } from './balance/load.ts';
import type { EndpointInfo } from './discovery/types.ts';
import type { RouteMetrics } from './metrics.ts';
import { H1Pool } from './http/client-h1.ts';

export interface PoolOptions {
  connectTimeoutMs: number;
  /** Idle keep-alive connections close after this long. */
  keepAliveMs: number;
  /** Largest response head accepted from an upstream. */
  maxHeaderSize: number;
}

/**
 * One upstream address with its connection pools (HTTP/1.1 kept-alive connections, one shared h2c
 * session) and load statistics. Pools open lazily and are reused across requests.
 */
export class Endpoint {
  info: EndpointInfo;
  readonly key: string;
  readonly load = new EndpointLoad();
  readonly metrics: RouteMetrics;
  readonly origin: string;
  /** Headers added to requests sent here (weft's source labels for a meshed peer). */
  forwardHeaders: readonly string[] = [];
  /** Failure accrual: set by the service router, told the outcome of every attempt. */
  onResult: ((ok: boolean) => void) | undefined;
  private readonly opts: PoolOptions;
  private pool: H1Pool | undefined;
  private h2: http2.ClientHttp2Session | undefined;
  draining = false;

  constructor(info: EndpointInfo, metrics: RouteMetrics, opts: PoolOptions) {
    this.info = info;
    this.key = info.key;
    this.metrics = metrics;
    this.opts = opts;
    const host = info.host.includes(':') ? `[${info.host}]` : info.host;
    this.origin = `http://${host}:${info.port}`;
  }

  get weight(): number {
    return this.info.weight;
  }

  http1(): H1Pool {
    this.pool ??= new H1Pool(this.info.host, this.info.port, this.opts);
    return this.pool;
  }

  http2(): http2.ClientHttp2Session {
    if (!this.h2 || this.h2.closed || this.h2.destroyed) {
      const s = nodeHttp2().connect(this.origin);
      s.on('error', () => {});
      s.on('close', () => {
        if (this.h2 === s) this.h2 = undefined;
      });
      s.setTimeout(this.opts.keepAliveMs, () => {
        // Only idle sessions time out: http2 resets the timer on stream activity.
        s.close();
      });
      this.h2 = s;
    }
    return this.h2;
  }

  /** In-flight requests finish; idle connections close. */
  drain(): void {
    this.draining = true;
    const p = this.pool;
    this.pool = undefined;
    p?.close();
    const s = this.h2;
    this.h2 = undefined;
    s?.close();
  }

  destroy(): void {
    this.draining = true;
    this.pool?.destroy();
    this.h2?.destroy();
    this.pool = undefined;
    this.h2 = undefined;
  }
}
