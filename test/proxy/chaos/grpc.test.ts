import t from 'tap';
import { chaosMesh, successRate } from '../../support/chaos.ts';
import { GrpcLoad, grpcServer } from '../../support/grpc.ts';
import { serviceDocs, writeManifests } from '../../support/mesh.ts';
import { metricValue } from '../../support/proxy.ts';
import { waitFor } from '../../support/wait.ts';

// The gRPC twin of endpoints.test.ts's first case: gRPC calls are POST, so the route opts
// in to retries with weft.dev/retry-on (as Linkerd's and Istio's users do for gRPC).
const mesh = await chaosMesh(t);

t.test('one of three gRPC endpoints killed mid-load: ≥ 99.9% of calls succeed after retries', async (t) => {
  const ips = ['127.0.3.1', '127.0.3.2', '127.0.3.3'];
  const servers = [await grpcServer('a', 'ok', ips[0]), await grpcServer('b', 'ok', ips[1]), await grpcServer('c', 'ok', ips[2])];
  t.teardown(async () => {
    for (const s of servers) await s.close();
  });
  const endpoints = servers.map((s, i) => ({ ip: ips[i]!, port: s.port }));
  writeManifests(mesh.dir, 'rpckill.yaml', serviceDocs({ name: 'rpckill', appProtocol: 'kubernetes.io/h2c', annotations: { 'weft.dev/retry-on': 'unavailable,gateway-error' }, endpoints }));
  await mesh.serves('rpckill.demo.svc.cluster.local:80', (b) => b[0]?.endpoints.length === 3);
  const load = new GrpcLoad(mesh.proxy.outbound.port, 'rpckill.demo.svc.cluster.local', { max: 3_000 });
  t.teardown(() => load.stop());
  await waitFor(() => load.sent > 300, 'load before the kill');
  // Killed, not drained: in-flight calls are reset and new connections refused.
  await servers[2]!.close();
  const at = load.sent;
  await waitFor(() => load.sent > at + 1_000, 'load after the kill', 20_000);
  const r = await load.stop();
  t.ok(successRate(r) >= 0.999, `success ${(successRate(r) * 100).toFixed(2)}% of ${r.sent}: ${JSON.stringify(r.outcomes)}`);
  t.ok(r.outcomes.c, 'the killed endpoint served calls before');
  t.ok((await metricValue(mesh.proxy.registry, 'weft_retries_total', { dst_service: 'rpckill' })) > 0, 'retries did the work');
});
