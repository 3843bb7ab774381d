// weft stat --prometheus against a real Prometheus scraping a fixture proxy every second.
import t from 'tap';
import { closedPort, startMetricsServer } from '../../support/metrics-server.ts';
import { startPrometheus } from '../../support/prometheus.ts';
import { spawnWeft } from '../../support/spawn.ts';
import { waitFor } from '../../support/wait.ts';

const peer = (svc: string) => `direction="outbound",src_namespace="default",src_workload="web",dst_namespace="default",dst_service="${svc}",dst_workload="${svc}"`;

/**
 * The n-th scrape of a proxy that sends api-v1 10 requests per scrape, 9 of them
 * successful, with the latency spread of the stats fixtures (p50 10ms, p95 50ms, p99 90ms).
 */
function exposition(n: number): string {
  const buckets: [string, number][] = [['0.005', 2], ['0.01', 5], ['0.025', 8], ['0.05', 9.5], ['0.1', 10], ['+Inf', 10]];
  return [
    '# TYPE weft_requests_total counter',
    `weft_requests_total{${peer('api-v1')},code="200",grpc_code="",classification="success"} ${9 * n}`,
    `weft_requests_total{${peer('api-v1')},code="503",grpc_code="",classification="failure"} ${n}`,
    '# TYPE weft_request_duration_seconds histogram',
    ...buckets.map(([le, c]) => `weft_request_duration_seconds_bucket{${peer('api-v1')},le="${le}"} ${c * 2 * n}`),
    `weft_request_duration_seconds_sum{${peer('api-v1')}} ${0.2 * n}`,
    `weft_request_duration_seconds_count{${peer('api-v1')}} ${20 * n}`,
    '# TYPE weft_tcp_open_connections gauge',
    'weft_tcp_open_connections{direction="outbound",dst_namespace="default",dst_service="db"} 3',
    '',
  ].join('\n');
}

t.test('the same table from Prometheus', async (t) => {
  const proxy = await startMetricsServer(t, exposition);
  const prometheus = await startPrometheus(t, [{ job: 'weft-proxy', targets: [proxy.address] }]);
  // rate() over the window needs a few samples of the series.
  await waitFor(async () => Number((await prometheus.query('count_over_time(weft_requests_total{classification="success"}[10s])'))[0]?.value[1] ?? 0) >= 3, 'three scrapes in Prometheus', 30_000, 250);
  const p = spawnWeft(t, ['stat', '--prometheus', prometheus.url, '--window', '10s']);
  t.equal((await p.exited).code, 0, p.stderr());
  const lines = p.stdout().trimEnd().split('\n');
  t.match(lines[0], /^NAMESPACE\s+SERVICE\s+SUCCESS\s+RPS/);
  t.match(lines[1], /^default\s+api-v1\s+90\.00%\s+\d+\.\drps\s+10ms\s+50ms\s+90ms\s+0$/);
  t.match(lines[2], /^default\s+db\s+-\s+0\.0rps\s+-\s+-\s+-\s+3$/);
  t.equal(lines.length, 3);

  const inbound = spawnWeft(t, ['stat', '--prometheus', `${prometheus.url}/`, '--direction', 'inbound']);
  t.equal((await inbound.exited).code, 0, inbound.stderr());
  t.equal(inbound.stdout(), 'No traffic found.\n', 'nothing was measured inbound');
});

t.test('Prometheus unreachable or not Prometheus: a clear error', async (t) => {
  const gone = await closedPort();
  const p = spawnWeft(t, ['stat', '--prometheus', `http://${gone}`]);
  t.equal((await p.exited).code, 2);
  t.match(p.stderr(), new RegExp(`cannot query http://${gone}: ECONNREFUSED \\[WEFT_PROMETHEUS_QUERY\\]`));
  const notProm = await startMetricsServer(t, exposition);
  const q = spawnWeft(t, ['stat', '--prometheus', `http://${notProm.address}`]);
  t.equal((await q.exited).code, 2);
  t.match(q.stderr(), /HTTP 404, not a Prometheus API response.*\[WEFT_PROMETHEUS_QUERY\]/);
});
