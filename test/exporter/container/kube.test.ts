import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import t, { type Test } from 'tap';
import { createLogger } from '../../../lib/log.ts';
import { podsFromList, startPodSource } from '../../../exporter/container/kube.ts';
import { containerLabels } from '../../../exporter/container/labels.ts';
import { containerId, podUid } from '../../support/cgroup-tree.ts';
import { FIXTURES } from '../../support/exporter-fixtures.ts';
import { kubeconfigText } from '../../support/kubeconfig.ts';

// A small API server answering the one call the pod source makes (list pods with a field
// selector); the list/watch fake API server is for informers, which this does not use.

const PODS = fs.readFileSync(path.join(FIXTURES, 'pods.json'), 'utf8');

async function apiServer(t: Test, respond: (url: URL) => [number, string]) {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    const [status, body] = respond(url);
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;
  const kubeconfig = path.join(t.testdir({}), 'kubeconfig');
  fs.writeFileSync(kubeconfig, kubeconfigText(`http://127.0.0.1:${port}`, 'test-token'));
  return { requests, kubeconfig };
}

t.test("lists this node's pods and labels their containers", async (t) => {
  const api = await apiServer(t, () => [200, PODS]);
  const log = createLogger('test', 'silent');
  const src = startPodSource({ kubeconfig: api.kubeconfig, nodeName: 'node-a', refreshMs: 60_000, log });
  t.teardown(() => src.stop());
  await src.refresh();
  t.ok(src.synced());
  const req = api.requests.at(-1);
  t.equal(req?.pathname, '/api/v1/pods');
  t.equal(req?.searchParams.get('fieldSelector'), 'spec.nodeName=node-a');
  const id = `/kubepods/pod${podUid(3)}/${containerId(4)}`;
  t.match(containerLabels(id, src.lookup()), { pod: 'db-0', namespace: 'shop', container: 'postgres', image: 'docker.io/library/postgres:16' });
});

t.test('a failed list keeps the last good metadata', async (t) => {
  let fail = false;
  const api = await apiServer(t, () => (fail ? [500, '{"kind":"Status","code":500}'] : [200, PODS]));
  const lines: string[] = [];
  const log = createLogger('test', 'info', { write: (l: string) => void lines.push(l) });
  const src = startPodSource({ kubeconfig: api.kubeconfig, nodeName: 'node-a', refreshMs: 60_000, log });
  t.teardown(() => src.stop());
  await src.refresh();
  fail = true;
  await src.refresh();
  t.equal(src.lookup().pod(podUid(1))?.name, 'web-7d9f8b6c5-x2x4q');
  t.ok(lines.some((l) => JSON.parse(l).code === 'WEFT_EXPORTER_KUBE_LIST'), 'the failure is logged with its code');
});

t.test('container ids lose their runtime scheme; pods without a UID are skipped', async (t) => {
  const pods = podsFromList({
    items: [
      { metadata: { name: 'a', namespace: 'n', uid: 'u1' }, status: { containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: true, restartCount: 0, containerID: 'cri-o://abc' }] } },
      { metadata: { name: 'no-uid' } },
    ],
  });
  t.same([...pods.keys()], ['u1']);
  t.same(pods.get('u1')?.containers.get('abc'), { name: 'c', image: 'i' });
});
