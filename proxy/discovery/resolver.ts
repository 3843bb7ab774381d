import type { DiscoveryClient, Watch } from './client.ts';
import type { DiscoveryUpdate } from './types.ts';

/** What a resolution feeds: the router of the authority (balance/split.ts). */
export interface UpdateSink {
  exists: boolean | undefined;
  apply(u: DiscoveryUpdate): void;
  close(): void;
}

/** The discovery state of one authority, shared by every request to it. */
export class Resolution<S extends UpdateSink> {
  readonly authority: string;
  readonly sink: S;
  lastUsed = Date.now();
  /** When control last sent anything for this authority (0: never). */
  lastUpdate = 0;
  private waiters: (() => void)[] = [];
  watch: Watch | undefined;

  constructor(authority: string, sink: S) {
    this.authority = authority;
    this.sink = sink;
  }

  deliver(u: DiscoveryUpdate): void {
    this.lastUpdate = Date.now();
    this.sink.apply(u);
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves true once control has answered, false after `timeoutMs` without an answer. */
  whenResolved(timeoutMs: number): Promise<boolean> {
    if (this.sink.exists !== undefined) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((f) => f !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}

export interface ResolverOptions<S extends UpdateSink> {
  client: DiscoveryClient;
  createSink: (authority: string) => S;
  /** A Watch unused this long is closed (its endpoints drained). */
  idleMs: number;
}

/** One Watch stream per authority in use: opened on first request, closed when idle. */
export class Resolver<S extends UpdateSink> {
  private readonly byAuthority = new Map<string, Resolution<S>>();
  private readonly opts: ResolverOptions<S>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(opts: ResolverOptions<S>) {
    this.opts = opts;
    this.sweeper = setInterval(() => this.sweep(), Math.max(100, Math.min(opts.idleMs / 2, 10_000)));
    this.sweeper.unref();
  }

  resolve(authority: string): Resolution<S> {
    let r = this.byAuthority.get(authority);
    if (!r) {
      const res = new Resolution(authority, this.opts.createSink(authority));
      res.watch = this.opts.client.watch(authority, (u) => res.deliver(u));
      this.byAuthority.set(authority, res);
      r = res;
    }
    r.lastUsed = Date.now();
    return r;
  }

  resolutions(): IterableIterator<Resolution<S>> {
    return this.byAuthority.values();
  }

  sweep(now = Date.now()): void {
    for (const [authority, r] of this.byAuthority) {
      if (now - r.lastUsed < this.opts.idleMs) continue;
      r.watch?.close();
      r.sink.close();
      this.byAuthority.delete(authority);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const r of this.byAuthority.values()) {
      r.watch?.close();
      r.sink.close();
    }
    this.byAuthority.clear();
  }
}
