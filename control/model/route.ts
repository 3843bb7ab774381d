// The routing state of one authority: what a proxy needs to send a request there.

export type Protocol = 'unspecified' | 'http1' | 'http2' | 'opaque';

export interface Policy {
  /** 0: none. */
  requestTimeoutMs: number;
  perTryTimeoutMs: number;
  retryOn: string[];
  retryNonIdempotent: boolean;
}

export interface ServiceInfo {
  name: string;
  namespace: string;
  port: number;
  protocol: Protocol;
  policy: Policy;
}

export interface EndpointState {
  address: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zone: string;
  node: string;
  pod: string;
  workload: string;
  meshed: boolean;
  inboundPort: number;
  weight: number;
}

export interface BackendState {
  name: string;
  namespace: string;
  weight: number;
  /** Sorted by endpointKey. */
  endpoints: EndpointState[];
}

export interface RouteState {
  service: ServiceInfo;
  /** Sorted by namespace/name. */
  backends: BackendState[];
}

/** A route, or why there is none. `problems` are reported (logged) but do not stop routing. */
export type Resolution =
  | { route: RouteState; problems: string[] }
  | { route?: undefined; reason: string; problems: string[] };

export function endpointKey(e: { address: string; port: number }): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

export function backendKey(b: { namespace: string; name: string }): string {
  return `${b.namespace}/${b.name}`;
}
