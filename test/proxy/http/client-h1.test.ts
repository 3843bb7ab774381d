import net from 'node:net';
import t from 'tap';
import { H1Pool, type H1Request } from '../../../proxy/http/client-h1.ts';
import { listenOn } from '../../support/servers.ts';
import { waitFor } from '../../support/wait.ts';

interface Reply {
  status: number;
  headers: string[];
  body: string;
  trailers: string[];
}

function send(pool: H1Pool, req: Partial<H1Request> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: string[] = [];
    let body = '';
    pool.dispatch(
      { method: 'GET', path: '/', headers: ['host', 'web'], body: null, ...req },
      {
        onConnect: () => {},
        onHeaders: (s, h) => {
          status = s;
          headers = h;
        },
        onData: (c) => {
          body += c.toString('latin1');
          return true;
        },
        onComplete: (trailers) => resolve({ status, headers, body, trailers }),
        onError: reject,
      },
    );
  });
}

/**
 * A scripted upstream: `answer` gets each request head as it arrives (one per data event
 * here: the tests send small requests) and writes whatever it likes.
 */
async function upstream(answer: (s: net.Socket, head: string, n: number) => void) {
  const conns: net.Socket[] = [];
  let n = 0;
  const server = net.createServer((s) => {
    conns.push(s);
    s.on('data', (d) => answer(s, d.toString('latin1'), n++));
  });
  const started = await listenOn(server);
  return { ...started, conns, pool: new H1Pool('127.0.0.1', started.port, { connectTimeoutMs: 1_000, keepAliveMs: 60_000, maxHeaderSize: 16_384 }) };
}

t.test('a chunked response written a few bytes at a time arrives whole, with its trailers', async (t) => {
  const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-App: 1\r\n\r\n4\r\nweft\r\n6\r\n proxy\r\n0\r\nX-Checksum: abc\r\n\r\n';
  const up = await upstream((s) => {
    let i = 0;
    const drip = () => {
      if (i >= wire.length) return;
      s.write(wire.slice(i, (i += 3)));
      setTimeout(drip, 1);
    };
    drip();
  });
  t.teardown(() => (up.pool.destroy(), up.close()));
  const r = await send(up.pool);
  t.equal(r.status, 200);
  t.equal(r.body, 'weft proxy');
  t.same(r.headers, ['X-App', '1']);
  t.same(r.trailers, ['X-Checksum', 'abc']);
  t.equal((await send(up.pool)).body, 'weft proxy', 'and the connection carries the next one');
  t.equal(up.conns.length, 1);
});

t.test('interim 1xx responses are skipped; HEAD reads no body; the connection is reused', async (t) => {
  const up = await upstream((s, head) => {
    if (head.startsWith('HEAD')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n');
    else s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok');
  });
  t.teardown(() => (up.pool.destroy(), up.close()));
  const a = await send(up.pool);
  t.equal(a.status, 201);
  t.equal(a.body, 'ok');
  const b = await send(up.pool, { method: 'HEAD' });
  t.equal(b.status, 200);
  t.equal(b.body, '');
  t.equal((await send(up.pool)).status, 201);
  t.equal(up.conns.length, 1, 'one connection for all three');
});

t.test('a body without a length runs to the close, and that connection is not reused', async (t) => {
  const up = await upstream((s) => s.end('HTTP/1.1 200 OK\r\n\r\nuntil the end'));
  t.teardown(() => (up.pool.destroy(), up.close()));
  t.equal((await send(up.pool)).body, 'until the end');
  t.equal((await send(up.pool)).body, 'until the end');
  t.equal(up.conns.length, 2);
});

t.test('a malformed response is an error with a stable code', async (t) => {
  const up = await upstream((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'));
  t.teardown(() => (up.pool.destroy(), up.close()));
  await t.rejects(send(up.pool), { code: 'WEFT_UPSTREAM_PROTOCOL' });
});

t.test('a kept-alive connection the upstream closed meanwhile: the request goes on a new one', async (t) => {
  // The upstream answers the first request of each connection, then drops the connection
  // as the next request arrives (a keep-alive timeout racing the request).
  const up = await upstream((s, _head) => {
    const seen = ((s as net.Socket & { seen?: number }).seen = ((s as net.Socket & { seen?: number }).seen ?? 0) + 1);
    if (seen === 1) s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst');
    else s.destroy();
  });
  t.teardown(() => (up.pool.destroy(), up.close()));
  t.equal((await send(up.pool)).body, 'first');
  const again = await send(up.pool, { method: 'PUT', body: Buffer.from('payload') });
  t.equal(again.body, 'first', 'an idempotent request is answered on a fresh connection');
  t.equal(up.conns.length, 2);
  // A POST may have been acted on before the connection died: the error goes to the
  // forwarder, whose route policy alone may retry it.
  await t.rejects(send(up.pool, { method: 'POST', body: Buffer.from('payload') }), { code: 'ECONNRESET' });
  t.equal(up.conns.length, 2, 'no second connection for the POST');
});

t.test('a request body that is a stream goes chunked unless it has a length', async (t) => {
  const heads: string[] = [];
  const up = await upstream((s, head) => {
    heads.push(head);
    if (head.includes('0\r\n\r\n') || head.includes('content-length')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
  });
  t.teardown(() => (up.pool.destroy(), up.close()));
  const { Readable } = await import('node:stream');
  await send(up.pool, { method: 'POST', body: Readable.from([Buffer.from('abc')]) });
  const wire = heads.join('');
  t.match(wire, /transfer-encoding: chunked\r\n/);
  t.match(wire, /\r\n3\r\nabc\r\n0\r\n\r\n$/);
});

t.test('idle connections close after the keep-alive time; close() lets the busy one finish', async (t) => {
  const up = await upstream((s, head) => {
    const reply = () => s.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    if (head.includes('/slow')) setTimeout(reply, 100);
    else reply();
  });
  t.teardown(() => up.close());
  const pool = new H1Pool('127.0.0.1', up.port, { connectTimeoutMs: 1_000, keepAliveMs: 300, maxHeaderSize: 16_384 });
  await send(pool);
  await waitFor(() => up.conns[0]!.destroyed || up.conns[0]!.readableEnded, 'the idle connection closed by the pool');
  const slow = send(pool, { path: '/slow' });
  await waitFor(() => up.conns.length === 2, 'a new connection for the slow request');
  pool.close();
  t.equal((await slow).body, 'ok', 'the in-flight request finished');
  await waitFor(() => up.conns[1]!.readableEnded, 'then its connection closed');
});

t.test('abort ends the attempt with the given error', async (t) => {
  const up = await upstream(() => {});
  t.teardown(() => (up.pool.destroy(), up.close()));
  const err = await new Promise<Error>((resolve) => {
    up.pool.dispatch({ method: 'GET', path: '/', headers: [], body: null }, {
      onConnect: (abort) => setTimeout(() => abort(new Error('given up')), 20),
      onHeaders: () => {},
      onData: () => true,
      onComplete: () => {},
      onError: resolve,
    });
  });
  t.equal(err.message, 'given up');
  await waitFor(() => up.conns[0]?.readableEnded === true, 'the upstream connection closed');
});

t.test('a large chunked request body to an upstream that reads late arrives intact', async (t) => {
  // The upstream's socket buffer fills, so writes return false mid-chunk: every chunk must
  // still go out whole, size line, data and CRLF, or the framing (and the body) breaks.
  const { createHash } = await import('node:crypto');
  const http = await import('node:http');
  const server = http.createServer((req, res) => {
    req.pause();
    setTimeout(() => {
      const h = createHash('sha256');
      req.on('data', (c: Buffer) => h.update(c));
      req.on('end', () => res.end(h.digest('hex')));
      req.on('error', () => {});
      req.resume();
    }, 200);
  });
  server.on('clientError', (_e, s) => s.destroy());
  const started = await listenOn(server);
  const pool = new H1Pool('127.0.0.1', started.port, { connectTimeoutMs: 1_000, keepAliveMs: 60_000, maxHeaderSize: 16_384 });
  t.teardown(() => (pool.destroy(), started.close()));
  const chunks = Array.from({ length: 128 }, (_, i) => Buffer.alloc(64 * 1024, i));
  const want = createHash('sha256');
  for (const c of chunks) want.update(c);
  const { Readable } = await import('node:stream');
  const r = await send(pool, { method: 'POST', body: Readable.from(chunks) });
  t.equal(r.status, 200);
  t.equal(r.body, want.digest('hex'), 'the upstream received every byte of the body');
});

t.test('a connection whose response ran to its close is not reused, even for a moment', async (t) => {
  // The next request, sent right after, carries a body that cannot be sent again: on the
  // ended connection it would fail instead of going out on a fresh one.
  const up = await upstream((s, head) => {
    if (head.startsWith('GET')) s.end('HTTP/1.1 200 OK\r\n\r\nuntil the end');
    else if (head.includes('0\r\n\r\n')) s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nsent');
  });
  t.teardown(() => (up.pool.destroy(), up.close()));
  const { Readable } = await import('node:stream');
  const next = await new Promise<Promise<Reply>>((resolve, reject) => {
    up.pool.dispatch({ method: 'GET', path: '/', headers: [], body: null }, {
      onConnect: () => {},
      onHeaders: () => {},
      onData: () => true,
      onComplete: () => process.nextTick(() => resolve(send(up.pool, { method: 'POST', body: Readable.from([Buffer.from('abc')]) }))),
      onError: reject,
    });
  });
  t.equal((await next).body, 'sent');
  t.equal(up.conns.length, 2);
});
