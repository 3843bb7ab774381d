import { family, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines, num } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

/** /proc/stat counts in USER_HZ ticks, which is 100 on every Linux architecture. */
export const USER_HZ = 100;

const MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

export interface CpuTimes {
  cpu: string;
  /** Seconds per mode, then guest and guest_nice. */
  seconds: number[];
}

/** The per-CPU "cpuN" lines of /proc/stat (the aggregate "cpu" line is left out, as node_exporter does). */
export function parseCpuStat(text: string, file = 'stat'): CpuTimes[] {
  const out: CpuTimes[] = [];
  for (const line of lines(text)) {
    const [key, ...rest] = fields(line);
    if (!key?.startsWith('cpu') || key === 'cpu') continue;
    if (rest.length < 4) throw new ParseError(`${file}: short cpu line "${line}"`, { file });
    const seconds = Array.from({ length: 10 }, (_, i) => (rest[i] === undefined ? 0 : num(rest[i], file, key) / USER_HZ));
    out.push({ cpu: key.slice(3), seconds });
  }
  if (out.length === 0) throw new ParseError(`${file}: no cpu lines`, { file });
  return out;
}

export function cpuFamilies(cpus: CpuTimes[]): MetricFamily[] {
  const secs = family('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.', 'counter');
  const guest = family('node_cpu_guest_seconds_total', 'Seconds the CPUs spent in guests (VMs) for each mode.', 'counter');
  for (const { cpu, seconds } of cpus) {
    MODES.forEach((mode, i) => secs.samples.push({ labels: { cpu, mode }, value: seconds[i] ?? 0 }));
    guest.samples.push({ labels: { cpu, mode: 'user' }, value: seconds[8] ?? 0 });
    guest.samples.push({ labels: { cpu, mode: 'nice' }, value: seconds[9] ?? 0 });
  }
  return [secs, guest];
}

export const cpu: Collector = {
  name: 'cpu',
  defaultEnabled: true,
  description: 'CPU time per CPU and mode, from /proc/stat',
  collect: ({ paths }) => cpuFamilies(parseCpuStat(readText(paths.proc('stat')))),
};
