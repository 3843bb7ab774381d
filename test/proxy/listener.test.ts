// The listener's shutdown test for HTTP/1.1 connections (isIdleH1), driven the way
// proxy.ts's close() drives it: every pass destroys the connections that are idle.
import http2 from 'node:http2';
import net from 'node:net';
import t from 'tap';
import { serveH1 } from '../../proxy/http/conn-h1.ts';
import { createListener, isIdleH1, listen } from '../../proxy/listener.ts';
import { waitFor } from '../support/wait.ts';

t.test('shutdown does not cut off a fast-path response still being written to a slow client', async (t) => {
  const size = 16 * 1024 * 1024;
  let answered = false;
  const listener = createListener({
    h1: (socket, prelude) =>
      serveH1(socket, prelude, {
        maxHeaderSize: 16_384,
        keepAliveMs: 60_000,
        onRequest: (req, res) => {
          req.resume();
          res.writeHead(200, { 'content-length': size });
          res.end(Buffer.alloc(size, 1));
          answered = true;
        },
        handOff: (s) => s.destroy(),
      }),
    h2: http2.createServer(),
    opaque: (s) => s.destroy(),
    detectTimeoutMs: 1_000,
    opaqueOnly: false,
  });
  const { port } = await listen(listener.server, { host: '127.0.0.1', port: 0 });
  t.teardown(() => {
    for (const s of listener.sockets) s.destroy();
    listener.server.close();
  });
  const client = net.connect(port, '127.0.0.1');
  t.teardown(() => client.destroy());
  client.pause(); // a slow client: reads nothing for now
  client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => answered, 'the response handed to the socket');
  let got = 0;
  let closed = false;
  client.on('data', (d: Buffer) => (got += d.length));
  client.on('close', () => (closed = true));
  // The drain loop of proxy.ts, while the client starts reading.
  const drain = () => {
    for (const s of listener.h1Sockets) if (isIdleH1(s)) s.destroy();
  };
  drain();
  client.resume();
  await waitFor(() => (drain(), closed), 'the connection closed once idle');
  const head = 'HTTP/1.1 200 OK\r\ncontent-length: 16777216\r\n\r\n'.length;
  t.equal(got - head, size, 'the client got the whole body');
});
