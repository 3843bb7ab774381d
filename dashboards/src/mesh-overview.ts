// (1) Mesh overview: the golden signals — traffic, errors, latency, saturation — of every
// meshed service, as its callers' proxies (or its own) see them.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { finish, weftDashboard } from './dashboard.ts';
import { row, statPanel, timeseriesPanel } from './panels.ts';
import { choiceVariable, datasourceVariable, labelVariable } from './variables.ts';

const to = 'direction="$direction", dst_namespace=~"$namespace", dst_service=~"$service"';
const by = 'dst_namespace, dst_service';
const legend = '{{dst_namespace}}/{{dst_service}}';
const requests = (extra = '') => `rate(weft_requests_total{${to}${extra}}[$__rate_interval])`;
const total = `sum by (${by}) (${requests()})`;
// `or … * 0` keeps services that had no request of that class at 0 instead of dropping them.
const ofClass = (c: string) => `(sum by (${by}) (${requests(`, classification="${c}"`)}) or ${total} * 0)`;
const quantile = (q: number, group = by) => `histogram_quantile(${q}, sum by (le, ${group}) (rate(weft_request_duration_seconds_bucket{${to}}[$__rate_interval])))`;

export function meshOverview(): dashboard.Dashboard {
  return finish(
    weftDashboard('weft-mesh-overview', 'weft / Mesh overview', 'Golden signals of every meshed service: request rate, success rate, latency and open connections.')
      .withVariable(datasourceVariable())
      .withVariable(choiceVariable('direction', 'Seen by', ['outbound', 'inbound'], "outbound: measured by the callers' proxies (includes network failures); inbound: by the service's own proxies"))
      .withVariable(labelVariable({ name: 'namespace', label: 'Namespace', query: 'label_values(weft_requests_total, dst_namespace)', multi: true }))
      .withVariable(labelVariable({ name: 'service', label: 'Service', query: 'label_values(weft_requests_total{dst_namespace=~"$namespace"}, dst_service)', multi: true }))
      .withRow(
        row('Mesh')
          .withPanel(statPanel({ title: 'Requests', description: 'Requests per second to the selected services, all together.', unit: 'reqps', queries: [{ expr: `sum(${requests()})`, legend: 'requests' }] }))
          .withPanel(statPanel({ title: 'Success rate', description: 'Share of requests classified as success (HTTP status below 500 and gRPC status not an error) across the selected services.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `sum(${requests(', classification="success"')}) / sum(${requests()})`, legend: 'success' }] }))
          .withPanel(statPanel({ title: 'p99 latency', description: '99th percentile of request duration across the selected services, from the weft_request_duration_seconds histogram.', unit: 's', queries: [{ expr: `histogram_quantile(0.99, sum by (le) (rate(weft_request_duration_seconds_bucket{${to}}[$__rate_interval])))`, legend: 'p99' }] }))
          .withPanel(statPanel({ title: 'Open TCP connections', description: 'TCP connections the proxies hold open now to or for the selected services.', unit: 'short', queries: [{ expr: `sum(weft_tcp_open_connections{${to}})`, legend: 'connections' }] })),
      )
      .withRow(
        row('Golden signals per service')
          .withPanel(timeseriesPanel({ title: 'Request rate', description: 'Requests per second, per destination service.', unit: 'reqps', queries: [{ expr: total, legend }] }))
          .withPanel(timeseriesPanel({ title: 'Success rate', description: 'Share of each service\'s requests classified as success; failures are 5xx HTTP statuses, gRPC errors and connection failures.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: `${ofClass('success')} / ${total}`, legend }] }))
          .withPanel(timeseriesPanel({ title: 'Failed requests', description: 'Requests per second classified as failure, per destination service.', unit: 'reqps', queries: [{ expr: ofClass('failure'), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Latency p99', description: '99th percentile of request duration per destination service (weft_request_duration_seconds).', unit: 's', queries: [{ expr: quantile(0.99), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Latency p50', description: 'Median request duration per destination service (weft_request_duration_seconds).', unit: 's', queries: [{ expr: quantile(0.5), legend }] }))
          .withPanel(timeseriesPanel({ title: 'Open TCP connections', description: 'TCP connections held open per destination service: a saturation signal, and the only traffic signal for opaque TCP services.', unit: 'short', queries: [{ expr: `sum by (${by}) (weft_tcp_open_connections{${to}})`, legend }] })),
      )
      .withRow(
        row('TCP traffic')
          .withPanel(timeseriesPanel({ title: 'TCP connections opened', description: 'New TCP connections per second per destination service.', unit: 'cps', queries: [{ expr: `sum by (${by}) (rate(weft_tcp_connections_opened_total{${to}}[$__rate_interval]))`, legend }] }))
          .withPanel(timeseriesPanel({ title: 'TCP throughput', description: 'Bytes per second the proxies sent (positive) and received (negative) per destination service.', unit: 'Bps', queries: [
            { expr: `sum by (${by}) (rate(weft_tcp_sent_bytes_total{${to}}[$__rate_interval]))`, legend: `${legend} sent` },
            { expr: `-sum by (${by}) (rate(weft_tcp_received_bytes_total{${to}}[$__rate_interval]))`, legend: `${legend} received` },
          ] })),
      ),
  );
}
