// The dashboards' PromQL run on a real Prometheus: it scrapes a stand-in proxy (prom-client
// with the proxy's metric contract, traffic added on every scrape) and a real control plane,
// and every panel of the mesh, proxy and control dashboards must show data. (The nodes and
// containers dashboard waits for the exporter; the demo's end-to-end test covers all five.)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { allQueries, substituteVariables } from '../../dashboards/src/index.ts';
import { startTestControl, tempDir } from '../support/control.ts';
import { startPrometheus } from '../support/prometheus.ts';
import { waitFor } from '../support/wait.ts';
import { formatAddr } from '../../lib/addr.ts';

const peer = ['direction', 'src_namespace', 'src_workload', 'dst_namespace', 'dst_service', 'dst_workload'] as const;

/** A /metrics like a `web` proxy's, whose every scrape adds one round of traffic: api split 90/10. */
async function standInProxy(t: Parameters<typeof tempDir>[0]): Promise<string> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'weft_requests_total', help: 'requests', labelNames: [...peer, 'code', 'grpc_code', 'classification'], registers: [registry] });
  const duration = new Histogram({ name: 'weft_request_duration_seconds', help: 'duration', labelNames: [...peer], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25], registers: [registry] });
  const open = new Gauge({ name: 'weft_tcp_open_connections', help: 'open', labelNames: [...peer], registers: [registry] });
  const opened = new Counter({ name: 'weft_tcp_connections_opened_total', help: 'opened', labelNames: [...peer], registers: [registry] });
  const sent = new Counter({ name: 'weft_tcp_sent_bytes_total', help: 'sent', labelNames: [...peer], registers: [registry] });
  const received = new Counter({ name: 'weft_tcp_received_bytes_total', help: 'received', labelNames: [...peer], registers: [registry] });
  const retries = new Counter({ name: 'weft_retries_total', help: 'retries', labelNames: ['dst_namespace', 'dst_service', 'reason'], registers: [registry] });
  const exhausted = new Counter({ name: 'weft_retry_budget_exhausted_total', help: 'exhausted', labelNames: ['dst_namespace', 'dst_service'], registers: [registry] });
  const endpoints = new Gauge({ name: 'weft_balancer_endpoints', help: 'endpoints', labelNames: ['dst_namespace', 'dst_service', 'state'], registers: [registry] });
  const weight = new Gauge({ name: 'weft_split_weight', help: 'weight', labelNames: ['dst_namespace', 'dst_service', 'backend'], registers: [registry] });
  const to = (svc: string, direction = 'outbound', src = 'web') => ({ direction, src_namespace: 'demo', src_workload: src, dst_namespace: 'demo', dst_service: svc, dst_workload: svc });
  weight.set({ dst_namespace: 'demo', dst_service: 'api', backend: 'api-v1' }, 900);
  weight.set({ dst_namespace: 'demo', dst_service: 'api', backend: 'api-v2' }, 100);
  endpoints.set({ dst_namespace: 'demo', dst_service: 'api-v1', state: 'ready' }, 2);
  open.set(to('db'), 3);
  open.set(to('api-v1'), 2);
  const server = createServer((_req, res) => {
    requests.inc({ ...to('api-v1'), code: '200', grpc_code: '', classification: 'success' }, 7);
    requests.inc({ ...to('api-v1'), code: '200', grpc_code: '0', classification: 'success' }, 1);
    requests.inc({ ...to('api-v1'), code: '503', grpc_code: '', classification: 'failure' }, 1);
    requests.inc({ ...to('api-v2'), code: '200', grpc_code: '0', classification: 'success' }, 1);
    requests.inc({ ...to('web', 'inbound', 'load'), code: '200', grpc_code: '', classification: 'success' }, 10);
    for (const v of [0.004, 0.008, 0.02, 0.04, 0.09]) duration.observe(to('api-v1'), v);
    duration.observe(to('api-v2'), 0.007);
    opened.inc(to('db'));
    opened.inc(to('api-v1'));
    sent.inc(to('db'), 512);
    received.inc(to('db'), 2048);
    retries.inc({ dst_namespace: 'demo', dst_service: 'api-v1', reason: '503' });
    exhausted.inc({ dst_namespace: 'demo', dst_service: 'api-v1' });
    void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

t.test('every panel query of the mesh, proxy and control dashboards returns data', async (t) => {
  const proxy = await standInProxy(t);
  const manifests = tempDir(t);
  cpSync(fileURLToPath(new URL('../../examples/', import.meta.url)), manifests, { recursive: true });
  const control = await startTestControl(t, manifests);
  const prometheus = await startPrometheus(t, [
    { job: 'weft-proxy', targets: [proxy], labels: { namespace: 'demo', pod: 'web-1' } },
    { job: 'weft-control', targets: [formatAddr(control.admin.address)] },
  ]);
  // rate() over $__rate_interval (1m here) needs at least two samples of each series.
  await waitFor(async () => {
    const counts = await Promise.all(['weft_requests_total', 'weft_control_proxies_connected'].map((m) => prometheus.query(`count_over_time(${m}[1m])`)));
    return counts.every((r) => Number(r[0]?.value[1] ?? 0) >= 3);
  }, 'three scrapes of each job', 30_000, 250);

  // Multi-value variables at "All" (`.*`), as a dashboard opens; Service detail on api-v1,
  // and on api for its split.
  const all = { direction: 'outbound', namespace: '.*', service: '.*', workload: '.*', job: '.*', pod: '.*', instance: '.*' };
  const queries = allQueries().filter((q) => q.dashboard !== 'nodes-containers');
  for (const q of queries) {
    // The stand-in proxy does everything a proxy can (retries, gRPC, a split), so even the
    // optional proxy queries have data; only the control plane's may rightly be empty.
    if (q.dashboard === 'control-plane' && q.optional) continue;
    const detail = q.dashboard === 'service-detail' ? { namespace: 'demo', service: q.panel.startsWith('Split') ? 'api' : 'api-v1' } : {};
    const result = await prometheus.query(substituteVariables(q.expr, { ...all, ...detail }));
    t.ok(result.length > 0, `${q.dashboard} / ${q.panel} / ${q.refId} returns data`);
  }
});

t.test('the split panel compares the configured weights with the observed shares', async (t) => {
  const proxy = await standInProxy(t);
  const prometheus = await startPrometheus(t, [{ job: 'weft-proxy', targets: [proxy] }]);
  await waitFor(async () => Number((await prometheus.query('count_over_time(weft_split_weight[1m])'))[0]?.value[1] ?? 0) >= 3, 'three scrapes', 30_000, 250);
  const [configured, observed] = allQueries().filter((q) => q.panel.startsWith('Split'));
  const shares = async (expr: string) =>
    Object.fromEntries((await prometheus.query(substituteVariables(expr, { namespace: 'demo', service: 'api' }))).map((r) => [r.metric.backend, Number(r.value[1])]));
  t.same(await shares(configured!.expr), { 'api-v1': 0.9, 'api-v2': 0.1 });
  const seen = await shares(observed!.expr);
  t.same(Object.keys(seen).sort(), ['api-v1', 'api-v2']);
  t.ok(Math.abs(seen['api-v1']! - 0.9) < 1e-9 && Math.abs(seen['api-v2']! - 0.1) < 1e-9, `observed ${JSON.stringify(seen)} is 90/10`);
});
