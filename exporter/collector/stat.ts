import { single, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines, num } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

const FIELDS = [
  ['intr', 'node_intr_total', 'Total number of interrupts serviced.', 'counter'],
  ['ctxt', 'node_context_switches_total', 'Total number of context switches.', 'counter'],
  ['processes', 'node_forks_total', 'Total number of forks.', 'counter'],
  ['btime', 'node_boot_time_seconds', 'Node boot time, in unixtime.', 'gauge'],
  ['procs_running', 'node_procs_running', 'Number of processes in runnable state.', 'gauge'],
  ['procs_blocked', 'node_procs_blocked', 'Number of processes blocked waiting for I/O to complete.', 'gauge'],
] as const;

/** The kernel-wide lines of /proc/stat (the first number of each; "intr" is followed by per-IRQ counts). */
export function parseStat(text: string, file = 'stat'): MetricFamily[] {
  const first = new Map<string, string | undefined>();
  for (const line of lines(text)) {
    const [key, value] = fields(line);
    if (key) first.set(key, value);
  }
  return FIELDS.map(([key, name, help, type]) => {
    if (!first.has(key)) throw new ParseError(`${file}: no "${key}" line`, { file });
    return single(name, help, type, num(first.get(key), file, key));
  });
}

export const stat: Collector = {
  name: 'stat',
  defaultEnabled: true,
  description: 'boot time, interrupts, context switches, forks, running and blocked processes from /proc/stat',
  collect: ({ paths }) => parseStat(readText(paths.proc('stat'))),
};
