import t from 'tap';
import { Agent, request } from 'undici';
import { ep, snapshot, startFakeDestination } from '../../support/fake-destination.ts';
import { namedServer } from '../../support/servers.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';

const AUTH = 'web.demo.svc.cluster.local:80';
const web = await namedServer('web');
let fake = await startFakeDestination();
const controlPort = fake.port;
const proxy = await testProxy(fake.addr, { discoveryTimeoutMs: 3_000 });
const agent = new Agent({ connections: 4 });
const get = (host: string) => request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host }, dispatcher: agent });
t.teardown(async () => {
  await agent.close();
  await proxy.close();
  await fake.close();
  await web.close();
});

t.test('a request before the first snapshot waits for it instead of failing', async (t) => {
  // Control does not answer this authority yet: hold the first Watch message back.
  const slowAuth = 'late.demo.svc.cluster.local:80';
  fake.hold(slowAuth);
  let answered = false;
  const pending = get('late').then((r) => ((answered = true), r));
  const until = Date.now() + 5_000;
  while (fake.openStreams(slowAuth) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  t.notOk(answered, 'no answer while control has said nothing');
  fake.push(slowAuth, snapshot('late', 'demo', 80, [{ name: 'late', endpoints: [ep('127.0.0.1', web.port)] }]));
  const r = await pending;
  t.equal(r.statusCode, 200);
  t.equal(await r.body.text(), 'web');
  t.ok(fake.watches.includes(slowAuth), 'one Watch was opened for the authority');
});

t.test('one Watch per authority, however many requests', async (t) => {
  fake.set(AUTH, snapshot('web', 'demo', 80, [{ name: 'web', endpoints: [ep('127.0.0.1', web.port)] }]));
  await Promise.all(Array.from({ length: 20 }, () => get('web').then((r) => r.body.dump())));
  t.equal(fake.watches.filter((a) => a === AUTH).length, 1);
});

t.test('control restart: traffic keeps flowing from the last state, then the stream comes back', async (t) => {
  await fake.close();
  for (let i = 0; i < 20; i++) {
    const r = await get('web');
    t.equal(r.statusCode, 200, `request ${i} while control is down`);
    await r.body.dump();
  }
  const ready = await request(`http://127.0.0.1:${proxy.admin.port}/ready`);
  t.equal(ready.statusCode, 200, 'still ready: serving from the last state');
  await ready.body.dump();
  t.ok((await metricValue(proxy.registry, 'weft_discovery_streams', { state: 'connected' })) === 0, 'no stream connected');

  fake = await startFakeDestination(controlPort);
  fake.set(AUTH, snapshot('web', 'demo', 80, [{ name: 'web', endpoints: [ep('127.0.0.1', web.port)] }]));
  const until = Date.now() + 15_000;
  while (fake.openStreams(AUTH) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  t.equal(fake.openStreams(AUTH), 1, 'the Watch reconnected');
  const r = await get('web');
  t.equal(r.statusCode, 200);
  await r.body.dump();
});

t.test('an authority control does not know is forwarded as addressed, labelled unknown', async (t) => {
  const r = await get(`127.0.0.1:${web.port}`);
  t.equal(r.statusCode, 200);
  t.equal(await r.body.text(), 'web');
  t.equal(await metricValue(proxy.registry, 'weft_requests_total', { dst_service: 'unknown', code: '200' }), 1);
});

t.test('with no answer within --discovery-timeout: 503 discovery-timeout', async (t) => {
  const p2 = await testProxy(fake.addr, { discoveryTimeoutMs: 200 });
  t.teardown(() => p2.close());
  fake.hold('mute.demo.svc.cluster.local:80');
  const r = await request(`http://127.0.0.1:${p2.outbound.port}/`, { headers: { host: 'mute' } });
  t.equal(r.statusCode, 503);
  t.equal(r.headers['weft-error'], 'discovery-timeout');
  await r.body.dump();
});

t.test('--deny-unknown answers 502 unknown-destination', async (t) => {
  const p2 = await testProxy(fake.addr, { denyUnknown: true });
  t.teardown(() => p2.close());
  const r = await request(`http://127.0.0.1:${p2.outbound.port}/`, { headers: { host: `127.0.0.1:${web.port}` } });
  t.equal(r.statusCode, 502);
  t.equal(r.headers['weft-error'], 'unknown-destination');
  t.match(await r.body.text(), /does not know/);
});

t.test('a known service without ready endpoints answers 503 no-endpoints', async (t) => {
  fake.set('empty.demo.svc.cluster.local:80', snapshot('empty', 'demo', 80, [{ name: 'empty', endpoints: [ep('127.0.0.1', web.port, { ready: false })] }]));
  const r = await get('empty');
  t.equal(r.statusCode, 503);
  t.equal(r.headers['weft-error'], 'no-endpoints');
  await r.body.dump();
});
