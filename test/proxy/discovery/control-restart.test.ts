import t from 'tap';
import { Agent, request } from 'undici';
import { startControl } from '../../../control/run.ts';
import { ManifestsSource } from '../../../control/source/manifests.ts';
import { createLogger } from '../../../lib/log.ts';
import { tempDir } from '../../support/control.ts';
import { serviceDocs, writeManifests } from '../../support/mesh.ts';
import { namedServer } from '../../support/servers.ts';
import { metricValue, testProxy } from '../../support/proxy.ts';
import { waitFor } from '../../support/wait.ts';

const log = createLogger('control', 'silent');
const dir = tempDir(t);
const web = await namedServer('web');
writeManifests(dir, 'web.yaml', serviceDocs({ name: 'web', endpoints: [{ ip: '127.0.0.1', port: web.port }] }));
const start = (port: number) =>
  startControl({
    sources: [new ManifestsSource({ dir, log, pollMs: 200, debounceMs: 20 })],
    grpcAddr: { host: '127.0.0.1', port },
    adminAddr: { host: '127.0.0.1', port: 0 },
    clusterDomain: 'cluster.local',
    batchWindowMs: 10,
    maxQueue: 256,
    log,
  });
let control = await start(0);
const port = control.grpc.address.port;
const proxy = await testProxy(`127.0.0.1:${port}`);
const agent = new Agent({ connections: 4 });
t.teardown(async () => {
  await agent.close();
  await proxy.close();
  await control.close();
  await web.close();
});

t.test('a control restart keeps traffic flowing, and the proxy resubscribes', async (t) => {
  let failed = 0;
  let sent = 0;
  let stop = false;
  // Steady traffic for the whole restart, bounded in count.
  const load = (async () => {
    while (!stop && sent < 5_000) {
      sent++;
      const r = await request(`http://127.0.0.1:${proxy.outbound.port}/`, { headers: { host: 'web' }, dispatcher: agent }).catch(() => undefined);
      if (r?.statusCode !== 200) failed++;
      await r?.body.dump();
    }
  })();
  await waitFor(() => sent > 20, 'first requests');
  await control.close();
  const whileDown = sent;
  await waitFor(() => sent > whileDown + 50, 'requests while control is down');
  control = await start(port);
  await waitFor(async () => (await metricValue(proxy.registry, 'weft_discovery_streams', { state: 'connected' })) === 1, 'the Watch to reconnect', 15_000, 100);
  const afterRestart = sent;
  await waitFor(() => sent > afterRestart + 20, 'requests after the restart');
  stop = true;
  await load;
  t.equal(failed, 0, `no request of ${sent} failed`);
});
