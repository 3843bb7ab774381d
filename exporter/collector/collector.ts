import type { MetricFamily } from '../metrics.ts';
import type { Paths } from '../paths.ts';
import type { PodLookup } from '../container/pods.ts';

export interface CollectContext {
  paths: Paths;
  /** Kubernetes pod metadata by pod UID; empty without a cluster. */
  pods: PodLookup;
  /** Current time in milliseconds since the epoch (a parameter so tests can fix it). */
  now(): number;
  /**
   * Reports a failure that spoiled part of the collector's output (one garbled cgroup
   * among hundreds): the collector keeps what it has and reports success 0.
   */
  fail(err: unknown): void;
}

/**
 * One collector per file, as node_exporter has them. A collector throws when it cannot
 * produce its metrics; the scrape turns that into node_scrape_collector_success 0.
 */
export interface Collector {
  name: string;
  defaultEnabled: boolean;
  /** One line for --help and the README. */
  description: string;
  collect(ctx: CollectContext): MetricFamily[] | Promise<MetricFamily[]>;
}
