import t from 'tap';
import { Agent, request } from 'undici';
import { ep, snapshot, startFakeDestination } from '../../support/fake-destination.ts';
import { namedServer } from '../../support/servers.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';

const fake = await startFakeDestination();
const proxy = await testProxy(fake.addr);
const agent = new Agent({ connections: 8 });
const servers: { close(): Promise<void> }[] = [];
t.teardown(async () => {
  await agent.close();
  await proxy.close();
  await fake.close();
  for (const s of servers) await s.close();
});

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
  fake.set('lb.demo.svc.cluster.local:80', snapshot('lb', 'demo', 80, [{ name: 'lb', endpoints: [ep('127.0.0.2', a.port), ep('127.0.0.3', b.port), ep('127.0.0.4', slow.port)] }]));
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
  fake.set(auth, snapshot('api', 'demo', 80, [
    { name: 'api-v1', weight: 90, endpoints: [ep('127.0.0.5', v1.port)] },
    { name: 'api-v2', weight: 10, endpoints: [ep('127.0.0.6', v2.port)] },
  ]));
  const first = await send('api', 2000, 8);
  const share = (first.v2 ?? 0) / 2000;
  t.ok(Math.abs(share - 0.1) <= 0.03, `v2 got ${(share * 100).toFixed(1)}% (want 10 ± 3)`);
  t.equal(await metricValue(proxy.registry, 'weft_requests_total', { dst_service: 'api-v2', code: '200' }), first.v2 ?? 0, 'metrics count per backend service');

  fake.push(auth, { delta: { backends: [
    { name: 'api-v1', namespace: 'demo', weight: 50 },
    { name: 'api-v2', namespace: 'demo', weight: 50 },
  ] } });
  // The delta is applied when it arrives: wait for the first v2-heavy sign, bounded.
  await new Promise((r) => setTimeout(r, 200));
  const second = await send('api', 2000, 8);
  const share2 = (second.v2 ?? 0) / 2000;
  t.ok(Math.abs(share2 - 0.5) <= 0.03, `after the change v2 got ${(share2 * 100).toFixed(1)}% (want 50 ± 3)`);
});

t.test('removing an endpoint under load fails no request', async (t) => {
  const e1 = await namedServer('e1', '127.0.0.7');
  const e2 = await namedServer('e2', '127.0.0.8');
  servers.push(e1, e2);
  const auth = 'rm.demo.svc.cluster.local:80';
  fake.set(auth, snapshot('rm', 'demo', 80, [{ name: 'rm', endpoints: [ep('127.0.0.7', e1.port), ep('127.0.0.8', e2.port)] }]));
  const load = send('rm', 600, 8);
  setTimeout(() => fake.push(auth, { delta: { backends: [{ name: 'rm', namespace: 'demo', weight: 1, deleted: [`127.0.0.8:${e2.port}`] }] } }), 100);
  const counts = await load;
  t.equal((counts.e1 ?? 0) + (counts.e2 ?? 0), 600, `all 600 succeeded: ${JSON.stringify(counts)}`);
  const after = await send('rm', 50, 2);
  t.same(after, { e1: 50 }, 'the removed endpoint gets no new requests');
});
