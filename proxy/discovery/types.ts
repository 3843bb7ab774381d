// The proxy's own view of a destination: what the balancer and the split need, with no
// protobuf type in it. discovery/convert.ts is the only place that sees the wire format.

export type Protocol = 'detect' | 'http1' | 'http2' | 'opaque';

export interface ServiceInfo {
  name: string;
  namespace: string;
  port: number;
  protocol: Protocol;
  policy: { requestTimeoutMs: number; perTryTimeoutMs: number; retryOn: string[]; retryNonIdempotent: boolean };
}

export interface EndpointInfo {
  /** "address:port" as control names it; stable across updates. */
  key: string;
  /** Where to connect: the inbound port when meshed, the app port otherwise. */
  host: string;
  port: number;
  ready: boolean;
  terminating: boolean;
  workload: string;
  meshed: boolean;
  weight: number;
}

export interface BackendInfo {
  name: string;
  namespace: string;
  weight: number;
  endpoints: EndpointInfo[];
}

/** One message of a Watch stream, as linkerd2-proxy's api-resolve names them. */
export type DiscoveryUpdate =
  | { kind: 'reset'; service: ServiceInfo; backends: BackendInfo[] }
  | { kind: 'delta'; service?: ServiceInfo; backends: BackendDelta[] }
  | { kind: 'does-not-exist'; reason: string };

export interface BackendDelta {
  name: string;
  namespace: string;
  weight: number;
  removed: boolean;
  upserted: EndpointInfo[];
  deleted: string[];
}
