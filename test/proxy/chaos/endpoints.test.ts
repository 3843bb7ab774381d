import t from 'tap';
import { chaosMesh, statusServer, successRate } from '../../support/chaos.ts';
import { serviceDocs, writeManifests } from '../../support/mesh.ts';
import { metricValue } from '../../support/proxy.ts';
import { namedServer } from '../../support/servers.ts';
import { waitFor } from '../../support/wait.ts';

// One endpoint of three misbehaving, under steady load: the client barely notices.
const mesh = await chaosMesh(t);
const closers: { close(): Promise<void> }[] = [];
t.teardown(async () => {
  for (const s of closers) await s.close();
});

const three = async (prefix: string, ips: [string, string, string], bad?: () => Promise<{ port: number; close(): Promise<void> }>) => {
  const a = await namedServer(`${prefix}-a`, ips[0]);
  const b = await namedServer(`${prefix}-b`, ips[1]);
  const c = bad ? await bad() : await namedServer(`${prefix}-c`, ips[2]);
  closers.push(a, b, c);
  return { a, b, c, endpoints: [{ ip: ips[0], port: a.port }, { ip: ips[1], port: b.port }, { ip: ips[2], port: c.port }] };
};

t.test('one of three endpoints killed mid-load: ≥ 99.9% success after retries', async (t) => {
  const { c, endpoints } = await three('kill', ['127.0.1.1', '127.0.1.2', '127.0.1.3']);
  writeManifests(mesh.dir, 'kill.yaml', serviceDocs({ name: 'kill', endpoints }));
  await mesh.serves('kill.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 3);
  const load = mesh.load('kill', { max: 3_000 });
  await waitFor(() => load.sent > 300, 'load before the kill');
  await c.close();
  const at = load.sent;
  await waitFor(() => load.sent > at + 1_000, 'load after the kill', 20_000);
  const r = await load.stop();
  t.ok(successRate(r) >= 0.999, `success ${(successRate(r) * 100).toFixed(2)}% of ${r.sent}: ${JSON.stringify(r.outcomes)}`);
  t.ok((await metricValue(mesh.proxy.registry, 'weft_retries_total', { dst_service: 'kill' })) > 0, 'retries did the work');
});

t.test('one endpoint answering 500 to everything is ejected: ≥ 99.9% success', async (t) => {
  const { endpoints } = await three('five', ['127.0.1.4', '127.0.1.5', '127.0.1.6'], () => statusServer('five-c', '127.0.1.6', 500));
  writeManifests(mesh.dir, 'five.yaml', serviceDocs({ name: 'five', annotations: { 'weft.dev/retry-on': '5xx' }, endpoints }));
  await mesh.serves('five.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 3);
  const load = mesh.load('five', { max: 2_000 });
  await waitFor(async () => (await metricValue(mesh.proxy.registry, 'weft_balancer_endpoints', { dst_service: 'five', state: 'ejected' })) === 1, 'the 500 endpoint to be ejected');
  await waitFor(() => load.sent >= 2_000, 'load after the ejection', 30_000);
  const r = await load.stop();
  t.ok(successRate(r) >= 0.999, `success ${(successRate(r) * 100).toFixed(2)}% of ${r.sent}: ${JSON.stringify(r.outcomes)}`);
  t.notOk(r.outcomes['five-c'], 'no 500 reached the client');
});

t.test('one endpoint stalling 2 s with a 1 s timeout: ≥ 99.9% success', async (t) => {
  const { endpoints } = await three('stall', ['127.0.1.7', '127.0.1.8', '127.0.1.9'], () => namedServer('stall-c', '127.0.1.9', 2_000));
  const annotations = { 'weft.dev/timeout': '1s', 'weft.dev/per-try-timeout': '200ms' };
  writeManifests(mesh.dir, 'stall.yaml', serviceDocs({ name: 'stall', annotations, endpoints }));
  await mesh.serves('stall.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 3);
  const load = mesh.load('stall', { max: 1_500 });
  await waitFor(() => load.sent >= 1_500, 'load', 30_000);
  const r = await load.stop();
  t.ok(successRate(r) >= 0.999, `success ${(successRate(r) * 100).toFixed(2)}% of ${r.sent}: ${JSON.stringify(r.outcomes)}`);
  t.ok((await metricValue(mesh.proxy.registry, 'weft_retries_total', { dst_service: 'stall', reason: 'timeout' })) > 0, 'slow tries were cut short and retried');
});

t.test('every endpoint failing: retries stay within the budget', async (t) => {
  const x = await statusServer('down-a', '127.0.1.10', 503);
  const y = await statusServer('down-b', '127.0.1.11', 503);
  closers.push(x, y);
  writeManifests(mesh.dir, 'down.yaml', serviceDocs({ name: 'down', endpoints: [{ ip: '127.0.1.10', port: x.port }, { ip: '127.0.1.11', port: y.port }] }));
  await mesh.serves('down.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 2);
  const t0 = Date.now();
  const load = mesh.load('down', { max: 1_000 });
  await waitFor(() => load.sent >= 1_000, 'load', 30_000);
  const r = await load.stop();
  const windows = Math.ceil((Date.now() - t0) / 10_000);
  t.equal(r.outcomes['status 503'], r.sent, 'every request failed, as it must');
  const retries = await metricValue(mesh.proxy.registry, 'weft_retries_total', { dst_service: 'down' });
  // 20% of requests plus 10/s, the floor counted once per 10 s window the run spanned.
  t.ok(retries <= 0.2 * r.sent + 100 * windows, `${retries} retries for ${r.sent} requests`);
  t.ok((await metricValue(mesh.proxy.registry, 'weft_retry_budget_exhausted_total', { dst_service: 'down' })) > 0, 'the budget said no');
});
