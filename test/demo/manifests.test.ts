import t from 'tap';
import { parseAllDocuments } from 'yaml';
import { meshManifests, splitManifest, weightsFor } from '../../demo/manifests.ts';
import { buildTopology } from '../../demo/topology.ts';

const ports = { app: 8080, inbound: 4143, outbound: 4140, admin: 4191, tcp: 5432 };
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, string> }; endpoints?: { addresses: string[] }[] });

t.test('replicas sit on consecutive loopback addresses', async (t) => {
  const topo = buildTopology('127.0.0.2', ports);
  t.same(topo.replicas.map((r) => `${r.name}@${r.ip}`), ['web-0@127.0.0.2', 'api-v1-0@127.0.0.3', 'api-v1-1@127.0.0.4', 'api-v2-0@127.0.0.5', 'db-0@127.0.0.6', 'load-0@127.0.0.7']);
  t.throws(() => buildTopology('10.0.0.2', ports), { code: 'WEFT_DEMO_USAGE' }, 'only loopback');
  t.throws(() => buildTopology('127.0.0.252', ports), { code: 'WEFT_DEMO_USAGE' }, 'the replicas must fit in the last octet');
});

t.test('every replica but the load generator is a meshed endpoint of its service; killed ones leave', async (t) => {
  const topo = buildTopology('127.0.0.2', ports);
  const all = docs(meshManifests(topo));
  t.same(all.filter((d) => d.kind === 'Service').map((d) => d.metadata.name), ['web', 'api', 'api-v1', 'api-v2', 'db']);
  const pods = all.filter((d) => d.kind === 'Pod');
  t.same(pods.map((p) => p.metadata.name), ['web-0', 'api-v1-0', 'api-v1-1', 'api-v2-0', 'db-0']);
  t.ok(pods.every((p) => p.metadata.annotations?.['weft.dev/inbound-port'] === '4143'), 'meshed: peers use the inbound port');
  const without = docs(meshManifests(topo, new Set(['api-v1-0'])));
  t.same(without.filter((d) => d.kind === 'EndpointSlice').flatMap((d) => d.endpoints!.flatMap((e) => e.addresses)), ['127.0.0.2', '127.0.0.4', '127.0.0.5', '127.0.0.6']);
});

t.test('the split gives the percentage to api-v2', async (t) => {
  const [split] = parseAllDocuments(splitManifest(weightsFor(25))).map((d) => d.toJS() as { spec: unknown });
  t.same(split!.spec, { service: 'api', backends: [{ service: 'api-v1', weight: 75 }, { service: 'api-v2', weight: 25 }] });
});
