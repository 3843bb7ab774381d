import type { Reason } from '../errors.ts';
import type { HttpRouter, RequestInfo, Route } from '../http/router.ts';
import type { ProxyMetrics } from '../metrics.ts';
import type { Destinations, Picked } from './destinations.ts';
import { parseAuthority, requestTarget, type NameContext, type Target } from './target.ts';

const MAX_HOSTS = 1_000;

function toRoute(p: Picked, path: string): Route {
  return 'reason' in p ? p : { ep: p.ep, rm: p.ep.metrics, path, headers: p.ep.forwardHeaders, policy: p.policy };
}

/** The app's traffic: the destination named by the request, found through discovery. */
export class OutboundRouter implements HttpRouter {
  readonly direction = 'outbound' as const;
  private readonly dests: Destinations;
  private readonly names: NameContext;
  private readonly errors: ProxyMetrics['proxyErrors'];
  private readonly hosts = new Map<string, Target>();

  constructor(dests: Destinations, names: NameContext, metrics: ProxyMetrics) {
    this.dests = dests;
    this.names = names;
    this.errors = metrics.proxyErrors;
  }

  route(req: RequestInfo): Route | Promise<Route> {
    const url = req.url ?? '/';
    const host = req.headers.host;
    // Origin-form with a Host seen before: the common case skips parsing altogether.
    if (url.charCodeAt(0) === 47 /* / */ && host !== undefined) {
      const cached = this.hosts.get(host);
      if (cached) return this.routeTarget(cached, url);
    }
    const t = requestTarget(url, host, this.names);
    if (t && host !== undefined && url.charCodeAt(0) === 47 && this.hosts.size < MAX_HOSTS) this.hosts.set(host, t.target);
    if (!t) return { reason: 'bad-request', detail: 'no destination: send a Host header or an absolute http:// URI' };
    return this.routeTarget(t.target, t.path);
  }

  routeH2(authority: string | undefined, path: string): Route | Promise<Route> {
    const target = authority ? parseAuthority(authority, this.names) : undefined;
    if (!target) return { reason: 'bad-request', detail: 'no destination: send :authority' };
    return this.routeTarget(target, path);
  }

  connect(authority: string): Route | Promise<Route> {
    const target = parseAuthority(authority, this.names, 0);
    if (!target || target.port === 0) return { reason: 'bad-request', detail: `CONNECT needs host:port, got "${authority}"` };
    return this.routeTarget(target, '');
  }

  routeTarget(target: Target, path: string): Route | Promise<Route> {
    const p = this.dests.pick(target);
    return p instanceof Promise ? p.then((x) => toRoute(x, path)) : toRoute(p, path);
  }

  onProxyError(reason: Reason): void {
    this.errors.labels('outbound', reason).inc();
  }
}
