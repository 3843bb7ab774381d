import type { BackendDelta, BackendInfo, DiscoveryUpdate, EndpointInfo, ServiceInfo } from '../discovery/types.ts';
import { DEFAULT_ACCRUAL, FailureAccrual, Health, type AccrualOptions } from '../resilience/failure-accrual.ts';
import type { Balanceable, Balancer } from './balancer.ts';
import { createBalancer, type BalancerName } from './registry.ts';
import { cumulativeWeights, weightedIndex } from './weighted.ts';

/** An endpoint the router can hold: created from discovery info, drained when removed. */
export interface RoutedEndpoint extends Balanceable {
  info: EndpointInfo;
  /** Set by the router: the forwarding path reports each response (failure accrual). */
  onResult?: (ok: boolean) => void;
}

export interface EndpointFactory<E extends RoutedEndpoint> {
  create(info: EndpointInfo, backend: { name: string; namespace: string }): E;
  /** Called when control removes the endpoint: in-flight work finishes, idle connections close. */
  drain(e: E): void;
}

interface Backend<E extends RoutedEndpoint> {
  name: string;
  namespace: string;
  weight: number;
  endpoints: Map<string, E>;
  health: Map<E, Health>;
  accrual: FailureAccrual;
  balancer: Balancer<E>;
  /** What the balancer picks from: ready, not terminating, not ejected. */
  usable: E[];
}

export interface EndpointCounts {
  namespace: string;
  name: string;
  /** The backend's share of the split (weft_split_weight). */
  weight: number;
  ready: number;
  notReady: number;
  ejected: number;
}

/**
 * The routing state of one authority: the split's backends, each with its balancer. It
 * applies discovery updates in order; `pick` chooses a backend by weight, then an endpoint.
 */
export class ServiceRouter<E extends RoutedEndpoint> {
  service: ServiceInfo | undefined;
  /** undefined until the first update; false when control does not know the authority. */
  exists: boolean | undefined;
  private backends: Backend<E>[] = [];
  private cumulative: number[] = [];
  private readonly factory: EndpointFactory<E>;
  private readonly algorithm: BalancerName;
  private readonly onCounts: (c: EndpointCounts[], service: ServiceInfo | undefined) => void;
  private readonly accrualOpts: AccrualOptions;
  private closed = false;

  constructor(factory: EndpointFactory<E>, algorithm: BalancerName, onCounts: (c: EndpointCounts[], service: ServiceInfo | undefined) => void = () => {}, accrual: AccrualOptions = DEFAULT_ACCRUAL) {
    this.factory = factory;
    this.algorithm = algorithm;
    this.onCounts = onCounts;
    this.accrualOpts = accrual;
  }

  apply(u: DiscoveryUpdate): void {
    if (u.kind === 'does-not-exist') {
      this.exists = false;
      this.service = undefined;
      this.reset([]);
    } else if (u.kind === 'reset') {
      this.exists = true;
      this.service = u.service;
      this.reset(u.backends);
    } else {
      if (u.service) this.service = u.service;
      for (const d of u.backends) this.applyDelta(d);
    }
    this.rebuild();
  }

  pick(): E | undefined {
    const n = this.backends.length;
    if (n === 0) return undefined;
    const first = n === 1 ? 0 : weightedIndex(this.cumulative);
    const e = this.backends[first]!.balancer.pick();
    if (e) return e;
    // The chosen backend has no ready endpoint: any other backend beats failing the request.
    for (const b of this.backends) {
      const other = b.balancer.pick();
      if (other) return other;
    }
    return undefined;
  }

  /**
   * For a retry: an endpoint not in `tried` (the ones this request already failed on).
   * The balancer first; a failing endpoint can look cheapest to it (it fails fast), so
   * then any usable one.
   */
  pickExcept(tried: readonly E[]): E | undefined {
    for (let i = 0; i < 3; i++) {
      const e = this.pick();
      if (!e || !tried.includes(e)) return e;
    }
    for (const b of this.backends) for (const e of b.usable) if (!tried.includes(e)) return e;
    return this.pick();
  }

  close(): void {
    this.closed = true;
    this.reset([]);
    this.rebuild();
  }

  private reset(backends: BackendInfo[]): void {
    const old = new Map(this.backends.map((b) => [`${b.namespace}/${b.name}`, b]));
    this.backends = backends.map((info) => {
      const id = `${info.namespace}/${info.name}`;
      const prev = old.get(id);
      old.delete(id);
      const b = prev ?? this.newBackend(info.name, info.namespace, info.weight);
      b.weight = info.weight;
      const keep = new Set<string>();
      for (const e of info.endpoints) {
        keep.add(e.key);
        this.upsert(b, e);
      }
      for (const [key, e] of b.endpoints) {
        if (!keep.has(key)) this.remove(b, key, e);
      }
      return b;
    });
    for (const b of old.values()) for (const [key, e] of b.endpoints) this.remove(b, key, e);
  }

  private applyDelta(d: BackendDelta): void {
    let b = this.backends.find((x) => x.name === d.name && x.namespace === d.namespace);
    if (d.removed) {
      if (b) {
        for (const [key, e] of b.endpoints) this.remove(b, key, e);
        this.backends = this.backends.filter((x) => x !== b);
      }
      return;
    }
    if (!b) {
      b = this.newBackend(d.name, d.namespace, d.weight);
      this.backends.push(b);
    }
    if (d.weight) b.weight = d.weight;
    for (const e of d.upserted) this.upsert(b, e);
    for (const key of d.deleted) {
      const e = b.endpoints.get(key);
      if (e) this.remove(b, key, e);
    }
  }

  private newBackend(name: string, namespace: string, weight: number): Backend<E> {
    const env = {
      schedule: (ms: number, fn: () => void) => setTimeout(fn, ms).unref(),
      changed: () => {
        if (!this.closed) this.rebuild();
      },
    };
    return { name, namespace, weight, endpoints: new Map(), health: new Map(), accrual: new FailureAccrual(this.accrualOpts, env), balancer: createBalancer<E>(this.algorithm), usable: [] };
  }

  private upsert(b: Backend<E>, info: EndpointInfo): void {
    const prev = b.endpoints.get(info.key);
    if (prev && prev.info.host === info.host && prev.info.port === info.port && prev.info.workload === info.workload) {
      prev.info = info;
      return;
    }
    if (prev) this.remove(b, info.key, prev);
    const e = this.factory.create(info, b);
    const h = new Health();
    e.onResult = (ok) => b.accrual.record(h, ok, b.endpoints.size);
    b.endpoints.set(info.key, e);
    b.health.set(e, h);
  }

  private remove(b: Backend<E>, key: string, e: E): void {
    b.endpoints.delete(key);
    b.health.delete(e);
    this.factory.drain(e);
  }

  private rebuild(): void {
    for (const b of this.backends) {
      if (b.weight <= 0) for (const [key, e] of b.endpoints) this.remove(b, key, e);
    }
    this.backends = this.backends.filter((b) => b.weight > 0);
    // Terminating endpoints finish what they have but get nothing new; ejected ones sit
    // out their backoff.
    const usable = (b: Backend<E>, e: E) => e.info.ready && !e.info.terminating && !b.health.get(e)?.ejected;
    for (const b of this.backends) {
      b.usable = [...b.endpoints.values()].filter((e) => usable(b, e));
      b.balancer.update(b.usable);
    }
    this.cumulative = cumulativeWeights(this.backends);
    this.onCounts(
      this.backends.map((b) => {
        let ready = 0;
        let ejected = 0;
        for (const e of b.endpoints.values()) {
          if (usable(b, e)) ready++;
          else if (b.health.get(e)?.ejected) ejected++;
        }
        return { namespace: b.namespace, name: b.name, weight: b.weight, ready, notReady: b.endpoints.size - ready - ejected, ejected };
      }),
      this.service,
    );
  }
}
