import path from 'node:path';
import type { Labels, MetricFamily } from '../metrics.ts';
import { readOptional, type Paths } from '../paths.ts';
import { parseNetDev, type NetDevStats } from './netdev.ts';
import { readV1 } from '../container/cgroup-v1.ts';
import { readV2 } from '../container/cgroup-v2.ts';
import { parseCgroupPath } from '../container/cgroup-path.ts';
import { cgroupStartTime, detectLayout, listCgroups, type Layout } from '../container/hierarchy.ts';
import { containerFamilies } from '../container/families.ts';
import { containerLabels } from '../container/labels.ts';
import type { ContainerStats } from '../container/stats.ts';
import type { Collector } from './collector.ts';

/** "8:0" → "/dev/sda" through sysfs, as cAdvisor names devices; the number when sysfs does not know it. */
function deviceNamer(paths: Paths): (majmin: string) => string {
  const cache = new Map<string, string>();
  return (majmin) => {
    let name = cache.get(majmin);
    if (name === undefined) {
      const uevent = readOptional(paths.sys('dev', 'block', majmin, 'uevent')) ?? '';
      const dev = /^DEVNAME=(.+)$/m.exec(uevent)?.[1];
      name = dev ? `/dev/${dev}` : majmin;
      cache.set(majmin, name);
    }
    return name;
  };
}

function procsDir(layout: Layout): string | undefined {
  return layout.version === 2 ? layout.root : (layout.dirs.pids ?? layout.dirs.memory ?? layout.dirs.cpu);
}

/**
 * A pod's containers share one network namespace: read /proc/<pid>/net/dev for the first
 * process found in the pod's cgroup or its children, as cAdvisor reads the sandbox's.
 */
function podNetwork(paths: Paths, layout: Layout, podId: string, ids: string[], from: number): NetDevStats[] | undefined {
  const dir = procsDir(layout);
  if (dir === undefined) return undefined;
  // ids are sorted, so the pod's descendants follow it directly
  for (let i = from; i < ids.length; i++) {
    const id = ids[i] as string;
    if (id !== podId && !id.startsWith(`${podId}/`)) break;
    const pid = readOptional(path.join(dir, id, 'cgroup.procs'))?.split('\n')[0]?.trim();
    if (!pid) continue;
    const text = readOptional(paths.proc(pid, 'net', 'dev'));
    if (text !== undefined) return parseNetDev(text, `${pid}/net/dev`).filter((n) => n.device !== 'lo');
  }
  return undefined;
}

export const container: Collector = {
  name: 'container',
  defaultEnabled: true,
  description: "cAdvisor's container_* metrics for every cgroup (v1 or v2), labelled with Kubernetes pod metadata",
  collect: ({ paths, pods, fail }): MetricFamily[] => {
    const layout = detectLayout(paths);
    const ids = listCgroups(layout);
    const name = deviceNamer(paths);
    const out: { stats: ContainerStats; labels: Labels }[] = [];
    for (const [i, id] of ids.entries()) {
      try {
        const stats = layout.version === 2 ? readV2(layout.root, id) : readV1(layout.dirs, id);
        stats.startTime = cgroupStartTime(layout, id);
        for (const io of stats.io) io.device = name(io.device);
        const who = parseCgroupPath(id);
        if (who.podUid !== undefined && who.containerId === undefined) stats.network = podNetwork(paths, layout, id, ids, i);
        out.push({ stats, labels: containerLabels(id, pods) });
      } catch (err) {
        fail(err); // one garbled cgroup must not hide the others
      }
    }
    return containerFamilies(out);
  },
};
