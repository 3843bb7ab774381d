import { family, type MetricFamily } from '../metrics.ts';
import { ParseError } from '../errors.ts';
import { fields, lines, num } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

/**
 * /proc/meminfo under node_exporter's names: "Active(anon): 12 kB" becomes
 * node_memory_Active_anon_bytes 12288; fields without a unit keep their bare name.
 */
export function parseMeminfo(text: string, file = 'meminfo'): MetricFamily[] {
  const out: MetricFamily[] = [];
  for (const line of lines(text)) {
    const [rawKey, value, unit, extra] = fields(line);
    if (!rawKey?.endsWith(':') || extra !== undefined) throw new ParseError(`${file}: malformed line "${line}"`, { file });
    let key = rawKey.slice(0, -1).replace(/\((.*)\)/, '_$1');
    let v = num(value, file, key);
    if (unit !== undefined) {
      v *= 1024;
      key += '_bytes';
    }
    const type = key.endsWith('_total') ? 'counter' : 'gauge';
    out.push(family(`node_memory_${key}`, `Memory information field ${key}.`, type, [{ value: v }]));
  }
  if (out.length === 0) throw new ParseError(`${file}: empty`, { file });
  return out;
}

export const meminfo: Collector = {
  name: 'meminfo',
  defaultEnabled: true,
  description: 'memory statistics from /proc/meminfo (node_memory_*)',
  collect: ({ paths }) => parseMeminfo(readText(paths.proc('meminfo'))),
};
