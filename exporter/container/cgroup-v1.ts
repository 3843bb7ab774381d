import { USER_HZ } from '../collector/cpu.ts';
import { ParseError } from '../errors.ts';
import { fields, keyValues, lines, num } from '../parse.ts';
import { readOptional } from '../paths.ts';
import { countLines, emptyStats, memoryLimit, workingSet, type ContainerStats, type IoStats } from './stats.ts';
import path from 'node:path';

/** The v1 controller hierarchies; cpu and cpuacct may be one directory or two. */
export interface V1Dirs {
  cpu?: string;
  cpuacct?: string;
  memory?: string;
  blkio?: string;
  pids?: string;
}

/** blkio.throttle.io_service_bytes / io_serviced: "8:0 Read 1234" lines, per device. */
export function parseBlkio(text: string, file = 'blkio'): Map<string, { read: number; write: number }> {
  const out = new Map<string, { read: number; write: number }>();
  for (const line of lines(text)) {
    const [dev, op, value] = fields(line);
    if (dev === 'Total' || dev === undefined) continue;
    if (!/^\d+:\d+$/.test(dev) || value === undefined) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    const e = out.get(dev) ?? { read: 0, write: 0 };
    if (op === 'Read') e.read = num(value, file, dev);
    else if (op === 'Write') e.write = num(value, file, dev);
    out.set(dev, e);
  }
  return out;
}

export function mergeIo(bytes: Map<string, { read: number; write: number }>, ops: Map<string, { read: number; write: number }>): IoStats[] {
  const devices = new Set([...bytes.keys(), ...ops.keys()]);
  return [...devices].sort().map((device) => ({
    device,
    readBytes: bytes.get(device)?.read ?? 0,
    writeBytes: bytes.get(device)?.write ?? 0,
    reads: ops.get(device)?.read ?? 0,
    writes: ops.get(device)?.write ?? 0,
  }));
}

/** Reads one cgroup's files from every v1 hierarchy it appears in; absent files leave gaps. */
export function readV1(dirs: V1Dirs, id: string): ContainerStats {
  const s = emptyStats(id);
  const at = (dir: string | undefined, file: string) => (dir === undefined ? undefined : readOptional(path.join(dir, id, file)));
  const int = (dir: string | undefined, file: string) => {
    const t = at(dir, file);
    return t === undefined ? undefined : num(t.trim(), file);
  };

  const usage = int(dirs.cpuacct, 'cpuacct.usage');
  if (usage !== undefined) s.cpu.usage = usage / 1e9;
  const acct = at(dirs.cpuacct, 'cpuacct.stat');
  if (acct !== undefined) {
    const kv = keyValues(acct, 'cpuacct.stat');
    s.cpu.user = (kv.get('user') ?? 0) / USER_HZ;
    s.cpu.system = (kv.get('system') ?? 0) / USER_HZ;
  }
  const cpuStat = at(dirs.cpu, 'cpu.stat');
  if (cpuStat !== undefined) {
    const kv = keyValues(cpuStat, 'cpu.stat');
    s.cpu.periods = kv.get('nr_periods');
    s.cpu.throttledPeriods = kv.get('nr_throttled');
    const t = kv.get('throttled_time');
    if (t !== undefined) s.cpu.throttledSeconds = t / 1e9;
  }
  const quota = int(dirs.cpu, 'cpu.cfs_quota_us');
  if (quota !== undefined && quota > 0) s.spec.cpuQuota = quota;
  s.spec.cpuPeriod = int(dirs.cpu, 'cpu.cfs_period_us');
  s.spec.cpuShares = int(dirs.cpu, 'cpu.shares');

  const memUsage = int(dirs.memory, 'memory.usage_in_bytes');
  if (memUsage !== undefined) {
    const statText = at(dirs.memory, 'memory.stat');
    const stat = statText === undefined ? new Map<string, number>() : keyValues(statText, 'memory.stat');
    s.memory.usage = memUsage;
    s.memory.workingSet = workingSet(memUsage, stat.get('total_inactive_file') ?? stat.get('inactive_file'));
    s.memory.rss = stat.get('total_rss') ?? stat.get('rss');
    s.memory.cache = stat.get('total_cache') ?? stat.get('cache');
    const memsw = int(dirs.memory, 'memory.memsw.usage_in_bytes');
    if (memsw !== undefined) s.memory.swap = Math.max(0, memsw - memUsage);
    s.memory.failcnt = int(dirs.memory, 'memory.failcnt');
    const limit = int(dirs.memory, 'memory.limit_in_bytes');
    if (limit !== undefined) s.spec.memoryLimit = memoryLimit(limit);
    const oom = at(dirs.memory, 'memory.oom_control');
    if (oom !== undefined) s.oomEvents = keyValues(oom, 'memory.oom_control').get('oom_kill') ?? 0;
  }

  const bytes = at(dirs.blkio, 'blkio.throttle.io_service_bytes');
  const ops = at(dirs.blkio, 'blkio.throttle.io_serviced');
  if (bytes !== undefined || ops !== undefined) {
    s.io = mergeIo(parseBlkio(bytes ?? '', 'blkio.throttle.io_service_bytes'), parseBlkio(ops ?? '', 'blkio.throttle.io_serviced'));
  }

  const procs = at(dirs.pids ?? dirs.memory ?? dirs.cpu, 'cgroup.procs');
  if (procs !== undefined) s.processes = countLines(procs);
  s.threads = int(dirs.pids, 'pids.current');
  const max = at(dirs.pids, 'pids.max')?.trim();
  if (max !== undefined) s.threadsMax = max === 'max' ? 0 : num(max, 'pids.max');
  return s;
}
