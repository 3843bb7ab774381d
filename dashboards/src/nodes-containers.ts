// (5) Nodes and containers, from weft exporter (node_exporter and cAdvisor names), so the
// same panels work on node_exporter + cAdvisor too.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { finish, weftDashboard } from './dashboard.ts';
import { row, timeseriesPanel } from './panels.ts';
import { datasourceVariable, labelVariable } from './variables.ts';

const RATE = '[$__rate_interval]';
const node = 'instance=~"$instance"';
// Only cgroups of Kubernetes containers carry a container label; the pod-level and root
// cgroups without one would count every container twice.
const ctr = 'instance=~"$instance", namespace=~"$namespace", pod=~"$pod", container!=""';
const ctrBy = 'namespace, pod, container';
const ctrLegend = '{{namespace}}/{{pod}}/{{container}}';
const notK8s = 'no cgroup has a container label: not on Kubernetes';
const realFs = 'fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs"';

export function nodesContainers(): dashboard.Dashboard {
  return finish(
    weftDashboard('weft-nodes-containers', 'weft / Nodes and containers', 'Node CPU, memory, load, network, disk and filesystems, and per-container CPU, memory, throttling and I/O, from weft exporter.')
      .withVariable(datasourceVariable())
      .withVariable(labelVariable({ name: 'instance', label: 'Node', query: 'label_values(node_load1, instance)', multi: true }))
      .withVariable(labelVariable({ name: 'namespace', label: 'Namespace', query: 'label_values(container_memory_working_set_bytes{instance=~"$instance"}, namespace)', multi: true }))
      .withVariable(labelVariable({ name: 'pod', label: 'Pod', query: 'label_values(container_memory_working_set_bytes{instance=~"$instance", namespace=~"$namespace"}, pod)', multi: true }))
      .withRow(
        row('Nodes')
          .withPanel(timeseriesPanel({ title: 'CPU busy', description: 'Share of CPU time not idle, averaged over each node\'s CPUs.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{${node}, mode="idle"}${RATE}))`, legend: '{{instance}}' }] }))
          .withPanel(timeseriesPanel({ title: 'CPU by mode', description: 'CPU time per second by mode (user, system, iowait…), summed over the selected nodes: 1 = one core.', unit: 'percentunit', stacked: true, queries: [{ expr: `sum by (mode) (rate(node_cpu_seconds_total{${node}, mode!="idle"}${RATE}))`, legend: '{{mode}}' }] }))
          .withPanel(timeseriesPanel({ title: 'Memory used', description: 'Share of memory not available for new work: 1 - MemAvailable / MemTotal.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `1 - node_memory_MemAvailable_bytes{${node}} / node_memory_MemTotal_bytes{${node}}`, legend: '{{instance}}' }] }))
          .withPanel(timeseriesPanel({ title: 'Load average', description: 'Runnable and uninterruptible tasks averaged over 1, 5 and 15 minutes; compare with the node\'s CPU count.', unit: 'short', queries: [
            { expr: `node_load1{${node}}`, legend: '{{instance}} 1m' },
            { expr: `node_load5{${node}}`, legend: '{{instance}} 5m' },
            { expr: `node_load15{${node}}`, legend: '{{instance}} 15m' },
          ] }))
          .withPanel(timeseriesPanel({ title: 'CPU pressure', description: 'Share of time some runnable task waited for a CPU (pressure stall information).', unit: 'percentunit', queries: [{ expr: `rate(node_pressure_cpu_waiting_seconds_total{${node}}${RATE})`, legend: '{{instance}}', optional: 'the kernel has no pressure stall information' }] }))
          .withPanel(timeseriesPanel({ title: 'Network', description: 'Bytes per second received (positive) and transmitted (negative) per node and device, loopback excluded.', unit: 'Bps', queries: [
            { expr: `sum by (instance, device) (rate(node_network_receive_bytes_total{${node}, device!="lo"}${RATE}))`, legend: '{{instance}} {{device}} received' },
            { expr: `-sum by (instance, device) (rate(node_network_transmit_bytes_total{${node}, device!="lo"}${RATE}))`, legend: '{{instance}} {{device}} transmitted' },
          ] }))
          .withPanel(timeseriesPanel({ title: 'Disk I/O', description: 'Bytes per second read (positive) and written (negative) per node and disk.', unit: 'Bps', queries: [
            { expr: `sum by (instance, device) (rate(node_disk_read_bytes_total{${node}}${RATE}))`, legend: '{{instance}} {{device}} read' },
            { expr: `-sum by (instance, device) (rate(node_disk_written_bytes_total{${node}}${RATE}))`, legend: '{{instance}} {{device}} written' },
          ] }))
          .withPanel(timeseriesPanel({ title: 'Filesystem used', description: 'Share of each filesystem\'s space in use (1 - available / size), in-memory and overlay filesystems excluded.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `1 - max by (instance, mountpoint) (node_filesystem_avail_bytes{${node}, ${realFs}}) / max by (instance, mountpoint) (node_filesystem_size_bytes{${node}, ${realFs}})`, legend: '{{instance}} {{mountpoint}}' }] })),
      )
      .withRow(
        row('Containers')
          .withPanel(timeseriesPanel({ title: 'Container CPU', description: 'CPU time per second per container: 1 = one core (container_cpu_usage_seconds_total).', unit: 'percentunit', queries: [{ expr: `sum by (${ctrBy}) (rate(container_cpu_usage_seconds_total{${ctr}}${RATE}))`, legend: ctrLegend, optional: notK8s }] }))
          .withPanel(timeseriesPanel({ title: 'Container memory', description: 'Working set per container (container_memory_working_set_bytes): what the kernel counts against the memory limit.', unit: 'bytes', queries: [{ expr: `sum by (${ctrBy}) (container_memory_working_set_bytes{${ctr}})`, legend: ctrLegend, optional: notK8s }] }))
          .withPanel(timeseriesPanel({ title: 'Memory against limit', description: 'Working set over the memory limit, for containers that have one: at 1 the container is OOM-killed.', unit: 'percentunit', min: 0, queries: [{ expr: `sum by (${ctrBy}) (container_memory_working_set_bytes{${ctr}}) / (sum by (${ctrBy}) (container_spec_memory_limit_bytes{${ctr}}) > 0)`, legend: ctrLegend, optional: 'no container has a memory limit' }] }))
          .withPanel(timeseriesPanel({ title: 'CPU throttling', description: 'Share of CFS periods in which the container was throttled by its CPU limit.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `sum by (${ctrBy}) (rate(container_cpu_cfs_throttled_periods_total{${ctr}}${RATE})) / sum by (${ctrBy}) (rate(container_cpu_cfs_periods_total{${ctr}}${RATE}))`, legend: ctrLegend, optional: 'no container has a CPU limit' }] }))
          .withPanel(timeseriesPanel({ title: 'Container network', description: 'Bytes per second each pod received (positive) and transmitted (negative).', unit: 'Bps', queries: [
            { expr: `sum by (namespace, pod) (rate(container_network_receive_bytes_total{instance=~"$instance", namespace=~"$namespace", pod=~"$pod"}${RATE}))`, legend: '{{namespace}}/{{pod}} received', optional: notK8s },
            { expr: `-sum by (namespace, pod) (rate(container_network_transmit_bytes_total{instance=~"$instance", namespace=~"$namespace", pod=~"$pod"}${RATE}))`, legend: '{{namespace}}/{{pod}} transmitted', optional: notK8s },
          ] }))
          .withPanel(timeseriesPanel({ title: 'Container filesystem I/O', description: 'Bytes per second each container read (positive) and wrote (negative).', unit: 'Bps', queries: [
            { expr: `sum by (${ctrBy}) (rate(container_fs_reads_bytes_total{${ctr}}${RATE}))`, legend: `${ctrLegend} read`, optional: notK8s },
            { expr: `-sum by (${ctrBy}) (rate(container_fs_writes_bytes_total{${ctr}}${RATE}))`, legend: `${ctrLegend} written`, optional: notK8s },
          ] }))
          .withPanel(timeseriesPanel({ title: 'Busiest cgroups', description: 'The ten cgroups using the most CPU, by cgroup path (id): includes system services and whole pods, so it works off Kubernetes too.', unit: 'percentunit', width: 24, queries: [{ expr: `topk(10, sum by (instance, id) (rate(container_cpu_usage_seconds_total{instance=~"$instance", id!="/"}${RATE})))`, legend: '{{instance}} {{id}}' }] })),
      ),
  );
}
