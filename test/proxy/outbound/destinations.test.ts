import t from 'tap';
import { Agent, request } from 'undici';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { controlServes as servesOn, serviceDocs, splitDoc, writeManifests } from '../../support/mesh.ts';
import { namedServer } from '../../support/servers.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';
import { waitFor } from '../../support/wait.ts';

// The real control plane, fed by a manifests folder, as in a cluster.
const dir = tempDir(t);
const control = await startTestControl(t, dir);
const proxy = await testProxy(control.grpcTarget);
const agent = new Agent({ connections: 8 });
const servers: { close(): Promise<void> }[] = [];
const watcher = destinationClient(control.grpcTarget);
t.teardown(async () => {
  watcher.close();
  await agent.close();
  await proxy.close();
  for (const s of servers) await s.close();
});

const controlServes = (authority: string, ok: Parameters<typeof servesOn>[2]) => servesOn(watcher, authority, ok);

async function send(host: string, n: number, concurrency: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const r = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host }, dispatcher: agent });
      const body = await r.body.text();
      const key = r.statusCode === 200 ? body : `status ${r.statusCode}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return counts;
}

t.test('p2c-ewma sends under 10% of requests to the one endpoint 50 ms slower', async (t) => {
  // Three addresses on loopback, one app port each, like three pods.
  const a = await namedServer('a', '127.0.0.2');
  const b = await namedServer('b', '127.0.0.3');
  const slow = await namedServer('slow', '127.0.0.4', 50);
  servers.push(a, b, slow);
  writeManifests(dir, 'lb.yaml', serviceDocs({ name: 'lb', endpoints: [{ ip: '127.0.0.2', port: a.port }, { ip: '127.0.0.3', port: b.port }, { ip: '127.0.0.4', port: slow.port }] }));
  await controlServes('lb.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 3);
  const counts = await send('lb', 400, 2);
  t.equal((counts.a ?? 0) + (counts.b ?? 0) + (counts.slow ?? 0), 400, 'every request succeeded');
  t.ok((counts.slow ?? 0) < 40, `slow endpoint got ${counts.slow ?? 0} of 400`);
  t.ok((counts.a ?? 0) > 0 && (counts.b ?? 0) > 0, 'both fast endpoints served');
});

t.test('a 90/10 split lands within ±3% and follows a weight change', async (t) => {
  const v1 = await namedServer('v1', '127.0.0.5');
  const v2 = await namedServer('v2', '127.0.0.6');
  servers.push(v1, v2);
  const auth = 'api.demo.svc.cluster.local:80';
  const mesh = (w1: number, w2: number) => [
    ...serviceDocs({ name: 'api', endpoints: [] }),
    ...serviceDocs({ name: 'api-v1', endpoints: [{ ip: '127.0.0.5', port: v1.port }] }),
    ...serviceDocs({ name: 'api-v2', endpoints: [{ ip: '127.0.0.6', port: v2.port }] }),
    splitDoc('api-split', 'api', [{ service: 'api-v1', weight: w1 }, { service: 'api-v2', weight: w2 }]),
  ];
  writeManifests(dir, 'api.yaml', mesh(90, 10));
  await controlServes(auth, (b) => b.length === 2 && b.every((x) => x.endpoints.length === 1));
  const first = await send('api', 2000, 8);
  const share = (first.v2 ?? 0) / 2000;
  t.ok(Math.abs(share - 0.1) <= 0.03, `v2 got ${(share * 100).toFixed(1)}% (want 10 ± 3)`);
  t.equal(await metricValue(proxy.registry, 'weft_requests_total', { dst_service: 'api-v2', code: '200' }), first.v2 ?? 0, 'metrics count per backend service');
  t.equal(await metricValue(proxy.registry, 'weft_split_weight', { dst_service: 'api', backend: 'api-v1' }), 90, 'the applied weights are exported');
  t.equal(await metricValue(proxy.registry, 'weft_split_weight', { dst_service: 'api', backend: 'api-v2' }), 10);

  writeManifests(dir, 'api.yaml', mesh(50, 50));
  await controlServes(auth, (b) => b.length === 2 && b.every((x) => x.weight === 50));
  // The proxy's own stream carries the same delta: its exported weight says when it applied it.
  await waitFor(async () => (await metricValue(proxy.registry, 'weft_split_weight', { dst_service: 'api', backend: 'api-v2' })) === 50, 'the proxy to apply the new weights');
  const second = await send('api', 2000, 8);
  const share2 = (second.v2 ?? 0) / 2000;
  t.ok(Math.abs(share2 - 0.5) <= 0.03, `after the change v2 got ${(share2 * 100).toFixed(1)}% (want 50 ± 3)`);
});

t.test('removing an endpoint under load fails no request', async (t) => {
  const e1 = await namedServer('e1', '127.0.0.7');
  const e2 = await namedServer('e2', '127.0.0.8');
  servers.push(e1, e2);
  const auth = 'rm.demo.svc.cluster.local:80';
  writeManifests(dir, 'rm.yaml', serviceDocs({ name: 'rm', endpoints: [{ ip: '127.0.0.7', port: e1.port }, { ip: '127.0.0.8', port: e2.port }] }));
  await controlServes(auth, (b) => b[0]?.endpoints.length === 2);
  const load = send('rm', 600, 8);
  await new Promise((r) => setTimeout(r, 100));
  writeManifests(dir, 'rm.yaml', serviceDocs({ name: 'rm', endpoints: [{ ip: '127.0.0.7', port: e1.port }] }));
  await controlServes(auth, (b) => b[0]?.endpoints.length === 1);
  const counts = await load;
  t.equal((counts.e1 ?? 0) + (counts.e2 ?? 0), 600, `all 600 succeeded: ${JSON.stringify(counts)}`);
  const after = await send('rm', 50, 2);
  t.same(after, { e1: 50 }, 'the removed endpoint gets no new requests');
});
