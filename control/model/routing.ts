// Cluster objects → routing state of one authority. Pure: the same view and target always
// give the same result, so it is tested on plain data (test/control/model/).
import type { Target } from './authority.ts';
import type { EndpointSliceObject, ServiceObject, ServicePort, WeightedBackend } from './objects.ts';
import type { BackendState, EndpointState, Policy, Protocol, Resolution } from './route.ts';
import { endpointKey } from './route.ts';
import type { ClusterView } from './store.ts';

export const ANNOTATIONS = {
  timeout: 'weft.dev/timeout',
  perTryTimeout: 'weft.dev/per-try-timeout',
  retryOn: 'weft.dev/retry-on',
  retryNonIdempotent: 'weft.dev/retry-non-idempotent',
} as const;

/** Protocol from appProtocol (preferred) or the port's name, as Kubernetes and Istio read them. */
export function protocolOf(port: { name: string; appProtocol?: string; protocol: string }): Protocol {
  if (port.protocol !== 'TCP') return 'opaque';
  const hint = (port.appProtocol ?? port.name).toLowerCase().replace(/^kubernetes\.io\//, '');
  const family = hint.split('-')[0];
  if (family === 'http' || family === 'http1' || family === 'http1.1') return 'http1';
  if (family === 'h2c' || family === 'grpc' || family === 'http2' || family === 'grpc-web') return 'http2';
  if (family === 'tcp' || family === 'opaque' || family === 'mysql' || family === 'redis' || family === 'mongo') return 'opaque';
  return 'unspecified';
}

/** "10s", "250ms", "1m" (Go-style, as annotations are written) → ms; undefined when malformed. */
export function parseAnnotationDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)(ms|s|m|h)\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h']);
}

function policyOf(svc: ServiceObject, route: { requestMs?: number; backendRequestMs?: number } | undefined, problems: string[]): Policy {
  const a = svc.annotations;
  const fromAnnotation = (key: string) => {
    const ms = parseAnnotationDuration(a[key]);
    if (a[key] !== undefined && ms === undefined) problems.push(`Service ${svc.namespace}/${svc.name}: annotation ${key}: "${a[key]}" is not a duration`);
    return ms;
  };
  const timeout = fromAnnotation(ANNOTATIONS.timeout);
  const perTry = fromAnnotation(ANNOTATIONS.perTryTimeout);
  return {
    requestTimeoutMs: route?.requestMs ?? timeout ?? 0,
    perTryTimeoutMs: route?.backendRequestMs ?? perTry ?? 0,
    retryOn: (a[ANNOTATIONS.retryOn] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    retryNonIdempotent: a[ANNOTATIONS.retryNonIdempotent] === 'true',
  };
}

/** The slice port that serves a service port: matched by name, as kube-proxy does. */
function slicePortFor(slice: EndpointSliceObject, port: ServicePort): number | undefined {
  return slice.ports.find((p) => p.name === port.name && p.protocol === port.protocol)?.port;
}

function endpointsOf(view: ClusterView, svc: ServiceObject, port: ServicePort): EndpointState[] {
  const byKey = new Map<string, EndpointState>();
  for (const slice of view.slices(svc.namespace, svc.name)) {
    if (slice.addressType === 'FQDN') continue;
    const target = slicePortFor(slice, port);
    if (target === undefined) continue;
    for (const e of slice.endpoints) {
      const pod = e.pod ? view.pod(e.pod.namespace, e.pod.name) : undefined;
      for (const address of e.addresses) {
        const ep: EndpointState = {
          address,
          port: target,
          ready: e.ready,
          serving: e.serving,
          terminating: e.terminating,
          zone: e.zone ?? '',
          node: e.nodeName ?? '',
          pod: e.pod?.name ?? '',
          workload: pod?.workload ?? '',
          meshed: pod?.meshed ?? false,
          inboundPort: pod?.inboundPort ?? 0,
          weight: 1,
        };
        const key = endpointKey(ep);
        const seen = byKey.get(key);
        // The same address in two slices (mid-migration) collapses; the readier copy wins.
        if (!seen || (ep.ready && !seen.ready) || (ep.serving && !seen.serving)) byKey.set(key, ep);
      }
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** Which backends take the apex service's traffic: an HTTPRoute, else a TrafficSplit, else itself. */
function backendsOf(view: ClusterView, svc: ServiceObject, port: number, problems: string[]) {
  const routes = view.routes(svc.namespace, svc.name).filter((r) => r.parents.some((p) => p.namespace === svc.namespace && p.service === svc.name && (p.port === undefined || p.port === port)));
  const route = routes[0];
  if (routes.length > 1) problems.push(`Service ${svc.namespace}/${svc.name}: ${routes.length} HTTPRoutes attach to it; using ${route!.namespace}/${route!.name}`);
  if (route && route.backends.length > 0) return { route, backends: route.backends, from: `HTTPRoute ${route.namespace}/${route.name}` };
  const splits = view.splits(svc.namespace, svc.name);
  const split = splits[0];
  if (splits.length > 1) problems.push(`Service ${svc.namespace}/${svc.name}: ${splits.length} TrafficSplits name it; using ${split!.name}`);
  if (split) return { route, backends: split.backends, from: `TrafficSplit ${split.namespace}/${split.name}` };
  const self: WeightedBackend = { service: svc.name, namespace: svc.namespace, port, weight: 1 };
  return { route, backends: [self], from: undefined };
}

/** Resolves a target (service name or ClusterIP, and port) to its routing state. */
export function resolve(view: ClusterView, target: Target): Resolution {
  const problems: string[] = [];
  const svc = target.by === 'name' ? view.service(target.namespace, target.name) : view.serviceByIP(target.ip);
  if (!svc) return { reason: target.by === 'name' ? `service ${target.namespace}/${target.name} not found` : `no service has cluster IP ${target.ip}`, problems };
  const port = svc.ports.find((p) => p.port === target.port);
  if (!port) return { reason: `service ${svc.namespace}/${svc.name} has no port ${target.port}`, problems };

  const chosen = backendsOf(view, svc, port.port, problems);
  const merged = new Map<string, BackendState>();
  for (const b of chosen.backends) {
    if (b.weight <= 0) continue;
    const backendSvc = b.service === svc.name && b.namespace === svc.namespace ? svc : view.service(b.namespace, b.service);
    if (!backendSvc) {
      problems.push(`${chosen.from}: backend service ${b.namespace}/${b.service} not found; ignored`);
      continue;
    }
    const wanted = b.port ?? port.port;
    // A split's backends usually expose the apex's port; a single-port backend is taken as is.
    const backendPort = backendSvc.ports.find((p) => p.port === wanted) ?? (backendSvc.ports.length === 1 ? backendSvc.ports[0] : undefined);
    if (!backendPort) {
      problems.push(`${chosen.from}: backend service ${b.namespace}/${b.service} has no port ${wanted}; ignored`);
      continue;
    }
    const key = `${b.namespace}/${b.service}`;
    const existing = merged.get(key);
    if (existing) existing.weight += b.weight;
    else merged.set(key, { name: b.service, namespace: b.namespace, weight: b.weight, endpoints: endpointsOf(view, backendSvc, backendPort) });
  }
  const backends = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b);
  return {
    route: {
      service: { name: svc.name, namespace: svc.namespace, port: port.port, protocol: protocolOf(port), policy: policyOf(svc, chosen.route?.timeouts, problems) },
      backends,
    },
    problems,
  };
}
