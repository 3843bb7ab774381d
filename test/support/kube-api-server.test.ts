// The test API server's protocol, checked with a plain HTTP client: what the Kubernetes
// client library (and every other test that uses this server) relies on.
import t from 'tap';
import { DEFAULT_RESOURCES, KubeApiServer } from './kube-api-server.ts';
import { waitFor } from './wait.ts';

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; metadata?: { name?: string; resourceVersion?: string } };
}

interface OpenWatch {
  status: number;
  events: WatchEvent[];
  ended: () => boolean;
  failed: () => boolean;
  close: () => void;
}

async function openWatch(url: string): Promise<OpenWatch> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal });
  const events: WatchEvent[] = [];
  let ended = false;
  let failed = false;
  if (res.status === 200 && res.body) {
    const decoder = new TextDecoder();
    let buffered = '';
    void (async () => {
      try {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          buffered += decoder.decode(chunk, { stream: true });
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buffered.slice(0, nl)) as WatchEvent);
            buffered = buffered.slice(nl + 1);
          }
        }
      } catch {
        failed = true;
      }
      ended = true;
    })();
  } else {
    ended = true;
  }
  return { status: res.status, events, ended: () => ended, failed: () => failed && !abort.signal.aborted, close: () => abort.abort() };
}

function svc(name: string, namespace = 'default', labels: Record<string, string> = {}): Record<string, unknown> {
  return { metadata: { name, namespace, labels }, spec: { ports: [{ port: 80 }] } };
}

async function setup(t: { teardown: (fn: () => unknown) => void }): Promise<{ server: KubeApiServer; url: string }> {
  const server = new KubeApiServer();
  const { url } = await server.start();
  t.teardown(() => server.close());
  return { server, url };
}

t.test('list: kind, resourceVersion, namespaces, items without TypeMeta for built-ins', async (t) => {
  const { server, url } = await setup(t);
  server.upsert('services', svc('a', 'ns1'));
  server.upsert('services', svc('b', 'ns2'));
  server.upsert('trafficsplits', { metadata: { name: 's', namespace: 'ns1' }, spec: { service: 'a', backends: [] } });
  const all = (await (await fetch(`${url}/api/v1/services`)).json()) as { kind: string; metadata: { resourceVersion: string }; items: { kind?: string; metadata: { name: string } }[] };
  t.equal(all.kind, 'ServiceList');
  t.equal(all.metadata.resourceVersion, server.resourceVersion);
  t.same(all.items.map((i) => i.metadata.name).sort(), ['a', 'b']);
  t.equal(all.items[0]?.kind, undefined, 'built-in list items carry no kind');
  const ns1 = (await (await fetch(`${url}/api/v1/namespaces/ns1/services`)).json()) as { items: { metadata: { name: string } }[] };
  t.same(ns1.items.map((i) => i.metadata.name), ['a']);
  const splits = (await (await fetch(`${url}/apis/split.smi-spec.io/v1alpha2/trafficsplits`)).json()) as { kind: string; items: { kind?: string }[] };
  t.equal(splits.kind, 'TrafficSplitList');
  t.equal(splits.items[0]?.kind, 'TrafficSplit', 'custom resources keep their kind in lists');
  t.equal((await fetch(`${url}/apis/nothing.example/v1/things`)).status, 404);
});

t.test('list pages with limit and continue from one consistent snapshot', async (t) => {
  const { server, url } = await setup(t);
  for (let i = 0; i < 5; i++) server.upsert('services', svc(`s${i}`));
  const first = (await (await fetch(`${url}/api/v1/services?limit=2`)).json()) as { metadata: { continue?: string; resourceVersion: string }; items: unknown[] };
  t.equal(first.items.length, 2);
  t.ok(first.metadata.continue);
  server.upsert('services', svc('late'));
  const names: unknown[] = [...first.items];
  let token = first.metadata.continue;
  for (let i = 0; token && i < 10; i++) {
    const page = (await (await fetch(`${url}/api/v1/services?limit=2&continue=${encodeURIComponent(token)}`)).json()) as { metadata: { continue?: string; resourceVersion: string }; items: unknown[] };
    t.equal(page.metadata.resourceVersion, first.metadata.resourceVersion);
    names.push(...page.items);
    token = page.metadata.continue;
  }
  t.equal(names.length, 5, 'an object created during paging is not in the snapshot');
  t.equal((await fetch(`${url}/api/v1/services?limit=2&continue=nope:2`)).status, 410);
});

t.test('label and field selectors on list and watch', async (t) => {
  const { server, url } = await setup(t);
  server.upsert('services', svc('a', 'default', { app: 'web', tier: 'front' }));
  server.upsert('services', svc('b', 'default', { app: 'db' }));
  server.upsert('pods', { metadata: { name: 'p1', namespace: 'default' }, spec: { nodeName: 'n1' } });
  server.upsert('pods', { metadata: { name: 'p2', namespace: 'default' }, spec: { nodeName: 'n2' } });
  const names = async (path: string): Promise<string[]> =>
    ((await (await fetch(`${url}${path}`)).json()) as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name).sort();
  t.same(await names('/api/v1/services?labelSelector=app%3Dweb'), ['a']);
  t.same(await names('/api/v1/services?labelSelector=app!%3Dweb'), ['b']);
  t.same(await names('/api/v1/services?labelSelector=app%20in%20(web,db),!tier'), ['b']);
  t.same(await names('/api/v1/services?fieldSelector=metadata.name%3Db'), ['b']);
  t.same(await names('/api/v1/services?fieldSelector=metadata.namespace%3Dother'), []);
  t.same(await names('/api/v1/pods?fieldSelector=spec.nodeName%3Dn2'), ['p2']);
  t.equal((await fetch(`${url}/api/v1/services?labelSelector=%3D%3D%3D`)).status, 400, 'a bad selector is a 400');

  const w = await openWatch(`${url}/api/v1/pods?watch=true&resourceVersion=${server.resourceVersion}&fieldSelector=spec.nodeName%3Dn1`);
  t.teardown(w.close);
  server.upsert('pods', { metadata: { name: 'p3', namespace: 'default' }, spec: { nodeName: 'n2' } });
  server.upsert('pods', { metadata: { name: 'p2', namespace: 'default' }, spec: { nodeName: 'n1' } });
  server.upsert('pods', { metadata: { name: 'p1', namespace: 'default' }, spec: { nodeName: 'n3' } });
  await waitFor(() => w.events.length >= 2, 'two events');
  t.same(
    w.events.map((e) => `${e.type} ${e.object.metadata?.name}`),
    ['ADDED p2', 'DELETED p1'],
    'objects entering and leaving the selector are ADDED and DELETED',
  );
});

t.test('watch streams ADDED, MODIFIED, DELETED as JSON lines from a resourceVersion', async (t) => {
  const { server, url } = await setup(t);
  server.upsert('services', svc('before'));
  const from = server.resourceVersion;
  server.upsert('services', svc('a'));
  const w = await openWatch(`${url}/api/v1/namespaces/default/services?watch=true&resourceVersion=${from}`);
  t.teardown(w.close);
  t.equal(w.status, 200);
  server.upsert('services', svc('a', 'default', { changed: 'yes' }));
  server.upsert('services', svc('elsewhere', 'other'));
  server.remove('services', 'default', 'a');
  await waitFor(() => w.events.length >= 3, 'three events');
  t.same(
    w.events.map((e) => `${e.type} ${e.object.metadata?.name}`),
    ['ADDED a', 'MODIFIED a', 'DELETED a'],
    'history after the resourceVersion is replayed, then live events; other namespaces are filtered out',
  );
  t.equal(w.events[0]?.object.kind, 'Service', 'watch objects carry their kind');
  const rvs = w.events.map((e) => Number(e.object.metadata?.resourceVersion));
  t.ok(rvs.every((rv, i) => i === 0 || rv > (rvs[i - 1] ?? 0)), 'resourceVersions increase');
});

t.test('watch without a resourceVersion starts with the current state', async (t) => {
  const { server, url } = await setup(t);
  server.upsert('services', svc('a'));
  server.upsert('services', svc('b'));
  const w = await openWatch(`${url}/api/v1/services?watch=true`);
  t.teardown(w.close);
  await waitFor(() => w.events.length >= 2, 'the current state');
  t.same(w.events.map((e) => e.type), ['ADDED', 'ADDED']);
});

t.test('BOOKMARK events carry the newest resourceVersion, and only when asked for', async (t) => {
  const { server, url } = await setup(t);
  server.upsert('services', svc('a'));
  const withBookmarks = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}&allowWatchBookmarks=true`);
  const without = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}`);
  t.teardown(withBookmarks.close);
  t.teardown(without.close);
  server.upsert('pods', { metadata: { name: 'p' } });
  server.sendBookmarks();
  server.upsert('services', svc('b'));
  await waitFor(() => without.events.length >= 1 && withBookmarks.events.length >= 2, 'events on both watches');
  t.same(withBookmarks.events[0], { type: 'BOOKMARK', object: { kind: 'Service', apiVersion: 'v1', metadata: { resourceVersion: String(Number(server.resourceVersion) - 1) } } });
  t.same(without.events.map((e) => e.type), ['ADDED']);
});

t.test('410 Gone after compaction: as an ERROR event, or as HTTP 410', async (t) => {
  const { server, url } = await setup(t);
  server.upsert('services', svc('a'));
  const old = server.resourceVersion;
  server.compact('event');
  const w = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${old}`);
  await waitFor(() => w.ended(), 'the watch to end');
  t.equal(w.status, 200);
  t.equal(w.events[0]?.type, 'ERROR');
  t.equal(w.events[0]?.object.code, 410);
  server.compact('http');
  const h = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${old}`);
  t.equal(h.status, 410);
  const fresh = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}`);
  t.teardown(fresh.close);
  t.equal(fresh.status, 200, 'a current resourceVersion still watches');

  const open = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}`);
  server.expireWatches();
  await waitFor(() => open.ended(), 'the expired watch to end');
  t.equal(open.events.at(-1)?.object.code, 410, 'an open watch can be expired with an ERROR 410');
});

t.test('server-side timeout ends the watch cleanly, with a last bookmark', async (t) => {
  const { server, url } = await setup(t);
  const w = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}&timeoutSeconds=1&allowWatchBookmarks=true`);
  await waitFor(() => w.ended(), 'the server to close the watch');
  t.notOk(w.failed(), 'a clean end, not an error');
  t.equal(w.events.at(-1)?.type, 'BOOKMARK');
});

t.test('hooks: dropped watches fail mid-stream, stalled watches go silent, forbid and hide', async (t) => {
  const { server, url } = await setup(t);
  const dropped = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}`);
  await waitFor(() => server.watchCount === 1, 'the watch to be open');
  server.dropWatches();
  await waitFor(() => dropped.ended(), 'the dropped watch to end');
  t.ok(dropped.failed(), 'the client sees a broken stream');

  const stalled = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}`);
  t.teardown(stalled.close);
  await waitFor(() => server.watchCount === 1, 'the watch to be open');
  server.stallWatches();
  server.upsert('services', svc('unseen'));
  const live = await openWatch(`${url}/api/v1/services?watch=true&resourceVersion=${server.resourceVersion}`);
  t.teardown(live.close);
  server.upsert('services', svc('seen'));
  await waitFor(() => live.events.length === 1, 'the event on the live watch');
  t.equal(stalled.events.length, 0, 'a stalled watch delivers nothing');
  t.notOk(stalled.ended(), 'and stays open');

  server.forbid('pods');
  const forbidden = await fetch(`${url}/api/v1/pods`);
  t.equal(forbidden.status, 403);
  t.match(await forbidden.json(), { kind: 'Status', code: 403, reason: 'Forbidden' });
  t.equal((await fetch(`${url}/api/v1/pods?watch=true`)).status, 403);
  t.equal((await fetch(`${url}/api/v1/services`)).status, 200, 'other resources still answer');
  server.hide('httproutes');
  t.equal((await fetch(`${url}/apis/gateway.networking.k8s.io/v1/httproutes`)).status, 404);
  server.restore('pods');
  t.equal((await fetch(`${url}/api/v1/pods`)).status, 200);
});

t.test('more resources, cluster-scoped ones too, can be served', async (t) => {
  const server = new KubeApiServer({
    resources: [...DEFAULT_RESOURCES, { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false }],
  });
  const { url } = await server.start();
  t.teardown(() => server.close());
  server.upsert('nodes', { metadata: { name: 'n1', namespace: 'ignored' } });
  const list = (await (await fetch(`${url}/api/v1/nodes`)).json()) as { kind: string; items: { metadata: { name: string; namespace?: string } }[] };
  t.equal(list.kind, 'NodeList');
  t.same(list.items.map((i) => [i.metadata.name, i.metadata.namespace]), [['n1', undefined]], 'a cluster-scoped object has no namespace');
  t.ok(server.remove('nodes', '', 'n1'), 'removed by name alone');
  t.throws(() => server.upsert('widgets', { metadata: { name: 'w' } }), /unknown resource widgets/);
});
