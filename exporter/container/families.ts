import { family, type Labels, type MetricFamily, type MetricType } from '../metrics.ts';
import type { NetDevColumn } from '../collector/netdev.ts';
import type { Psi } from '../collector/pressure.ts';
import type { ContainerStats, IoStats } from './stats.ts';

// cAdvisor's container metrics, declared in one table as its lib/metrics/prometheus.go does:
// name, help, type and where the value comes from. A row whose value is undefined for a
// cgroup (file absent, other cgroup version) emits nothing for that cgroup.

type Row = [name: string, help: string, type: MetricType, value: (s: ContainerStats) => number | undefined];

const psi = (p: Psi | undefined, full: boolean) => (full ? p?.full : p?.some);

const PER_CONTAINER: Row[] = [
  ['container_cpu_user_seconds_total', 'Cumulative user cpu time consumed in seconds.', 'counter', (s) => s.cpu.user],
  ['container_cpu_system_seconds_total', 'Cumulative system cpu time consumed in seconds.', 'counter', (s) => s.cpu.system],
  ['container_cpu_cfs_periods_total', 'Number of elapsed enforcement period intervals.', 'counter', (s) => s.cpu.periods],
  ['container_cpu_cfs_throttled_periods_total', 'Number of throttled period intervals.', 'counter', (s) => s.cpu.throttledPeriods],
  ['container_cpu_cfs_throttled_seconds_total', 'Total time duration the container has been throttled.', 'counter', (s) => s.cpu.throttledSeconds],
  ['container_memory_usage_bytes', 'Current memory usage in bytes, including all memory regardless of when it was accessed', 'gauge', (s) => s.memory.usage],
  ['container_memory_working_set_bytes', 'Current working set in bytes.', 'gauge', (s) => s.memory.workingSet],
  ['container_memory_rss', 'Size of RSS in bytes.', 'gauge', (s) => s.memory.rss],
  ['container_memory_cache', 'Number of bytes of page cache memory.', 'gauge', (s) => s.memory.cache],
  ['container_memory_swap', 'Container swap usage in bytes.', 'gauge', (s) => s.memory.swap],
  ['container_memory_failcnt', 'Number of memory usage hits limits', 'counter', (s) => s.memory.failcnt],
  ['container_oom_events_total', 'Count of out of memory events observed for the container', 'counter', (s) => s.oomEvents],
  ['container_processes', 'Number of processes running inside the container.', 'gauge', (s) => s.processes],
  ['container_threads', 'Number of threads running inside the container', 'gauge', (s) => s.threads],
  ['container_threads_max', 'Maximum number of threads allowed inside the container, infinity if value is zero', 'gauge', (s) => s.threadsMax],
  ['container_spec_cpu_quota', 'CPU quota of the container.', 'gauge', (s) => s.spec.cpuQuota],
  ['container_spec_cpu_period', 'CPU period of the container.', 'gauge', (s) => s.spec.cpuPeriod],
  ['container_spec_cpu_shares', 'CPU share of the container.', 'gauge', (s) => s.spec.cpuShares],
  ['container_spec_memory_limit_bytes', 'Memory limit for the container.', 'gauge', (s) => s.spec.memoryLimit],
  ['container_start_time_seconds', 'Start time of the container since unix epoch in seconds.', 'gauge', (s) => s.startTime],
  ['container_pressure_cpu_stalled_seconds_total', 'Total time duration no tasks in the container could make progress due to CPU congestion.', 'counter', (s) => psi(s.pressure.cpu, true)],
  ['container_pressure_cpu_waiting_seconds_total', 'Total time duration tasks in the container have waited due to CPU congestion.', 'counter', (s) => psi(s.pressure.cpu, false)],
  ['container_pressure_memory_stalled_seconds_total', 'Total time duration no tasks in the container could make progress due to memory congestion.', 'counter', (s) => psi(s.pressure.memory, true)],
  ['container_pressure_memory_waiting_seconds_total', 'Total time duration tasks in the container have waited due to memory congestion.', 'counter', (s) => psi(s.pressure.memory, false)],
  ['container_pressure_io_stalled_seconds_total', 'Total time duration no tasks in the container could make progress due to IO congestion.', 'counter', (s) => psi(s.pressure.io, true)],
  ['container_pressure_io_waiting_seconds_total', 'Total time duration tasks in the container have waited due to IO congestion.', 'counter', (s) => psi(s.pressure.io, false)],
];

const PER_DEVICE: [string, string, (io: IoStats) => number][] = [
  ['container_fs_reads_bytes_total', 'Cumulative count of bytes read', (io) => io.readBytes],
  ['container_fs_writes_bytes_total', 'Cumulative count of bytes written', (io) => io.writeBytes],
  ['container_fs_reads_total', 'Cumulative count of reads completed', (io) => io.reads],
  ['container_fs_writes_total', 'Cumulative count of writes completed', (io) => io.writes],
];

/** cAdvisor's network families per interface, from the /proc/net/dev columns of the pod's namespace. */
const PER_INTERFACE: [string, string, NetDevColumn][] = [
  ['container_network_receive_bytes_total', 'Cumulative count of bytes received', 'receive_bytes'],
  ['container_network_receive_packets_total', 'Cumulative count of packets received', 'receive_packets'],
  ['container_network_receive_packets_dropped_total', 'Cumulative count of packets dropped while receiving', 'receive_drop'],
  ['container_network_receive_errors_total', 'Cumulative count of errors encountered while receiving', 'receive_errs'],
  ['container_network_transmit_bytes_total', 'Cumulative count of bytes transmitted', 'transmit_bytes'],
  ['container_network_transmit_packets_total', 'Cumulative count of packets transmitted', 'transmit_packets'],
  ['container_network_transmit_packets_dropped_total', 'Cumulative count of packets dropped while transmitting', 'transmit_drop'],
  ['container_network_transmit_errors_total', 'Cumulative count of errors encountered while transmitting', 'transmit_errs'],
];

export const CONTAINER_FAMILY_NAMES = [
  'container_cpu_usage_seconds_total',
  ...PER_CONTAINER.map((r) => r[0]),
  ...PER_DEVICE.map((r) => r[0]),
  ...PER_INTERFACE.map((r) => r[0]),
];

export function containerFamilies(containers: { stats: ContainerStats; labels: Labels }[]): MetricFamily[] {
  const usage = family('container_cpu_usage_seconds_total', 'Cumulative cpu time consumed in seconds.', 'counter');
  const rows = PER_CONTAINER.map(([name, help, type, value]) => ({ f: family(name, help, type), value }));
  const devices = PER_DEVICE.map(([name, help, value]) => ({ f: family(name, help, 'counter'), value }));
  const ifaces = PER_INTERFACE.map(([name, help, column]) => ({ f: family(name, help, 'counter'), column }));
  for (const { stats, labels } of containers) {
    if (stats.cpu.usage !== undefined) usage.samples.push({ labels: { ...labels, cpu: 'total' }, value: stats.cpu.usage });
    for (const { f, value } of rows) {
      const v = value(stats);
      if (v !== undefined) f.samples.push({ labels, value: v });
    }
    for (const io of stats.io) {
      for (const { f, value } of devices) f.samples.push({ labels: { ...labels, device: io.device }, value: value(io) });
    }
    for (const n of stats.network ?? []) {
      for (const { f, column } of ifaces) f.samples.push({ labels: { ...labels, interface: n.device }, value: n.values[column] });
    }
  }
  return [usage, ...rows.map((r) => r.f), ...devices.map((d) => d.f), ...ifaces.map((i) => i.f)];
}
