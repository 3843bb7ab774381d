// Routing state → the change a proxy holding `prev` must apply to reach `next`.
import type { BackendState, EndpointState, RouteState, ServiceInfo } from './route.ts';
import { backendKey, endpointKey } from './route.ts';

export interface BackendDelta {
  name: string;
  namespace: string;
  weight: number;
  removed: boolean;
  upserted: EndpointState[];
  deleted: string[];
}

export interface RouteDelta {
  service?: ServiceInfo;
  backends: BackendDelta[];
}

function sameEndpoint(a: EndpointState, b: EndpointState): boolean {
  return (
    a.ready === b.ready &&
    a.serving === b.serving &&
    a.terminating === b.terminating &&
    a.zone === b.zone &&
    a.node === b.node &&
    a.pod === b.pod &&
    a.workload === b.workload &&
    a.meshed === b.meshed &&
    a.inboundPort === b.inboundPort &&
    a.weight === b.weight
  );
}

export function sameService(a: ServiceInfo, b: ServiceInfo): boolean {
  const p = a.policy;
  const q = b.policy;
  return (
    a.name === b.name &&
    a.namespace === b.namespace &&
    a.port === b.port &&
    a.protocol === b.protocol &&
    p.requestTimeoutMs === q.requestTimeoutMs &&
    p.perTryTimeoutMs === q.perTryTimeoutMs &&
    p.retryNonIdempotent === q.retryNonIdempotent &&
    p.retryOn.join(',') === q.retryOn.join(',')
  );
}

function diffBackend(prev: BackendState | undefined, next: BackendState): BackendDelta | undefined {
  const old = new Map((prev?.endpoints ?? []).map((e) => [endpointKey(e), e]));
  const upserted: EndpointState[] = [];
  for (const e of next.endpoints) {
    const key = endpointKey(e);
    const was = old.get(key);
    if (!was || !sameEndpoint(was, e)) upserted.push(e);
    old.delete(key);
  }
  const deleted = [...old.keys()];
  if (prev && prev.weight === next.weight && upserted.length === 0 && deleted.length === 0) return undefined;
  return { name: next.name, namespace: next.namespace, weight: next.weight, removed: false, upserted, deleted };
}

/** Undefined when nothing changed. */
export function diffRoute(prev: RouteState, next: RouteState): RouteDelta | undefined {
  const delta: RouteDelta = { backends: [] };
  if (!sameService(prev.service, next.service)) delta.service = next.service;
  const old = new Map(prev.backends.map((b) => [backendKey(b), b]));
  for (const b of next.backends) {
    const key = backendKey(b);
    const d = diffBackend(old.get(key), b);
    if (d) delta.backends.push(d);
    old.delete(key);
  }
  for (const b of old.values()) {
    delta.backends.push({ name: b.name, namespace: b.namespace, weight: 0, removed: true, upserted: [], deleted: [] });
  }
  return delta.service || delta.backends.length > 0 ? delta : undefined;
}

/** Applies a delta: what a proxy does on receipt (used by tests and by clients in this repo). */
export function applyDelta(prev: RouteState, delta: RouteDelta): RouteState {
  const backends = new Map(prev.backends.map((b) => [backendKey(b), b]));
  for (const d of delta.backends) {
    const key = backendKey(d);
    if (d.removed) {
      backends.delete(key);
      continue;
    }
    const eps = new Map((backends.get(key)?.endpoints ?? []).map((e) => [endpointKey(e), e]));
    for (const k of d.deleted) eps.delete(k);
    for (const e of d.upserted) eps.set(endpointKey(e), e);
    const endpoints = [...eps.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
    backends.set(key, { name: d.name, namespace: d.namespace, weight: d.weight, endpoints });
  }
  return {
    service: delta.service ?? prev.service,
    backends: [...backends.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b),
  };
}
