// The demo application's shape: which replicas run, on which loopback address, with
// which ports. Pure data, so the manifests, the supervisor and the tests agree on it.
import { formatAddr } from '../lib/addr.ts';
import { DemoUsageError } from './errors.ts';

export const NAMESPACE = 'demo';

export type Role = 'web' | 'api' | 'db' | 'load';

export interface Replica {
  /** Pod name, e.g. api-v1-0; what `weft demo kill` takes. */
  name: string;
  /** Workload and Service it belongs to (the load generator has no Service). */
  workload: string;
  role: Role;
  ip: string;
}

export interface Ports {
  app: number;
  inbound: number;
  outbound: number;
  admin: number;
  /** The local port of api's sidecar that leads to the TCP service (--tcp-map). */
  tcp: number;
}

export interface Topology {
  replicas: Replica[];
  ports: Ports;
}

/** web → api (split api-v1 ×2 / api-v2) → db (TCP); `load` drives web. */
const LAYOUT: readonly (Omit<Replica, 'ip' | 'name'> & { count: number })[] = [
  { workload: 'web', role: 'web', count: 1 },
  { workload: 'api-v1', role: 'api', count: 2 },
  { workload: 'api-v2', role: 'api', count: 1 },
  { workload: 'db', role: 'db', count: 1 },
  { workload: 'load', role: 'load', count: 1 },
];

/** Replicas on consecutive addresses from `firstIp` (127.0.0.2 → 127.0.0.2, .3, …). */
export function buildTopology(firstIp: string, ports: Ports): Topology {
  const parts = firstIp.split('.').map(Number);
  if (parts.length !== 4 || parts[0] !== 127 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new DemoUsageError(`--first-address: "${firstIp}" is not a loopback IPv4 address (127.x.y.z)`);
  }
  const total = LAYOUT.reduce((n, l) => n + l.count, 0);
  if (parts[3]! + total - 1 > 254) throw new DemoUsageError(`--first-address: ${total} replicas do not fit after ${firstIp}`);
  const replicas: Replica[] = [];
  for (const { count, ...l } of LAYOUT) {
    for (let i = 0; i < count; i++) {
      replicas.push({ ...l, name: `${l.workload}-${i}`, ip: [parts[0], parts[1], parts[2], parts[3]! + replicas.length].join('.') });
    }
  }
  return { replicas, ports };
}

export const at = (ip: string, port: number): string => formatAddr({ host: ip, port });

export function serviceAuthority(service: string, port: number): string {
  return `${service}.${NAMESPACE}.svc.cluster.local:${port}`;
}

/** Services' ports as their callers address them. */
export const HTTP_PORT = 80;
export const DB_PORT = 5432;
