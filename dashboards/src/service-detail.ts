// (2) Service detail: one service's traffic in (by calling workload) and out (by called
// service), its status codes, latency distribution, retries, and traffic split.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { finish, weftDashboard } from './dashboard.ts';
import { heatmapPanel, row, timeseriesPanel } from './panels.ts';
import { choiceVariable, datasourceVariable, labelVariable } from './variables.ts';

const RATE = '[$__rate_interval]';
// Requests to the service, as seen by the side the `direction` variable picks.
const to = 'direction="$direction", dst_namespace="$namespace", dst_service="$service"';
// Requests the service's own workloads make to their peers.
const from = 'direction="outbound", src_namespace="$namespace", src_workload=~"$workload"';
const rate = (metric: string, sel: string) => `rate(${metric}{${sel}}${RATE})`;
const sumBy = (by: string, metric: string, sel: string) => `sum by (${by}) (${rate(metric, sel)})`;
const successRate = (by: string, sel: string) =>
  `(sum by (${by}) (${rate('weft_requests_total', `${sel}, classification="success"`)}) or ${sumBy(by, 'weft_requests_total', sel)} * 0) / ${sumBy(by, 'weft_requests_total', sel)}`;
const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (${rate('weft_request_duration_seconds_bucket', to)}))`;

// Split: the proxies expose the weights they apply as weft_split_weight{backend}; each
// backend is a service, so its observed share is its outbound request rate over the sum
// over all backends of this split.
const weights = 'max by (dst_namespace, dst_service, backend) (weft_split_weight{dst_namespace="$namespace", dst_service="$service"})';
const backendRates = `(label_replace(sum by (dst_namespace, dst_service) (${rate('weft_requests_total', 'direction="outbound", dst_namespace="$namespace"')}), "backend", "$1", "dst_service", "(.*)") and on (dst_namespace, backend) ${weights})`;

export function serviceDetail(): dashboard.Dashboard {
  return finish(
    weftDashboard('weft-service-detail', 'weft / Service detail', 'One service: who calls it, what it calls, status codes, latency distribution, retries, and its traffic split.')
      .withVariable(datasourceVariable())
      .withVariable(choiceVariable('direction', 'Seen by', ['outbound', 'inbound'], "outbound: measured by the callers' proxies; inbound: by the service's own proxies"))
      .withVariable(labelVariable({ name: 'namespace', label: 'Namespace', query: 'label_values(weft_requests_total, dst_namespace)', multi: false }))
      .withVariable(labelVariable({ name: 'service', label: 'Service', query: 'label_values(weft_requests_total{dst_namespace="$namespace"}, dst_service)', multi: false }))
      .withVariable(labelVariable({ name: 'workload', label: 'Workload', query: 'label_values(weft_requests_total{dst_namespace="$namespace", dst_service="$service"}, dst_workload)', multi: true }))
      .withRow(
        row('Inbound: callers of $service')
          .withPanel(timeseriesPanel({ title: 'Requests by caller', description: 'Requests per second to this service, per calling workload.', unit: 'reqps', stacked: true, queries: [{ expr: sumBy('src_namespace, src_workload', 'weft_requests_total', to), legend: '{{src_namespace}}/{{src_workload}}' }] }))
          .withPanel(timeseriesPanel({ title: 'Success rate by caller', description: 'Share of each calling workload\'s requests to this service classified as success.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: successRate('src_namespace, src_workload', to), legend: '{{src_namespace}}/{{src_workload}}' }] })),
      )
      .withRow(
        row('Outbound: what $service calls')
          .withPanel(timeseriesPanel({ title: 'Requests by destination', description: 'Requests per second the service\'s workloads send, per destination service.', unit: 'reqps', stacked: true, queries: [{ expr: sumBy('dst_namespace, dst_service', 'weft_requests_total', from), legend: '{{dst_namespace}}/{{dst_service}}' }] }))
          .withPanel(timeseriesPanel({ title: 'Success rate by destination', description: 'Share of the service\'s requests to each destination classified as success.', unit: 'percentunit', min: 0, max: 1, queries: [{ expr: successRate('dst_namespace, dst_service', from), legend: '{{dst_namespace}}/{{dst_service}}' }] })),
      )
      .withRow(
        row('Responses')
          .withPanel(timeseriesPanel({ title: 'HTTP status codes', description: 'Responses per second from this service by HTTP status code (empty code: no response, e.g. a connection failure).', unit: 'reqps', stacked: true, queries: [{ expr: sumBy('code', 'weft_requests_total', to), legend: '{{code}}' }] }))
          .withPanel(timeseriesPanel({ title: 'gRPC status codes', description: 'gRPC responses per second from this service by grpc-status (only gRPC traffic carries one).', unit: 'reqps', stacked: true, queries: [{ expr: sumBy('grpc_code', 'weft_requests_total', `${to}, grpc_code!=""`), legend: '{{grpc_code}}', optional: 'only gRPC traffic has a grpc_code' }] }))
          .withPanel(heatmapPanel({ title: 'Latency distribution', description: 'Requests per second in each bucket of weft_request_duration_seconds: the shape of the latency, not just its percentiles.', unit: 'reqps', yUnit: 's', queries: [{ expr: `sum by (le) (${rate('weft_request_duration_seconds_bucket', to)})`, legend: '{{le}}' }] }))
          .withPanel(timeseriesPanel({ title: 'Latency percentiles', description: 'p50, p95 and p99 of request duration for this service.', unit: 's', queries: [
            { expr: quantile(0.5), legend: 'p50' },
            { expr: quantile(0.95), legend: 'p95' },
            { expr: quantile(0.99), legend: 'p99' },
          ] })),
      )
      .withRow(
        row('Retries and split')
          .withPanel(timeseriesPanel({ title: 'Retries', description: 'Retries per second of requests to this service, by reason; and requests that could not be retried because the retry budget was spent.', unit: 'reqps', queries: [
            { expr: sumBy('reason', 'weft_retries_total', 'dst_namespace="$namespace", dst_service="$service"'), legend: 'retry: {{reason}}', optional: 'no request was retried' },
            { expr: `sum(${rate('weft_retry_budget_exhausted_total', 'dst_namespace="$namespace", dst_service="$service"')})`, legend: 'budget exhausted', optional: 'the retry budget was never spent' },
          ] }))
          .withPanel(timeseriesPanel({ title: 'Split: configured weight vs observed share', description: 'For a service split across backends (TrafficSplit or HTTPRoute): each backend\'s configured share of the weight (dashed) against its observed share of requests.', unit: 'percentunit', min: 0, max: 1, queries: [
            { expr: `${weights} / on (dst_namespace, dst_service) group_left () sum by (dst_namespace, dst_service) (${weights})`, legend: '{{backend}} configured', optional: 'the service is not split' },
            { expr: `${backendRates} / on (dst_namespace) group_left () sum by (dst_namespace) (${backendRates})`, legend: '{{backend}} observed', optional: 'the service is not split' },
          ] }).overrideByRegexp('.* configured', [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }])),
      ),
  );
}
