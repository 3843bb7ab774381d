import crypto from 'node:crypto';
import net from 'node:net';
import t from 'tap';
import { startTestControl, tempDir } from '../../support/control.ts';
import { destinationClient } from '../../support/destination-client.ts';
import { controlServes, serviceDocs, writeManifests } from '../../support/mesh.ts';
import { listenOn } from '../../support/servers.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';
import { waitFor } from '../../support/wait.ts';

const echo = await listenOn(net.createServer((s) => s.pipe(s)));
// Server speaks first, as MySQL and SMTP do: the client waits for the greeting.
const greeter = await listenOn(
  net.createServer((s) => {
    s.write('220 hello from the server\r\n');
    s.on('data', (d) => s.end(`you said ${d.toString().trim()}\r\n`));
  }),
);
// Answers when the client has finished sending (FIN), as request-then-EOF protocols do.
const atEof = await listenOn(
  net.createServer({ allowHalfOpen: true }, (s) => {
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    s.on('end', () => s.end(Buffer.concat(got)));
  }),
);
const free = () => listenOn(net.createServer()).then(async (s) => (await s.close(), s.port));
const echoLocal = await free();
const greetLocal = await free();
const eofLocal = await free();
const dir = tempDir(t);
writeManifests(dir, 'mesh.yaml', [
  ...serviceDocs({ name: 'echo', port: 7, endpoints: [{ ip: '127.0.0.1', port: echo.port }] }),
  ...serviceDocs({ name: 'smtp', port: 25, endpoints: [{ ip: '127.0.0.1', port: greeter.port }] }),
  ...serviceDocs({ name: 'eof', port: 9, endpoints: [{ ip: '127.0.0.1', port: atEof.port }] }),
  // The same server-speaks-first upstream, declared opaque: control's hint skips detection.
  ...serviceDocs({ name: 'mysql', port: 3306, appProtocol: 'tcp', endpoints: [{ ip: '127.0.0.1', port: greeter.port }] }),
]);
const control = await startTestControl(t, dir);
const dc = destinationClient(control.grpcTarget);
await controlServes(dc, 'echo.demo.svc.cluster.local:7', (b) => b[0]?.endpoints.length === 1);
await controlServes(dc, 'smtp.demo.svc.cluster.local:25', (b) => b[0]?.endpoints.length === 1);
dc.close();
const proxy = await testProxy(control.grpcTarget, {
  tcpMap: new Map([
    [echoLocal, 'echo:7'],
    [greetLocal, 'smtp:25'],
    [eofLocal, 'eof:9'],
  ]),
});
t.teardown(async () => {
  await proxy.close();
  await echo.close();
  await greeter.close();
  await atEof.close();
});

function exchange(port: number, send: string | undefined, until: (got: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => send !== undefined && s.write(send));
    s.on('data', (d) => {
      got += d;
      if (until(got)) {
        s.end();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(got));
  });
}

t.test('opaque TCP echo through a --tcp-map port', async (t) => {
  const msg = 'binary-ish \u0000\u0001 payload '.repeat(1000);
  const got = await exchange(proxy.tcp.get(echoLocal)!.port, msg, (g) => g.length >= msg.length);
  t.equal(got, msg);
  await new Promise((r) => setTimeout(r, 50));
  t.equal(await metricValue(proxy.registry, 'weft_tcp_connections_opened_total', { dst_service: 'echo', direction: 'outbound' }), 1);
  t.equal(await metricValue(proxy.registry, 'weft_tcp_received_bytes_total', { dst_service: 'echo' }), Buffer.byteLength(msg));
});

t.test("a client that sends everything and half-closes gets it all echoed back, at a slow reader's pace", async (t) => {
  // 16 MiB sent, then FIN, and echoed back while the client reads in small bites with pauses:
  // the proxy must keep writing to a client that has finished sending (the echo's reply is
  // still owed), and each side's full writes must stop it reading the other, not buffer or drop.
  const payload = crypto.randomBytes(16 * 2 ** 20);
  const sent = crypto.createHash('sha256').update(payload).digest('hex');
  const back = crypto.createHash('sha256');
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(proxy.tcp.get(echoLocal)!.port, '127.0.0.1', () => s.end(payload));
    s.on('data', (d: Buffer) => {
      back.update(d);
      received += d.length;
      if (received % 8 === 0) {
        s.pause();
        setTimeout(() => s.resume(), 1);
      }
    });
    s.on('end', resolve);
    s.on('error', reject);
  });
  t.equal(received, payload.length);
  t.equal(back.digest('hex'), sent, 'the same bytes, in order');
});

/** Sends `text` and FIN in one write; resolves with everything received until the proxy's FIN. */
function sendAndFin(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    s.on('data', (d) => (got += d));
    s.on('end', () => resolve(got));
    s.on('error', reject);
  });
}

const openUpstreams = () => new Promise<number>((resolve, reject) => atEof.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));

t.test('a short message and FIN at once, to a server that answers at EOF: the answer comes back, nothing stays open', async (t) => {
  // The FIN can arrive with the first bytes, before the endpoint is even connected: it must
  // still be carried to the endpoint, or the endpoint waits for it and the tunnel hangs.
  for (let i = 0; i < 5; i++) t.equal(await sendAndFin(proxy.tcp.get(eofLocal)!.port, `\u0000bin-${i}`), `\u0000bin-${i}`);
  await waitFor(async () => (await openUpstreams()) === 0, 'every upstream connection closed');
});

t.test('CONNECT, the bytes to tunnel and FIN in one write: the answer comes back, nothing stays open', async (t) => {
  for (let i = 0; i < 5; i++) {
    const got = await sendAndFin(proxy.outbound.port, `CONNECT eof:9 HTTP/1.1\r\nHost: eof:9\r\n\r\nping-${i}`);
    t.match(got, new RegExp(`^HTTP/1\\.1 200 [^]*\r\n\r\nping-${i}$`));
  }
  await waitFor(async () => (await openUpstreams()) === 0, 'every upstream connection closed');
});

t.test('server-speaks-first: the client waits, the greeting arrives', async (t) => {
  const got = await exchange(proxy.tcp.get(greetLocal)!.port, undefined, (g) => g.includes('220'));
  t.match(got, /^220 hello from the server/);
});

t.test('a service control declares opaque skips detection on its --tcp-map port', async (t) => {
  const local = await free();
  // Detection would hold a silent client for ten minutes; the hint must make that moot.
  const p = await testProxy(control.grpcTarget, { tcpMap: new Map([[local, 'mysql:3306']]), detectTimeoutMs: 600_000 });
  t.teardown(() => p.close());
  for (let i = 0; i < 2; i++) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no greeting within 10 s'), 10_000)));
    const got = await Promise.race([exchange(p.tcp.get(local)!.port, undefined, (g) => g.includes('220')), late]);
    clearTimeout(timer);
    t.match(got, /^220 hello from the server/, i === 0 ? 'first connection: waits for discovery, not for detection' : 'later connections: the hint is known');
  }
});

t.test('CONNECT on the outbound port tunnels TCP', async (t) => {
  const got = await new Promise<string>((resolve, reject) => {
    const s = net.connect(proxy.outbound.port, '127.0.0.1', () => s.write('CONNECT echo:7 HTTP/1.1\r\nHost: echo:7\r\n\r\n'));
    let buf = '';
    let tunneled = false;
    s.on('data', (d) => {
      buf += d;
      if (!tunneled && buf.includes('\r\n\r\n')) {
        tunneled = true;
        t.match(buf, /^HTTP\/1\.1 200/);
        buf = '';
        s.write('through the tunnel');
      } else if (tunneled && buf === 'through the tunnel') {
        s.end();
        resolve(buf);
      }
    });
    s.on('error', reject);
  });
  t.equal(got, 'through the tunnel');
});

t.test('CONNECT to a refused port answers 502 with weft-error', async (t) => {
  const closed = await free();
  const reply = await new Promise<string>((resolve, reject) => {
    const s = net.connect(proxy.outbound.port, '127.0.0.1', () => s.write(`CONNECT 127.0.0.1:${closed} HTTP/1.1\r\nHost: x\r\n\r\n`));
    let buf = '';
    s.on('data', (d) => (buf += d));
    s.on('close', () => resolve(buf));
    s.on('error', reject);
  });
  t.match(reply, /^HTTP\/1\.1 502/);
  t.match(reply, /weft-error: connect-refused/);
});
