// `weft control` assembled: sources → store → (batched) hub → gRPC streams, plus admin.
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { startAdmin, type AdminServer } from '../lib/admin.ts';
import type { HostPort } from '../lib/addr.ts';
import { errorMessage, WeftError } from '../lib/errors.ts';
import type { Logger } from '../lib/log.ts';
import { controlMetrics, type ControlMetrics } from './metrics.ts';
import { ClusterStore } from './model/store.ts';
import type { ClusterObject, Kind } from './model/objects.ts';
import { startDestinationServer, type DestinationServer } from './server/destination.ts';
import { RouteHub } from './server/hub.ts';
import type { Source, SourceSink } from './source/source.ts';

export interface ControlOptions {
  sources: Source[];
  grpcAddr: HostPort;
  adminAddr: HostPort;
  clusterDomain: string;
  /** Changes arriving within this window go out as one update per authority. */
  batchWindowMs: number;
  maxQueue: number;
  log: Logger;
  registry?: Registry;
}

export interface Control {
  grpc: DestinationServer;
  admin: AdminServer;
  store: ClusterStore;
  registry: Registry;
  ready(): boolean;
  close(): Promise<void>;
}

/** Collects source events into the store and flushes the affected services in batches. */
class Batcher implements SourceSink {
  private affected = new Set<string>();
  private firstArrival = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly store: ClusterStore;
  private readonly hub: RouteHub;
  private readonly metrics: ControlMetrics;
  private readonly log: Logger;
  private readonly windowMs: number;

  constructor(store: ClusterStore, hub: RouteHub, metrics: ControlMetrics, log: Logger, windowMs: number) {
    this.store = store;
    this.hub = hub;
    this.metrics = metrics;
    this.log = log;
    this.windowMs = windowMs;
  }

  /** The first event of a batch starts its window; push latency is measured from it. */
  private arrived(): void {
    if (this.timer) return;
    this.firstArrival = performance.now();
    this.timer = setTimeout(() => this.flush(), this.windowMs);
  }

  replace(origin: string, objects: ClusterObject[]): void {
    this.arrived();
    for (const o of objects) this.metrics.watchEvents.inc({ kind: o.kind });
    this.store.replace(origin, objects, this.affected);
  }

  upsert(origin: string, object: ClusterObject): void {
    this.arrived();
    this.metrics.watchEvents.inc({ kind: object.kind });
    this.store.upsert(origin, object, this.affected);
  }

  remove(origin: string, kind: Kind, namespace: string, name: string): void {
    this.arrived();
    this.metrics.watchEvents.inc({ kind });
    this.store.remove(origin, kind, namespace, name, this.affected);
  }

  error(source: string, reason: string, err: unknown, context: Record<string, unknown> = {}): void {
    this.metrics.sourceErrors.inc({ source, reason });
    const code = err instanceof WeftError ? err.code : undefined;
    this.log.error({ source, reason, code, ...context, error: errorMessage(err) }, `${source}: ${errorMessage(err)}`);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const affected = this.affected;
    this.affected = new Set();
    this.hub.changed(affected, this.firstArrival);
    for (const [kind, n] of Object.entries(this.store.countByKind())) this.metrics.objects.set({ kind }, n);
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

export async function startControl(opts: ControlOptions): Promise<Control> {
  const registry = opts.registry ?? new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = controlMetrics(registry);
  const store = new ClusterStore();
  const hub = new RouteHub(store, {
    clusterDomain: opts.clusterDomain,
    onProblems: (authority, problems) => {
      for (const p of problems) opts.log.warn({ authority }, p);
    },
  });
  const batcher = new Batcher(store, hub, metrics, opts.log, opts.batchWindowMs);

  const started: Source[] = [];
  let grpcServer: DestinationServer | undefined;
  let admin: AdminServer | undefined;
  const ready = () => grpcServer !== undefined && opts.sources.every((s) => s.synced());
  const close = async () => {
    batcher.stop();
    await Promise.all(started.map((s) => s.stop()));
    await grpcServer?.close();
    await admin?.close();
  };
  try {
    admin = await startAdmin({ addr: opts.adminAddr, registry, log: opts.log, ready });
    for (const source of opts.sources) {
      await source.start(batcher);
      started.push(source);
    }
    batcher.flush();
    grpcServer = await startDestinationServer({ addr: opts.grpcAddr, hub, metrics, log: opts.log, maxQueue: opts.maxQueue });
  } catch (err) {
    await close();
    throw err;
  }
  opts.log.info({ grpc: grpcServer.address, admin: admin.address, objects: store.size }, 'control plane serving');
  return { grpc: grpcServer, admin, store, registry, ready, close };
}
