import type { Endpoint } from '../endpoint.ts';
import type { Reason } from '../errors.ts';
import type { Direction, RouteMetrics } from '../metrics.ts';
import type { RoutePolicy } from '../resilience/route-policy.ts';

/** Outbound routes to a known service carry its resilience policy (timeouts, retries). */
export type Route = { ep: Endpoint; rm: RouteMetrics; path: string; headers: readonly string[]; policy?: RoutePolicy<Endpoint> | undefined } | { reason: Reason; detail: string };

/** What routing and tracing read of a request: node:http's IncomingMessage, or the fast path's. */
export interface RequestInfo {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly httpVersion: string;
  readonly rawHeaders: string[];
  readonly headers: Record<string, string | string[] | undefined> & { host?: string | undefined };
}

/** Where each direction sends a request; the HTTP servers are the same for both. */
export interface HttpRouter {
  readonly direction: Direction;
  /** HTTP/1.1: from the request target or Host header. */
  route(req: RequestInfo): Route | Promise<Route>;
  /** HTTP/2: from :authority and weft's own headers. */
  routeH2(authority: string | undefined, path: string, headers: Record<string, string | string[] | undefined>): Route | Promise<Route>;
  /** CONNECT host:port (outbound only). */
  connect?(authority: string): Route | Promise<Route>;
  onProxyError(reason: Reason): void;
}
