import { ServiceRouter, type EndpointCounts } from '../balance/split.ts';
import type { Protocol, ServiceInfo } from '../discovery/types.ts';
import type { BalancerName } from '../balance/registry.ts';
import type { DiscoveryClient } from '../discovery/client.ts';
import { Resolver } from '../discovery/resolver.ts';
import { Endpoint, type PoolOptions } from '../endpoint.ts';
import type { Reason } from '../errors.ts';
import { DST_SERVICE, SRC_NAMESPACE, SRC_WORKLOAD } from '../http/headers.ts';
import type { ProxyMetrics, RouteMetricsCache } from '../metrics.ts';
import { RoutePolicy } from '../resilience/route-policy.ts';
import type { Target } from './target.ts';

export type Picked = { ep: Endpoint; policy?: RoutePolicy<Endpoint> } | { reason: Reason; detail: string };

/** An authority's router with its resilience state. */
class Routed extends ServiceRouter<Endpoint> {
  policy: RoutePolicy<Endpoint> | undefined;
}

export interface DestinationsOptions {
  client: DiscoveryClient;
  metrics: ProxyMetrics;
  routes: RouteMetricsCache;
  balancer: BalancerName;
  pool: PoolOptions;
  src: { namespace: string; workload: string };
  discoveryTimeoutMs: number;
  idleMs: number;
  denyUnknown: boolean;
}

const MAX_DIRECT = 1_000;

/** Outbound: target → discovery → split → balancer → endpoint, or the reason there is none. */
export class Destinations {
  private readonly resolver: Resolver<Routed>;
  private readonly direct = new Map<string, Endpoint>();
  private readonly opts: DestinationsOptions;

  constructor(opts: DestinationsOptions) {
    this.opts = opts;
    const factory = {
      create: (info: Endpoint['info'], b: { name: string; namespace: string }) => {
        const e = new Endpoint(info, this.route(b.namespace, b.name, info.workload), opts.pool);
        // A meshed peer's inbound proxy labels its metrics with who called and which service.
        if (info.meshed) e.forwardHeaders = [SRC_NAMESPACE, opts.src.namespace, SRC_WORKLOAD, opts.src.workload, DST_SERVICE, b.name];
        return e;
      },
      drain: (e: Endpoint) => e.drain(),
    };
    opts.metrics.collectHooks.push(() => this.refreshMetrics());
    this.resolver = new Resolver({
      client: opts.client,
      idleMs: opts.idleMs,
      createSink: () => {
        const r = new Routed(factory, opts.balancer, (c, service) => this.countEndpoints(c, service));
        r.policy = new RoutePolicy(r, opts.metrics);
        return r;
      },
    });
  }

  pick(target: Target): Picked | Promise<Picked> {
    const r = this.resolver.resolve(target.authority);
    if (r.sink.exists === undefined) {
      return r.whenResolved(this.opts.discoveryTimeoutMs).then((ok) =>
        ok ? this.choose(r.sink, target) : { reason: 'discovery-timeout' as const, detail: `no answer from control for ${target.authority}` },
      );
    }
    return this.choose(r.sink, target);
  }

  /** The protocol control declares for the target's service ('detect': none, or not a known service). */
  protocolOf(target: Target): Protocol | Promise<Protocol> {
    const r = this.resolver.resolve(target.authority);
    const of = () => r.sink.service?.protocol ?? 'detect';
    return r.sink.exists === undefined ? r.whenResolved(this.opts.discoveryTimeoutMs).then(of) : of();
  }

  /** Read at scrape time: stream states, and seconds since control last spoke per service. */
  private refreshMetrics(now = Date.now()): void {
    let open = 0;
    this.opts.metrics.discoveryStreams.labels('connected').set(this.opts.client.connectedStreams);
    for (const r of this.resolver.resolutions()) {
      open++;
      const s = r.sink.service;
      if (s && r.lastUpdate) this.opts.metrics.discoveryAge.labels(s.namespace, s.name).set((now - r.lastUpdate) / 1000);
    }
    this.opts.metrics.discoveryStreams.labels('open').set(open);
  }

  close(): void {
    this.resolver.close();
    for (const e of this.direct.values()) e.drain();
    this.direct.clear();
  }

  private choose(router: Routed, target: Target): Picked {
    if (router.exists === false) {
      if (this.opts.denyUnknown) return { reason: 'unknown-destination', detail: `control does not know ${target.authority} and --deny-unknown is set` };
      return { ep: this.directEndpoint(target) };
    }
    const ep = router.pick();
    return ep ? { ep, policy: router.policy?.refresh() } : { reason: 'no-endpoints', detail: `${target.authority} has no ready endpoints` };
  }

  private directEndpoint(t: Target): Endpoint {
    const key = `${t.host}:${t.port}`;
    let e = this.direct.get(key);
    if (!e) {
      if (this.direct.size >= MAX_DIRECT) {
        const [oldKey, old] = this.direct.entries().next().value as [string, Endpoint];
        this.direct.delete(oldKey);
        old.drain();
      }
      const info = { key, host: t.host, port: t.port, ready: true, terminating: false, workload: '', meshed: false, weight: 1 };
      e = new Endpoint(info, this.route('', 'unknown', ''), this.opts.pool);
      this.direct.set(key, e);
    }
    return e;
  }

  private route(namespace: string, service: string, workload: string) {
    return this.opts.routes.get({
      direction: 'outbound',
      src_namespace: this.opts.src.namespace,
      src_workload: this.opts.src.workload,
      dst_namespace: namespace,
      dst_service: service,
      dst_workload: workload,
    });
  }

  /** Backends whose weft_split_weight is set, per apex service, so a backend that leaves is removed. */
  private readonly weighted = new Map<string, Set<string>>();

  private countEndpoints(counts: EndpointCounts[], service: ServiceInfo | undefined): void {
    if (service) {
      const apex = `${service.namespace}/${service.name}`;
      const before = this.weighted.get(apex) ?? new Set<string>();
      const now = new Set<string>();
      for (const c of counts) {
        this.opts.metrics.splitWeight.labels(service.namespace, service.name, c.name).set(c.weight);
        now.add(c.name);
      }
      for (const gone of before) if (!now.has(gone)) this.opts.metrics.splitWeight.remove(service.namespace, service.name, gone);
      this.weighted.set(apex, now);
    }
    for (const c of counts) {
      this.opts.metrics.endpoints.labels(c.namespace, c.name, 'ready').set(c.ready);
      this.opts.metrics.endpoints.labels(c.namespace, c.name, 'not_ready').set(c.notReady);
      this.opts.metrics.endpoints.labels(c.namespace, c.name, 'ejected').set(c.ejected);
    }
  }
}
