import t from 'tap';
import { ClusterStore } from '../../../control/model/store.ts';
import { resolve } from '../../../control/model/routing.ts';
import type { EndpointSliceObject, PodObject, ServiceObject, TrafficSplitObject } from '../../../control/model/objects.ts';

const svc = (name: string, ips: string[] = []): ServiceObject => ({ kind: 'Service', namespace: 'ns', name, clusterIPs: ips, annotations: {}, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] });
const slice = (name: string, service: string, addresses: string[], pod?: string): EndpointSliceObject => ({
  kind: 'EndpointSlice', namespace: 'ns', name, service, addressType: addresses[0]?.includes(':') ? 'IPv6' : 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
  endpoints: addresses.map((a) => ({ addresses: [a], ready: true, serving: true, terminating: false, ...(pod ? { pod: { namespace: 'ns', name: pod } } : {}) })),
});
const pod = (name: string, inboundPort?: number): PodObject => ({ kind: 'Pod', namespace: 'ns', name, workload: 'w', meshed: inboundPort !== undefined, ...(inboundPort ? { inboundPort } : {}), podIPs: [] });
const target = (name: string) => ({ by: 'name' as const, namespace: 'ns', name, port: 80 });

t.test('a pod change re-resolves the services whose slices name it (dual stack too)', async (t) => {
  const store = new ClusterStore();
  store.replace('a', [svc('web'), slice('web-v4', 'web', ['10.0.0.1'], 'p1'), slice('web-v6', 'web', ['fd00::1'], 'p1')], new Set());
  const affected = new Set<string>();
  store.upsert('a', pod('p1', 4143), affected);
  t.same([...affected], ['ns/web']);
  t.same(resolve(store, target('web')).route!.backends[0]!.endpoints.map((e) => [e.address, e.meshed, e.inboundPort]), [['10.0.0.1', true, 4143], ['fd00::1', true, 4143]]);

  // One of the two slices goes: the pod still belongs to the service.
  store.remove('a', 'EndpointSlice', 'ns', 'web-v6', new Set());
  const again = new Set<string>();
  store.upsert('a', pod('p1'), again);
  t.same([...again], ['ns/web'], 'still a dependent after one slice left');
});

t.test('a backend change re-resolves the apex of its split', async (t) => {
  const store = new ClusterStore();
  const split: TrafficSplitObject = { kind: 'TrafficSplit', namespace: 'ns', name: 's', service: 'api', backends: [{ service: 'api-v1', namespace: 'ns', weight: 1 }] };
  store.replace('a', [svc('api'), svc('api-v1'), split], new Set());
  const affected = new Set<string>();
  store.upsert('a', slice('api-v1-x', 'api-v1', ['10.1.0.1']), affected);
  t.same([...affected].sort(), ['ns/api', 'ns/api-v1']);
});

t.test('the same object from two origins: the first holds, the second takes over when it goes', async (t) => {
  const store = new ClusterStore();
  store.upsert('file-a', svc('web', ['10.96.0.1']), new Set());
  store.upsert('file-b', svc('web', ['10.96.0.2']), new Set());
  t.equal(store.serviceByIP('10.96.0.1')?.name, 'web');
  t.equal(store.serviceByIP('10.96.0.2'), undefined);
  store.replace('file-a', [], new Set());
  t.equal(store.serviceByIP('10.96.0.1'), undefined);
  t.equal(store.serviceByIP('10.96.0.2')?.name, 'web');
  t.same(store.countByKind(), { Service: 1, EndpointSlice: 0, Pod: 0, TrafficSplit: 0, HTTPRoute: 0 });
});
