import { single, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, num } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

export function parseLoadavg(text: string, file = 'loadavg'): MetricFamily[] {
  const parts = fields(text);
  if (parts.length < 3) throw new ParseError(`${file}: expected three load averages`, { file });
  return ([1, 5, 15] as const).map((m, i) => single(`node_load${m}`, `${m}m load average.`, 'gauge', num(parts[i], file)));
}

export const loadavg: Collector = {
  name: 'loadavg',
  defaultEnabled: true,
  description: 'load averages from /proc/loadavg',
  collect: ({ paths }) => parseLoadavg(readText(paths.proc('loadavg'))),
};
