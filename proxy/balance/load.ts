// Per-endpoint load, shared by every balancer: in-flight count and a peak-EWMA of latency
// (Finagle's and linkerd2-proxy's "peak EWMA": a slow response raises the estimate at
// once, a fast one lowers it with time decay), so an algorithm only decides how to use it.

const DECAY_MS = 10_000;

export class EndpointLoad {
  inflight = 0;
  private ewmaMs: number;
  private stamp = performance.now();

  constructor(defaultRttMs = 1) {
    this.ewmaMs = defaultRttMs;
  }

  start(): number {
    this.inflight++;
    return performance.now();
  }

  end(startedAt: number): void {
    this.inflight--;
    const now = performance.now();
    const rtt = now - startedAt;
    const elapsed = Math.max(0, now - this.stamp);
    this.stamp = now;
    if (rtt > this.ewmaMs) {
      this.ewmaMs = rtt;
    } else {
      const w = Math.exp(-elapsed / DECAY_MS);
      this.ewmaMs = this.ewmaMs * w + rtt * (1 - w);
    }
  }

  /** Cost estimate: latency scaled by the work already queued on the endpoint. */
  cost(): number {
    return this.ewmaMs * (this.inflight + 1);
  }
}
