import { Endpoint, type PoolOptions } from '../endpoint.ts';
import type { Reason } from '../errors.ts';
import { DST_SERVICE, SRC_NAMESPACE, SRC_WORKLOAD } from '../http/headers.ts';
import type { HttpRouter, RequestInfo, Route } from '../http/router.ts';
import type { ProxyMetrics, RouteMetrics, RouteMetricsCache } from '../metrics.ts';
import type { HostPort } from '../../lib/addr.ts';

const NO_HEADERS: readonly string[] = [];

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/** Traffic from peers to the local app: one endpoint, labels from the calling proxy's headers. */
export class InboundRouter implements HttpRouter {
  readonly direction = 'inbound' as const;
  readonly app: Endpoint;
  private readonly routes: RouteMetricsCache;
  private readonly local: { namespace: string; workload: string };
  private readonly errors: ProxyMetrics['proxyErrors'];

  constructor(app: HostPort, local: { namespace: string; workload: string }, routes: RouteMetricsCache, metrics: ProxyMetrics, pool: PoolOptions) {
    this.routes = routes;
    this.local = local;
    this.errors = metrics.proxyErrors;
    const key = `${app.host}:${app.port}`;
    this.app = new Endpoint({ key, host: app.host, port: app.port, ready: true, terminating: false, workload: local.workload, meshed: false, weight: 1 }, this.metricsFor('', '', ''), pool);
  }

  route(req: RequestInfo): Route {
    return this.routeH2(undefined, req.url ?? '/', req.headers);
  }

  routeH2(_authority: string | undefined, path: string, h: Record<string, string | string[] | undefined>): Route {
    const rm = this.metricsFor(one(h[SRC_NAMESPACE]), one(h[SRC_WORKLOAD]), one(h[DST_SERVICE]));
    return { ep: this.app, rm, path, headers: NO_HEADERS };
  }

  metricsFor(srcNs: string, srcWl: string, dstService: string): RouteMetrics {
    return this.routes.lookup('inbound', srcNs, srcWl, this.local.namespace, dstService, this.local.workload);
  }

  onProxyError(reason: Reason): void {
    this.errors.labels('inbound', reason).inc();
  }
}
