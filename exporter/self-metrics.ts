import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The process metrics node_exporter has (process_*), without prom-client's nodejs_* set,
 * whose names fail promtool's lint and which cost time on every scrape.
 */
export function registerProcessMetrics(registry: Registry): void {
  const startSeconds = Math.floor(Date.now() / 1000 - process.uptime());
  new Counter({
    name: 'process_cpu_seconds_total',
    help: 'Total user and system CPU time spent in seconds.',
    registers: [registry],
    collect() {
      const u = process.cpuUsage();
      this.reset();
      this.inc((u.user + u.system) / 1e6);
    },
  });
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes.',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: 'process_start_time_seconds',
    help: 'Start time of the process since unix epoch in seconds.',
    registers: [registry],
    collect() {
      this.set(startSeconds);
    },
  });
}
