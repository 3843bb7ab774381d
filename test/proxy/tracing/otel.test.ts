import http from 'node:http';
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import t from 'tap';
import { request } from 'undici';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { controlServes, serviceDocs, writeManifests } from '../../support/mesh.ts';
import { testProxy } from '../../support/proxy.ts';
import { echoClient, h2Request, h2Server } from '../../support/grpc.ts';
import { listenOn } from '../../support/servers.ts';
import { waitFor } from '../../support/wait.ts';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

// An OTLP/HTTP receiver: collects every span the proxies export.
const spans: OtlpSpan[] = [];
const receiver = await listenOn(
  http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  }),
);
// The app behind the server-side proxy echoes the traceparent it received.
const app = await listenOn(http.createServer((req, res) => res.end(String(req.headers.traceparent ?? ''))));
// Its h2c twin: plain h2 gets the traceparent as the body, gRPC as the one reply message.
const h2App = await h2Server((stream, h) => {
  const tp = Buffer.from(String(h.traceparent ?? ''));
  stream.resume();
  if (h['content-type'] !== 'application/grpc') {
    stream.respond({ ':status': 200 });
    return void stream.end(tp);
  }
  const frame = Buffer.alloc(5 + tp.length);
  frame.writeUInt32BE(tp.length, 1);
  tp.copy(frame, 5);
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  stream.end(frame);
});

const dir = tempDir(t);
const control = await startTestControl(t, dir);
const tracing = { endpoint: `http://127.0.0.1:${receiver.port}`, ratio: 1, serviceName: 'test', attributes: {} };
const server = await testProxy(control.grpcTarget, { appAddr: { host: '127.0.0.1', port: app.port }, tracing, proxyId: 'server' });
const h2ServerProxy = await testProxy(control.grpcTarget, { appAddr: { host: '127.0.0.1', port: h2App.port }, tracing, proxyId: 'h2server' });
const client = await testProxy(control.grpcTarget, { tracing, proxyId: 'client' });
const watcher = destinationClient(control.grpcTarget);
t.teardown(async () => {
  watcher.close();
  await client.close();
  await server.close();
  await h2ServerProxy.close();
  await h2App.close();
  await app.close();
  await receiver.close();
});
writeManifests(dir, 'web.yaml', serviceDocs({ name: 'web', endpoints: [{ ip: '127.0.0.1', port: app.port, inboundPort: server.inbound.port }] }));
await controlServes(watcher, 'web.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 1);
writeManifests(dir, 'rpc.yaml', serviceDocs({ name: 'rpc', appProtocol: 'kubernetes.io/h2c', endpoints: [{ ip: '127.0.0.1', port: h2App.port, inboundPort: h2ServerProxy.inbound.port }] }));
await controlServes(watcher, 'rpc.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 1);

/** The outbound span with the caller's parent and the inbound span under it. */
function spanPair(traceId: string, parent: string) {
  return waitFor(() => {
    const o = spans.find((s) => s.traceId === traceId && s.parentSpanId === parent);
    const i = o && spans.find((s) => s.traceId === traceId && s.parentSpanId === o.spanId);
    return o && i ? [o, i] : undefined;
  }, 'both spans at the receiver');
}

const attr = (s: OtlpSpan, key: string) => {
  const v = s.attributes.find((a) => a.key === key)?.value;
  return v && Object.values(v)[0];
};

t.test('a span per proxy, parent and child, one trace id, the caller’s context continued', async (t) => {
  const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '00f067aa0ba902b7';
  const r = await request(`http://127.0.0.1:${client.outbound.port}/orders?id=1`, { headers: { host: 'web', traceparent: `00-${callerTrace}-${callerSpan}-01` } });
  const seen = await r.body.text();
  t.equal(r.statusCode, 200);
  t.match(seen, new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`), 'the app gets the same trace id with a new parent');
  const [out, inb] = await waitFor(() => {
    const o = spans.find((s) => s.traceId === callerTrace && s.parentSpanId === callerSpan);
    const i = o && spans.find((s) => s.traceId === callerTrace && s.parentSpanId === o.spanId);
    return o && i ? [o, i] : undefined;
  }, 'both spans at the receiver');
  t.equal(seen.split('-')[2], inb!.spanId, "the app's parent is the server proxy's span");
  t.equal(attr(out!, 'weft.dst_service'), 'web', 'dst_service');
  t.equal(attr(out!, 'http.request.method'), 'GET');
  t.equal(Number(attr(out!, 'http.response.status_code')), 200);
  t.equal(attr(out!, 'url.path'), '/orders');
  t.equal(Number(attr(out!, 'weft.retries')), 0);
  t.match(String(attr(out!, 'weft.endpoint')), /^127\.0\.0\.1:\d+$/);
  t.equal(attr(inb!, 'weft.dst_service'), 'web', 'the server side names the service too');
});

t.test('without a traceparent the client proxy starts the trace', async (t) => {
  const r = await request(`http://127.0.0.1:${client.outbound.port}/`, { headers: { host: 'web' } });
  const seen = await r.body.text();
  const traceId = seen.split('-')[1]!;
  t.match(traceId, /^[0-9a-f]{32}$/);
  const root = await waitFor(() => spans.find((s) => s.traceId === traceId && !s.parentSpanId), 'the root span');
  t.ok(await waitFor(() => spans.find((s) => s.traceId === traceId && s.parentSpanId === root.spanId), 'its child'), 'the server proxy continued it');
});

t.test('h2c: a span per proxy, one trace id, the caller’s context continued', async (t) => {
  const callerTrace = '5bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '10f067aa0ba902b7';
  const session = http2.connect(`http://127.0.0.1:${client.outbound.port}`);
  const r = await h2Request(session, { ':path': '/h2?x=1', ':authority': 'rpc', traceparent: `00-${callerTrace}-${callerSpan}-01` });
  session.close();
  t.equal(r.status, 200);
  t.match(r.body, new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`), 'the app gets the same trace id with a new parent');
  const [out, inb] = await spanPair(callerTrace, callerSpan);
  t.equal(r.body.split('-')[2], inb!.spanId, "the app's parent is the server proxy's span");
  t.equal(attr(out!, 'network.protocol.version'), '2');
  t.equal(attr(out!, 'url.path'), '/h2');
  t.equal(Number(attr(out!, 'http.response.status_code')), 200);
  t.equal(attr(out!, 'weft.dst_service'), 'rpc');
  t.equal(attr(inb!, 'weft.dst_service'), 'rpc', 'the server side names the service too');
});

t.test('gRPC: spans with the RPC attributes and grpc status, one trace id across the proxies', async (t) => {
  const callerTrace = '6bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpan = '20f067aa0ba902b7';
  const c = echoClient(client.outbound.port, 'rpc.demo.svc.cluster.local');
  const md = new grpc.Metadata();
  md.set('traceparent', `00-${callerTrace}-${callerSpan}-01`);
  const seen = await new Promise<string>((resolve, reject) => c.echo(Buffer.from('x'), md, {}, (err, r) => (err ? reject(err) : resolve(r.toString()))));
  c.close();
  t.match(seen, new RegExp(`^00-${callerTrace}-[0-9a-f]{16}-01$`));
  const [out, inb] = await spanPair(callerTrace, callerSpan);
  t.equal(seen.split('-')[2], inb!.spanId);
  for (const s of [out!, inb!]) {
    t.equal(attr(s, 'rpc.system'), 'grpc');
    t.equal(attr(s, 'rpc.service'), 'test.Echo');
    t.equal(attr(s, 'rpc.method'), 'Echo');
    t.equal(Number(attr(s, 'rpc.grpc.status_code')), 0);
  }
});
