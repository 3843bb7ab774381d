import type { ServiceInfo } from '../discovery/types.ts';
import type { ProxyMetrics } from '../metrics.ts';
import { RetryBudget } from './retry-budget.ts';
import { RetryPolicy, type RetryReason } from './retry-policy.ts';

/** Largest request body held in memory so that it can be sent again. */
export const MAX_REPLAY_BYTES = 64 * 1024;
/** First try plus at most two retries; the budget bounds them further. */
export const MAX_ATTEMPTS = 3;

type Counter = ReturnType<ProxyMetrics['retries']['labels']>;

export interface PolicyEndpoint {
  readonly key: string;
}

/** The destination's router, as far as the policy needs it. */
export interface PolicySource<E> {
  readonly service: ServiceInfo | undefined;
  pickExcept(tried: readonly E[]): E | undefined;
}

/**
 * The resilience state of one destination (one authority's router): its timeouts and
 * retry classification (from control's Policy, recompiled only when the service changes),
 * its retry budget, and its metric children, bound once.
 */
export class RoutePolicy<E extends PolicyEndpoint> {
  readonly budget = new RetryBudget();
  requestTimeoutMs = 0;
  perTryTimeoutMs = 0;
  retry = new RetryPolicy([]);
  private service: ServiceInfo | undefined;
  private readonly source: PolicySource<E>;
  private readonly m: ProxyMetrics;
  private retried = new Map<RetryReason, Counter>();
  private exhaustedChild: ReturnType<ProxyMetrics['retryBudgetExhausted']['labels']> | undefined;

  constructor(source: PolicySource<E>, m: ProxyMetrics) {
    this.source = source;
    this.m = m;
  }

  get serviceName(): string {
    return this.service?.name ?? '';
  }

  /** Called per request: a pointer comparison unless control sent a new policy. */
  refresh(): this {
    const s = this.source.service;
    if (s !== this.service) {
      this.service = s;
      const p = s?.policy;
      this.requestTimeoutMs = p?.requestTimeoutMs ?? 0;
      this.perTryTimeoutMs = p?.perTryTimeoutMs ?? 0;
      this.retry = new RetryPolicy(p?.retryOn ?? [], p?.retryNonIdempotent ?? false);
      this.retried = new Map();
      this.exhaustedChild = undefined;
    }
    return this;
  }

  /** An endpoint for a retry, one this request has not failed on when there is one. */
  pickOther(tried: readonly E[]): E | undefined {
    return this.source.pickExcept(tried);
  }

  /** Takes a retry from the budget and counts it, or counts the refusal. */
  takeRetry(reason: RetryReason): boolean {
    if (!this.budget.tryRetry()) {
      (this.exhaustedChild ??= this.m.retryBudgetExhausted.labels('outbound', this.service?.namespace ?? '', this.service?.name ?? '')).inc();
      return false;
    }
    let c = this.retried.get(reason);
    if (!c) this.retried.set(reason, (c = this.m.retries.labels('outbound', this.service?.namespace ?? '', this.service?.name ?? '', reason)));
    c.inc();
    return true;
  }
}
