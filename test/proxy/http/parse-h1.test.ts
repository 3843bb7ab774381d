import t from 'tap';
import { parseResponseHead, ResponseFraming, type ResponseHead } from '../../../proxy/http/parse-h1.ts';

const head = (s: string) => parseResponseHead(Buffer.from(s, 'latin1'), 16_384);

/** Feeds `pieces` one by one; returns the body bytes and the framing's final state. */
function frame(h: ResponseHead, pieces: string[], isHead = false) {
  const f = new ResponseFraming();
  f.reset(isHead);
  f.begin(h);
  let body = '';
  for (const p of pieces) for (const b of f.feed(Buffer.from(p, 'latin1'))) body += b.toString('latin1');
  return { body, f };
}

t.test('a head: status, headers without hop-by-hop ones, keep-alive', async (t) => {
  const h = head('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive, X-Gone\r\nX-Gone: 1\r\nKeep-Alive: timeout=5\r\nContent-Length: 3\r\n\r\nabc')!;
  t.equal(h.status, 200);
  t.same(h.headers, ['Content-Type', 'text/plain', 'Content-Length', '3'], 'hop-by-hop and Connection-named headers are dropped');
  t.equal(h.keepAlive, true);
  t.equal(h.contentLength, 3);
  t.equal(h.length, 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive, X-Gone\r\nX-Gone: 1\r\nKeep-Alive: timeout=5\r\nContent-Length: 3\r\n\r\n'.length);
});

t.test('incomplete heads wait; oversized ones are refused', async (t) => {
  t.equal(head('HTTP/1.1 200 OK\r\nContent-Le'), undefined);
  t.throws(() => parseResponseHead(Buffer.from(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(200)}`), 100), { code: 'WEFT_UPSTREAM_PROTOCOL' });
});

t.test('connection close and HTTP/1.0 end keep-alive', async (t) => {
  t.equal(head('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n')!.keepAlive, false);
  t.equal(head('HTTP/1.0 200 OK\r\n\r\n')!.keepAlive, false);
  t.equal(head('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n')!.keepAlive, true);
});

t.test('heads that could be read two ways are errors', async (t) => {
  for (const bad of [
    'HTTP/2 200\r\n\r\n',
    'HTTP/1.1 20 OK\r\n\r\n',
    'HTTP/1.1 200 OK\r\n folded: line\r\n\r\n',
    'HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
    'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
    'HTTP/1.1 101 Switching Protocols\r\n\r\n',
  ]) {
    t.throws(() => head(bad), { code: 'WEFT_UPSTREAM_PROTOCOL' }, JSON.stringify(bad));
  }
  const twice = head('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n')!;
  t.equal(twice.contentLength, 3, 'repeated equal lengths are one length');
  t.same(twice.headers, ['Content-Length', '3'], 'and are sent on once');
});

t.test('content-length body ends at its length; what follows is flagged', async (t) => {
  const h = head('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n')!;
  const a = frame(h, ['he', 'llo']);
  t.equal(a.body, 'hello');
  t.equal(a.f.done, true);
  t.equal(a.f.extra, false);
  const b = frame(h, ['hello', 'HTTP/1.1 200']);
  t.equal(b.body, 'hello');
  t.equal(b.f.extra, true, 'bytes after the response');
});

t.test('chunked bodies are unframed across any split, trailers collected', async (t) => {
  const h = head('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')!;
  t.equal(h.chunked, true);
  t.same(h.headers, [], 'transfer-encoding is not passed on: the client side frames again');
  const wire = '5;ext=1\r\nhello\r\nA\r\n, world!!!\r\n0\r\nGrpc-Status: 0\r\nX-Sum: 42\r\n\r\n';
  for (const size of [1, 2, 3, 7, wire.length]) {
    const pieces: string[] = [];
    for (let i = 0; i < wire.length; i += size) pieces.push(wire.slice(i, i + size));
    const { body, f } = frame(h, pieces);
    t.equal(body, 'hello, world!!!', `split every ${size} bytes`);
    t.equal(f.done, true);
    t.same(f.trailers, ['Grpc-Status', '0', 'X-Sum', '42']);
  }
});

t.test('broken chunk framing is an error', async (t) => {
  const h = head('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n')!;
  t.throws(() => frame(h, ['zz\r\n']), { code: 'WEFT_UPSTREAM_PROTOCOL' }, 'size not hex');
  t.throws(() => frame(h, ['2\r\nabc\r\n']), { code: 'WEFT_UPSTREAM_PROTOCOL' }, 'data longer than its size');
  t.throws(() => frame(h, [`1${'0'.repeat(5000)}`]), { code: 'WEFT_UPSTREAM_PROTOCOL' }, 'endless size line');
});

t.test('no body: HEAD, 204, 304; no length: until the connection closes', async (t) => {
  const withLength = head('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n')!;
  t.equal(frame(withLength, [''], true).f.done, true, 'HEAD');
  t.equal(frame(head('HTTP/1.1 204 No Content\r\n\r\n')!, ['']).f.done, true, '204');
  t.equal(frame(head('HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n')!, ['']).f.done, true, '304');
  const open = frame(head('HTTP/1.1 200 OK\r\n\r\n')!, ['some', ' bytes']);
  t.equal(open.body, 'some bytes');
  t.equal(open.f.done, false);
  t.equal(open.f.untilClose, true);
  const gzip = head('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n')!;
  t.equal(gzip.keepAlive, false, 'a transfer coding without chunked ends with the connection');
});
