import t from 'tap';
import { fromWire } from '../../../proxy/discovery/convert.ts';

const endpoint = { address: '10.0.0.1', port: 8080, ready: true, serving: true, terminating: false, zone: '', node: '', pod: 'p', workload: 'web', meshed: false, inboundPort: 0, weight: 0 };
const service = { name: 'web', namespace: 'demo', port: 80, protocol: 'PROTOCOL_HTTP2' as const, policy: null };

t.test('a snapshot becomes a reset; meshed endpoints are reached at their inbound port', async (t) => {
  const u = fromWire({ kind: 'snapshot', snapshot: { service, backends: [{ name: 'web', namespace: 'demo', weight: 1, endpoints: [endpoint, { ...endpoint, address: '10.0.0.2', meshed: true, inboundPort: 4143, weight: 3 }] }] } });
  t.equal(u?.kind, 'reset');
  if (u?.kind !== 'reset') return;
  t.equal(u.service.protocol, 'http2');
  t.same(u.backends[0]!.endpoints.map((e) => [e.key, e.host, e.port, e.weight]), [
    ['10.0.0.1:8080', '10.0.0.1', 8080, 1],
    ['10.0.0.2:8080', '10.0.0.2', 4143, 3],
  ]);
});

t.test('deltas and no-such-service convert; an empty message is ignored', async (t) => {
  const d = fromWire({ kind: 'delta', delta: { service: null, backends: [{ name: 'web', namespace: 'demo', weight: 2, removed: false, upserted: [endpoint], deleted: ['[fe80::1]:80'] }] } });
  t.same(d, { kind: 'delta', service: undefined, backends: [{ name: 'web', namespace: 'demo', weight: 2, removed: false, upserted: [{ key: '10.0.0.1:8080', host: '10.0.0.1', port: 8080, ready: true, terminating: false, workload: 'web', meshed: false, weight: 1 }], deleted: ['[fe80::1]:80'] }] });
  t.same(fromWire({ kind: 'noSuchService', noSuchService: { reason: 'gone' } }), { kind: 'does-not-exist', reason: 'gone' });
  t.equal(fromWire({}), undefined);
});
