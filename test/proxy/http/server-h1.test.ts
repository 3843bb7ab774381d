import net from 'node:net';
import t, { type Test } from 'tap';
import { request } from 'undici';
import { ep, snapshot, startFakeDestination } from '../../support/fake-destination.ts';
import { listenOn, namedServer } from '../../support/servers.ts';
import { testProxy } from '../../support/proxy.ts';

const web = await namedServer('web');
const fake = await startFakeDestination();
fake.set('web.demo.svc.cluster.local:80', snapshot('web', 'demo', 80, [{ name: 'web', endpoints: [ep('127.0.0.1', web.port)] }]));
const proxy = await testProxy(fake.addr, { maxHeaderSize: 4096 });
t.teardown(async () => {
  await proxy.close();
  await fake.close();
  await web.close();
});

function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(proxy.outbound.port, '127.0.0.1', () => s.write(text));
    let buf = '';
    s.on('data', (d) => (buf += d));
    s.on('close', () => resolve(buf));
    s.on('error', reject);
    setTimeout(() => s.destroy(), 3_000).unref();
  });
}

/** A raw TCP upstream registered as `<name>.demo`, answering the first bytes it reads with `reply`. */
async function rawUpstream(t: Test, name: string, reply: (s: net.Socket) => void): Promise<void> {
  const up = await listenOn(net.createServer((s) => s.once('data', () => reply(s))));
  t.teardown(() => up.close());
  fake.set(`${name}.demo.svc.cluster.local:80`, snapshot(name, 'demo', 80, [{ name, endpoints: [ep('127.0.0.1', up.port)] }]));
}

t.test('bad input gets a 4xx and disturbs no other connection', async (t) => {
  // A keep-alive client in the middle of its work while others misbehave.
  const before = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'web' } });
  t.equal(await before.body.text(), 'web');

  t.match(await raw('GET / HTTP/1.1\r\nHost: web\r\nBad Header Line\r\n\r\n'), /^HTTP\/1\.1 400/, 'malformed header: 400');
  t.match(await raw(`GET / HTTP/1.1\r\nHost: web\r\nX-Big: ${'a'.repeat(8000)}\r\n\r\n`), /^HTTP\/1\.1 431/, 'oversized headers: 431');
  const noHost = await raw('GET / HTTP/1.0\r\n\r\n');
  t.match(noHost, /^HTTP\/1\.[01] 400/, 'no destination: 400');
  t.match(noHost, /weft-error: bad-request/);
  t.match(await raw('GET http://[zz/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 400/, 'unparseable absolute URI: 400');

  const after = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'web' } });
  t.equal(await after.body.text(), 'web', 'the proxy still serves');
});

t.test('an endpoint that refuses connections: 502 connect-refused', async (t) => {
  fake.set('dead.demo.svc.cluster.local:80', snapshot('dead', 'demo', 80, [{ name: 'dead', endpoints: [ep('127.0.0.1', 1)] }]));
  const r = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'dead' } });
  t.equal(r.statusCode, 502);
  t.equal(r.headers['weft-error'], 'connect-refused');
  t.match(await r.body.text(), /connect-refused/);
});

t.test('an upstream that resets mid-response: the client sees the connection end, the proxy lives', async (t) => {
  await rawUpstream(t, 'rude', (s) => s.end('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial'));
  const r = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'rude' } });
  await t.rejects(r.body.text(), 'the truncated body is an error, not a short success');
  const ok = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'web' } });
  t.equal(await ok.body.text(), 'web');
});

t.test('an upstream that breaks HTTP/1.1: 502 upstream-error naming what was wrong', async (t) => {
  await rawUpstream(t, 'broken', (s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'));
  const r = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'broken' } });
  t.equal(r.statusCode, 502);
  t.equal(r.headers['weft-error'], 'upstream-error');
  t.match(await r.body.text(), /both transfer-encoding and content-length/);
});
