import t from 'tap';
import { spawnWeft } from '../support/spawn.ts';
import { destinationClient, summary, watch } from '../support/destination-client.ts';
import { waitFor } from '../support/wait.ts';

type Serving = { grpc: { port: number }; admin: { port: number } };

t.test('weft control serves examples/, its metrics, and stops on SIGTERM', async (t) => {
  const p = spawnWeft(t, ['control', '--manifests', 'examples/', '--grpc-addr', '127.0.0.1:0', '--admin-addr', '127.0.0.1:0']);
  const serving = (await waitFor(() => p.logs().find((l) => l.msg === 'control plane serving'), 'control to start', 20_000)) as unknown as Serving;
  const admin = `http://127.0.0.1:${serving.admin.port}`;
  t.equal((await fetch(`${admin}/live`)).status, 200);
  t.equal((await fetch(`${admin}/ready`)).status, 200);

  const client = destinationClient(`127.0.0.1:${serving.grpc.port}`);
  const w = watch(client, 'api.demo.svc.cluster.local:80');
  await waitFor(() => w.state, 'the api snapshot');
  t.same(summary(w.state), { 'api-v1:90': ['127.0.0.3:8080', '127.0.0.4:8080'], 'api-v2:10': ['127.0.0.5:8080'] });

  const metrics = await (await fetch(`${admin}/metrics`)).text();
  t.match(metrics, /weft_control_proxies_connected 1/);
  t.match(metrics, /weft_control_watch_events_total\{kind="Service"\} 4/);
  t.match(metrics, /process_resident_memory_bytes/);

  w.close();
  client.close();
  p.child.kill('SIGTERM');
  t.same(await p.exited, { code: 0, signal: null });
  t.ok(p.logs().some((l) => l.msg === 'shutdown complete'));
  for (const l of p.logs()) t.match(l, { level: String, time: String, component: 'control', msg: String }, 'every log line is structured');
});

t.test('flags come from the environment too; a taken port is a clear error', async (t) => {
  const first = spawnWeft(t, ['control'], { WEFT_MANIFESTS: 'examples/', WEFT_GRPC_ADDR: '127.0.0.1:0', WEFT_ADMIN_ADDR: '127.0.0.1:0' });
  const serving = (await waitFor(() => first.logs().find((l) => l.msg === 'control plane serving'), 'control to start', 20_000)) as unknown as Serving;
  const second = spawnWeft(t, ['control', '--manifests', 'examples/', '--grpc-addr', `127.0.0.1:${serving.grpc.port}`, '--admin-addr', '127.0.0.1:0']);
  const { code } = await second.exited;
  t.equal(code, 2);
  t.match(second.stderr(), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${serving.grpc.port}.*\\[WEFT_GRPC_LISTEN\\]`));
  first.child.kill('SIGTERM');
  t.equal((await first.exited).code, 0);
});
