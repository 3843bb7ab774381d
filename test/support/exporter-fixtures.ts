import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../lib/log.ts';
import { COLLECTORS } from '../../exporter/collector/index.ts';
import type { Collector } from '../../exporter/collector/collector.ts';
import { podsFromList } from '../../exporter/container/kube.ts';
import { podLookup, type PodLookup } from '../../exporter/container/pods.ts';
import { makePaths, type Roots } from '../../exporter/paths.ts';
import { createScraper, type Scraper } from '../../exporter/scrape.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/exporter/', import.meta.url));
export const CGROUP_TREES = ['cgroup-v1-joint', 'cgroup-v1-split', 'cgroup-v2'] as const;

export function fixtureRoots(cgroupTree: string = 'cgroup-v1-joint'): Roots {
  return {
    procfs: path.join(FIXTURES, 'proc'),
    sysfs: path.join(FIXTURES, 'sys'),
    rootfs: FIXTURES,
    cgroupfs: path.join(FIXTURES, cgroupTree),
  };
}

/** The pods of test/fixtures/exporter/pods.json, as the Kubernetes API would list them. */
export function fixturePods(): PodLookup {
  return podLookup(podsFromList(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'pods.json'), 'utf8'))));
}

export function collectorsNamed(...names: string[]): Collector[] {
  return names.map((n) => {
    const c = COLLECTORS.find((x) => x.name === n);
    if (!c) throw new Error(`no collector ${n}`);
    return c;
  });
}

export function fixtureScraper(opts: { roots?: Roots; collectors?: readonly Collector[]; pods?: PodLookup; now?: () => number } = {}): Scraper {
  return createScraper({
    collectors: opts.collectors ?? COLLECTORS,
    paths: makePaths(opts.roots ?? fixtureRoots()),
    log: createLogger('exporter-test', 'silent'),
    pods: opts.pods && (() => opts.pods as PodLookup),
    now: opts.now,
  });
}

/** Copies a fixture tree to `dest` with every mtime fixed, so container_start_time_seconds is stable. */
export function copyWithFixedTimes(src: string, dest: string, seconds: number): void {
  fs.cpSync(src, dest, { recursive: true });
  const walk = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const child = path.join(p, e.name);
      if (e.isDirectory()) walk(child);
      fs.utimesSync(child, seconds, seconds);
    }
  };
  walk(dest);
  fs.utimesSync(dest, seconds, seconds);
}
