import net from 'node:net';
import t from 'tap';
import { request } from 'undici';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { controlServes, serviceDocs, writeManifests } from '../../support/mesh.ts';
import { listenOn, namedServer } from '../../support/servers.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';

// Two proxies as two pods: the client's outbound reaches a meshed endpoint at its inbound
// port, and the server pod's inbound proxy hands the request to its app.
const app = await namedServer('server-app');
const dir = tempDir(t);
const control = await startTestControl(t, dir);
const fakeAddr = control.grpcTarget;
const serverPod = await testProxy(fakeAddr, { appAddr: { host: '127.0.0.1', port: app.port }, workload: 'server' });
const clientPod = await testProxy(fakeAddr, { workload: 'client' });
// The pod is annotated weft.dev/inbound-port: control marks the endpoint meshed, and the
// app port (9, nothing there) is not used.
writeManifests(dir, 'srv.yaml', serviceDocs({ name: 'srv', endpoints: [{ ip: '127.0.0.1', port: 9, inboundPort: serverPod.inbound.port, workload: 'server' }] }));
const dc = destinationClient(fakeAddr);
await controlServes(dc, 'srv.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 1);
dc.close();
t.teardown(async () => {
  await clientPod.close();
  await serverPod.close();
  await app.close();
});

t.test('a meshed endpoint is reached through its inbound port; both sides count it', async (t) => {
  const r = await request(`http://127.0.0.1:${clientPod.outbound.port}/hello`, { headers: { host: 'srv' } });
  t.equal(r.statusCode, 200);
  t.equal(await r.body.text(), 'server-app');
  t.equal(await metricValue(clientPod.registry, 'weft_requests_total', { direction: 'outbound', src_workload: 'client', dst_service: 'srv', dst_workload: 'server', code: '200' }), 1);
  t.equal(
    await metricValue(serverPod.registry, 'weft_requests_total', { direction: 'inbound', src_namespace: 'demo', src_workload: 'client', dst_service: 'srv', dst_workload: 'server', code: '200', classification: 'success' }),
    1,
    'inbound labels name the calling workload',
  );
  t.equal(await metricValue(serverPod.registry, 'weft_request_duration_seconds_count', { direction: 'inbound', dst_service: 'srv' }), 1);
});

t.test('inbound: the app down answers 502 connect-refused; other requests are unaffected', async (t) => {
  const lonely = await testProxy(fakeAddr, { appAddr: { host: '127.0.0.1', port: await listenOn(net.createServer()).then(async (s) => (await s.close(), s.port)) } });
  t.teardown(() => lonely.close());
  const r = await request(`http://127.0.0.1:${lonely.inbound.port}/`);
  t.equal(r.statusCode, 502);
  t.equal(r.headers['weft-error'], 'connect-refused');
  await r.body.dump();
  t.equal(await metricValue(lonely.registry, 'weft_proxy_errors_total', { direction: 'inbound', reason: 'connect-refused' }), 1);
  const ok = await request(`http://127.0.0.1:${serverPod.inbound.port}/`);
  t.equal(ok.statusCode, 200);
  await ok.body.dump();
});

t.test('inbound opaque TCP goes to the app port as bytes', async (t) => {
  const echo = await listenOn(net.createServer((s) => s.pipe(s)));
  const tcpPod = await testProxy(fakeAddr, { appAddr: { host: '127.0.0.1', port: echo.port }, opaquePorts: new Set([echo.port]) });
  t.teardown(async () => {
    await tcpPod.close();
    await echo.close();
  });
  const got = await new Promise<string>((resolve, reject) => {
    const s = net.connect(tcpPod.inbound.port, '127.0.0.1', () => s.write('GET looks like http but the port is opaque'));
    let buf = '';
    s.on('data', (d) => {
      buf += d;
      if (buf.length >= 42) s.end();
    });
    s.on('close', () => resolve(buf));
    s.on('error', reject);
  });
  t.equal(got, 'GET looks like http but the port is opaque');
});
