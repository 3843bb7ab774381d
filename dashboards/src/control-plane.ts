// (4) Control plane: is routing state reaching the proxies, how fast, and is the source
// (Kubernetes or a manifests folder) healthy.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { finish, weftDashboard } from './dashboard.ts';
import { heatmapPanel, row, statPanel, timeseriesPanel } from './panels.ts';
import { datasourceVariable, labelVariable } from './variables.ts';

const sel = 'job=~"$job", instance=~"$instance"';
const rate = (metric: string) => `rate(${metric}{${sel}}[$__rate_interval])`;
const pushQuantile = (q: number) => `histogram_quantile(${q}, sum by (le) (${rate('weft_control_push_latency_seconds_bucket')}))`;
const noPush = 'no cluster change reached a connected proxy in the window';

export function controlPlane(): dashboard.Dashboard {
  return finish(
    weftDashboard('weft-control-plane', 'weft / Control plane', 'The weft control plane: connected proxies, how quickly changes reach them, and the health of its sources.')
      .withVariable(datasourceVariable())
      .withVariable(labelVariable({ name: 'job', label: 'Job', query: 'label_values(weft_control_proxies_connected, job)', multi: true }))
      .withVariable(labelVariable({ name: 'instance', label: 'Instance', query: 'label_values(weft_control_proxies_connected{job=~"$job"}, instance)', multi: true }))
      .withRow(
        row('Now')
          .withPanel(statPanel({ title: 'Connected proxies', description: 'Destination.Watch streams open now, over all control-plane replicas.', unit: 'short', queries: [{ expr: `sum(weft_control_proxies_connected{${sel}})`, legend: 'proxies' }] }))
          .withPanel(statPanel({ title: 'Watched authorities', description: 'Distinct service authorities some proxy is watching.', unit: 'short', queries: [{ expr: `sum(weft_control_watched_authorities{${sel}})`, legend: 'authorities' }] }))
          .withPanel(statPanel({ title: 'Push latency p99', description: '99th percentile time from a cluster change arriving to the resulting update being written to a proxy stream.', unit: 's', queries: [{ expr: pushQuantile(0.99), legend: 'p99', optional: noPush }] }))
          .withPanel(statPanel({ title: 'Source errors', description: 'Invalid objects, unreadable manifest files and failed Kubernetes watches over the dashboard\'s time range (0 when there were none).', unit: 'short', queries: [{ expr: `sum(increase(weft_control_source_errors_total{${sel}}[$__range])) or vector(0)`, legend: 'errors' }] })),
      )
      .withRow(
        row('Distribution')
          .withPanel(timeseriesPanel({ title: 'Connected proxies', description: 'Watch streams open per control-plane instance.', unit: 'short', queries: [{ expr: `sum by (instance) (weft_control_proxies_connected{${sel}})`, legend: '{{instance}}' }] }))
          .withPanel(timeseriesPanel({ title: 'Push latency', description: 'p50 and p99 time from a cluster change arriving to its update being written to a proxy stream (weft_control_push_latency_seconds).', unit: 's', queries: [
            { expr: pushQuantile(0.5), legend: 'p50', optional: noPush },
            { expr: pushQuantile(0.99), legend: 'p99', optional: noPush },
          ] }))
          .withPanel(heatmapPanel({ title: 'Push latency distribution', description: 'Updates per second in each bucket of weft_control_push_latency_seconds.', unit: 'ops', yUnit: 's', queries: [{ expr: `sum by (le) (${rate('weft_control_push_latency_seconds_bucket')})`, legend: '{{le}}', optional: noPush }] }))
          .withPanel(timeseriesPanel({ title: 'Updates pushed', description: 'Updates written to proxy streams per second, by type: snapshot (full state), delta, no_such_service.', unit: 'ops', stacked: true, queries: [{ expr: `sum by (type) (${rate('weft_control_updates_pushed_total')})`, legend: '{{type}}', optional: noPush }] }))
          .withPanel(timeseriesPanel({ title: 'Slow streams disconnected', description: 'Proxy streams reset per second because they left too many updates unread; the proxy reconnects and gets a fresh snapshot.', unit: 'ops', queries: [{ expr: `sum(${rate('weft_control_slow_streams_disconnected_total')})`, legend: 'disconnected' }] })),
      )
      .withRow(
        row('Sources')
          .withPanel(timeseriesPanel({ title: 'Watch events', description: 'Objects received from the sources per second, by kind.', unit: 'ops', stacked: true, queries: [{ expr: `sum by (kind) (${rate('weft_control_watch_events_total')})`, legend: '{{kind}}', optional: 'no object changed in the window' }] }))
          .withPanel(timeseriesPanel({ title: 'Watch and source errors', description: 'Source errors per second by source (kubernetes, manifests) and reason (an error code, or the watch failure).', unit: 'ops', queries: [{ expr: `sum by (source, reason) (${rate('weft_control_source_errors_total')})`, legend: '{{source}}: {{reason}}', optional: 'no source error happened' }] }))
          .withPanel(timeseriesPanel({ title: 'Objects held', description: 'Cluster objects the control plane holds, by kind.', unit: 'short', queries: [{ expr: `max by (kind) (weft_control_objects{${sel}})`, legend: '{{kind}}' }] }))
          .withPanel(timeseriesPanel({ title: 'CPU and memory', description: 'CPU (1 = one core, left) and resident memory (right) of each control-plane process.', unit: 'percentunit', queries: [
            { expr: `sum by (instance) (${rate('process_cpu_seconds_total')})`, legend: '{{instance}} CPU' },
            { expr: `sum by (instance) (process_resident_memory_bytes{${sel}})`, legend: '{{instance}} memory' },
          ] }).overrideByRegexp('.* memory', [{ id: 'unit', value: 'bytes' }, { id: 'custom.axisPlacement', value: 'right' }])),
      ),
  );
}
