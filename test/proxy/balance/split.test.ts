import t from 'tap';
import { EndpointLoad } from '../../../proxy/balance/load.ts';
import { ServiceRouter, type RoutedEndpoint } from '../../../proxy/balance/split.ts';
import type { EndpointInfo, ServiceInfo } from '../../../proxy/discovery/types.ts';

const svc: ServiceInfo = { name: 'api', namespace: 'demo', port: 80, protocol: 'detect', policy: { requestTimeoutMs: 0, perTryTimeoutMs: 0, retryOn: [], retryNonIdempotent: false } };
const info = (ip: string, extra: Partial<EndpointInfo> = {}): EndpointInfo => ({ key: `${ip}:80`, host: ip, port: 80, ready: true, terminating: false, workload: '', meshed: false, weight: 1, ...extra });

function setup() {
  const created: string[] = [];
  const drained: string[] = [];
  const counts: unknown[] = [];
  const router = new ServiceRouter<RoutedEndpoint & { backend: string }>(
    {
      create: (i, b) => {
        created.push(i.key);
        return { info: i, key: i.key, get weight() { return this.info.weight; }, load: new EndpointLoad(), backend: b.name };
      },
      drain: (e) => drained.push(e.key),
    },
    'round-robin',
    (c) => counts.push(c),
  );
  return { router, created, drained, counts };
}

t.test('reset, delta and does-not-exist apply in order; removed endpoints are drained', async (t) => {
  const { router, created, drained } = setup();
  t.equal(router.exists, undefined, 'pending before the first update');
  router.apply({ kind: 'reset', service: svc, backends: [{ name: 'v1', namespace: 'demo', weight: 1, endpoints: [info('10.0.0.1'), info('10.0.0.2')] }] });
  t.equal(router.exists, true);
  const picked = new Set([router.pick()!.key, router.pick()!.key]);
  t.same([...picked].sort(), ['10.0.0.1:80', '10.0.0.2:80']);

  router.apply({ kind: 'delta', backends: [{ name: 'v1', namespace: 'demo', weight: 1, removed: false, upserted: [info('10.0.0.3')], deleted: ['10.0.0.1:80'] }] });
  t.same(drained, ['10.0.0.1:80'], 'the deleted endpoint is drained');
  for (let i = 0; i < 10; i++) t.not(router.pick()!.key, '10.0.0.1:80');

  // Same address and port, now terminating: kept (not re-created), but gets no new picks.
  router.apply({ kind: 'delta', backends: [{ name: 'v1', namespace: 'demo', weight: 1, removed: false, upserted: [info('10.0.0.2', { terminating: true })], deleted: [] }] });
  t.equal(created.filter((k) => k === '10.0.0.2:80').length, 1, 'an updated endpoint keeps its pool');
  for (let i = 0; i < 10; i++) t.equal(router.pick()!.key, '10.0.0.3:80');

  router.apply({ kind: 'does-not-exist', reason: 'deleted' });
  t.equal(router.exists, false);
  t.equal(router.pick(), undefined);
  t.same(drained.sort(), ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80']);
});

t.test('a split picks backends by weight, and a backend without endpoints falls back to another', async (t) => {
  const { router } = setup();
  router.apply({ kind: 'reset', service: svc, backends: [
    { name: 'v1', namespace: 'demo', weight: 3, endpoints: [info('10.0.1.1')] },
    { name: 'v2', namespace: 'demo', weight: 1, endpoints: [info('10.0.2.1')] },
  ] });
  let v2 = 0;
  for (let i = 0; i < 4000; i++) if (router.pick()!.backend === 'v2') v2++;
  t.ok(v2 > 800 && v2 < 1200, `v2 got ${v2} of 4000 (25%)`);

  router.apply({ kind: 'delta', backends: [{ name: 'v2', namespace: 'demo', weight: 1, removed: false, upserted: [], deleted: ['10.0.2.1:80'] }] });
  for (let i = 0; i < 20; i++) t.equal(router.pick()!.backend, 'v1', 'no request fails for an empty backend');

  router.apply({ kind: 'delta', backends: [{ name: 'v1', namespace: 'demo', weight: 0, removed: true, upserted: [], deleted: [] }] });
  t.equal(router.pick(), undefined, 'no backend with endpoints left');
});
