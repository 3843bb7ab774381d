import net from 'node:net';
import t from 'tap';
import { Agent, request } from 'undici';
import { startControl } from '../../../control/run.ts';
import { ManifestsSource } from '../../../control/source/manifests.ts';
import { createLogger } from '../../../lib/log.ts';
import { Load } from '../../support/chaos.ts';
import { startTestControl, tempDir } from '../../support/control.ts';
import { serviceDocs, writeManifests } from '../../support/mesh.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';
import { namedServer } from '../../support/servers.ts';
import { spawnWeft } from '../../support/spawn-weft.ts';
import { waitFor } from '../../support/wait.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

t.test('proxy SIGTERM under load: every in-flight request completes', async (t) => {
  const dir = tempDir(t);
  const web = await namedServer('web', '127.0.3.1', 150);
  t.teardown(() => web.close());
  writeManifests(dir, 'web.yaml', serviceDocs({ name: 'web', endpoints: [{ ip: '127.0.3.1', port: web.port }] }));
  const control = await startTestControl(t, dir);
  const proxy = await testProxy(control.grpcTarget);
  const agent = new Agent({ connections: 16 });
  t.teardown(() => agent.close());
  const load = new Load(proxy.outbound.port, 'web', { agent, concurrency: 8, max: 2_000 });
  await waitFor(() => load.result.outcomes.web! > 20, 'steady load');
  // Requests already sent when the proxy is told to stop.
  const inflight = Array.from({ length: 10 }, () => request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'web' }, dispatcher: agent }).then((r) => r.body.text()));
  await new Promise((r) => setTimeout(r, 50));
  const closing = proxy.close();
  const stopped = load.stop();
  t.same(await Promise.all(inflight), Array(10).fill('web'), 'the in-flight requests were answered');
  const r = await stopped;
  await closing;
  t.notOk(Object.keys(r.outcomes).some((k) => k.startsWith('status')), `no request got an error response: ${JSON.stringify(r.outcomes)}`);
  t.equal(r.failed, 0, 'the app kept calling out while it still had connections open');
});

t.test('control killed and restarted under load: zero failed requests', async (t) => {
  const log = createLogger('control', 'silent');
  const dir = tempDir(t);
  const web = await namedServer('web', '127.0.3.2');
  t.teardown(() => web.close());
  writeManifests(dir, 'web.yaml', serviceDocs({ name: 'web', endpoints: [{ ip: '127.0.3.2', port: web.port }] }));
  const start = (port: number) =>
    startControl({ sources: [new ManifestsSource({ dir, log, pollMs: 200, debounceMs: 20 })], grpcAddr: { host: '127.0.0.1', port }, adminAddr: { host: '127.0.0.1', port: 0 }, clusterDomain: 'cluster.local', batchWindowMs: 10, maxQueue: 256, log });
  let control = await start(0);
  const port = control.grpc.address.port;
  const proxy = await testProxy(`127.0.0.1:${port}`);
  const agent = new Agent({ connections: 8 });
  t.teardown(async () => {
    await agent.close();
    await proxy.close();
    await control.close();
  });
  const load = new Load(proxy.outbound.port, 'web', { agent, max: 5_000 });
  await waitFor(() => load.sent > 50, 'load before the kill');
  await control.close();
  const down = load.sent;
  await waitFor(() => load.sent > down + 200, 'load while control is down');
  control = await start(port);
  await waitFor(async () => (await metricValue(proxy.registry, 'weft_discovery_streams', { state: 'connected' })) === 1, 'the Watch to reconnect', 15_000, 100);
  const up = load.sent;
  await waitFor(() => load.sent > up + 50, 'load after the restart');
  const r = await load.stop();
  t.equal(r.failed, 0, `no request of ${r.sent} failed`);
});

t.test('weft await around a command that exits 3: the proxy stops and await exits 3', async (t) => {
  const dir = tempDir(t);
  const control = await startTestControl(t, dir);
  const admin = await freePort();
  const proxy = spawnWeft(t, ['proxy', '--control', control.grpcTarget, '--outbound-addr', '127.0.0.1:0', '--inbound-addr', '127.0.0.1:0', '--admin-addr', `127.0.0.1:${admin}`, '--log-level', 'error']);
  const job = spawnWeft(t, ['await', '--admin-addr', `127.0.0.1:${admin}`, '--timeout', '20s', '--', process.execPath, '-e', 'process.exit(3)']);
  t.equal(await job.exited, 3, "await exits with the command's status");
  t.equal(await proxy.exited, 0, 'the proxy shut down cleanly');
});

t.test('weft await without a command, or with no proxy: clear errors', async (t) => {
  const none = spawnWeft(t, ['await']);
  t.equal(await none.exited, 2);
  t.match(none.stderr(), /WEFT_AWAIT_NO_COMMAND/);
  const port = await freePort();
  const lonely = spawnWeft(t, ['await', '--admin-addr', `127.0.0.1:${port}`, '--timeout', '300ms', '--', process.execPath, '-e', '']);
  t.equal(await lonely.exited, 2);
  t.match(lonely.stderr(), /WEFT_AWAIT_PROXY_NOT_READY/);
});
