// The Kubernetes source: one informer (ListWatch of @kubernetes/client-node) per kind,
// every object normalized and delivered to the sink. The informer does list, watch and
// re-list on 410; what it leaves to its user is done here: restart after an error (it stops
// for good on any error but 410), backoff with jitter, watch timeouts and bookmarks on the
// request, prompt reconnects after a clean server-side close, and a periodic re-list.
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig, ListWatch, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { defineError, errorMessage, WeftError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { ClusterObject } from '../model/objects.ts';
import { apiVersionOf, kindSpecs, pathOf, type KindSpec } from './kubernetes-kinds.ts';
import { backoff, jitter } from '../../lib/backoff.ts';
import { detail, statusOf, TunedWatch } from './kubernetes-watch.ts';
import { normalize, type RawObject } from './normalize.ts';
import type { Source, SourceSink } from './source.ts';

export const KubeConfigError = defineError('WEFT_K8S_CONFIG', 'The kubeconfig file could not be read (--kubeconfig).');
export const KubeForbiddenError = defineError(
  'WEFT_K8S_FORBIDDEN',
  'The API server answered 403 to a list or watch: the service account lacks RBAC for that resource; the other kinds keep working, it is retried.',
);
export const KubeNotFoundError = defineError(
  'WEFT_K8S_NOT_FOUND',
  'The API server does not serve a resource (404): its CRD (TrafficSplit, HTTPRoute) is not installed; retried, and it does not block readiness.',
);
export const KubeWatchError = defineError(
  'WEFT_K8S_WATCH_FAILED',
  'A list or watch failed (connection refused or dropped, server error); retried with backoff, the last known state stays in force.',
);

export interface KubernetesSourceOptions {
  /** Path of a kubeconfig file; default: in-cluster, then ~/.kube/config. */
  kubeconfig?: string;
  /** A prebuilt configuration (tests), used instead of `kubeconfig`. */
  kubeConfig?: KubeConfig;
  /** Watch one namespace only; default all. */
  namespace?: string;
  /** Full re-list of every kind this often, a safety net against missed events; 0 turns it off. Default 30 min. */
  resyncMs?: number;
  /** Server-side watch timeout; each watch asks for a random value between this and twice this. Default 300. */
  watchTimeoutSeconds?: number;
  /** A watch that delivers nothing (not even a bookmark) for this long is restarted. Default 120 s. */
  idleTimeoutMs?: number;
  /** Backoff after a failed list or watch: base, doubled per failure up to max, with jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Objects per list page (limit/continue). */
  pageSize?: number;
  log: Logger;
}

const MAX_PAGES = 100_000;
/** A watch that lived at least this long and then ended cleanly is re-opened without delay. */
const HEALTHY_WATCH_MS = 1_000;

export class KubernetesSource implements Source {
  readonly name = 'kubernetes';
  private readonly kc: KubeConfig;
  private readonly kinds: KindWatcher[] = [];
  private readonly options: KubernetesSourceOptions;

  constructor(options: KubernetesSourceOptions) {
    this.options = options;
    this.kc = options.kubeConfig ?? loadKubeConfig(options.kubeconfig);
  }

  async start(sink: SourceSink): Promise<void> {
    const server = this.kc.getCurrentCluster()?.server;
    this.options.log.info({ server, namespace: this.options.namespace ?? '(all)' }, 'watching the Kubernetes API');
    for (const spec of kindSpecs(this.kc)) this.kinds.push(new KindWatcher(spec, this.kc, sink, this.options));
    await Promise.all(this.kinds.map((k) => k.start()));
  }

  synced(): boolean {
    return this.kinds.length > 0 && this.kinds.every((k) => k.synced());
  }

  async stop(): Promise<void> {
    await Promise.all(this.kinds.map((k) => k.stop()));
  }
}

export function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (path) kc.loadFromFile(path);
    else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
    else kc.loadFromDefault();
  } catch (err) {
    throw new KubeConfigError(`kubeconfig ${path ?? '(default)'}: ${errorMessage(err)}`, { path }, { cause: err });
  }
  return kc;
}

/** One kind: its informer, the last good normalized objects, and the restart logic around them. */
class KindWatcher {
  private readonly spec: KindSpec;
  private readonly kc: KubeConfig;
  private readonly sink: SourceSink;
  private readonly opts: KubernetesSourceOptions;
  private readonly log: Logger;
  private readonly origin: string;
  private readonly apiVersion: string;
  private lw?: ListWatch<KubernetesObject>;
  private lastGood = new Map<string, ClusterObject>();
  /** Between a list and the watch that follows it the informer replays the list as events; they are already in the sink. */
  private relisting = false;
  private listed = false;
  private failure?: string;
  private failures = 0;
  private watchStartedAt = 0;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private resyncTimer?: NodeJS.Timeout;
  private settle?: () => void;

  constructor(spec: KindSpec, kc: KubeConfig, sink: SourceSink, opts: KubernetesSourceOptions) {
    this.spec = spec;
    this.kc = kc;
    this.sink = sink;
    this.opts = opts;
    this.log = opts.log.child({ kind: spec.kind });
    this.origin = `kubernetes:${spec.kind}`;
    this.apiVersion = apiVersionOf(spec);
  }

  /** Resolves once the kind has been listed or has failed (reported) for the first time. */
  start(): Promise<void> {
    const settled = new Promise<void>((resolve) => (this.settle = resolve));
    this.connect(true);
    const resyncMs = this.opts.resyncMs ?? 30 * 60_000;
    if (resyncMs > 0) {
      this.resyncTimer = setInterval(() => {
        if (this.listed && !this.retryTimer) this.connect(true);
      }, resyncMs);
      this.resyncTimer.unref();
    }
    return settled;
  }

  synced(): boolean {
    return this.listed || (this.spec.optional && (this.failure === 'not-found' || this.failure === 'forbidden'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.resyncTimer);
    this.settle?.();
    await this.lw?.stop();
  }

  /** `fresh`: a new informer, so a full list; otherwise the current one resumes from its resourceVersion. */
  private connect(fresh: boolean): void {
    this.retryTimer = undefined;
    if (this.stopped) return;
    if (fresh || !this.lw) {
      const old = this.lw;
      this.lw = this.makeInformer();
      void old?.stop();
    }
    const lw = this.lw;
    lw.start().catch((err: unknown) => this.failed(lw, err));
  }

  private makeInformer(): ListWatch<KubernetesObject> {
    const watch = new TunedWatch(this.kc, this.opts.idleTimeoutMs ?? 120_000, {
      beforeWatch: () => {
        if (this.stopped || lw !== this.lw) return false;
        this.relisting = false;
        this.watchStartedAt = Date.now();
        return true;
      },
      timeoutSeconds: () => {
        const base = this.opts.watchTimeoutSeconds ?? 300;
        return Math.round(base * (1 + Math.random()));
      },
      onEvent: () => {
        // The watch works again: the next failure starts a new streak and is reported.
        this.failures = 0;
        this.failure = undefined;
      },
      onErrorEvent: (status) => {
        // The informer re-lists after a 410 and reconnects after any other; this only tells the operator.
        const level = status.code === 410 ? 'info' : 'warn';
        this.log[level]({ status: status.code, reason: status.reason }, `watch ERROR event: ${status.message ?? ''}`);
      },
    });
    const path = pathOf(this.spec, this.opts.namespace);
    const lw: ListWatch<KubernetesObject> = new ListWatch(path, watch, () => this.list(lw), false, undefined, undefined, {
      delayFn: (ms) => this.reconnectDelay(ms),
    });
    lw.on('add', (obj) => this.changed(lw, obj));
    lw.on('update', (obj) => this.changed(lw, obj));
    lw.on('delete', (obj) => this.deleted(lw, obj));
    lw.on('error', (err) => this.failed(lw, err));
    return lw;
  }

  private async list(lw: ListWatch<KubernetesObject>): Promise<KubernetesListObject<KubernetesObject>> {
    const items: Record<string, unknown>[] = [];
    let resourceVersion = '';
    let cont: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.spec.list(this.opts.namespace, this.opts.pageSize ?? 500, cont);
      if (page === 0) resourceVersion = result.resourceVersion;
      for (const item of result.items) items.push(item);
      cont = result.continue;
      if (!cont) break;
    }
    if (this.stopped || lw !== this.lw) throw new Error('superseded');
    const next = new Map<string, ClusterObject>();
    for (const item of items) {
      // Items of a list of built-in kinds come without apiVersion and kind.
      item.apiVersion ??= this.apiVersion;
      item.kind ??= this.spec.kind;
      const key = keyOf(item);
      const obj = this.normalized(item, key);
      if (obj) next.set(key, obj);
    }
    this.lastGood = next;
    this.sink.replace(this.origin, [...next.values()]);
    this.log.info({ objects: next.size, resourceVersion }, this.listed ? 're-listed' : 'listed');
    this.listed = true;
    this.failure = undefined;
    this.failures = 0;
    this.relisting = true;
    this.settle?.();
    return { metadata: { resourceVersion }, items: items as KubernetesObject[] };
  }

  private changed(lw: ListWatch<KubernetesObject>, raw: KubernetesObject): void {
    if (lw !== this.lw || this.relisting || this.stopped) return;
    const item = raw as Record<string, unknown>;
    item.apiVersion ??= this.apiVersion;
    item.kind ??= this.spec.kind;
    const key = keyOf(item);
    const previous = this.lastGood.get(key);
    const obj = this.normalized(item, key);
    if (!obj || obj === previous) return;
    this.lastGood.set(key, obj);
    this.sink.upsert(this.origin, obj);
  }

  private deleted(lw: ListWatch<KubernetesObject>, raw: KubernetesObject): void {
    if (lw !== this.lw || this.relisting || this.stopped) return;
    const key = keyOf(raw as Record<string, unknown>);
    const obj = this.lastGood.get(key);
    if (!obj) return;
    this.lastGood.delete(key);
    this.sink.remove(this.origin, obj.kind, obj.namespace, obj.name);
  }

  /** The normalized object, or — when it fails validation — the error reported and the last good version. */
  private normalized(raw: Record<string, unknown>, key: string): ClusterObject | undefined {
    const meta = (raw.metadata ?? {}) as { namespace?: string; name?: string };
    try {
      return normalize(raw as RawObject, meta.namespace ?? 'default');
    } catch (err) {
      const code = err instanceof WeftError ? err.code : 'WEFT_INVALID_OBJECT';
      const field = err instanceof WeftError ? err.details.field : undefined;
      this.sink.error('kubernetes', code, err, { kind: this.spec.kind, namespace: meta.namespace, name: meta.name, field });
      return this.lastGood.get(key);
    }
  }

  private failed(lw: ListWatch<KubernetesObject>, err: unknown): void {
    if (lw !== this.lw || this.stopped) return;
    this.relisting = false;
    const status = statusOf(err);
    const what = `${this.spec.plural}${this.spec.group ? `.${this.spec.group}` : ''}`;
    let reason: string;
    let error: WeftError;
    if (status === 403) {
      reason = 'forbidden';
      error = new KubeForbiddenError(`list/watch ${what}: forbidden (grant get, list and watch on ${what}): ${detail(err)}`, { kind: this.spec.kind, status }, { cause: err });
    } else if (status === 404) {
      reason = 'not-found';
      error = new KubeNotFoundError(`list/watch ${what}: not served by the API server${this.spec.optional ? ' (is its CRD installed?)' : ''}`, { kind: this.spec.kind, status }, { cause: err });
    } else {
      reason = 'watch-failed';
      error = new KubeWatchError(`list/watch ${what}: ${detail(err)}`, { kind: this.spec.kind, ...(status ? { status } : {}) }, { cause: err });
    }
    const delay = backoff(this.failures++, this.opts.retryBaseMs ?? 500, this.opts.retryMaxMs ?? 30_000);
    // One report per streak of the same failure: an absent CRD must not count forever.
    if (reason !== this.failure) {
      this.sink.error('kubernetes', reason, error, { kind: this.spec.kind, ...(status ? { status } : {}) });
      const level = reason === 'watch-failed' || this.spec.optional ? 'warn' : 'error';
      this.log[level]({ code: error.code, reason, retryInMs: delay }, error.message);
    } else {
      this.log.debug({ code: error.code, reason, retryInMs: delay }, error.message);
    }
    this.failure = reason;
    this.settle?.();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(false), delay);
    this.retryTimer.unref();
  }

  /**
   * The informer waits between watches that ended cleanly, doubling up to 30 s; a watch the
   * server closed after a healthy life (its timeout) is re-opened at once instead, so a quiet
   * kind is never unwatched for long; a watch closed right away still backs off.
   */
  private reconnectDelay(ms: number): Promise<void> {
    const healthy = Date.now() - this.watchStartedAt >= HEALTHY_WATCH_MS;
    const wait = healthy ? 0 : jitter(Math.min(ms, this.opts.retryMaxMs ?? 30_000));
    return sleep(wait, undefined, { ref: false });
  }
}

function keyOf(raw: Record<string, unknown>): string {
  const meta = (raw.metadata ?? {}) as { namespace?: string; name?: string };
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
}
