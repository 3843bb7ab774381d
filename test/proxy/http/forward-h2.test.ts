import http2 from 'node:http2';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import t from 'tap';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { controlServes, serviceDocs, writeManifests } from '../../support/mesh.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';

// A gRPC service of our own proto (the Destination API), served by a real grpc-js server:
// Watch is server streaming; a failing authority answers with a status in the trailers.
const PROTO = fileURLToPath(new URL('../../../control/api/destination.proto', import.meta.url));
const def = protoLoader.loadSync(PROTO, { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const proto = grpc.loadPackageDefinition(def) as any;

const grpcServer = new grpc.Server();
grpcServer.addService(proto.weft.destination.v1.Destination.service, {
  watch: (call: grpc.ServerWritableStream<{ authority: string }, unknown>) => {
    if (call.request.authority === 'fail') {
      call.emit('error', { code: grpc.status.NOT_FOUND, details: 'no such thing' });
      return;
    }
    for (let i = 0; i < 3; i++) call.write({ noSuchService: { reason: `msg ${i}` } });
    const md = new grpc.Metadata();
    md.set('x-trailer', 'kept');
    call.end(md);
  },
});
// Unary and bidirectional methods with raw byte messages (no proto needed).
const id = (b: Buffer) => b;
const ECHO = {
  echo: { path: '/test.Echo/Echo', requestStream: false, responseStream: false, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id },
  chat: { path: '/test.Echo/Chat', requestStream: true, responseStream: true, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id },
} as const;
grpcServer.addService(ECHO, {
  echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.concat([Buffer.from('echo:'), call.request])),
  chat: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
    call.on('data', (b: Buffer) => call.write(Buffer.from(b.toString().toUpperCase())));
    call.on('end', () => call.end());
  },
});
const grpcPort = await new Promise<number>((resolve, reject) =>
  grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
);

const h2 = http2.createServer();
h2.on('stream', (stream, headers) => {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => {
    stream.respond({ ':status': 200, 'x-path': String(headers[':path']) }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'x-sum': String(Buffer.concat(chunks).length) }));
    stream.end('h2 says hi');
  });
});
await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
const h2Port = (h2.address() as { port: number }).port;

const dir = tempDir(t);
writeManifests(dir, 'mesh.yaml', [
  ...serviceDocs({ name: 'grpc', appProtocol: 'kubernetes.io/h2c', endpoints: [{ ip: '127.0.0.1', port: grpcPort }] }),
  ...serviceDocs({ name: 'h2', endpoints: [{ ip: '127.0.0.1', port: h2Port }] }),
]);
const control = await startTestControl(t, dir);
const dc = destinationClient(control.grpcTarget);
await controlServes(dc, 'grpc.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 1);
await controlServes(dc, 'h2.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 1);
dc.close();
const proxy = await testProxy(control.grpcTarget);
const client = new proto.weft.destination.v1.Destination(`127.0.0.1:${proxy.outbound.port}`, grpc.credentials.createInsecure(), {
  'grpc.default_authority': 'grpc.demo.svc.cluster.local',
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const EchoClient = grpc.makeGenericClientConstructor(ECHO as any, 'Echo');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const echo = new EchoClient(`127.0.0.1:${proxy.outbound.port}`, grpc.credentials.createInsecure(), { 'grpc.default_authority': 'grpc.demo.svc.cluster.local' }) as any;

t.teardown(async () => {
  echo.close();
  client.close();
  await proxy.close();
  grpcServer.forceShutdown();
  await new Promise((r) => h2.close(r));
});

t.test('h2c with prior knowledge: body, headers and trailers pass through', async (t) => {
  const session = http2.connect(`http://127.0.0.1:${proxy.outbound.port}`);
  const req = session.request({ ':method': 'POST', ':path': '/x?y=1', ':authority': 'h2' });
  req.end('12345');
  const got = await new Promise<{ status: number; path: string; body: string; trailers: http2.IncomingHttpHeaders }>((resolve, reject) => {
    let status = 0;
    let path = '';
    let body = '';
    req.on('response', (h) => {
      status = Number(h[':status']);
      path = String(h['x-path']);
    });
    req.on('data', (c) => (body += c));
    req.on('trailers', (tr) => resolve({ status, path, body, trailers: tr }));
    req.on('error', reject);
  });
  session.close();
  t.equal(got.status, 200);
  t.equal(got.path, '/x?y=1');
  t.equal(got.body, 'h2 says hi');
  t.equal(got.trailers['x-sum'], '5');
});

t.test('gRPC server streaming through the proxy keeps messages and trailers', async (t) => {
  const call = client.watch({ authority: 'ok' });
  const messages: string[] = [];
  const trailer = await new Promise<string>((resolve, reject) => {
    call.on('data', (m: { noSuchService: { reason: string } }) => messages.push(m.noSuchService.reason));
    call.on('status', (s: grpc.StatusObject) => resolve(String(s.metadata.get('x-trailer')[0])));
    call.on('error', reject);
  });
  t.same(messages, ['msg 0', 'msg 1', 'msg 2']);
  t.equal(trailer, 'kept');
  t.equal(await metricValue(proxy.registry, 'weft_requests_total', { dst_service: 'grpc', grpc_code: '0', classification: 'success' }), 1);
});

t.test('a gRPC error status reaches the client and counts as a failure', async (t) => {
  const call = client.watch({ authority: 'fail' });
  const err = await new Promise<grpc.ServiceError>((resolve) => {
    call.on('data', () => {});
    call.on('error', resolve);
  });
  t.equal(err.code, grpc.status.NOT_FOUND);
  t.equal(err.details, 'no such thing');
  t.equal(await metricValue(proxy.registry, 'weft_requests_total', { dst_service: 'grpc', grpc_code: '5', classification: 'failure' }), 1);
});

t.test('gRPC unary and bidirectional streaming through the proxy', async (t) => {
  const reply = await new Promise<Buffer>((resolve, reject) => echo.echo(Buffer.from('hi'), (err: Error | null, r: Buffer) => (err ? reject(err) : resolve(r))));
  t.equal(reply.toString(), 'echo:hi');
  const call = echo.chat();
  const got: string[] = [];
  const ended = new Promise<void>((resolve, reject) => {
    call.on('data', (b: Buffer) => {
      got.push(b.toString());
      if (got.length < 3) call.write(Buffer.from(`m${got.length}`));
      else call.end();
    });
    call.on('status', () => resolve());
    call.on('error', reject);
  });
  call.write(Buffer.from('m0'));
  await ended;
  t.same(got, ['M0', 'M1', 'M2'], 'each reply answered the previous message: the stream is live both ways');
});
