// Where `weft stat` gets its numbers: a reader answers the current stats each time it is
// asked, so the one-shot command, --watch and `weft demo` share one loop body.
import { setTimeout as sleep } from 'node:timers/promises';
import type { WeftError } from '../../lib/errors.ts';
import { ScrapeError, scrapeAll } from './source-proxies.ts';
import { statsFromPrometheus } from './source-prometheus.ts';
import { statsFromScrapes, type Direction, type Scrape, type ServiceStats } from './stats.ts';

export interface StatResult {
  stats: ServiceStats[];
  /** Sources that could not be read this time; the stats come from the others. */
  problems: WeftError[];
}

export interface StatReader {
  read(signal?: AbortSignal): Promise<StatResult>;
}

/**
 * Reads proxies' /metrics. The first read scrapes twice, `windowMs` apart; each later
 * read scrapes once and compares with the previous read, so under --watch the rates
 * cover the time since the last refresh.
 */
export function proxiesReader(targets: string[], direction: Direction, windowMs: number, timeoutMs: number): StatReader {
  let previous: Scrape[] | undefined;
  return {
    async read(signal) {
      const problems: WeftError[] = [];
      if (!previous) {
        const first = await scrapeAll(targets, timeoutMs);
        problems.push(...first.failures);
        previous = first.scrapes;
        await sleep(windowMs, undefined, { signal });
      }
      const now = await scrapeAll(targets, timeoutMs);
      const failed = new Set(problems.map((p) => p.details.target));
      problems.push(...now.failures.filter((p) => !failed.has(p.details.target)));
      if (now.scrapes.length === 0) {
        if (problems.length === 1) throw problems[0]!;
        throw new ScrapeError(`no proxy could be read: ${problems.map((p) => p.message).join('; ')}`, { targets });
      }
      const stats = statsFromScrapes(previous, now.scrapes, direction);
      previous = now.scrapes;
      return { stats, problems };
    },
  };
}

export function prometheusReader(url: string, direction: Direction, windowMs: number, timeoutMs: number): StatReader {
  const window = `${Math.max(1, Math.round(windowMs / 1000))}s`;
  return {
    async read() {
      return { stats: await statsFromPrometheus(url, direction, window, timeoutMs), problems: [] };
    },
  };
}
