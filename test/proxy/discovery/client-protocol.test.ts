// The Destination client's gRPC wire protocol against a scripted HTTP/2 server: message
// framing, statuses, and every malformed reply, each of which ends the stream with a
// WEFT_PROXY_DESTINATION_STREAM warning and reopens it, keeping what was received before.
// (client.test.ts and control-restart.test.ts run the client against grpc-js's server.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import t, { type Test } from 'tap';
import { createLogger } from '../../../lib/log.ts';
import { DiscoveryClient } from '../../../proxy/discovery/client.ts';
import type { DiscoveryUpdate } from '../../../proxy/discovery/types.ts';
import { waitFor } from '../../support/wait.ts';

const root = protobuf.loadSync(fileURLToPath(new URL('../../../control/api/destination.proto', import.meta.url)));
const Update = root.lookupType('weft.destination.v1.Update');
const WatchRequest = root.lookupType('weft.destination.v1.WatchRequest');

function updateBytes(name: string, address = '10.0.0.1'): Buffer {
  const msg = {
    snapshot: {
      service: { name, namespace: 'demo', port: 80 },
      backends: [{ name, namespace: 'demo', weight: 1, endpoints: [{ address, port: 8080, ready: true, weight: 1 }] }],
    },
  };
  return Buffer.from(Update.encode(Update.fromObject(msg)).finish());
}

function frame(bytes: Buffer, flag = 0, length = bytes.length): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = flag;
  prefix.writeUInt32BE(length, 1);
  return Buffer.concat([prefix, bytes]);
}

const GRPC_HEADERS = { ':status': 200, 'content-type': 'application/grpc+proto' };

type Script = (stream: http2.ServerHttp2Stream, request: Buffer, n: number) => void;

/** An h2c server that runs `script` on each stream, once the request message has arrived. */
async function scriptedControl(t: Test, script: Script) {
  const server = http2.createServer();
  const requests: { headers: http2.IncomingHttpHeaders; body: Buffer }[] = [];
  let sessions = 0;
  server.on('session', () => sessions++);
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('error', () => {});
    stream.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ headers, body });
      script(stream, body, requests.length);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return { addr: `127.0.0.1:${port}`, requests, sessions: () => sessions, server };
}

function client(t: Test, addr: string, extra: Partial<ConstructorParameters<typeof DiscoveryClient>[0]> = {}) {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('proxy', 'warn', { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
  const c = new DiscoveryClient({ addr, proxyId: 'pod-1', namespace: 'demo', log, backoffBaseMs: 10, backoffMaxMs: 40, ...extra });
  t.teardown(() => c.close());
  return { c, lines };
}

/** Opens a watch and waits for the warnings of its first `n` failed attempts. */
function failedAttempts(c: DiscoveryClient, lines: Record<string, unknown>[], n: number) {
  c.watch('web.demo.svc.cluster.local:80', () => {});
  return waitFor(() => {
    const w = lines.filter((l) => l.msg === 'discovery stream ended, keeping last state');
    return w.length >= n ? w : undefined;
  }, `${n} failed attempts`);
}

const names = (us: DiscoveryUpdate[]) => us.map((u) => (u.kind === 'reset' ? u.service.name : u.kind));

t.test('messages split across DATA frames, or several in one, arrive whole and in order', async (t) => {
  const control = await scriptedControl(t, (stream, _req, n) => {
    if (n > 1) return; // the reopened stream stays quiet
    stream.respond(GRPC_HEADERS, { waitForTrailers: true });
    const first = frame(updateBytes('one'));
    let i = 0;
    const dribble = () => {
      if (i < first.length) {
        stream.write(first.subarray(i, i + 7));
        i += 7;
        setImmediate(dribble);
        return;
      }
      stream.write(Buffer.concat([frame(updateBytes('two')), frame(updateBytes('three'))]));
      stream.once('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end();
    };
    dribble();
  });
  const { c } = client(t, control.addr);
  const got: DiscoveryUpdate[] = [];
  c.watch('web.demo.svc.cluster.local:80', (u) => got.push(u));
  await waitFor(() => control.requests.length >= 2, 'the stream reopened after it ended with OK');
  t.same(names(got), ['one', 'two', 'three']);
  const first = got[0]!;
  t.equal(first.kind === 'reset' && first.backends[0]!.endpoints[0]!.key, '10.0.0.1:8080', 'fields decoded');

  const req = control.requests[0]!;
  t.equal(req.headers[':method'], 'POST');
  t.equal(req.headers[':path'], '/weft.destination.v1.Destination/Watch');
  t.match(req.headers['content-type'], /^application\/grpc/);
  t.equal(req.headers.te, 'trailers');
  t.equal(req.body[0], 0, 'the request is one uncompressed message');
  t.equal(req.body.readUInt32BE(1), req.body.length - 5);
  t.same(WatchRequest.toObject(WatchRequest.decode(req.body.subarray(5))), { authority: 'web.demo.svc.cluster.local:80', proxyId: 'pod-1', proxyNamespace: 'demo' });
});

// Each case misbehaves on the first stream; the second stream answers properly.
const BAD: Record<string, { reason: string; delivered?: string[]; script: (stream: http2.ServerHttp2Stream) => void }> = {
  'an error status in a trailers-only response': {
    reason: 'grpc-status',
    script: (s) => s.respond({ ...GRPC_HEADERS, 'grpc-status': '12', 'grpc-message': 'no%20such%20method' }, { endStream: true }),
  },
  'an error status in trailers after a message': {
    reason: 'grpc-status',
    delivered: ['before'],
    script: (s) => {
      s.respond(GRPC_HEADERS, { waitForTrailers: true });
      s.once('wantTrailers', () => s.sendTrailers({ 'grpc-status': '14', 'grpc-message': 'shutting down' }));
      s.end(frame(updateBytes('before')));
    },
  },
  'an HTTP status other than 200': { reason: 'http-status', script: (s) => s.respond({ ':status': 404 }, { endStream: true }) },
  'a content-type that is not gRPC': {
    reason: 'content-type',
    script: (s) => {
      s.respond({ ':status': 200, 'content-type': 'text/html' });
      s.end('<html>');
    },
  },
  'a compressed message': {
    reason: 'compressed',
    script: (s) => {
      s.respond(GRPC_HEADERS);
      s.write(frame(updateBytes('zipped'), 1));
    },
  },
  'a message over 4 MiB': {
    reason: 'message-too-large',
    script: (s) => {
      s.respond(GRPC_HEADERS);
      s.write(frame(Buffer.alloc(8), 0, 5 * 1024 * 1024));
    },
  },
  'bytes that are not an Update': {
    reason: 'malformed-message',
    script: (s) => {
      s.respond(GRPC_HEADERS);
      s.write(frame(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])));
    },
  },
  'a stream reset before any status': {
    reason: 'no-status',
    delivered: ['before'],
    script: (s) => {
      s.respond(GRPC_HEADERS);
      s.write(frame(updateBytes('before')));
      setTimeout(() => s.close(http2.constants.NGHTTP2_INTERNAL_ERROR), 20);
    },
  },
  'a stream that ends inside a message': {
    reason: 'truncated',
    script: (s) => {
      s.respond(GRPC_HEADERS, { waitForTrailers: true });
      s.once('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
      s.end(frame(updateBytes('cut')).subarray(0, 9));
    },
  },
};

for (const [what, { reason, delivered = [], script }] of Object.entries(BAD)) {
  t.test(`${what}: the stream ends with reason ${reason}, reopens, and nothing received is lost`, async (t) => {
    const control = await scriptedControl(t, (stream, _req, n) => {
      if (n === 1) return script(stream);
      stream.respond(GRPC_HEADERS);
      stream.write(frame(updateBytes('after')));
    });
    const { c, lines } = client(t, control.addr);
    const got: DiscoveryUpdate[] = [];
    c.watch('web.demo.svc.cluster.local:80', (u) => got.push(u));
    await waitFor(() => names(got).includes('after'), 'the reopened stream delivered');
    t.same(names(got), [...delivered, 'after'], 'what came before the failure was kept, and nothing was made up from a bad message');
    const warn = lines.find((l) => l.msg === 'discovery stream ended, keeping last state');
    t.equal(warn?.code, 'WEFT_PROXY_DESTINATION_STREAM');
    t.equal(warn?.reason, reason);
    t.equal(warn?.authority, 'web.demo.svc.cluster.local:80');
  });
}

t.test('a gRPC status message is shown percent-decoded', async (t) => {
  const control = await scriptedControl(t, (stream, _req, n) => {
    if (n === 1) return BAD['an error status in a trailers-only response']!.script(stream);
    stream.respond(GRPC_HEADERS);
  });
  const { c, lines } = client(t, control.addr);
  c.watch('a.demo.svc.cluster.local:80', () => {});
  const warn = await waitFor(() => lines.find((l) => l.msg === 'discovery stream ended, keeping last state'), 'a warning');
  t.match(warn.err, /UNIMPLEMENTED \(12\): no such method/);
});

t.test('a control that accepts the connection and then says nothing is dropped by keepalive, and the watch reopens', async (t) => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  t.teardown(() => {
    for (const s of sockets) s.destroy();
    return new Promise<void>((r) => silent.close(() => r()));
  });
  const { c, lines } = client(t, `127.0.0.1:${(silent.address() as net.AddressInfo).port}`, { keepaliveMs: 50, keepaliveTimeoutMs: 100 });
  c.watch('web.demo.svc.cluster.local:80', () => {});
  await waitFor(() => sockets.length >= 2, 'a second connection after the first was given up');
  const warn = lines.find((l) => l.msg === 'discovery stream ended, keeping last state');
  t.equal(warn?.reason, 'keepalive-timeout');
});

/**
 * An address whose SYNs go unanswered, as behind a firewall that drops them: a listener in a
 * child process that never accepts (its thread sleeps in Atomics.wait), its accept queue
 * filled. Linux drops a SYN to a listener whose accept queue is full.
 */
async function unanswered(t: Test): Promise<string> {
  const src = `const s = require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 0 }, () => {
    process.stdout.write(s.address().port + '\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
  });`;
  const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => void child.kill('SIGKILL'));
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  // Fill the queue: connections complete until it is full, then one hangs.
  const fillers: net.Socket[] = [];
  t.teardown(() => fillers.forEach((s) => s.destroy()));
  for (;;) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => {});
    fillers.push(s);
    const connected = await Promise.race([once(s, 'connect').then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
    if (!connected) break;
  }
  return `127.0.0.1:${port}`;
}

t.test('a control whose address does not answer at all: the connect times out, and the watch tries again', async (t) => {
  const addr = await unanswered(t);
  const { c, lines } = client(t, addr, { connectTimeoutMs: 200 });
  const warns = await failedAttempts(c, lines, 2);
  t.equal(warns[0]!.reason, 'connect-timeout');
  t.equal(warns[0]!.code, 'WEFT_PROXY_DESTINATION_STREAM');
  t.equal(warns[1]!.reason, 'connect-timeout', 'the next attempt gave up the same way');
});

t.test('a control that refuses connections: the watch keeps retrying with backoff', async (t) => {
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const { c, lines } = client(t, `127.0.0.1:${port}`);
  const warns = await failedAttempts(c, lines, 3);
  t.equal(warns[0]!.reason, 'transport');
  t.match(warns[0]!.err, /ECONNREFUSED/);
  t.ok((warns[2]!.retryInMs as number) >= 10, 'later attempts wait longer');
});

t.test('watches share one connection; after GOAWAY, open streams go on and new ones use a new connection', async (t) => {
  const streams: http2.ServerHttp2Stream[] = [];
  const control = await scriptedControl(t, (stream) => {
    stream.respond(GRPC_HEADERS);
    stream.write(frame(updateBytes(`first-${streams.length}`)));
    streams.push(stream);
  });
  const { c } = client(t, control.addr);
  const a: DiscoveryUpdate[] = [];
  const b: DiscoveryUpdate[] = [];
  c.watch('a.demo.svc.cluster.local:80', (u) => a.push(u));
  c.watch('b.demo.svc.cluster.local:80', (u) => b.push(u));
  await waitFor(() => a.length && b.length, 'both watches got their first update');
  t.equal(control.sessions(), 1, 'one connection');

  streams[0]!.session!.goaway();
  await new Promise((r) => setTimeout(r, 50));
  streams[0]!.write(frame(updateBytes('after-goaway')));
  await waitFor(() => names(a).includes('after-goaway'), 'the open stream still delivers');
  const d: DiscoveryUpdate[] = [];
  c.watch('d.demo.svc.cluster.local:80', (u) => d.push(u));
  await waitFor(() => d.length, 'the new watch got its update');
  t.equal(control.sessions(), 2, 'the new watch opened a new connection');
});

/** A control whose streams stay open and silent, counting the open ones, with two watches on it. */
async function twoQuietWatches(t: Test) {
  const counter = { open: 0 };
  const control = await scriptedControl(t, (stream) => {
    counter.open++;
    stream.on('close', () => counter.open--);
    stream.respond(GRPC_HEADERS);
  });
  const { c } = client(t, control.addr);
  const a = c.watch('a.demo.svc.cluster.local:80', () => {});
  c.watch('b.demo.svc.cluster.local:80', () => {});
  await waitFor(() => counter.open === 2, 'two streams open');
  return { c, a, counter, control };
}

t.test('close() cancels every stream and reopens none', async (t) => {
  const { c, counter, control } = await twoQuietWatches(t);
  c.close();
  await waitFor(() => counter.open === 0, 'both streams closed on the server');
  await new Promise((r) => setTimeout(r, 100));
  t.equal(control.requests.length, 2, 'no stream reopened');
});

t.test('a closed watch stops its stream and reopens nothing', async (t) => {
  const { c, a, counter, control } = await twoQuietWatches(t);
  a.close();
  await waitFor(() => counter.open === 1, "the closed watch's stream ended");
  await new Promise((r) => setTimeout(r, 100));
  t.equal(control.requests.length, 2, 'no stream reopened');
  t.equal(c.connectedStreams, 0, 'no stream counted as connected: none has received an update');
});

t.test('before any watch, the client connects to control, and keeps trying until it can (/ready)', async (t) => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const { c } = client(t, `127.0.0.1:${port}`);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(c.everConnected, false, 'not connected while nothing listens');
  const server = http2.createServer();
  let sessions = 0;
  server.on('session', () => sessions++);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  await waitFor(() => c.everConnected, 'connected once control listens');
  t.equal(sessions, 1, 'one connection, with no watch opened');
});
