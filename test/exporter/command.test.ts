import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import t from 'tap';
import { FIXTURES, fixtureRoots } from '../support/exporter-fixtures.ts';
import { findSeries } from '../support/prom-text.ts';
import { spawnWeft, waitForLog, waitForLogs } from '../support/spawn-weft.ts';
import { kubeconfigText } from '../support/kubeconfig.ts';

const roots = fixtureRoots('cgroup-v1-joint');
const PATHS = ['--path.procfs', roots.procfs, '--path.sysfs', roots.sysfs, '--path.rootfs', roots.rootfs, '--path.cgroupfs', roots.cgroupfs];

async function get(address: string, p: string): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`http://${address}${p}`);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') ?? '' };
}

t.test('serves metrics on the telemetry path, /ready and /live, and stops on SIGTERM', async (t) => {
  const w = spawnWeft(t, ['exporter', '--web.listen-address', '127.0.0.1:0', '--web.telemetry-path', '/node-metrics', '--no-collector.filesystem', '--no-kubernetes', ...PATHS]);
  const { address } = (await waitForLog(w, 'exporter listening')) as { address: string };
  const m = await get(address, '/node-metrics');
  t.equal(m.status, 200);
  t.match(m.type, /text\/plain; version=0\.0\.4/);
  t.equal(findSeries(m.body, 'node_load1')[0]?.value, Number(fs.readFileSync(path.join(roots.procfs, 'loadavg'), 'utf8').split(' ')[0]));
  t.ok(findSeries(m.body, 'container_memory_working_set_bytes').length > 0, 'container metrics');
  t.equal(findSeries(m.body, 'container_cpu_usage_seconds_total', { container: 'nginx' }).length, 0, 'no pod names without Kubernetes');
  t.same(findSeries(m.body, 'node_filesystem_size_bytes'), [], '--no-collector.filesystem');
  t.same(findSeries(m.body, 'node_scrape_collector_success', { collector: 'filesystem' }), []);
  t.ok(findSeries(m.body, 'process_resident_memory_bytes')[0]?.value, 'own process metrics');
  t.equal((await get(address, '/metrics')).status, 404, 'only the configured path serves metrics');
  t.equal((await get(address, '/ready')).status, 200);
  t.equal((await get(address, '/live')).status, 200);
  w.child.kill('SIGTERM');
  t.equal(await w.exited, 0);
  t.ok(w.logs.some((l) => l.msg === 'shutdown complete'));
});

t.test("V8's optimizing compilers: off unless --runtime.optimize, as the start-up log says", async (t) => {
  for (const [extra, on] of [[[], false], [['--runtime.optimize'], true]] as const) {
    const w = spawnWeft(t, ['exporter', '--web.listen-address', '127.0.0.1:0', '--no-kubernetes', ...PATHS, ...extra]);
    const { optimizingCompilers } = (await waitForLog(w, 'exporter listening')) as { optimizingCompilers: boolean };
    t.equal(optimizingCompilers, on, extra.join(' ') || 'no flag');
    w.child.kill('SIGTERM');
    t.equal(await w.exited, 0);
  }
});

t.test('--collector.disable-defaults with --collector.NAME runs only the named collectors', async (t) => {
  const w = spawnWeft(t, ['exporter', '--web.listen-address', '127.0.0.1:0', '--collector.disable-defaults', '--collector.loadavg', '--collector.uname', '--no-kubernetes', ...PATHS]);
  const { address, collectors } = (await waitForLog(w, 'exporter listening')) as { address: string; collectors: string[] };
  t.same(collectors, ['loadavg', 'uname']);
  const body = (await get(address, '/metrics')).body;
  t.same(findSeries(body, 'node_scrape_collector_success').map((s) => s.labels.collector), ['loadavg', 'uname']);
  w.child.kill('SIGTERM');
  await w.exited;
});

t.test('a missing and a garbled file: those collectors report success 0, the rest are served', async (t) => {
  const proc = path.join(t.testdir({}), 'proc');
  fs.cpSync(roots.procfs, proc, { recursive: true });
  fs.rmSync(path.join(proc, 'loadavg'));
  fs.writeFileSync(path.join(proc, 'meminfo'), 'MemTotal: garbage kB\n');
  const w = spawnWeft(t, ['exporter', '--web.listen-address', '127.0.0.1:0', '--no-kubernetes', ...PATHS, '--path.procfs', proc]);
  const { address } = (await waitForLog(w, 'exporter listening')) as { address: string };
  const m = await get(address, '/metrics');
  t.equal(m.status, 200);
  const success = Object.fromEntries(findSeries(m.body, 'node_scrape_collector_success').map((s) => [s.labels.collector, s.value]));
  t.equal(success.loadavg, 0);
  t.equal(success.meminfo, 0);
  t.equal(success.cpu, 1);
  t.equal(success.container, 1);
  t.same(findSeries(m.body, 'node_load1'), []);
  t.ok(findSeries(m.body, 'node_cpu_seconds_total').length > 0);
  const failed = await waitForLogs(w, 'collector failed', 2);
  t.same(failed.map((l) => [l.collector, l.code]).sort(), [['loadavg', 'ENOENT'], ['meminfo', 'WEFT_EXPORTER_PARSE']]);
  t.equal(findSeries(m.body, 'weft_exporter_collector_failures_total', { collector: 'meminfo' })[0]?.value, 1);
  w.child.kill('SIGTERM');
  await w.exited;
});

t.test('with a cluster, pod names come from the API for the node named by NODE_NAME', async (t) => {
  const seen: string[] = [];
  const pods = fs.readFileSync(path.join(FIXTURES, 'pods.json'));
  const api = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(pods);
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => api.close(() => r())));
  const kubeconfig = path.join(t.testdir({}), 'kubeconfig');
  const server = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  fs.writeFileSync(kubeconfig, kubeconfigText(server, 'x'));
  const missing = spawnWeft(t, ['exporter', '--web.listen-address', '127.0.0.1:0', '--kubeconfig', kubeconfig, ...PATHS], { NODE_NAME: '', WEFT_NODE_NAME: '' });
  t.equal(await missing.exited, 2, 'no node name is a usage error');
  t.match(missing.stderr(), /WEFT_EXPORTER_NODE_NAME/);

  const w = spawnWeft(t, ['exporter', '--web.listen-address', '127.0.0.1:0', '--kubeconfig', kubeconfig, ...PATHS], { NODE_NAME: 'node-a' });
  const { address } = (await waitForLog(w, 'exporter listening')) as { address: string };
  await waitForLog(w, 'pod metadata listed');
  t.match(seen[0], /fieldSelector=spec\.nodeName%3Dnode-a/);
  const body = (await get(address, '/metrics')).body;
  t.same(findSeries(body, 'container_cpu_usage_seconds_total', { container: 'nginx' }).map((s) => [s.labels.pod, s.labels.namespace]), [['web-7d9f8b6c5-x2x4q', 'shop']]);
  w.child.kill('SIGTERM');
  await w.exited;
});

t.test('bad flag values are usage errors, not crashes', async (t) => {
  const refresh = spawnWeft(t, ['exporter', '--kubernetes.refresh', 'soon', '--no-kubernetes']);
  t.not(await refresh.exited, 0);
  t.match(refresh.stderr(), /"soon" is not a positive duration/);
  t.notMatch(refresh.stderr(), /\n\s+at /, 'no stack trace');
  const addr = spawnWeft(t, ['exporter', '--web.listen-address', 'nowhere', '--no-kubernetes']);
  t.equal(await addr.exited, 2);
  t.match(addr.stderr(), /WEFT_INVALID_ADDRESS/);
});
