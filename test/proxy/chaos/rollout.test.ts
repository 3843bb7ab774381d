import http from 'node:http';
import t from 'tap';
import { request } from 'undici';
import { chaosMesh, sleep } from '../../support/chaos.ts';
import { serviceDocs, writeManifests, type MeshEndpoint } from '../../support/mesh.ts';
import { listenOn, namedServer, type Started } from '../../support/servers.ts';
import { waitFor } from '../../support/wait.ts';

const mesh = await chaosMesh(t);
const live = new Set<Started<http.Server>>();
t.teardown(async () => {
  for (const s of live) await s.close();
});

/** An app shutting down as a pod does: it finishes what it has, then stops listening. */
function gracefulStop(s: Started<http.Server>): Promise<void> {
  live.delete(s);
  // Responses from now on close their connection, so keep-alive clients move on.
  s.server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.setHeader('connection', 'close'));
  return new Promise((resolve) => {
    s.server.close(() => resolve());
    s.server.closeIdleConnections();
  });
}

t.test('a rolling update replacing all three endpoints through control fails no request', async (t) => {
  const auth = 'roll.demo.svc.cluster.local:80';
  const pods: { ip: string; s: Started<http.Server> }[] = [];
  for (const ip of ['127.0.2.1', '127.0.2.2', '127.0.2.3']) {
    const s = await namedServer(`old-${ip}`, ip, 5);
    live.add(s);
    pods.push({ ip, s });
  }
  const write = () => writeManifests(mesh.dir, 'roll.yaml', serviceDocs({ name: 'roll', endpoints: pods.map((p): MeshEndpoint => ({ ip: p.ip, port: p.s.port })) }));
  write();
  await mesh.serves(auth, (b) => b[0]?.endpoints.length === 3);
  const load = mesh.load('roll', { max: 20_000 });
  await waitFor(() => load.sent > 100, 'load before the rollout');
  for (let i = 0; i < 3; i++) {
    const old = pods[i]!;
    const ip = `127.0.2.${4 + i}`;
    const s = await namedServer(`new-${ip}`, ip, 5);
    live.add(s);
    pods[i] = { ip, s };
    if (i === 2) {
      // The last old pod stops before control hears of it: the proxy still sends it
      // requests, its connections are refused, and those are retried elsewhere.
      await gracefulStop(old.s);
      await sleep(100);
    }
    write();
    await mesh.serves(auth, (b) => JSON.stringify(b).includes(ip) && !JSON.stringify(b).includes(`"${old.ip}"`));
    await sleep(100);
    if (i < 2) await gracefulStop(old.s);
  }
  const at = load.sent;
  await waitFor(() => load.sent > at + 100, 'load after the rollout');
  const r = await load.stop();
  t.equal(r.failed, 0, `no request of ${r.sent} failed: ${JSON.stringify(r.outcomes)}`);
  const names = Object.keys(r.outcomes);
  t.ok(names.some((n) => n.startsWith('old-')) && names.some((n) => n.startsWith('new-')), 'served by old, then new pods');
});

t.test('a POST to a stale endpoint that refuses connections is retried transparently', async (t) => {
  const echo = await listenOn(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(Buffer.concat(chunks)));
    }),
    '127.0.2.10',
  );
  live.add(echo);
  const gone = await namedServer('gone', '127.0.2.11');
  const gonePort = gone.port;
  await gone.close();
  writeManifests(mesh.dir, 'stale.yaml', serviceDocs({ name: 'stale', endpoints: [{ ip: '127.0.2.10', port: echo.port }, { ip: '127.0.2.11', port: gonePort }] }));
  await mesh.serves('stale.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 2);
  let ok = 0;
  for (let i = 0; i < 40; i++) {
    const body = `order ${i} `.repeat(100);
    const r = await request(`http://127.0.0.1:${mesh.proxy.outbound.port}/`, { method: 'POST', body, headers: { host: 'stale' }, dispatcher: mesh.agent });
    if (r.statusCode === 200 && (await r.body.text()) === body) ok++;
    else await r.body.dump();
  }
  t.equal(ok, 40, 'every POST reached the live endpoint once, body intact');
});
