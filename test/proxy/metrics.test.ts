import t from 'tap';
import { Registry } from 'prom-client';
import { createProxyMetrics, RouteMetricsCache } from '../../proxy/metrics.ts';

const labels = { direction: 'outbound' as const, src_namespace: 'a', src_workload: 'w', dst_namespace: 'b', dst_service: 's', dst_workload: 'd' };

t.test('the metrics contract of DESIGN.md, with process metrics and 0.5 ms…10 s buckets', async (t) => {
  const registry = new Registry();
  const m = createProxyMetrics(registry);
  const cache = new RouteMetricsCache(m);
  const rm = cache.get(labels);
  rm.request(200, '', 0.002);
  rm.request(503, '', 0.2);
  rm.request(200, '14', 0.01);
  const text = await registry.metrics();
  for (const name of ['weft_requests_total', 'weft_request_duration_seconds', 'weft_tcp_connections_opened_total', 'weft_tcp_connections_closed_total', 'weft_tcp_open_connections', 'weft_tcp_sent_bytes_total', 'weft_tcp_received_bytes_total', 'weft_retries_total', 'weft_balancer_endpoints', 'weft_discovery_last_update_age_seconds', 'process_resident_memory_bytes']) {
    t.match(text, new RegExp(`# TYPE ${name} `), name);
  }
  t.match(text, /weft_request_duration_seconds_bucket\{[^}]*le="0.0005"/);
  t.match(text, /weft_request_duration_seconds_bucket\{[^}]*le="10"/);
  t.match(text, /weft_requests_total\{direction="outbound",src_namespace="a",src_workload="w",dst_namespace="b",dst_service="s",dst_workload="d",code="503",grpc_code="",classification="failure"\} 1/);
  t.match(text, /code="200",grpc_code="14",classification="failure"\} 1/, 'a gRPC error in a 200 is a failure');
  t.match(text, /code="200",grpc_code="",classification="success"\} 1/);
  t.match(text, /weft_retries_total\{[^}]*\} 0/, 'retries defined at 0');
  t.equal(cache.get({ ...labels }), rm, 'the same route reuses its bound children');
});

t.test('peer-supplied labels are capped', async (t) => {
  const m = createProxyMetrics(new Registry());
  const cache = new RouteMetricsCache(m, 3);
  for (let i = 0; i < 10; i++) cache.lookup('inbound', `ns${i}`, `w${i}`, 'n', 's', 'd');
  const other = cache.lookup('inbound', 'ns99', 'w99', 'n', 's', 'd');
  t.equal(other, cache.lookup('inbound', 'ns100', 'w100', 'n', 's', 'd'), 'beyond the cap, one "other" route');
});
