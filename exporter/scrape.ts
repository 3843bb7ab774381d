import { errorMessage, WeftError } from '../lib/errors.ts';
import type { Logger } from '../lib/log.ts';
import type { Collector } from './collector/collector.ts';
import { mergeFamilies, render } from './exposition.ts';
import { family, type MetricFamily } from './metrics.ts';
import type { Paths } from './paths.ts';
import { NO_PODS, type PodLookup } from './container/pods.ts';

export interface ScraperOptions {
  collectors: readonly Collector[];
  paths: Paths;
  /** Families of the exporter itself (process_*), added to every scrape. */
  own?: () => MetricFamily[];
  log: Logger;
  pods?: () => PodLookup;
  now?: () => number;
}

export interface Scraper {
  /** The whole exposition: collector families and the exporter's own, sorted by name. */
  scrape(): Promise<string>;
  /** Collector families only (what tests and the golden file compare). */
  collect(): Promise<MetricFamily[]>;
}

/**
 * Runs the enabled collectors one after another (they read in-memory kernel files, so
 * running them concurrently gains nothing) and adds node_exporter's per-collector
 * duration and success. A collector that throws reports success 0; the scrape goes on.
 */
export function createScraper(opts: ScraperOptions): Scraper {
  /** Scrapes in which each collector failed, since start. */
  const failures = new Map<string, number>();
  const failing = new Set<string>();
  const now = opts.now ?? Date.now;

  async function gather(): Promise<MetricFamily[]> {
    const pods = opts.pods?.() ?? NO_PODS;
    const duration = family('node_scrape_collector_duration_seconds', 'weft exporter: Duration of a collector scrape.', 'gauge');
    const success = family('node_scrape_collector_success', 'weft exporter: Whether a collector succeeded.', 'gauge');
    const all: MetricFamily[] = [];
    for (const c of opts.collectors) {
      const errors: unknown[] = [];
      const start = process.hrtime.bigint();
      try {
        all.push(...(await c.collect({ paths: opts.paths, pods, now, fail: (e) => errors.push(e) })));
      } catch (err) {
        errors.push(err);
      }
      const labels = { collector: c.name };
      duration.samples.push({ labels, value: Number(process.hrtime.bigint() - start) / 1e9 });
      success.samples.push({ labels, value: errors.length === 0 ? 1 : 0 });
      report(c.name, errors);
    }
    all.push(duration, success);
    return all;
  }

  function failureFamily(): MetricFamily {
    const f = family('weft_exporter_collector_failures_total', 'Scrapes in which a collector failed (missing or garbled file), by collector.', 'counter');
    for (const [collector, value] of failures) f.samples.push({ labels: { collector }, value });
    return f;
  }

  function report(name: string, errors: unknown[]): void {
    if (errors.length === 0) {
      if (failing.delete(name)) opts.log.info({ collector: name }, 'collector recovered');
      return;
    }
    failures.set(name, (failures.get(name) ?? 0) + 1);
    if (failing.has(name)) return; // said once; the metric keeps counting
    failing.add(name);
    const err = errors[0];
    opts.log.warn(
      { collector: name, code: err instanceof WeftError ? err.code : (err as NodeJS.ErrnoException).code, err: errorMessage(err), errors: errors.length },
      'collector failed',
    );
  }

  return {
    collect: async () => mergeFamilies(await gather()),
    scrape: async () => render(mergeFamilies([...(await gather()), ...(opts.own?.() ?? []), failureFamily()])),
  };
}
