import type http from 'node:http';
import type { Endpoint } from '../endpoint.ts';
import type { Reason } from '../errors.ts';
import type { Direction, RouteMetrics } from '../metrics.ts';
import type { RoutePolicy } from '../resilience/route-policy.ts';

/** Outbound routes to a known service carry its resilience policy (timeouts, retries). */
export type Route = { ep: Endpoint; rm: RouteMetrics; path: string; headers: readonly string[]; policy?: RoutePolicy<Endpoint> | undefined } | { reason: Reason; detail: string };

/** Where each direction sends a request; the HTTP servers are the same for both. */
export interface HttpRouter {
  readonly direction: Direction;
  /** HTTP/1.1: from the request target or Host header. */
  route(req: http.IncomingMessage): Route | Promise<Route>;
  /** HTTP/2: from :authority and weft's own headers. */
  routeH2(authority: string | undefined, path: string, headers: Record<string, string | string[] | undefined>): Route | Promise<Route>;
  /** CONNECT host:port (outbound only). */
  connect?(authority: string): Route | Promise<Route>;
  onProxyError(reason: Reason): void;
}
