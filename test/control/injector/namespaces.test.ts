// The namespace lookup through the real Kubernetes client against a small API stand-in.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import t from 'tap';
import { namespaceLookup } from '../../../control/injector/namespaces.ts';
import { kubeConfigFor } from '../../support/kubeconfig.ts';

const requests: string[] = [];
const server = http.createServer((req, res) => {
  requests.push(req.url ?? '');
  const m = /^\/api\/v1\/namespaces\/([^/?]+)$/.exec(req.url ?? '');
  res.setHeader('content-type', 'application/json');
  if (m?.[1] === 'demo') {
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo', annotations: { 'weft.dev/inject': 'enabled' } } }));
  } else {
    res.statusCode = 404;
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 }));
  }
});
t.before(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));

function kubeConfig(): KubeConfig {
  return kubeConfigFor(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

t.test("a namespace's annotations, asked for once while cached", async (t) => {
  const lookup = namespaceLookup(kubeConfig(), 60_000);
  t.same(await lookup('demo'), { 'weft.dev/inject': 'enabled' });
  t.same(await lookup('demo'), { 'weft.dev/inject': 'enabled' });
  t.equal(requests.filter((r) => r === '/api/v1/namespaces/demo').length, 1);
});

t.test('a failed lookup rejects and is asked again next time', async (t) => {
  const lookup = namespaceLookup(kubeConfig(), 60_000);
  await t.rejects(lookup('missing'));
  await t.rejects(lookup('missing'));
  t.equal(requests.filter((r) => r === '/api/v1/namespaces/missing').length, 2);
});
