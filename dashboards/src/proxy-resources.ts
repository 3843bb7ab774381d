// (3) Proxy resources: what each sidecar costs (CPU, memory, event loop) and carries
// (connections, bytes), per pod.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { finish, weftDashboard } from './dashboard.ts';
import { row, timeseriesPanel } from './panels.ts';
import { datasourceVariable, labelVariable } from './variables.ts';

const sel = 'job=~"$job", namespace=~"$namespace", pod=~"$pod"';
// instance keeps proxies apart where there are no Kubernetes labels (a local mesh).
const by = 'namespace, pod, instance';
const legend = '{{namespace}}/{{pod}} {{instance}}';
const perPod = (expr: string) => `sum by (${by}) (${expr})`;
const rate = (metric: string, extra = '') => `rate(${metric}{${sel}${extra}}[$__rate_interval])`;

export function proxyResources(): dashboard.Dashboard {
  return finish(
    weftDashboard('weft-proxy-resources', 'weft / Proxy resources', 'CPU, memory, event loop and connections of every weft sidecar proxy, per pod.')
      .withVariable(datasourceVariable())
      .withVariable(labelVariable({ name: 'job', label: 'Job', query: 'label_values({__name__=~"weft_requests_total|weft_tcp_open_connections"}, job)', multi: true }))
      .withVariable(labelVariable({ name: 'namespace', label: 'Namespace', query: 'label_values(process_resident_memory_bytes{job=~"$job"}, namespace)', multi: true }))
      .withVariable(labelVariable({ name: 'pod', label: 'Pod', query: 'label_values(process_resident_memory_bytes{job=~"$job", namespace=~"$namespace"}, pod)', multi: true }))
      .withRow(
        row('Cost')
          .withPanel(timeseriesPanel({ title: 'CPU', description: 'CPU time the proxy process uses per second: 1 = one full core (process_cpu_seconds_total).', unit: 'percentunit', queries: [{ expr: perPod(rate('process_cpu_seconds_total')), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Resident memory', description: 'Resident set size of the proxy process (process_resident_memory_bytes).', unit: 'bytes', queries: [{ expr: perPod(`process_resident_memory_bytes{${sel}}`), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Heap in use', description: 'V8 heap the proxy uses (nodejs_heap_size_used_bytes); steady growth under steady load suggests a leak.', unit: 'bytes', queries: [{ expr: perPod(`nodejs_heap_size_used_bytes{${sel}}`), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Event loop lag p99', description: '99th percentile of event-loop delay (nodejs_eventloop_lag_p99_seconds): every request through the proxy waits at least this long when it is high.', unit: 's', queries: [{ expr: `max by (${by}) (nodejs_eventloop_lag_p99_seconds{${sel}})`, legend }] }))
          .withPanel(timeseriesPanel({ title: 'Open file descriptors', description: 'File descriptors the proxy holds (process_open_fds): each connection takes one.', unit: 'short', queries: [{ expr: perPod(`process_open_fds{${sel}}`), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Requests handled', description: 'Requests per second through each proxy, both directions: the load behind the cost above.', unit: 'reqps', queries: [{ expr: perPod(rate('weft_requests_total')), legend }] })),
      )
      .withRow(
        row('Connections')
          .withPanel(timeseriesPanel({ title: 'Open TCP connections', description: 'TCP connections each proxy holds open now, inbound and outbound.', unit: 'short', queries: [{ expr: `sum by (${by}, direction) (weft_tcp_open_connections{${sel}})`, legend: `${legend} {{direction}}` }] }))
          .withPanel(timeseriesPanel({ title: 'TCP connections opened', description: 'New TCP connections per second per proxy, inbound and outbound; high churn with few open connections means connection reuse is failing.', unit: 'cps', queries: [{ expr: `sum by (${by}, direction) (${rate('weft_tcp_connections_opened_total')})`, legend: `${legend} {{direction}}` }] }))
          .withPanel(timeseriesPanel({ title: 'TCP throughput', description: 'Bytes per second each proxy sent (positive) and received (negative).', unit: 'Bps', queries: [
            { expr: perPod(rate('weft_tcp_sent_bytes_total')), legend: `${legend} sent` },
            { expr: `-${perPod(rate('weft_tcp_received_bytes_total'))}`, legend: `${legend} received` },
          ] }))
          .withPanel(timeseriesPanel({ title: 'Balancer endpoints', description: 'Endpoints the proxies\' load balancers know, by state (e.g. ready, failing): endpoints leaving "ready" are being ejected by failure accrual.', unit: 'short', queries: [{ expr: `sum by (state) (weft_balancer_endpoints{${sel}})`, legend: '{{state}}' }] })),
      ),
  );
}
