import { single, type MetricFamily } from '../metrics.ts';
import { keyValues } from '../parse.ts';
import { readText } from '../paths.ts';
import type { Collector } from './collector.ts';

/** node_exporter's default field selection: paging, swapping, faults and OOM kills. */
export const VMSTAT_FIELDS = /^(oom_kill|pgpg|pswp|pg.*fault).*/;

export function parseVmstat(text: string, file = 'vmstat'): MetricFamily[] {
  const out: MetricFamily[] = [];
  for (const [key, value] of keyValues(text, file)) {
    if (VMSTAT_FIELDS.test(key)) out.push(single(`node_vmstat_${key}`, `/proc/vmstat information field ${key}.`, 'untyped', value));
  }
  return out;
}

export const vmstat: Collector = {
  name: 'vmstat',
  defaultEnabled: true,
  description: 'paging, swapping, page fault and OOM-kill counters from /proc/vmstat',
  collect: ({ paths }) => parseVmstat(readText(paths.proc('vmstat'))),
};
