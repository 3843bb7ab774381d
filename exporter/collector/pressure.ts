import { single, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

export interface Psi {
  /** Total stall time in seconds: some = at least one task waited, full = all tasks stalled. */
  some: number;
  full?: number;
}

/** A pressure file (/proc/pressure/cpu or a cgroup's cpu.pressure): "some avg10=… total=<µs>". */
export function parsePsi(text: string, file = 'pressure'): Psi {
  const totals: Record<string, number> = {};
  for (const line of lines(text)) {
    const [kind, ...kv] = fields(line);
    const total = kv.find((p) => p.startsWith('total='));
    const v = total === undefined ? NaN : Number(total.slice(6));
    if ((kind !== 'some' && kind !== 'full') || Number.isNaN(v)) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    totals[kind] = v / 1e6;
  }
  if (totals.some === undefined) throw new ParseError(`${file}: no "some" line`, { file });
  return { some: totals.some, full: totals.full };
}

export function pressureFamilies(cpu: Psi, io: Psi, memory: Psi): MetricFamily[] {
  const c = (name: string, help: string, v: number | undefined) =>
    v === undefined ? [] : [single(`node_pressure_${name}`, help, 'counter', v)];
  return [
    ...c('cpu_waiting_seconds_total', 'Total time in seconds that processes have waited for CPU time', cpu.some),
    ...c('io_waiting_seconds_total', 'Total time in seconds that processes have waited due to IO congestion', io.some),
    ...c('io_stalled_seconds_total', 'Total time in seconds no process could make progress due to IO congestion', io.full),
    ...c('memory_waiting_seconds_total', 'Total time in seconds that processes have waited for memory', memory.some),
    ...c('memory_stalled_seconds_total', 'Total time in seconds no process could make progress due to memory congestion', memory.full),
  ];
}

export const pressure: Collector = {
  name: 'pressure',
  defaultEnabled: true,
  description: 'pressure stall information from /proc/pressure (node_pressure_*)',
  collect: ({ paths }) => {
    const read = (r: string) => parsePsi(readText(paths.proc('pressure', r)), `pressure/${r}`);
    return pressureFamilies(read('cpu'), read('io'), read('memory'));
  },
};
