// Failure accrual (linkerd2-proxy's consecutive-failures policy): an endpoint that fails N
// times in a row is ejected for a jittered, exponentially growing backoff, then probed
// with real traffic: one success restores it, one failure ejects it again for longer.
// At most half of a backend's endpoints are ever ejected, so a bad deploy of half the
// fleet still leaves traffic somewhere rather than nowhere.

export interface AccrualOptions {
  /** Consecutive failures that eject an endpoint. */
  threshold: number;
  minBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_ACCRUAL: AccrualOptions = { threshold: 7, minBackoffMs: 1_000, maxBackoffMs: 60_000 };

/** One endpoint's health, owned by its backend's FailureAccrual. */
export class Health {
  failures = 0;
  /** Ejections since the last success: the backoff exponent. */
  ejections = 0;
  ejected = false;
}

/** The backoff of the n-th consecutive ejection (n ≥ 1): doubling from min to max, 80–100% jitter. */
export function backoffMs(n: number, opts: AccrualOptions, random: () => number = Math.random): number {
  const base = Math.min(opts.maxBackoffMs, opts.minBackoffMs * 2 ** Math.min(n - 1, 30));
  return Math.max(opts.minBackoffMs, Math.round(base * (0.8 + 0.2 * random())));
}

export interface AccrualEnv {
  /** Runs `fn` after `ms` (a timer in the proxy, a fake clock in tests). */
  schedule(ms: number, fn: () => void): void;
  /** The set of ejected endpoints changed: the balancer must be rebuilt. */
  changed(): void;
  random?: () => number;
}

/** The ejection state of one backend (one balancer). */
export class FailureAccrual {
  ejected = 0;
  private readonly opts: AccrualOptions;
  private readonly env: AccrualEnv;

  constructor(opts: AccrualOptions, env: AccrualEnv) {
    this.opts = opts;
    this.env = env;
  }

  /** Records one response of `h`; `size` is how many endpoints the backend has now. */
  record(h: Health, ok: boolean, size: number): void {
    if (ok) {
      h.failures = 0;
      h.ejections = 0;
      return;
    }
    h.failures++;
    if (h.ejected || h.failures < this.opts.threshold) return;
    if ((this.ejected + 1) * 2 > size) return;
    h.ejected = true;
    h.ejections++;
    this.ejected++;
    this.env.schedule(backoffMs(h.ejections, this.opts, this.env.random), () => {
      h.ejected = false;
      this.ejected--;
      // Probation: the next failure ejects again, with a longer backoff.
      h.failures = this.opts.threshold - 1;
      this.env.changed();
    });
    this.env.changed();
  }
}
