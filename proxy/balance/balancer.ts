import type { EndpointLoad } from './load.ts';

/** What a balancer needs of an endpoint; the proxy's endpoint objects carry more. */
export interface Balanceable {
  readonly key: string;
  readonly weight: number;
  readonly load: EndpointLoad;
}

/**
 * Picks an endpoint per request (or per connection). `update` replaces the set of ready
 * endpoints; `pick` must not allocate, it runs on every request.
 */
export interface Balancer<E extends Balanceable> {
  update(endpoints: readonly E[]): void;
  pick(): E | undefined;
}

