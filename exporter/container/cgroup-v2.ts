import path from 'node:path';
import { parsePsi } from '../collector/pressure.ts';
import { ParseError } from '../errors.ts';
import { fields, keyValues, lines, num } from '../parse.ts';
import { readOptional } from '../paths.ts';
import { countLines, emptyStats, memoryLimit, workingSet, type ContainerStats, type IoStats } from './stats.ts';

/** io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device. */
export function parseIoStat(text: string, file = 'io.stat'): IoStats[] {
  return lines(text).map((line) => {
    const [device, ...kv] = fields(line);
    if (!device || !/^\d+:\d+$/.test(device)) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    const v: Record<string, number> = {};
    for (const pair of kv) {
      const [k, val] = pair.split('=');
      if (k) v[k] = num(val, file, k);
    }
    return { device, readBytes: v.rbytes ?? 0, writeBytes: v.wbytes ?? 0, reads: v.rios ?? 0, writes: v.wios ?? 0 };
  });
}

/** cpu.max: "<quota|max> <period>" in microseconds. */
export function parseCpuMax(text: string, file = 'cpu.max'): { quota?: number; period: number } {
  const [quota, period] = fields(text);
  if (quota === undefined || period === undefined) throw new ParseError(`${file}: expected "<quota|max> <period>"`, { file });
  return { quota: quota === 'max' ? undefined : num(quota, file, 'quota'), period: num(period, file, 'period') };
}

/** cpu.weight [1, 10000] back to v1 cpu.shares [2, 262144], as cAdvisor converts it. */
export function weightToShares(weight: number): number {
  return 2 + Math.floor(((weight - 1) * 262142) / 9999);
}

export function readV2(root: string, id: string): ContainerStats {
  const s = emptyStats(id);
  const at = (file: string) => readOptional(path.join(root, id, file));
  const kv = (file: string) => {
    const t = at(file);
    return t === undefined ? undefined : keyValues(t, file);
  };
  const scalar = (file: string) => {
    const t = at(file)?.trim();
    return t === undefined ? undefined : t === 'max' ? Infinity : num(t, file);
  };

  const cpu = kv('cpu.stat');
  if (cpu) {
    const us = (k: string) => {
      const v = cpu.get(k);
      return v === undefined ? undefined : v / 1e6;
    };
    s.cpu = {
      usage: us('usage_usec'), user: us('user_usec'), system: us('system_usec'),
      periods: cpu.get('nr_periods'), throttledPeriods: cpu.get('nr_throttled'), throttledSeconds: us('throttled_usec'),
    };
  }
  const max = at('cpu.max');
  if (max !== undefined) {
    const m = parseCpuMax(max);
    s.spec.cpuQuota = m.quota;
    s.spec.cpuPeriod = m.period;
  }
  const weight = scalar('cpu.weight');
  if (weight !== undefined) s.spec.cpuShares = weightToShares(weight);

  const current = scalar('memory.current');
  if (current !== undefined) {
    const stat = kv('memory.stat') ?? new Map<string, number>();
    s.memory = {
      usage: current,
      workingSet: workingSet(current, stat.get('inactive_file')),
      rss: stat.get('anon'),
      cache: stat.get('file'),
      swap: scalar('memory.swap.current'),
    };
    const limit = scalar('memory.max');
    if (limit !== undefined) s.spec.memoryLimit = memoryLimit(limit);
    const events = kv('memory.events');
    if (events) {
      s.memory.failcnt = events.get('max');
      s.oomEvents = events.get('oom_kill') ?? 0;
    }
  }

  const io = at('io.stat');
  if (io !== undefined) s.io = parseIoStat(io);
  const procs = at('cgroup.procs');
  if (procs !== undefined) s.processes = countLines(procs);
  s.threads = scalar('pids.current');
  const pidsMax = scalar('pids.max');
  if (pidsMax !== undefined) s.threadsMax = pidsMax === Infinity ? 0 : pidsMax;

  for (const r of ['cpu', 'memory', 'io'] as const) {
    const t = at(`${r}.pressure`);
    if (t !== undefined) s.pressure[r] = parsePsi(t, `${r}.pressure`);
  }
  return s;
}
