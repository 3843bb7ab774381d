import crypto from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { Readable } from 'node:stream';
import t from 'tap';
import { Agent, request } from 'undici';
import { WebSocket, WebSocketServer } from 'ws';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { controlServes, serviceDocs, writeManifests } from '../../support/mesh.ts';
import { listenOn } from '../../support/servers.ts';
import { testProxy } from '../../support/proxy.ts';

const AUTH = 'web.demo.svc.cluster.local:80';
const connections = new Set<net.Socket>();
const upstream = http.createServer((req, res) => {
  if (req.url === '/echo-sha') {
    const h = crypto.createHash('sha256');
    req.on('data', (c: Buffer) => h.update(c));
    req.on('end', () => res.end(JSON.stringify({ sha: h.digest('hex'), te: req.headers['transfer-encoding'] ?? '', expect: req.headers.expect ?? '' })));
    return;
  }
  if (req.url?.startsWith('/download/')) {
    const size = Number(req.url.split('/')[2]);
    const block = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const pump = () => {
      while (sent < size) {
        const n = Math.min(block.length, size - sent);
        sent += n;
        if (!res.write(block.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  if (req.url === '/early') {
    // Answers without reading the body, as an auth check that rejects an upload would.
    res.writeHead(413, { 'content-type': 'text/plain' });
    return res.end('too large');
  }
  req.resume();
  req.on('end', () => res.end(`hello ${req.url}`));
});
upstream.on('connection', (s: net.Socket) => connections.add(s));
const wss = new WebSocketServer({ server: upstream });
wss.on('connection', (ws) => ws.on('message', (m, binary) => ws.send(m, { binary })));

const up = await listenOn(upstream);
const dir = tempDir(t);
writeManifests(dir, 'web.yaml', serviceDocs({ name: 'web', endpoints: [{ ip: '127.0.0.1', port: up.port }] }));
const control = await startTestControl(t, dir);
const dc = destinationClient(control.grpcTarget);
await controlServes(dc, AUTH, (b) => b[0]?.endpoints.length === 1);
dc.close();
const proxy = await testProxy(control.grpcTarget);
const base = `http://127.0.0.1:${proxy.outbound.port}`;
const agent = new Agent({ connections: 1 });
t.teardown(async () => {
  wss.close();
  await agent.close();
  await proxy.close();
  await up.close();
});

t.test('keep-alive: ten requests share one client and one upstream connection', async (t) => {
  connections.clear();
  for (let i = 0; i < 10; i++) {
    const r = await request(`${base}/k${i}`, { headers: { host: 'web' }, dispatcher: agent });
    t.equal(await r.body.text(), `hello /k${i}`);
  }
  t.equal(connections.size, 1, 'the upstream saw one connection');
});

t.test('absolute-form target, as an HTTP_PROXY client sends it', async (t) => {
  const body = await new Promise<string>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: proxy.outbound.port, path: `http://${AUTH.replace(':80', '')}/abs?q=1` }, (res) => {
        let s = '';
        res.on('data', (c) => (s += c));
        res.on('end', () => resolve(s));
      })
      .on('error', reject);
  });
  t.equal(body, 'hello /abs?q=1');
});

t.test('large bodies stream both ways intact', async (t) => {
  const size = 16 * 1024 * 1024;
  const payload = crypto.randomBytes(1024 * 1024);
  const sent = crypto.createHash('sha256');
  let n = 0;
  const body = Readable.from(
    (function* () {
      while (n < size) {
        n += payload.length;
        sent.update(payload);
        yield payload;
      }
    })(),
  );
  const r = await request(`${base}/echo-sha`, { method: 'POST', headers: { host: 'web', 'content-length': String(size) }, body });
  t.equal(JSON.parse(await r.body.text()).sha, sent.digest('hex'), 'upload checksum matches');

  const d = await request(`${base}/download/${size}`, { headers: { host: 'web' } });
  const h = crypto.createHash('sha256');
  let got = 0;
  for await (const c of d.body) {
    h.update(c as Buffer);
    got += (c as Buffer).length;
  }
  t.equal(got, size, 'download size');
  t.equal(h.digest('hex'), crypto.createHash('sha256').update(Buffer.alloc(size, 7)).digest('hex'), 'download checksum');
});

t.test('a chunked request still being written arrives chunked and whole', async (t) => {
  const chunks = ['a'.repeat(1000), 'b'.repeat(5000), 'c'];
  // Pauses between chunks: the proxy cannot know the length and must stream it.
  const slow = Readable.from(
    (async function* () {
      for (const c of chunks) {
        await new Promise((r) => setTimeout(r, 20));
        yield c;
      }
    })(),
  );
  const r = await request(`${base}/echo-sha`, { method: 'POST', headers: { host: 'web' }, body: slow });
  const got = JSON.parse(await r.body.text());
  t.equal(got.sha, crypto.createHash('sha256').update(chunks.join('')).digest('hex'));
  t.equal(got.te, 'chunked');
});

t.test('Expect: 100-continue gets 100 then the response', async (t) => {
  const result = await new Promise<{ continued: boolean; body: string }>((resolve, reject) => {
    let continued = false;
    const req = http.request({ host: '127.0.0.1', port: proxy.outbound.port, path: '/echo-sha', method: 'POST', headers: { host: 'web', expect: '100-continue', 'content-length': '5' } });
    req.on('continue', () => {
      continued = true;
      req.end('hello');
    });
    req.on('response', (res) => {
      let s = '';
      res.on('data', (c) => (s += c));
      res.on('end', () => resolve({ continued, body: s }));
    });
    req.on('error', reject);
  });
  t.ok(result.continued, 'client got 100 Continue');
  t.equal(JSON.parse(result.body).sha, crypto.createHash('sha256').update('hello').digest('hex'));
});

t.test('WebSocket upgrade passes through and echoes', async (t) => {
  const ws = new WebSocket(`ws://127.0.0.1:${proxy.outbound.port}/ws`, { headers: { host: 'web' } });
  const echoed = await new Promise<string>((resolve, reject) => {
    ws.on('open', () => ws.send('ping through weft'));
    ws.on('message', (m) => resolve(String(m)));
    ws.on('error', reject);
  });
  ws.close();
  t.equal(echoed, 'ping through weft');
});

t.test('an upstream answering before reading a large body: response at once, nothing hangs', async (t) => {
  const big = Buffer.alloc(16 * 1024 * 1024, 1);
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: proxy.outbound.port, path: '/early', method: 'POST', headers: { host: 'web', 'content-length': String(big.length) } });
    req.on('response', (r) => {
      let s = '';
      r.on('data', (c) => (s += c));
      r.on('end', () => resolve({ status: r.statusCode ?? 0, body: s }));
    });
    req.on('error', reject);
    req.end(big);
  });
  t.equal(res.status, 413);
  t.equal(res.body, 'too large');
  const after = await request(`${base}/after`, { headers: { host: 'web' } });
  t.equal(await after.body.text(), 'hello /after', 'the proxy still serves');
});
