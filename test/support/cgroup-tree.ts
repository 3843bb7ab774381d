import fs from 'node:fs';
import path from 'node:path';

// Writes fake cgroup directories with the files the kernel would have, so the container
// collector can be tested (and benchmarked) on trees of any shape and size. The committed
// fixture trees under test/fixtures/exporter/ were written with this and are checked in.

export interface FakeCgroup {
  id: string;
  /** Scales every counter, so each cgroup has distinct values. */
  n: number;
  pids?: number[];
  quotaUs?: number;
  limitBytes?: number;
}

function write(dir: string, files: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

const procs = (c: FakeCgroup) => (c.pids ?? []).map((p) => `${p}\n`).join('');

export function writeV1(root: string, layout: 'joint' | 'split', c: FakeCgroup): void {
  const { n } = c;
  const cpu = {
    'cpu.stat': `nr_periods ${100 * n}\nnr_throttled ${3 * n}\nthrottled_time ${250_000_000 * n}\n`,
    'cpu.cfs_quota_us': `${c.quotaUs ?? -1}\n`,
    'cpu.cfs_period_us': '100000\n',
    'cpu.shares': `${102 * n}\n`,
    'cgroup.clone_children': '0\n',
    'cgroup.procs': procs(c),
  };
  const cpuacct = {
    'cpuacct.usage': `${1_500_000_000 * n}\n`,
    'cpuacct.stat': `user ${90 * n}\nsystem ${40 * n}\n`,
    'cgroup.clone_children': '0\n',
    'cgroup.procs': procs(c),
  };
  if (layout === 'joint') write(path.join(root, 'cpu,cpuacct', c.id), { ...cpu, ...cpuacct });
  else {
    write(path.join(root, 'cpu', c.id), cpu);
    write(path.join(root, 'cpuacct', c.id), cpuacct);
  }
  const usage = 50 * 1024 * 1024 * n;
  write(path.join(root, 'memory', c.id), {
    'memory.usage_in_bytes': `${usage}\n`,
    'memory.memsw.usage_in_bytes': `${usage + 4096 * n}\n`,
    'memory.stat': `cache ${1024 * n}\nrss ${2048 * n}\ntotal_cache ${8 * 1024 * 1024 * n}\ntotal_rss ${40 * 1024 * 1024 * n}\ntotal_inactive_file ${6 * 1024 * 1024 * n}\ninactive_file ${4096 * n}\n`,
    'memory.failcnt': `${n}\n`,
    'memory.limit_in_bytes': `${c.limitBytes ?? 9223372036854771712}\n`,
    'memory.oom_control': `oom_kill_disable 0\nunder_oom 0\noom_kill ${n % 3}\n`,
    'cgroup.clone_children': '0\n',
    'cgroup.procs': procs(c),
  });
  write(path.join(root, 'blkio', c.id), {
    'blkio.throttle.io_service_bytes': `8:0 Read ${4096 * n}\n8:0 Write ${8192 * n}\n8:0 Sync 0\n8:0 Async 0\n8:0 Total ${12288 * n}\nTotal ${12288 * n}\n`,
    'blkio.throttle.io_serviced': `8:0 Read ${n}\n8:0 Write ${2 * n}\n8:0 Sync 0\n8:0 Async 0\n8:0 Total ${3 * n}\nTotal ${3 * n}\n`,
    'cgroup.clone_children': '0\n',
  });
  write(path.join(root, 'pids', c.id), {
    'pids.current': `${(c.pids?.length ?? 0) * 4}\n`,
    'pids.max': c.n % 2 ? 'max\n' : `${1024 * n}\n`,
    'cgroup.procs': procs(c),
    'cgroup.clone_children': '0\n',
  });
}

export function writeV2(root: string, c: FakeCgroup): void {
  const { n } = c;
  const usage = 50 * 1024 * 1024 * n;
  const psi = (us: number, full: boolean) =>
    `some avg10=0.00 avg60=0.00 avg300=0.00 total=${us}\n` + (full ? `full avg10=0.00 avg60=0.00 avg300=0.00 total=${Math.floor(us / 2)}\n` : '');
  write(path.join(root, c.id), {
    ...(c.id === '/' ? { 'cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n' } : {}),
    'cgroup.events': 'populated 1\nfrozen 0\n',
    'cgroup.procs': procs(c),
    'cpu.stat': `usage_usec ${1_500_000 * n}\nuser_usec ${900_000 * n}\nsystem_usec ${600_000 * n}\nnr_periods ${100 * n}\nnr_throttled ${3 * n}\nthrottled_usec ${250_000 * n}\n`,
    'cpu.max': `${c.quotaUs ?? 'max'} 100000\n`,
    'cpu.weight': `${4 * n}\n`,
    'cpu.pressure': psi(1000 * n, true),
    'memory.current': `${usage}\n`,
    'memory.stat': `anon ${40 * 1024 * 1024 * n}\nfile ${8 * 1024 * 1024 * n}\ninactive_file ${6 * 1024 * 1024 * n}\nactive_file ${2 * 1024 * 1024 * n}\n`,
    'memory.max': c.limitBytes === undefined ? 'max\n' : `${c.limitBytes}\n`,
    'memory.swap.current': `${4096 * n}\n`,
    'memory.events': `low 0\nhigh 0\nmax ${n}\noom ${n % 3}\noom_kill ${n % 3}\n`,
    'memory.pressure': psi(2000 * n, true),
    'io.stat': `8:0 rbytes=${4096 * n} wbytes=${8192 * n} rios=${n} wios=${2 * n} dbytes=0 dios=0\n`,
    'io.pressure': psi(3000 * n, true),
    'pids.current': `${(c.pids?.length ?? 0) * 4}\n`,
    'pids.max': c.n % 2 ? 'max\n' : `${1024 * n}\n`,
  });
}

/** A 64-hex-digit container id derived from a number. */
export function containerId(i: number): string {
  return (i.toString(16).padStart(8, '0') + 'c0ffee').repeat(5).slice(0, 64).padEnd(64, '0');
}

/** A pod UID derived from a number. */
export function podUid(i: number): string {
  const h = i.toString(16).padStart(12, '0');
  return `0a1b2c3d-4e5f-4a7b-8c9d-${h}`;
}

/**
 * A cgroup v1 tree (joint cpu,cpuacct) of `containers` pods with one container each, under
 * /kubepods as the kubelet's cgroupfs driver lays it out; returns its root.
 */
export function writeFakeContainers(root: string, containers: number): string {
  writeV1(root, 'joint', { id: '/', n: 1000 });
  writeV1(root, 'joint', { id: '/kubepods', n: 500 });
  for (let i = 1; i <= containers; i++) {
    const pod = `/kubepods/pod${podUid(i)}`;
    writeV1(root, 'joint', { id: pod, n: i });
    writeV1(root, 'joint', { id: `${pod}/${containerId(i)}`, n: i, pids: [1_000_000 + i], quotaUs: 100_000, limitBytes: 1 << 28 });
  }
  return root;
}
