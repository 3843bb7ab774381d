import { single, type MetricFamily } from './metrics.ts';

/**
 * The process metrics node_exporter has (process_*), written by the exporter's own
 * exposition like every other family: loading prom-client for three numbers would cost the
 * exporter ~4 MB of resident memory (see README, Performance).
 */
export function processFamilies(): () => MetricFamily[] {
  const startSeconds = Math.floor(Date.now() / 1000 - process.uptime());
  return () => {
    const cpu = process.cpuUsage();
    return [
      single('process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.', 'counter', (cpu.user + cpu.system) / 1e6),
      single('process_resident_memory_bytes', 'Resident memory size in bytes.', 'gauge', process.memoryUsage.rss()),
      single('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', 'gauge', startSeconds),
    ];
  };
}
