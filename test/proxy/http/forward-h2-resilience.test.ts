import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { callEcho, callFeed, echoClient, grpcServer, h2Request, h2Server, type EchoClient } from '../../support/grpc.ts';
import { controlServes, serviceDocs, writeManifests, type MeshEndpoint } from '../../support/mesh.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';

// Timeouts and retries on the HTTP/2 and gRPC path, through a real proxy and control plane.
// Round robin makes "which endpoint gets the next request" predictable.
const dir = tempDir(t);
const control = await startTestControl(t, dir);
const proxy = await testProxy(control.grpcTarget, { balancer: 'round-robin' });
const watcher = destinationClient(control.grpcTarget);
const closers: { close(): unknown }[] = [];
const session = http2.connect(`http://127.0.0.1:${proxy.outbound.port}`);
session.on('error', () => {});
t.teardown(async () => {
  session.close();
  for (const c of closers.reverse()) await c.close();
  watcher.close();
  await proxy.close();
});

async function service(name: string, endpoints: MeshEndpoint[], annotations?: Record<string, string>): Promise<void> {
  writeManifests(dir, `${name}.yaml`, serviceDocs({ name, endpoints, annotations, appProtocol: 'kubernetes.io/h2c' }));
  await controlServes(watcher, `${name}.demo.svc.cluster.local:80`, (b) => b[0]?.endpoints.length === endpoints.length);
}

const local = (port: number): MeshEndpoint => ({ ip: '127.0.0.1', port });

function client(name: string): EchoClient {
  const c = echoClient(proxy.outbound.port, `${name}.demo.svc.cluster.local`);
  closers.push(c);
  return c;
}

const metric = (name: string, labels: Record<string, string>) => metricValue(proxy.registry, name, labels);

/** An h2 server answering `status` with its name to every request. */
async function answering(name: string, status: number) {
  let calls = 0;
  const s = await h2Server((stream) => {
    calls++;
    stream.respond({ ':status': status });
    stream.end(name);
  });
  closers.push(s);
  return { port: s.port, calls: () => calls };
}

t.test('h2: no response within weft.dev/timeout → 504 with weft-error: timeout', async (t) => {
  const stalled = await h2Server(() => {});
  closers.push(stalled);
  await service('h2slow', [local(stalled.port)], { 'weft.dev/timeout': '300ms' });
  const r = await h2Request(session, { ':path': '/', ':authority': 'h2slow' });
  t.equal(r.status, 504);
  t.equal(r.headers['weft-error'], 'timeout');
  t.match(r.body, /request timeout/);
  t.equal(await metric('weft_proxy_errors_total', { direction: 'outbound', reason: 'timeout' }), 1);
});

t.test('gRPC: the route timeout reaches the client as DEADLINE_EXCEEDED naming weft', async (t) => {
  const stalled = await grpcServer('stall', 'stall');
  closers.push(stalled);
  await service('rpcslow', [local(stalled.port)], { 'weft.dev/timeout': '300ms' });
  const r = await callEcho(client('rpcslow'), 'x');
  t.ok('err' in r, 'the call failed');
  if (!('err' in r)) return;
  t.equal(r.err.code, grpc.status.DEADLINE_EXCEEDED);
  t.match(r.err.details, /weft proxy: timeout/);
  t.same(r.err.metadata.get('weft-error'), ['timeout']);
  t.equal(await metric('weft_requests_total', { dst_service: 'rpcslow', grpc_code: '4', classification: 'failure' }), 1);
});

t.test('gRPC: the client’s grpc-timeout is enforced by the proxy too', async (t) => {
  const stalled = await grpcServer('stall2', 'stall');
  closers.push(stalled);
  await service('rpcdeadline', [local(stalled.port)]);
  // A raw gRPC request (an empty message) announcing a 200 ms deadline it will not enforce itself.
  const grpcHeaders = { ':method': 'POST', ':path': '/test.Echo/Echo', ':authority': 'rpcdeadline', 'content-type': 'application/grpc', te: 'trailers', 'grpc-timeout': '200m' };
  const r = await h2Request(session, grpcHeaders, '\0\0\0\0\0');
  t.equal(r.status, 200);
  t.equal(r.headers['grpc-status'], String(grpc.status.DEADLINE_EXCEEDED), 'trailers-only DEADLINE_EXCEEDED');
  t.match(String(r.headers['grpc-message']), /200 ms request timeout/);
  t.equal(r.headers['weft-error'], 'timeout');
});

t.test('h2: a try stalled past weft.dev/per-try-timeout is cut and retried on another endpoint', async (t) => {
  const stalled = await h2Server(() => {});
  closers.push(stalled);
  const good = await answering('good', 200);
  await service('h2pertry', [local(stalled.port), local(good.port)], { 'weft.dev/per-try-timeout': '100ms' });
  const results = [];
  for (let i = 0; i < 4; i++) results.push(await h2Request(session, { ':path': '/', ':authority': 'h2pertry' }));
  t.same(
    results.map((r) => `${r.status} ${r.body}`),
    Array(4).fill('200 good'),
  );
  t.ok((await metric('weft_retries_total', { dst_service: 'h2pertry', reason: 'timeout' })) > 0, 'the stalled tries were retried');
});

t.test('h2 GET answered 503 by one of two endpoints is retried on the other', async (t) => {
  const bad = await answering('bad', 503);
  const good = await answering('good', 200);
  await service('h2retry', [local(bad.port), local(good.port)]);
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await h2Request(session, { ':path': `/${i}`, ':authority': 'h2retry' }));
  t.same(
    results.map((r) => `${r.status} ${r.body}`),
    Array(6).fill('200 good'),
  );
  t.ok(bad.calls() > 0, 'the 503 endpoint was tried');
  t.equal(await metric('weft_retries_total', { dst_service: 'h2retry', reason: 'status' }), bad.calls());
});

t.test('h2 results feed failure accrual: an endpoint answering 500 is ejected', async (t) => {
  const bad = await answering('bad', 500);
  const a = await answering('a', 200);
  const b = await answering('b', 200);
  await service('h2eject', [local(bad.port), local(a.port), local(b.port)], { 'weft.dev/retry-on': '5xx' });
  const statuses = new Set<number>();
  for (let i = 0; i < 30; i++) statuses.add((await h2Request(session, { ':path': '/', ':authority': 'h2eject' })).status);
  t.same([...statuses], [200], 'the 500s were retried away');
  t.equal(await metric('weft_balancer_endpoints', { dst_service: 'h2eject', state: 'ejected' }), 1, '7 failures in a row: ejected');
});

t.test('h2 POST is not retried on 503 (not idempotent)', async (t) => {
  const bad = await answering('bad', 503);
  const good = await answering('good', 200);
  await service('h2post', [local(bad.port), local(good.port)]);
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await h2Request(session, { ':method': 'POST', ':path': '/', ':authority': 'h2post' }, 'body')).status);
  t.same(statuses.sort(), [200, 200, 503, 503]);
  t.equal(await metric('weft_retries_total', { dst_service: 'h2post' }), 0);
});

t.test('gRPC UNAVAILABLE is retried when weft.dev/retry-on lists unavailable, with the request replayed', async (t) => {
  // One endpoint answers trailers-only, the other sends headers first and the status in trailers.
  const a = await grpcServer('a', 'unavailable');
  const b = await grpcServer('b', 'late-unavailable');
  const ok = await grpcServer('ok', 'ok');
  closers.push(a, b, ok);
  await service('rpcretry', [local(a.port), local(b.port), local(ok.port)], { 'weft.dev/retry-on': 'unavailable' });
  const c = client('rpcretry');
  const replies = [];
  for (let i = 0; i < 6; i++) {
    const r = await callEcho(c, `m${i}`);
    replies.push("reply" in r ? r.reply : `error ${r.err.code} ${r.err.details}`);
  }
  t.same(
    replies,
    [0, 1, 2, 3, 4, 5].map((i) => `ok:m${i}`),
  );
  t.ok(a.calls > 0 && b.calls > 0, 'both failing endpoints were tried');
  t.equal(await metric('weft_retries_total', { dst_service: 'rpcretry', reason: 'unavailable' }), a.calls + b.calls);
});

t.test('a gRPC request body over 64 KiB is not held, so not retried', async (t) => {
  const bad = await grpcServer('bad', 'unavailable');
  const ok = await grpcServer('ok', 'ok');
  closers.push(bad, ok);
  await service('rpcbig', [local(bad.port), local(ok.port)], { 'weft.dev/retry-on': 'unavailable' });
  const c = client('rpcbig');
  const big = 'x'.repeat(100 * 1024);
  const outcomes = [];
  for (let i = 0; i < 2; i++) {
    const r = await callEcho(c, big);
    outcomes.push('reply' in r ? `${r.reply.length} bytes` : `${r.err.code}`);
  }
  t.same(outcomes.sort(), [`${'ok:'.length + big.length} bytes`, '14'].sort(), 'one call answered, the other got the UNAVAILABLE');
  t.equal(await metric('weft_retries_total', { dst_service: 'rpcbig' }), 0);
});

t.test('gRPC UNAVAILABLE is not retried by default (gRPC calls are POST)', async (t) => {
  const bad = await grpcServer('bad', 'unavailable');
  const ok = await grpcServer('ok', 'ok');
  closers.push(bad, ok);
  await service('rpcnoretry', [local(bad.port), local(ok.port)]);
  const c = client('rpcnoretry');
  const outcomes = [];
  for (let i = 0; i < 4; i++) {
    const r = await callEcho(c, 'x');
    outcomes.push('reply' in r ? r.reply : `${r.err.code} ${r.err.details}`);
  }
  t.same(outcomes.sort(), ['14 bad unavailable', '14 bad unavailable', 'ok:x', 'ok:x']);
  t.equal(await metric('weft_retries_total', { dst_service: 'rpcnoretry' }), 0);
});

t.test('gRPC to an endpoint refusing connections is retried without opting in: it never reached the app', async (t) => {
  const gone = await grpcServer('gone', 'ok');
  await gone.close();
  const ok = await grpcServer('ok', 'ok');
  closers.push(ok);
  await service('rpcrefused', [local(gone.port), local(ok.port)]);
  const c = client('rpcrefused');
  const replies = [];
  for (let i = 0; i < 4; i++) {
    const r = await callEcho(c, `r${i}`);
    replies.push("reply" in r ? r.reply : `error ${r.err.code} ${r.err.details}`);
  }
  t.same(replies, ['ok:r0', 'ok:r1', 'ok:r2', 'ok:r3']);
  t.ok((await metric('weft_retries_total', { dst_service: 'rpcrefused', reason: 'connect' })) > 0);
});

t.test('never retried once response bytes reached the client', async (t) => {
  // h2: headers and part of the body, then the connection drops.
  const broken = await h2Server((stream) => {
    stream.respond({ ':status': 200 });
    stream.write('partial', () => setTimeout(() => stream.session?.destroy(), 20));
  });
  closers.push(broken);
  const good = await answering('good', 200);
  await service('h2late', [local(broken.port), local(good.port)]);
  const results = [await h2Request(session, { ':path': '/', ':authority': 'h2late' }), await h2Request(session, { ':path': '/', ':authority': 'h2late' })];
  const cut = results.find((r) => r.body !== 'good');
  t.ok(cut, 'one request went to the broken endpoint');
  t.equal(cut?.status, 200);
  t.equal(cut?.body, 'partial');
  t.ok(cut?.error, 'the client sees the reset, not a whole response');
  t.equal(await metric('weft_retries_total', { dst_service: 'h2late' }), 0);

  // gRPC: a streamed message, then UNAVAILABLE; retry-on would allow it before the message.
  const late = await grpcServer('late', 'late-unavailable');
  const ok = await grpcServer('ok', 'ok');
  closers.push(late, ok);
  await service('rpcfeed', [local(late.port), local(ok.port)], { 'weft.dev/retry-on': 'unavailable' });
  const c = client('rpcfeed');
  const feeds = [await callFeed(c), await callFeed(c)];
  const failed = feeds.find((f) => f.err);
  t.same(failed?.messages, ['late'], 'the message sent before the failure arrived');
  t.equal(failed?.err?.code, grpc.status.UNAVAILABLE);
  t.same(feeds.find((f) => !f.err)?.messages, ['ok']);
  t.equal(await metric('weft_retries_total', { dst_service: 'rpcfeed' }), 0);
});

t.test('every endpoint failing: h2 retries stay within the budget and refusals are counted', async (t) => {
  const x = await answering('x', 503);
  const y = await answering('y', 503);
  await service('h2down', [local(x.port), local(y.port)]);
  const t0 = Date.now();
  let sent = 0;
  const statuses = new Set<number>();
  // 4 streams at a time, 200 requests: more retries wanted than 20% + the 100 floor.
  for (let round = 0; round < 50; round++) {
    const rs = await Promise.all([0, 1, 2, 3].map(() => h2Request(session, { ':path': '/', ':authority': 'h2down' })));
    for (const r of rs) statuses.add(r.status);
    sent += rs.length;
  }
  const windows = Math.ceil((Date.now() - t0) / 10_000);
  t.same([...statuses], [503], 'every request failed, as it must');
  const retries = await metric('weft_retries_total', { dst_service: 'h2down' });
  t.ok(retries > 0, 'some were retried');
  t.ok(retries <= 0.2 * sent + 100 * windows, `${retries} retries for ${sent} requests`);
  t.ok((await metric('weft_retry_budget_exhausted_total', { dst_service: 'h2down' })) > 0, 'the budget said no');
});
