import t, { type Test } from 'tap';
import { durationMs, normalize } from '../../../control/source/normalize.ts';
import { WeftError } from '../../../lib/errors.ts';

function rejects(t: Test, raw: Record<string, unknown>, code: string, field: string | RegExp) {
  try {
    normalize(raw);
    t.fail('accepted invalid object');
  } catch (err) {
    t.type(err, WeftError);
    t.equal((err as WeftError).code, code);
    t.match((err as WeftError).details.field, field);
    t.match((err as WeftError).message, typeof field === 'string' ? field : /./, 'message names the field');
  }
}

const slice = (extra: Record<string, unknown>) => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 's', namespace: 'n', labels: { 'kubernetes.io/service-name': 'svc' } }, addressType: 'IPv4', ...extra,
});

t.test('kinds weft does not read are skipped', async (t) => {
  t.equal(normalize({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }), undefined);
});

t.test('unknown apiVersion of a known kind', async (t) => {
  rejects(t, { apiVersion: 'split.smi-spec.io/v9', kind: 'TrafficSplit', metadata: { name: 'x' }, spec: {} }, 'WEFT_UNSUPPORTED_API_VERSION', 'apiVersion');
});

t.test('negative split weight', async (t) => {
  rejects(t, { apiVersion: 'split.smi-spec.io/v1alpha2', kind: 'TrafficSplit', metadata: { name: 'x' }, spec: { service: 'a', backends: [{ service: 'b', weight: -1 }] } }, 'WEFT_INVALID_OBJECT', 'spec.backends.0.weight');
});

t.test('EndpointSlice with endpoints but no ports', async (t) => {
  rejects(t, slice({ endpoints: [{ addresses: ['10.0.0.1'] }] }), 'WEFT_INVALID_OBJECT', 'ports');
});

t.test('EndpointSlice without its service label', async (t) => {
  rejects(t, { ...slice({}), metadata: { name: 's' } }, 'WEFT_INVALID_OBJECT', /service-name/);
});

t.test('Service port out of range', async (t) => {
  rejects(t, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' }, spec: { ports: [{ port: 70000 }] } }, 'WEFT_INVALID_OBJECT', 'spec.ports.0.port');
});

t.test('HTTPRoute with a bad timeout', async (t) => {
  rejects(t, { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { parentRefs: [{ kind: 'Service', name: 'a' }], rules: [{ timeouts: { request: 'soon' } }] } }, 'WEFT_INVALID_OBJECT', 'spec.rules.0.timeouts.request');
});

t.test('a meshed pod with a malformed inbound port', async (t) => {
  rejects(t, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { 'weft.dev/inbound-port': 'abc' } } }, 'WEFT_INVALID_OBJECT', /inbound-port/);
});

t.test('the error names the object', async (t) => {
  try {
    normalize({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 0 }] } });
  } catch (err) {
    t.match((err as Error).message, /^shop\/web: Service: spec\.ports\.0\.port/);
    t.match((err as WeftError).details, { kind: 'Service', namespace: 'shop', name: 'web' });
  }
});

t.test('EndpointSlice conditions default as the API documents', async (t) => {
  const s = normalize(slice({ ports: [{ name: 'http', port: 80 }], endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'], conditions: { ready: false } }] }));
  t.match(s, { kind: 'EndpointSlice', service: 'svc', endpoints: [{ ready: true, serving: true, terminating: false }, { ready: false, serving: false }] });
});

t.test('workload of a pod', async (t) => {
  const pod = (owner?: { kind: string; name: string }, hash?: string) =>
    normalize({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p-1', labels: hash ? { 'pod-template-hash': hash } : {}, ownerReferences: owner ? [{ ...owner, controller: true }] : [] } });
  t.match(pod({ kind: 'ReplicaSet', name: 'web-5d8f7c9b6d' }, '5d8f7c9b6d'), { workload: 'web' });
  t.match(pod({ kind: 'StatefulSet', name: 'db' }), { workload: 'db' });
  t.match(pod(), { workload: 'p-1' });
});

t.test('Gateway API durations', async (t) => {
  t.equal(durationMs('1h30m'), 5_400_000);
  t.equal(durationMs('500ms'), 500);
  t.equal(durationMs('10s'), 10_000);
});

t.test('an HTTPRoute attached only to a Gateway is not an error', async (t) => {
  const r = normalize({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'web' }, spec: { parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge' }], rules: [{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b' }] }] } });
  t.match(r, { kind: 'HTTPRoute', parents: [], backends: [] });
});
