// The HTTP/1.1 fast path (proxy/http/conn-h1.ts) and its hand-off to node:http, seen from
// a raw client socket so that the bytes on the wire are what the test checks.
import crypto from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import t, { type Test } from 'tap';
import { ep, snapshot, startFakeDestination } from '../../support/fake-destination.ts';
import { LeanRequest, LeanResponse, ONE_WRITE_MAX, serveH1 } from '../../../proxy/http/conn-h1.ts';
import { parseRequestHead, type RequestHead } from '../../../proxy/http/parse-h1.ts';
import { listenOn } from '../../support/servers.ts';
import { testProxy } from '../../support/proxy.ts';
import { waitFor } from '../../support/wait.ts';

/** n bytes of a fixed pattern, every byte value but the last few. */
const pattern = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));

const upstream = http.createServer((req, res) => {
  const bytes = /^\/bytes\/(\d+)$/.exec(req.url ?? '');
  if (bytes) {
    const body = pattern(Number(bytes[1]));
    res.writeHead(200, { 'content-length': body.length, 'x-name': 'caf\u00e9' });
    res.end(body);
    return;
  }
  if (req.url === '/sha') {
    const h = crypto.createHash('sha256');
    req.on('data', (c: Buffer) => h.update(c));
    req.on('end', () => res.end(h.digest('hex')));
    return;
  }
  if (req.url === '/trailers') {
    res.writeHead(200, { trailer: 'x-sum' });
    res.write('part one, ');
    res.addTrailers({ 'x-sum': '42' });
    res.end('part two');
    return;
  }
  req.resume();
  req.on('end', () => res.end(`${req.method} ${req.url} via ${req.headers.host}`));
});
const up = await listenOn(upstream);
const fake = await startFakeDestination();
fake.set('web.demo.svc.cluster.local:80', snapshot('web', 'demo', 80, [{ name: 'web', endpoints: [ep('127.0.0.1', up.port)] }]));
const proxy = await testProxy(fake.addr, { keepAliveMs: 500 });
t.teardown(async () => {
  await proxy.close();
  await fake.close();
  await up.close();
});

/** A raw client: writes `text`, collects until `done(got)` or the connection closes. */
function conversation(text: string | Buffer, done: (got: string) => boolean) {
  return new Promise<{ got: string; closed: boolean }>((resolve, reject) => {
    const s = net.connect(proxy.outbound.port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (done(got)) {
        s.destroy();
        resolve({ got, closed: false });
      }
    });
    s.on('close', () => resolve({ got, closed: true }));
    s.on('error', reject);
    setTimeout(() => s.destroy(), 5_000).unref();
  });
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

t.test('pipelined requests in one write are answered in order on the same connection', async (t) => {
  const req = (p: string) => `GET ${p} HTTP/1.1\r\nHost: web\r\n\r\n`;
  const { got } = await conversation(req('/a') + req('/b') + req('/c'), (g) => g.includes('GET /c'));
  t.equal(count(got, /HTTP\/1\.1 200/g), 3);
  t.ok(got.indexOf('GET /a') < got.indexOf('GET /b') && got.indexOf('GET /b') < got.indexOf('GET /c'), 'in order');
});

t.test('requests cut every 29 bytes across reads are answered whole and in order', async (t) => {
  // Each read lands in the buffer all reads share (readShared): a head still incomplete, a
  // pipelined request waiting for its turn and body bytes the upstream has not taken yet
  // must be copied out before the next read overwrites them.
  const body = pattern(5000);
  const sha = crypto.createHash('sha256').update(body).digest('hex');
  const req = (p: string) => `GET ${p} HTTP/1.1\r\nHost: web\r\n\r\n`;
  const all = Buffer.concat([
    Buffer.from(req('/a') + req('/b') + `POST /sha HTTP/1.1\r\nHost: web\r\nContent-Length: ${body.length}\r\n\r\n`),
    body,
    Buffer.from(req('/c')),
  ]);
  const got = await new Promise<string>((resolve, reject) => {
    const s = net.connect(proxy.outbound.port, '127.0.0.1', async () => {
      s.setNoDelay(true);
      for (let i = 0; i < all.length; i += 29) {
        s.write(all.subarray(i, i + 29));
        await new Promise((r) => setTimeout(r, 2));
      }
    });
    let text = '';
    s.on('data', (d) => {
      text += d.toString('latin1');
      if (text.includes('GET /c')) {
        s.destroy();
        resolve(text);
      }
    });
    s.on('error', reject);
    setTimeout(() => (s.destroy(), resolve(text)), 5_000).unref();
  });
  t.equal(count(got, /HTTP\/1\.1 200/g), 4);
  const order = ['GET /a', 'GET /b', sha, 'GET /c'].map((x) => got.indexOf(x));
  t.ok(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1]!)), 'every answer, in order, the body intact');
});

t.test('a client that sends its requests and then FIN gets every answer, then the connection ends', async (t) => {
  const req = (p: string) => `GET ${p} HTTP/1.1\r\nHost: web\r\n\r\n`;
  const got = await new Promise<string>((resolve, reject) => {
    let text = '';
    const s = net.connect(proxy.outbound.port, '127.0.0.1', () => s.end(req('/first') + req('/second')));
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('end', () => resolve(text));
    s.on('error', reject);
  });
  t.equal(count(got, /HTTP\/1\.1 200/g), 2);
  t.ok(got.indexOf('GET /first') >= 0 && got.indexOf('GET /first') < got.indexOf('GET /second'), 'both, in order, before the FIN');
});

t.test('a body cut short by FIN closes that connection; the next one is served', async (t) => {
  const cut = await new Promise<boolean>((resolve) => {
    const s = net.connect(proxy.outbound.port, '127.0.0.1', () => s.end('POST /sha HTTP/1.1\r\nHost: web\r\nContent-Length: 100\r\n\r\nonly ten b'));
    s.resume();
    s.on('close', () => resolve(true));
    s.on('error', () => {});
  });
  t.ok(cut, 'closed, not left waiting for the rest of the body');
  const { got } = await conversation('GET /after HTTP/1.1\r\nHost: web\r\n\r\n', (g) => g.includes('GET /after'));
  t.match(got, /^HTTP\/1\.1 200/);
});

t.test('a Content-Length body streams through intact', async (t) => {
  const body = crypto.randomBytes(3 * 1024 * 1024);
  const sha = crypto.createHash('sha256').update(body).digest('hex');
  const head = `POST /sha HTTP/1.1\r\nHost: web\r\nContent-Length: ${body.length}\r\n\r\n`;
  const { got } = await conversation(Buffer.concat([Buffer.from(head), body]), (g) => g.includes(sha));
  t.match(got, /^HTTP\/1\.1 200/);
  t.ok(got.endsWith(sha), 'the upstream saw every byte');
});

t.test('responses around the size sent in one write with their head arrive byte for byte', async (t) => {
  // conn-h1 copies head and body into one buffer up to 16 KiB, and writes them apart above.
  const sizes = [1, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 64 * 1024];
  const req = (n: number) => `GET /bytes/${n} HTTP/1.1\r\nHost: web\r\n\r\n`;
  const total = (g: string) => {
    let rest = g;
    for (const n of sizes) {
      const end = rest.indexOf('\r\n\r\n');
      if (end < 0 || rest.length < end + 4 + n) return false;
      rest = rest.slice(end + 4 + n);
    }
    return true;
  };
  const { got } = await conversation(sizes.map(req).join(''), total);
  let rest = got;
  for (const n of sizes) {
    const end = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, end);
    t.match(head, /^HTTP\/1\.1 200 OK\r\n/, `${n}: status line`);
    t.match(head, new RegExp(`\r\ncontent-length: ${n}(\r\n|$)`, 'i'), `${n}: its length`);
    t.match(head, /\r\nx-name: caf\u00e9(\r\n|$)/i, `${n}: a Latin-1 header value unchanged`);
    t.ok(Buffer.from(rest.slice(end + 4, end + 4 + n), 'latin1').equals(pattern(n)), `${n}: the body, byte for byte`);
    rest = rest.slice(end + 4 + n);
  }
  t.equal(rest, '', 'nothing more');
});

/** A socket that records what is written to it, and how. */
function recordingSocket() {
  const calls: string[] = [];
  const bytes: Buffer[] = [];
  const socket = {
    writableNeedDrain: false,
    cork: () => calls.push('cork'),
    uncork: () => calls.push('uncork'),
    write: (chunk: Buffer | string, encoding?: BufferEncoding) => {
      calls.push('write');
      bytes.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk);
      return true;
    },
    pause: () => {},
    resume: () => {},
  };
  return { socket: socket as unknown as net.Socket, calls, bytes: () => Buffer.concat(bytes) };
}

const head = (text: string) => parseRequestHead(Buffer.from(text), 16_384) as RequestHead;

t.test('a response head goes out with a body of up to 16 KiB in one write, with a larger one in a corked pair', async (t) => {
  for (const [n, calls] of [
    [ONE_WRITE_MAX - 1, ['write']],
    [ONE_WRITE_MAX, ['write']],
    [ONE_WRITE_MAX + 1, ['cork', 'write', 'write', 'uncork']],
  ] as const) {
    const rec = recordingSocket();
    const res = new LeanResponse(rec.socket, head('GET / HTTP/1.1\r\nHost: web\r\n\r\n'), () => {});
    res.writeHead(200, ['content-length', String(n), 'x-name', 'caf\u00e9']);
    res.end(pattern(n));
    t.same(rec.calls, calls, `${n} bytes: ${calls.join(', ')}`);
    const out = rec.bytes();
    const end = out.indexOf('\r\n\r\n');
    t.equal(out.subarray(0, end).toString('latin1'), `HTTP/1.1 200 OK\r\ncontent-length: ${n}\r\nx-name: caf\u00e9`, `${n} bytes: the head, in Latin-1`);
    t.ok(out.subarray(end + 4).equals(pattern(n)), `${n} bytes: the body after it`);
  }
});

t.test('a request without a body ends when it is read', async (t) => {
  const rec = recordingSocket();
  const req = new LeanRequest(head('GET / HTTP/1.1\r\nHost: web\r\n\r\n'), rec.socket);
  t.equal(req.complete, true);
  await new Promise((r) => setImmediate(r));
  const ended = new Promise<string>((resolve) => {
    req.once('end', () => resolve('end'));
    setTimeout(() => resolve('still open'), 2_000).unref();
  });
  req.resume();
  t.equal(await ended, 'end', "read, it ends, as node:http's requests do");
});

t.test('a chunked upstream response reaches the client chunked, trailers included', async (t) => {
  const { got } = await conversation('GET /trailers HTTP/1.1\r\nHost: web\r\n\r\n', (g) => g.endsWith('\r\n\r\n') && g.includes('x-sum'));
  t.match(got, /transfer-encoding: chunked\r\n/i);
  t.match(got, /part one, /);
  t.match(got, /part two/);
  t.match(got, /\r\n0\r\nx-sum: 42\r\n\r\n$/);
});

t.test('after fast requests, an unusual one on the same connection is served by node:http', async (t) => {
  const fast = 'GET /fast HTTP/1.1\r\nHost: web\r\n\r\n';
  const chunked = 'POST /sha HTTP/1.1\r\nHost: web\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
  const sha = crypto.createHash('sha256').update('abc').digest('hex');
  const { got } = await conversation(fast + chunked + fast, (g) => count(g, /HTTP\/1\.1 200/g) === 3 && count(g, /GET \/fast/g) === 2);
  t.match(got, new RegExp(sha), 'the chunked request was decoded by node:http and forwarded');
  t.equal(count(got, /GET \/fast via web/g), 2, 'and the connection went on serving');
});

t.test('Expect: 100-continue and HTTP/1.0 keep their node:http behaviour', async (t) => {
  const expect = await conversation('POST /sha HTTP/1.1\r\nHost: web\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n', (g) => g.includes('100 Continue'));
  t.match(expect.got, /^HTTP\/1\.1 100 Continue/);
  const old = await conversation('GET /old HTTP/1.0\r\nHost: web\r\n\r\n', () => false);
  t.match(old.got, /GET \/old via web/);
  t.equal(old.closed, true, 'HTTP/1.0 without keep-alive: closed after the response');
});

t.test('a malformed request after a good one gets 400; the good one was answered', async (t) => {
  const { got } = await conversation('GET /ok HTTP/1.1\r\nHost: web\r\n\r\nGET / HTTP/1.1\r\nBad Header\r\n\r\n', () => false);
  t.match(got, /^HTTP\/1\.1 200/);
  t.match(got, /HTTP\/1\.1 400/);
});

t.test('Connection: close is honoured; HEAD has no body; idle connections close', async (t) => {
  const closing = await conversation('GET /bye HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n', () => false);
  t.match(closing.got, /connection: close\r\n/i);
  t.match(closing.got, /GET \/bye via web$/);
  t.equal(closing.closed, true);
  const head = await conversation('HEAD /h HTTP/1.1\r\nHost: web\r\n\r\nGET /after HTTP/1.1\r\nHost: web\r\n\r\n', (g) => g.includes('GET /after'));
  t.equal(count(head.got, /HTTP\/1\.1 200/g), 2, 'the HEAD response carried no body to confuse the next');
  const s = net.connect(proxy.outbound.port, '127.0.0.1');
  let closed = false;
  s.on('close', () => (closed = true));
  s.on('error', () => {});
  s.resume(); // reads the response, and so sees the end
  s.write('GET /idle HTTP/1.1\r\nHost: web\r\n\r\n');
  await waitFor(() => closed, 'the idle connection closed after --keep-alive-timeout (500 ms here)');
  t.ok(closed);
});

t.test('--keep-alive-timeout 0 keeps idle connections open, as node:http does', async (t) => {
  const keep = await testProxy(fake.addr, { keepAliveMs: 0 });
  t.teardown(() => keep.close());
  const s = net.connect(keep.outbound.port, '127.0.0.1');
  t.teardown(() => s.destroy());
  let got = '';
  let closed = false;
  s.on('data', (d: Buffer) => (got += d.toString('latin1')));
  s.on('close', () => (closed = true));
  s.write('GET /first HTTP/1.1\r\nHost: web\r\n\r\n');
  await waitFor(() => got.includes('GET /first via web'), 'the first response');
  // Longer than any sweep would take to close it (four sweeps of at least 50 ms).
  await new Promise((r) => setTimeout(r, 600));
  t.equal(closed, false, 'still open while idle');
  s.write('GET /second HTTP/1.1\r\nHost: web\r\n\r\n');
  await waitFor(() => got.includes('GET /second via web'), 'the second response on the same connection');
  t.match(got, /GET \/second via web$/);
});

/** A destination whose upstream writes `wire` in answer to every request. */
async function scripted(t: Test, name: string, wire: string) {
  const server = net.createServer((s) => s.on('data', () => s.write(wire)));
  const started = await listenOn(server);
  t.teardown(() => started.close());
  fake.set(`${name}.demo.svc.cluster.local:80`, snapshot(name, 'demo', 80, [{ name, endpoints: [ep('127.0.0.1', started.port)] }]));
}

t.test('an upstream header value with a bare LF is a 502, never written on to the client', async (t) => {
  await scripted(t, 'split', 'HTTP/1.1 200 OK\r\nX-Note: a\nSet-Cookie: evil=1\r\nContent-Length: 2\r\n\r\nok');
  for (const version of ['1.1', '1.0']) {
    const { got } = await conversation(`GET / HTTP/${version}\r\nHost: split\r\nConnection: close\r\n\r\n`, () => false);
    t.match(got, /^HTTP\/1\.1 502 /, `HTTP/${version}: 502`);
    t.notMatch(got, /evil/, `HTTP/${version}: the injected line is not sent`);
  }
});

t.test('an upstream trailer that is not a valid field is dropped; the response still ends', async (t) => {
  await scripted(t, 'badtrailer', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nBad Name: x\r\nX-Good: 1\r\n\r\n');
  const fast = await conversation('GET / HTTP/1.1\r\nHost: badtrailer\r\n\r\n', (g) => g.endsWith('\r\n\r\n') && g.includes('\r\n0\r\n'));
  t.match(fast.got, /\r\n2\r\nok\r\n0\r\nx-good: 1\r\n\r\n$/i, 'fast path: the valid trailer only');
  // TE: trailers goes through node:http, whose addTrailers throws on the bad name: the
  // response was left unended, and the client waited for ever.
  const slow = await conversation('GET / HTTP/1.1\r\nHost: badtrailer\r\nTE: trailers\r\n\r\n', (g) => g.endsWith('\r\n\r\n') && g.includes('\r\n0\r\n'));
  t.match(slow.got, /\r\n2\r\nok\r\n0\r\nx-good: 1\r\n\r\n$/i, 'node:http path: the body, the valid trailer, the end');
  t.equal(slow.closed, false, 'the end came before the client gave up');
});

t.test('a large response to a client that reads late: the upstream is held back, every byte arrives', async (t) => {
  const size = 32 * 1024 * 1024;
  let waited = 0;
  let sent = 0;
  const server = http.createServer((_req, res) => {
    const block = Buffer.alloc(64 * 1024, 5);
    res.writeHead(200, { 'content-length': size });
    const pump = () => {
      while (sent < size) {
        sent += block.length;
        if (!res.write(block)) return void (waited++, res.once('drain', pump));
      }
      res.end();
    };
    pump();
  });
  const started = await listenOn(server);
  t.teardown(() => started.close());
  fake.set('big.demo.svc.cluster.local:80', snapshot('big', 'demo', 80, [{ name: 'big', endpoints: [ep('127.0.0.1', started.port)] }]));
  const s = net.connect(proxy.outbound.port, '127.0.0.1');
  t.teardown(() => s.destroy());
  s.pause();
  s.write('GET / HTTP/1.1\r\nHost: big\r\n\r\n');
  // Until every buffer on the way is full, then no further: the proxy stops reading.
  let last = -1;
  let still = 0;
  await waitFor(() => {
    still = sent === last && waited > 0 ? still + 1 : 0;
    last = sent;
    return still >= 5;
  }, 'the upstream held back', 10_000, 50);
  t.ok(sent < size, 'the upstream could not send it all while the client did not read');
  let got = 0;
  let headEnd = -1;
  let head = '';
  s.on('data', (d: Buffer) => {
    if (headEnd < 0) {
      head += d.toString('latin1');
      headEnd = head.indexOf('\r\n\r\n');
      if (headEnd >= 0) got += Buffer.byteLength(head, 'latin1') - headEnd - 4;
    } else got += d.length;
  });
  s.resume();
  await waitFor(() => got >= size, 'the whole body', 20_000);
  t.equal(got, size);
  t.match(head, /^HTTP\/1\.1 200 /);
});

t.test('answered before its body arrived, a connection the client keeps open still closes', async (t) => {
  // The fast path alone, so that the test sees the server's side of the connection.
  let serverSide: net.Socket | undefined;
  const server = net.createServer((socket) => {
    serverSide = socket;
    serveH1(socket, Buffer.alloc(0), {
      maxHeaderSize: 16_384,
      keepAliveMs: 300,
      onRequest: (_req, res) => {
        res.writeHead(413, { 'content-length': 9 });
        res.end('too large');
      },
      handOff: (s) => s.destroy(),
    });
  });
  const started = await listenOn(server);
  t.teardown(() => (serverSide?.destroy(), started.close()));
  // allowHalfOpen: the client does not close when the server does; it just stops sending.
  const s = net.connect({ port: started.port, host: '127.0.0.1', allowHalfOpen: true });
  t.teardown(() => s.destroy());
  let got = '';
  s.on('data', (d) => (got += d.toString('latin1')));
  s.on('error', () => {});
  s.write(`POST /upload HTTP/1.1\r\nHost: early\r\nContent-Length: 100000\r\n\r\n${'x'.repeat(1000)}`);
  await waitFor(() => got.endsWith('too large'), 'the early answer');
  t.match(got, /^HTTP\/1\.1 413 /);
  await waitFor(() => serverSide?.destroyed, 'the server closed its side after the keep-alive timeout (300 ms here)');
  t.ok(serverSide?.destroyed);
});

t.test('answered early by an upstream that stopped reading: what the client still sends is read and dropped', async (t) => {
  // The upstream reads the head, stops reading (the proxy's writes to it back up and the
  // body stream pauses), answers, and only then ends its answer.
  const conns: net.Socket[] = [];
  const server = net.createServer((s) => {
    conns.push(s); // paused, it would not see the proxy close: the teardown closes it
    s.once('data', () => {
      s.pause();
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n');
      setTimeout(() => s.write('too large'), 300);
    });
    s.on('error', () => {});
  });
  const started = await listenOn(server);
  t.teardown(() => (conns.forEach((c) => c.destroy()), started.close()));
  fake.set('stalled.demo.svc.cluster.local:80', snapshot('stalled', 'demo', 80, [{ name: 'stalled', endpoints: [ep('127.0.0.1', started.port)] }]));
  const size = 32 * 1024 * 1024;
  const s = net.connect(proxy.outbound.port, '127.0.0.1');
  t.teardown(() => s.destroy());
  let got = '';
  s.on('data', (d) => (got += d.toString('latin1')));
  const sent = new Promise<Error | null | undefined>((resolve) => {
    s.on('error', resolve);
    s.write(`POST /upload HTTP/1.1\r\nHost: stalled\r\nContent-Length: ${size}\r\n\r\n`);
    s.write(Buffer.alloc(size, 2), resolve);
  });
  t.equal(await sent, null, 'the client finished sending its body');
  t.match(got, /^HTTP\/1\.1 200 [^]*too large$/);
});
