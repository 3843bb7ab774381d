import type { Balanceable, Balancer } from './balancer.ts';
import { P2cEwmaBalancer } from './balancer-p2c-ewma.ts';
import { RandomBalancer } from './balancer-random.ts';
import { RoundRobinBalancer } from './balancer-round-robin.ts';

// The one place algorithms are registered; `--balancer` takes these names.
const ALGORITHMS = {
  'p2c-ewma': <E extends Balanceable>(): Balancer<E> => new P2cEwmaBalancer<E>(),
  'round-robin': <E extends Balanceable>(): Balancer<E> => new RoundRobinBalancer<E>(),
  random: <E extends Balanceable>(): Balancer<E> => new RandomBalancer<E>(),
};

export type BalancerName = keyof typeof ALGORITHMS;
export const BALANCER_NAMES = Object.keys(ALGORITHMS) as BalancerName[];

export function createBalancer<E extends Balanceable>(name: BalancerName): Balancer<E> {
  return ALGORITHMS[name]<E>();
}
