import { nodeFs as fs } from '../../lib/builtins.ts';
import path from 'node:path';
import type { Dirent } from 'node:fs';
import type { Paths } from '../paths.ts';
import type { V1Dirs } from './cgroup-v1.ts';

export type Layout = { version: 1; dirs: V1Dirs } | { version: 2; root: string };

/** Walks stop here: a node has hundreds of cgroups, not tens of thousands. */
const MAX_CGROUPS = 20_000;
const MAX_DEPTH = 32;

const isDir = (p: string) => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** v2 when the root has cgroup.controllers; otherwise each v1 controller's hierarchy, wherever it is mounted. */
export function detectLayout(paths: Paths): Layout {
  if (fs.existsSync(paths.cgroup('cgroup.controllers'))) return { version: 2, root: paths.cgroup() };
  const first = (...names: string[]) => names.map((n) => paths.cgroup(n)).find(isDir);
  return {
    version: 1,
    dirs: {
      cpu: first('cpu', 'cpu,cpuacct', 'cpuacct,cpu'),
      cpuacct: first('cpuacct', 'cpu,cpuacct', 'cpuacct,cpu'),
      memory: first('memory'),
      blkio: first('blkio'),
      pids: first('pids'),
    },
  };
}

export function layoutRoots(layout: Layout): string[] {
  if (layout.version === 2) return [layout.root];
  return [...new Set(Object.values(layout.dirs).filter((d): d is string => d !== undefined))];
}

/** Every cgroup ("/", "/kubepods/…") found in any hierarchy, sorted. */
export function listCgroups(layout: Layout): string[] {
  const ids = new Set<string>();
  for (const root of layoutRoots(layout)) {
    const stack: [string, number][] = [['/', 0]];
    while (stack.length > 0 && ids.size < MAX_CGROUPS) {
      const [id, depth] = stack.pop() as [string, number];
      ids.add(id);
      if (depth >= MAX_DEPTH) continue;
      let entries: Dirent[];
      try {
        entries = fs.readdirSync(path.join(root, id), { withFileTypes: true });
      } catch {
        continue; // removed while we walked
      }
      for (const e of entries) if (e.isDirectory()) stack.push([path.posix.join(id, e.name), depth + 1]);
    }
  }
  return [...ids].sort();
}

/**
 * cAdvisor's creation time: the older modification time of the cgroup's directory and of
 * a file that does not change afterwards (cgroup.clone_children in v1, cgroup.events in
 * v2). cAdvisor takes the oldest over every hierarchy; the first hierarchy holding the
 * cgroup gives the same answer for containers (all are created together) at a quarter of
 * the stat calls.
 */
export function cgroupStartTime(layout: Layout, id: string): number | undefined {
  const marker = layout.version === 2 ? 'cgroup.events' : 'cgroup.clone_children';
  for (const root of layoutRoots(layout)) {
    const dir = fs.statSync(path.join(root, id), { throwIfNoEntry: false });
    if (!dir) continue;
    const file = fs.statSync(path.join(root, id, marker), { throwIfNoEntry: false });
    return Math.floor(Math.min(dir.mtimeMs, file?.mtimeMs ?? Infinity) / 1000);
  }
  return undefined;
}
