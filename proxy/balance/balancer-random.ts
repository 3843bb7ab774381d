import type { Balanceable, Balancer } from './balancer.ts';
import { cumulativeWeights, weightedIndex } from './weighted.ts';

/**
 * Weighted random: no state per pick, good when many proxies share few endpoints. Also the
 * weighted sampling that P2C draws its two candidates with.
 */
export class RandomBalancer<E extends Balanceable> implements Balancer<E> {
  protected endpoints: readonly E[] = [];
  protected cumulative: number[] = [];

  update(endpoints: readonly E[]): void {
    this.endpoints = endpoints;
    this.cumulative = cumulativeWeights(endpoints);
  }

  pick(): E | undefined {
    if (this.endpoints.length === 0) return undefined;
    return this.endpoints[weightedIndex(this.cumulative)];
  }
}
