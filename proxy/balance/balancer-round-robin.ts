import type { Balanceable, Balancer } from './balancer.ts';

/** Smooth weighted round robin (nginx's): a weight-3 endpoint gets 3 of every N picks, interleaved. */
export class RoundRobinBalancer<E extends Balanceable> implements Balancer<E> {
  private endpoints: readonly E[] = [];
  private current: number[] = [];
  private total = 0;

  update(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
    this.current = endpoints.map(() => 0);
    this.total = endpoints.reduce((s, e) => s + e.weight, 0);
  }

  pick(): E | undefined {
    let best = -1;
    for (let i = 0; i < this.endpoints.length; i++) {
      this.current[i]! += this.endpoints[i]!.weight;
      if (best < 0 || this.current[i]! > this.current[best]!) best = i;
    }
    if (best < 0) return undefined;
    this.current[best]! -= this.total;
    return this.endpoints[best];
  }
}
