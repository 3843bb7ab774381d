// Finagle's and linkerd2-proxy's retry budget: retries may add at most `ratio` of the
// requests plus a floor of `minPerSecond`, over a sliding window. A retry storm (every
// endpoint failing) then costs at most ~20% extra load instead of multiplying it.

export interface RetryBudgetOptions {
  ratio: number;
  minPerSecond: number;
  windowMs: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = { ratio: 0.2, minPerSecond: 10, windowMs: 10_000 };

const SLOTS = 10;

/** Counts in SLOTS time slots covering the window; no allocation per request. */
export class RetryBudget {
  private readonly requests = new Float64Array(SLOTS);
  private readonly retries = new Float64Array(SLOTS);
  private readonly slotMs: number;
  private readonly opts: RetryBudgetOptions;
  private slot = 0;
  private slotStart: number;
  private readonly now: () => number;

  constructor(opts: RetryBudgetOptions = DEFAULT_RETRY_BUDGET, now: () => number = Date.now) {
    this.opts = opts;
    this.slotMs = opts.windowMs / SLOTS;
    this.now = now;
    this.slotStart = now();
  }

  /** A first attempt: it earns `ratio` of a retry. */
  request(): void {
    this.advance();
    this.requests[this.slot]!++;
  }

  /** Takes one retry if the budget allows it. */
  tryRetry(): boolean {
    this.advance();
    let req = 0;
    let ret = 0;
    for (let i = 0; i < SLOTS; i++) {
      req += this.requests[i]!;
      ret += this.retries[i]!;
    }
    const allowed = req * this.opts.ratio + (this.opts.minPerSecond * this.opts.windowMs) / 1000;
    if (ret + 1 > allowed) return false;
    this.retries[this.slot]!++;
    return true;
  }

  private advance(): void {
    const now = this.now();
    let steps = Math.floor((now - this.slotStart) / this.slotMs);
    if (steps <= 0) return;
    this.slotStart += steps * this.slotMs;
    if (steps > SLOTS) steps = SLOTS;
    for (let i = 0; i < steps; i++) {
      this.slot = (this.slot + 1) % SLOTS;
      this.requests[this.slot] = 0;
      this.retries[this.slot] = 0;
    }
  }
}
