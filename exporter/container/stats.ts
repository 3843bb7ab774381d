import type { Psi } from '../collector/pressure.ts';
import type { NetDevStats } from '../collector/netdev.ts';

/** What one cgroup reports, in base units, whichever cgroup version it came from. */
export interface ContainerStats {
  id: string;
  cpu: {
    usage?: number;
    user?: number;
    system?: number;
    periods?: number;
    throttledPeriods?: number;
    throttledSeconds?: number;
  };
  spec: {
    cpuQuota?: number;
    cpuPeriod?: number;
    cpuShares?: number;
    memoryLimit?: number;
  };
  memory: {
    usage?: number;
    workingSet?: number;
    rss?: number;
    cache?: number;
    swap?: number;
    failcnt?: number;
  };
  oomEvents?: number;
  io: IoStats[];
  processes?: number;
  threads?: number;
  threadsMax?: number;
  startTime?: number;
  pressure: { cpu?: Psi; memory?: Psi; io?: Psi };
  network?: NetDevStats[];
}

export interface IoStats {
  /** "major:minor" until the collector names it. */
  device: string;
  readBytes: number;
  writeBytes: number;
  reads: number;
  writes: number;
}

export function emptyStats(id: string): ContainerStats {
  return { id, cpu: {}, spec: {}, memory: {}, io: [], pressure: {} };
}

/** cAdvisor reports "no limit" (v1's huge number, v2's "max") as 0. */
export function memoryLimit(v: number): number {
  return v >= 2 ** 62 ? 0 : v;
}

/** Working set as cAdvisor computes it: usage less inactive file cache, never below 0. */
export function workingSet(usage: number, inactiveFile: number | undefined): number {
  return Math.max(0, usage - (inactiveFile ?? 0));
}

/** Lines of cgroup.procs: one pid each. */
export function countLines(text: string): number {
  return text.split('\n').filter((l) => l.trim() !== '').length;
}
