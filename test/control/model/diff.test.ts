import t from 'tap';
import { applyDelta, diffRoute } from '../../../control/model/diff.ts';
import type { EndpointState, RouteState } from '../../../control/model/route.ts';

const ep = (address: string, extra: Partial<EndpointState> = {}): EndpointState => ({
  address, port: 8080, ready: true, serving: true, terminating: false, zone: '', node: '', pod: '', workload: '', meshed: false, inboundPort: 0, weight: 1, ...extra,
});

const route = (backends: RouteState['backends'], timeout = 0): RouteState => ({
  service: { name: 'api', namespace: 'demo', port: 80, protocol: 'http1', policy: { requestTimeoutMs: timeout, perTryTimeoutMs: 0, retryOn: [], retryNonIdempotent: false } },
  backends,
});

const base = route([
  { name: 'api-v1', namespace: 'demo', weight: 90, endpoints: [ep('10.0.0.1'), ep('10.0.0.2')] },
  { name: 'api-v2', namespace: 'demo', weight: 10, endpoints: [ep('10.0.1.1')] },
]);

t.test('no change, no delta', async (t) => {
  t.equal(diffRoute(base, structuredClone(base)), undefined);
});

t.test('an endpoint added, one going terminating, one removed', async (t) => {
  const next = route([
    { name: 'api-v1', namespace: 'demo', weight: 90, endpoints: [ep('10.0.0.1', { ready: false, terminating: true }), ep('10.0.0.3')] },
    { name: 'api-v2', namespace: 'demo', weight: 10, endpoints: [ep('10.0.1.1')] },
  ]);
  const d = diffRoute(base, next)!;
  t.equal(d.service, undefined, 'service unchanged is not resent');
  t.equal(d.backends.length, 1, 'only the changed backend');
  t.same(d.backends[0]!.deleted, ['10.0.0.2:8080']);
  t.same(d.backends[0]!.upserted.map((e) => [e.address, e.terminating]), [['10.0.0.1', true], ['10.0.0.3', false]]);
  t.same(applyDelta(base, d), next, 'applying the delta reaches the new state');
});

t.test('split weights change and a backend leaves', async (t) => {
  const next = route([{ name: 'api-v1', namespace: 'demo', weight: 50, endpoints: base.backends[0]!.endpoints }], 2000);
  const d = diffRoute(base, next)!;
  t.equal(d.service?.policy.requestTimeoutMs, 2000, 'policy change resends the service');
  t.same(d.backends.map((b) => [b.name, b.weight, b.removed, b.upserted.length]), [['api-v1', 50, false, 0], ['api-v2', 0, true, 0]]);
  t.same(applyDelta(base, d), next);
});

t.test('a new backend arrives with all its endpoints', async (t) => {
  const next = route([...base.backends, { name: 'api-v3', namespace: 'demo', weight: 5, endpoints: [ep('10.0.2.1'), ep('10.0.2.2')] }]);
  const d = diffRoute(base, next)!;
  t.same(d.backends.map((b) => [b.name, b.weight, b.upserted.length]), [['api-v3', 5, 2]]);
  t.same(applyDelta(base, d), next);
});
