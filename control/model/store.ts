import type {
  ClusterObject,
  EndpointSliceObject,
  HTTPRouteObject,
  Kind,
  PodObject,
  ServiceObject,
  TrafficSplitObject,
} from './objects.ts';
import { objectKey } from './objects.ts';

/** What the routing model reads: lookups over the current cluster objects. */
export interface ClusterView {
  service(namespace: string, name: string): ServiceObject | undefined;
  serviceByIP(ip: string): ServiceObject | undefined;
  slices(namespace: string, service: string): Iterable<EndpointSliceObject>;
  pod(namespace: string, name: string): PodObject | undefined;
  /** TrafficSplits whose apex is this service, ordered by name. */
  splits(namespace: string, service: string): TrafficSplitObject[];
  /** HTTPRoutes with this service as a parent, ordered by namespace/name. */
  routes(namespace: string, service: string): HTTPRouteObject[];
}

const svcKey = (namespace: string, name: string) => `${namespace}/${name}`;

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set?.delete(value) && set.size === 0) index.delete(key);
}

/** A counted reference: two slices of one service may name the same pod (dual stack). */
function ref(index: Map<string, Map<string, number>>, key: string, value: string, delta: 1 | -1): void {
  let counts = index.get(key);
  if (!counts) index.set(key, (counts = new Map()));
  const n = (counts.get(value) ?? 0) + delta;
  if (n > 0) counts.set(value, n);
  else counts.delete(value);
  if (counts.size === 0) index.delete(key);
}

/**
 * Every object the sources have delivered, grouped by origin (a manifest file, a resource
 * kind of the API), with the indexes routing needs. Each change reports the services whose
 * routing state it may have changed ("ns/name"), so only those are recomputed.
 */
export class ClusterStore implements ClusterView {
  private readonly origins = new Map<string, Map<string, ClusterObject>>();
  /** key → origins holding it, in arrival order; the first one is in force. */
  private readonly holders = new Map<string, string[]>();
  private readonly objects = new Map<string, ClusterObject>();
  private readonly byIP = new Map<string, string>();
  private readonly slicesByService = new Map<string, Set<EndpointSliceObject>>();
  private readonly splitsByApex = new Map<string, Set<TrafficSplitObject>>();
  private readonly routesByParent = new Map<string, Set<HTTPRouteObject>>();
  /** Services that reference a pod through a slice's targetRef, or an apex a backend. */
  private readonly dependents = new Map<string, Map<string, number>>();

  get size(): number {
    return this.objects.size;
  }

  countByKind(): Record<Kind, number> {
    const counts: Record<Kind, number> = { Service: 0, EndpointSlice: 0, Pod: 0, TrafficSplit: 0, HTTPRoute: 0 };
    for (const o of this.objects.values()) counts[o.kind]++;
    return counts;
  }

  replace(origin: string, objects: Iterable<ClusterObject>, affected: Set<string>): void {
    const next = new Map<string, ClusterObject>();
    for (const o of objects) next.set(objectKey(o), o);
    const prev = this.origins.get(origin) ?? new Map<string, ClusterObject>();
    for (const key of prev.keys()) if (!next.has(key)) this.drop(origin, key, affected);
    for (const [key, o] of next) if (prev.get(key) !== o) this.put(origin, key, o, affected);
    if (next.size === 0) this.origins.delete(origin);
  }

  upsert(origin: string, o: ClusterObject, affected: Set<string>): void {
    this.put(origin, objectKey(o), o, affected);
  }

  remove(origin: string, kind: Kind, namespace: string, name: string, affected: Set<string>): void {
    this.drop(origin, objectKey({ kind, namespace, name }), affected);
  }

  private put(origin: string, key: string, o: ClusterObject, affected: Set<string>): void {
    let own = this.origins.get(origin);
    if (!own) this.origins.set(origin, (own = new Map()));
    own.set(key, o);
    const holders = this.holders.get(key) ?? [];
    if (!holders.includes(origin)) holders.push(origin);
    this.holders.set(key, holders);
    if (holders[0] === origin) this.setEffective(key, o, affected);
  }

  private drop(origin: string, key: string, affected: Set<string>): void {
    const own = this.origins.get(origin);
    if (!own?.delete(key)) return;
    if (own.size === 0) this.origins.delete(origin);
    const holders = (this.holders.get(key) ?? []).filter((h) => h !== origin);
    if (holders.length === 0) {
      this.holders.delete(key);
      this.setEffective(key, undefined, affected);
    } else {
      this.holders.set(key, holders);
      this.setEffective(key, this.origins.get(holders[0]!)?.get(key), affected);
    }
  }

  private setEffective(key: string, next: ClusterObject | undefined, affected: Set<string>): void {
    const prev = this.objects.get(key);
    if (prev === next) return;
    if (prev) this.unindex(prev, affected);
    if (next) {
      this.objects.set(key, next);
      this.index(next, affected);
    } else {
      this.objects.delete(key);
    }
  }

  private touch(service: string, affected: Set<string>): void {
    affected.add(service);
    // An apex whose split or route sends traffic to this service changes with it.
    for (const apex of this.dependents.get(`svc:${service}`)?.keys() ?? []) affected.add(apex);
  }

  private index(o: ClusterObject, affected: Set<string>): void {
    switch (o.kind) {
      case 'Service':
        for (const ip of o.clusterIPs) this.byIP.set(ip, svcKey(o.namespace, o.name));
        this.touch(svcKey(o.namespace, o.name), affected);
        break;
      case 'EndpointSlice': {
        const svc = svcKey(o.namespace, o.service);
        addTo(this.slicesByService, svc, o);
        for (const e of o.endpoints) if (e.pod) ref(this.dependents, `pod:${svcKey(e.pod.namespace, e.pod.name)}`, svc, 1);
        this.touch(svc, affected);
        break;
      }
      case 'Pod':
        for (const svc of this.dependents.get(`pod:${svcKey(o.namespace, o.name)}`)?.keys() ?? []) this.touch(svc, affected);
        break;
      case 'TrafficSplit': {
        const apex = svcKey(o.namespace, o.service);
        addTo(this.splitsByApex, apex, o);
        for (const b of o.backends) ref(this.dependents, `svc:${svcKey(b.namespace, b.service)}`, apex, 1);
        affected.add(apex);
        break;
      }
      case 'HTTPRoute':
        for (const p of o.parents) {
          const parent = svcKey(p.namespace, p.service);
          addTo(this.routesByParent, parent, o);
          for (const b of o.backends) ref(this.dependents, `svc:${svcKey(b.namespace, b.service)}`, parent, 1);
          affected.add(parent);
        }
        break;
    }
  }

  private unindex(o: ClusterObject, affected: Set<string>): void {
    switch (o.kind) {
      case 'Service':
        for (const ip of o.clusterIPs) if (this.byIP.get(ip) === svcKey(o.namespace, o.name)) this.byIP.delete(ip);
        this.touch(svcKey(o.namespace, o.name), affected);
        break;
      case 'EndpointSlice': {
        const svc = svcKey(o.namespace, o.service);
        removeFrom(this.slicesByService, svc, o);
        for (const e of o.endpoints) if (e.pod) ref(this.dependents, `pod:${svcKey(e.pod.namespace, e.pod.name)}`, svc, -1);
        this.touch(svc, affected);
        break;
      }
      case 'Pod':
        for (const svc of this.dependents.get(`pod:${svcKey(o.namespace, o.name)}`)?.keys() ?? []) this.touch(svc, affected);
        break;
      case 'TrafficSplit': {
        const apex = svcKey(o.namespace, o.service);
        removeFrom(this.splitsByApex, apex, o);
        for (const b of o.backends) ref(this.dependents, `svc:${svcKey(b.namespace, b.service)}`, apex, -1);
        affected.add(apex);
        break;
      }
      case 'HTTPRoute':
        for (const p of o.parents) {
          const parent = svcKey(p.namespace, p.service);
          removeFrom(this.routesByParent, parent, o);
          for (const b of o.backends) ref(this.dependents, `svc:${svcKey(b.namespace, b.service)}`, parent, -1);
          affected.add(parent);
        }
        break;
    }
  }

  service(namespace: string, name: string): ServiceObject | undefined {
    const o = this.objects.get(`Service/${namespace}/${name}`);
    return o?.kind === 'Service' ? o : undefined;
  }

  serviceByIP(ip: string): ServiceObject | undefined {
    const key = this.byIP.get(ip);
    if (!key) return undefined;
    const [namespace = '', name = ''] = key.split('/');
    return this.service(namespace, name);
  }

  slices(namespace: string, service: string): Iterable<EndpointSliceObject> {
    return this.slicesByService.get(svcKey(namespace, service)) ?? [];
  }

  pod(namespace: string, name: string): PodObject | undefined {
    const o = this.objects.get(`Pod/${namespace}/${name}`);
    return o?.kind === 'Pod' ? o : undefined;
  }

  splits(namespace: string, service: string): TrafficSplitObject[] {
    return [...(this.splitsByApex.get(svcKey(namespace, service)) ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  routes(namespace: string, service: string): HTTPRouteObject[] {
    return [...(this.routesByParent.get(svcKey(namespace, service)) ?? [])].sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
  }
}
