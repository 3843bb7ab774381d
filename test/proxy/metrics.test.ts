import t from 'tap';
import { Counter, Histogram, Registry } from 'prom-client';
import { BoundCounter, BoundHistogram, createProxyMetrics, RouteMetricsCache } from '../../proxy/metrics.ts';

const labels = { direction: 'outbound' as const, src_namespace: 'a', src_workload: 'w', dst_namespace: 'b', dst_service: 's', dst_workload: 'd' };

t.test('the metrics contract of DESIGN.md, with process metrics and 0.5 ms…10 s buckets', async (t) => {
  const registry = new Registry();
  const m = createProxyMetrics(registry);
  const cache = new RouteMetricsCache(m);
  const rm = cache.get(labels);
  t.notMatch(await registry.metrics(), /weft_request(s_total|_duration_seconds_bucket)\{/, 'a route without requests (a TCP one) has no request series');
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
  const okOnly = cache.get({ ...labels, dst_service: 'ok-only' });
  okOnly.request(200, '', 0.001);
  t.notMatch(await registry.metrics(), /weft_request_duration_seconds_bucket\{[^}]*dst_service="ok-only"[^}]*classification="failure"/, 'a route with only successes has no failure histogram');
});

t.test('peer-supplied labels are capped', async (t) => {
  const m = createProxyMetrics(new Registry());
  const cache = new RouteMetricsCache(m, 3);
  for (let i = 0; i < 10; i++) cache.lookup('inbound', `ns${i}`, `w${i}`, 'n', 's', 'd');
  const other = cache.lookup('inbound', 'ns99', 'w99', 'n', 's', 'd');
  t.equal(other, cache.lookup('inbound', 'ns100', 'w100', 'n', 's', 'd'), 'beyond the cap, one "other" route');
});

t.test('bound series report exactly what prom-client\'s Counter and Histogram report for the same updates', async (t) => {
  const buckets = [0.0005, 0.001, 0.01, 0.1, 1, 10];
  const names = ['direction', 'dst_service', 'classification'] as const;
  const series = [
    { direction: 'outbound', dst_service: 'web', classification: 'success' },
    { direction: 'inbound', dst_service: 'a "quoted"\\ \nname', classification: 'failure' },
  ];
  // Bucket edges, values between them, past the last bound, and zero.
  const observations = [0, 0.0005, 0.00051, 0.001, 0.005, 0.1, 0.7, 10, 10.5, 42];

  const ours = new Registry();
  const theirs = new Registry();
  const bh = new BoundHistogram(ours, 'x_seconds', 'help text', buckets);
  const bc = new BoundCounter(ours, 'x_total', 'help text');
  const h = new Histogram({ name: 'x_seconds', help: 'help text', labelNames: names, buckets, registers: [theirs] });
  const c = new Counter({ name: 'x_total', help: 'help text', labelNames: names, registers: [theirs] });
  for (const [k, labels] of series.entries()) {
    const hs = bh.series(labels);
    const cs = bc.series(labels);
    for (const v of observations.slice(k * 3)) {
      hs.observe(v);
      h.labels(labels).observe(v);
      cs.value++;
      c.labels(labels).inc();
    }
  }
  t.equal(await ours.metrics(), await theirs.metrics(), 'the same exposition text');
  // Everything of the JSON but prom-client's exemplar fields (null, since exemplars are off).
  const json = async (r: Registry) =>
    (await r.getMetricsAsJSON()).map(({ name, help, type, aggregator, values }) => ({
      name, help, type, aggregator,
      values: values.map((v) => ({ labels: v.labels, value: v.value, metricName: (v as { metricName?: string }).metricName })),
    }));
  t.strictSame(await json(ours), await json(theirs), 'the same JSON');
  t.match(await ours.metrics(), /x_seconds_bucket\{le="0.001",direction="outbound",dst_service="web",classification="success"\} 4/);

  t.equal(bh.series({ ...series[0]! }), bh.series(series[0]!), 'the same label values bind the same series (no duplicate lines)');
  bh.series(series[0]!).observe(NaN);
  t.match(await ours.metrics(), /x_seconds_count\{direction="outbound",dst_service="web",classification="success"\} 10\n/, 'a value that is not a number is dropped');
  ours.resetMetrics();
  theirs.resetMetrics();
  t.equal(await ours.metrics(), await theirs.metrics(), 'after a reset, the same (no series) as prom-client');
  bc.series(series[0]!).value++;
  c.labels(series[0]!).inc();
  t.equal(await ours.metrics(), await theirs.metrics(), 'a series updated after a reset is shown again');
});
