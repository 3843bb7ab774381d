import type { Balanceable } from './balancer.ts';
import { RandomBalancer } from './balancer-random.ts';
import { weightedIndex } from './weighted.ts';

/**
 * Power of two choices over peak-EWMA latency with an in-flight penalty (linkerd2-proxy's
 * default): sample two endpoints by weight, send to the cheaper; on a tie the first sample
 * wins, so with equal load the traffic follows the weights.
 */
export class P2cEwmaBalancer<E extends Balanceable> extends RandomBalancer<E> {
  override pick(): E | undefined {
    const n = this.endpoints.length;
    if (n <= 1) return this.endpoints[0];
    const i = weightedIndex(this.cumulative);
    let j = weightedIndex(this.cumulative);
    if (j === i) j = (i + 1 + Math.floor(Math.random() * (n - 1))) % n;
    const a = this.endpoints[i]!;
    const b = this.endpoints[j]!;
    return a.load.cost() <= b.load.cost() ? a : b;
  }
}
