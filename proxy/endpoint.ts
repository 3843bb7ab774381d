import http2 from 'node:http2';
import { Pool } from 'undici';
import { EndpointLoad } from './balance/load.ts';
import type { EndpointInfo } from './discovery/types.ts';
import type { RouteMetrics } from './metrics.ts';

export interface PoolOptions {
  connectTimeoutMs: number;
  /** Idle keep-alive connections close after this long. */
  keepAliveMs: number;
}

/**
 * One upstream address with its connection pools (HTTP/1.1 via undici, one shared h2c
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
  private pool: Pool | undefined;
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

  http1(): Pool {
    if (!this.pool) {
      this.pool = new Pool(this.origin, {
        connectTimeout: this.opts.connectTimeoutMs,
        keepAliveTimeout: this.opts.keepAliveMs,
        keepAliveMaxTimeout: this.opts.keepAliveMs,
        // Timeouts belong to the route policy (resilience release), not to the pool.
        headersTimeout: 0,
        bodyTimeout: 0,
        pipelining: 1,
      });
    }
    return this.pool;
  }

  http2(): http2.ClientHttp2Session {
    if (!this.h2 || this.h2.closed || this.h2.destroyed) {
      const s = http2.connect(this.origin);
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
    p?.close().catch(() => {});
    const s = this.h2;
    this.h2 = undefined;
    s?.close();
  }

  destroy(): void {
    this.draining = true;
    this.pool?.destroy().catch(() => {});
    this.h2?.destroy();
    this.pool = undefined;
    this.h2 = undefined;
  }
}
