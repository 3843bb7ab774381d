// The Kubernetes source with the real client library against the test API server: what
// reaches the model, and that watches survive what a real API server does to them.
import t from 'tap';
import { KubernetesSource, type KubernetesSourceOptions } from '../../../control/source/kubernetes.ts';
import type { SourceSink } from '../../../control/source/source.ts';
import { objectKey, type ClusterObject, type Kind } from '../../../control/model/objects.ts';
import { createLogger } from '../../../lib/log.ts';
import { formatAddr } from '../../../lib/addr.ts';
import { startControl } from '../../../control/run.ts';
import { destinationClient, summary, watch } from '../../support/destination-client.ts';
import { KubeApiServer } from '../../support/kube-api-server.ts';
import { waitFor } from '../../support/wait.ts';
import { kubeConfigFor, kubeconfigText } from '../../support/kubeconfig.ts';

interface ReportedError {
  source: string;
  reason: string;
  err: unknown;
  context: Record<string, unknown> | undefined;
}

class RecordingSink implements SourceSink {
  readonly origins = new Map<string, Map<string, ClusterObject>>();
  readonly errors: ReportedError[] = [];
  replaces = 0;

  replace(origin: string, objects: ClusterObject[]): void {
    this.replaces++;
    this.origins.set(origin, new Map(objects.map((o) => [objectKey(o), o])));
  }

  upsert(origin: string, object: ClusterObject): void {
    const m = this.origins.get(origin) ?? new Map<string, ClusterObject>();
    this.origins.set(origin, m);
    m.set(objectKey(object), object);
  }

  remove(origin: string, kind: Kind, namespace: string, name: string): void {
    this.origins.get(origin)?.delete(objectKey({ kind, namespace, name }));
  }

  error(source: string, reason: string, err: unknown, context?: Record<string, unknown>): void {
    this.errors.push({ source, reason, err, context });
  }

  get(kind: Kind, namespace: string, name: string): ClusterObject | undefined {
    return this.origins.get(`kubernetes:${kind}`)?.get(objectKey({ kind, namespace, name }));
  }

  names(kind: Kind): string[] {
    return [...(this.origins.get(`kubernetes:${kind}`)?.values() ?? [])].map((o) => `${o.namespace}/${o.name}`).sort();
  }
}

function service(name: string, port = 80, namespace = 'default'): Record<string, unknown> {
  return { metadata: { name, namespace }, spec: { clusterIP: '10.0.0.1', ports: [{ name: 'http', port }] } };
}

function slice(name: string, svc: string, ip: string): Record<string, unknown> {
  return {
    metadata: { name, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8080 }],
    endpoints: [{ addresses: [ip], conditions: { ready: true } }],
  };
}

const servicePorts = (o: ClusterObject | undefined): number[] => (o?.kind === 'Service' ? o.ports.map((p) => p.port) : []);

interface Setup {
  server: KubeApiServer;
  sink: RecordingSink;
  source: KubernetesSource;
}

async function setup(
  t: { teardown: (fn: () => unknown) => void },
  prepare: (server: KubeApiServer) => void = () => {},
  options: Partial<KubernetesSourceOptions> = {},
): Promise<Setup> {
  const server = new KubeApiServer();
  const { url } = await server.start();
  prepare(server);
  const kc = kubeConfigFor(url);
  const sink = new RecordingSink();
  const source = new KubernetesSource({
    kubeConfig: kc,
    log: createLogger('test', 'silent'),
    retryBaseMs: 20,
    retryMaxMs: 200,
    resyncMs: 0,
    ...options,
  });
  t.teardown(async () => {
    await source.stop();
    await server.close();
  });
  await source.start(sink);
  return { server, sink, source };
}

/** Waits until every kind has an open watch again (after a list, or after a reconnect). */
const watching = (server: KubeApiServer, n = 5): Promise<boolean> => waitFor(() => server.watchCount >= n, `${n} open watches`);

t.test('the initial list of every kind reaches the sink, normalized', async (t) => {
  const { sink, source } = await setup(t, (server) => {
    server.upsert('services', service('web'));
    server.upsert('endpointslices', slice('web-1', 'web', '10.1.0.1'));
    server.upsert('pods', { metadata: { name: 'web-0', namespace: 'default' }, status: { podIP: '10.1.0.1' } });
    server.upsert('trafficsplits', { metadata: { name: 'split', namespace: 'default' }, spec: { service: 'web', backends: [{ service: 'web', weight: 100 }] } });
    server.upsert('httproutes', {
      metadata: { name: 'route', namespace: 'default' },
      spec: { parentRefs: [{ kind: 'Service', group: '', name: 'web' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }], timeouts: { request: '2s' } }] },
    });
  });
  t.ok(source.synced(), 'synced once every kind has been listed');
  t.same(servicePorts(sink.get('Service', 'default', 'web')), [80]);
  t.match(sink.get('EndpointSlice', 'default', 'web-1'), { service: 'web', endpoints: [{ addresses: ['10.1.0.1'], ready: true }] });
  t.match(sink.get('Pod', 'default', 'web-0'), { podIPs: ['10.1.0.1'] });
  t.match(sink.get('TrafficSplit', 'default', 'split'), { service: 'web', backends: [{ service: 'web', weight: 100 }] });
  t.match(sink.get('HTTPRoute', 'default', 'route'), { parents: [{ service: 'web' }], timeouts: { requestMs: 2000 } });
  t.equal(sink.errors.length, 0);
});

t.test('large lists are read page by page (limit and continue)', async (t) => {
  const { server, sink } = await setup(
    t,
    (server) => {
      for (let i = 0; i < 5; i++) server.upsert('services', service(`s${i}`));
      for (let i = 0; i < 3; i++) {
        server.upsert('trafficsplits', { metadata: { name: `t${i}`, namespace: 'default' }, spec: { service: 'x', backends: [{ service: 'x', weight: 1 }] } });
      }
    },
    { pageSize: 2 },
  );
  t.equal(sink.names('Service').length, 5);
  t.equal(sink.names('TrafficSplit').length, 3);
  const pages = server.requests.filter((r) => r.path === '/api/v1/services' && r.query.watch === undefined);
  t.same(pages.map((r) => [r.query.limit, Boolean(r.query.continue)]), [['2', false], ['2', true], ['2', true]]);
});

t.test('watch: added, modified and deleted objects reach the sink', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('old')));
  await watching(server);
  server.upsert('services', service('new', 81));
  await waitFor(() => sink.get('Service', 'default', 'new'), 'the added service');
  server.upsert('services', service('new', 82));
  await waitFor(() => servicePorts(sink.get('Service', 'default', 'new'))[0] === 82, 'the modified service');
  server.remove('services', 'default', 'old');
  await waitFor(() => !sink.get('Service', 'default', 'old'), 'the deleted service to go');
  const watch = server.requests.find((r) => r.query.watch === 'true' && r.path === '/api/v1/services');
  t.equal(watch?.query.allowWatchBookmarks, 'true', 'watches ask for bookmarks');
  t.ok(Number(watch?.query.timeoutSeconds) > 0, 'watches carry a server-side timeout');
  t.same(sink.names('Service'), ['default/new']);
});

for (const how of ['event', 'http'] as const) {
  t.test(`410 Gone as ${how === 'event' ? 'an ERROR event' : 'HTTP 410'}: re-list, and changes missed meanwhile arrive`, async (t) => {
    const { server, sink } = await setup(t, (server) => {
      server.upsert('services', service('stays'));
      server.upsert('services', service('goes'));
    });
    await watching(server);
    const replaces = sink.replaces;
    // Changes the client cannot see, then history is gone: only a re-list can find them.
    server.stallWatches();
    server.upsert('services', service('appeared'));
    server.remove('services', 'default', 'goes');
    server.compact(how);
    server.dropWatches();
    await waitFor(() => sink.get('Service', 'default', 'appeared') && !sink.get('Service', 'default', 'goes'), 'the re-listed state');
    t.ok(sink.replaces > replaces, 'the state was replaced by a re-list');
    t.ok(
      server.requests.some((r) => r.query.watch === 'true' && r.path === '/api/v1/services' && (how === 'http' ? r.status === 410 : r.status === 200)),
      'the server answered the resume with 410',
    );
    await watching(server);
    server.upsert('services', service('after'));
    await waitFor(() => sink.get('Service', 'default', 'after'), 'changes after the re-list');
    t.same(sink.names('Service'), ['default/after', 'default/appeared', 'default/stays']);
  });
}

t.test('an ERROR 410 on an open watch re-lists', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('a')));
  await watching(server);
  const replaces = sink.replaces;
  server.expireWatches();
  await waitFor(() => sink.replaces >= replaces + 5, 'every kind re-listed');
  await watching(server);
  server.upsert('services', service('b'));
  await waitFor(() => sink.get('Service', 'default', 'b'), 'a change after the re-list');
  t.same(sink.names('Service'), ['default/a', 'default/b']);
});

t.test('a dropped connection is reported and the watch reconnects where it was', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('a')));
  await watching(server);
  const replaces = sink.replaces;
  server.dropWatches();
  server.upsert('services', service('during'));
  await waitFor(() => sink.get('Service', 'default', 'during'), 'the change made while disconnected');
  await watching(server);
  server.upsert('services', service('after'));
  await waitFor(() => sink.get('Service', 'default', 'after'), 'a change after reconnecting');
  t.equal(sink.replaces, replaces, 'resumed from its resourceVersion, without a re-list');
  const reported = (): number => sink.errors.filter((e) => e.reason === 'watch-failed' && e.context?.kind === 'Service').length;
  t.equal(reported(), 1, 'the failure was reported');
  // A later drop, after the watch worked again, is a new failure and reported again.
  server.dropWatches();
  await waitFor(() => reported() === 2, 'the second drop to be reported');
});

t.test('a stalled watch is restarted by the idle timeout', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('a')), { idleTimeoutMs: 300 });
  await watching(server);
  server.stallWatches();
  server.upsert('services', service('behind-the-stall'));
  await waitFor(() => sink.get('Service', 'default', 'behind-the-stall'), 'the change sent while stalled');
  t.same(sink.names('Service'), ['default/a', 'default/behind-the-stall']);
});

t.test('the periodic resync re-lists and repairs what a silent watch missed', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('a')), { resyncMs: 200 });
  await watching(server);
  server.stallWatches();
  server.remove('services', 'default', 'a');
  server.upsert('services', service('b'));
  await waitFor(() => !sink.get('Service', 'default', 'a') && sink.get('Service', 'default', 'b'), 'the resync to repair the state');
  t.same(sink.names('Service'), ['default/b']);
});

t.test('a watch closed by its server-side timeout is re-opened', async (t) => {
  const { server, sink } = await setup(t, () => {}, { watchTimeoutSeconds: 1 });
  await watching(server);
  await waitFor(
    () => server.requests.filter((r) => r.query.watch === 'true' && r.path === '/api/v1/services').length >= 2,
    'a second watch of services',
  );
  await watching(server);
  server.upsert('services', service('later'));
  await waitFor(() => sink.get('Service', 'default', 'later'), 'a change on the re-opened watch');
  t.equal(sink.errors.length, 0, 'a timeout is not an error');
});

t.test('BOOKMARK events move the resume point and are not objects', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('a')), { watchTimeoutSeconds: 1 });
  await watching(server);
  // Other kinds move the global resourceVersion; only a bookmark tells the services watch.
  for (let i = 0; i < 3; i++) server.upsert('pods', { metadata: { name: `p${i}`, namespace: 'default' } });
  const bookmarkRv = server.resourceVersion;
  // The server ends each watch at its timeout with a bookmark; the next watch must resume from it.
  await waitFor(
    () => server.requests.some((r) => r.query.watch === 'true' && r.path === '/api/v1/services' && r.query.resourceVersion === bookmarkRv),
    'a services watch resuming from the bookmark',
  );
  t.same(sink.names('Service'), ['default/a'], 'a bookmark adds nothing');
  t.equal(sink.errors.length, 0, 'and fails no validation');
});

t.test('403 on one kind is reported; the other kinds keep working; it recovers when granted', async (t) => {
  const { server, sink, source } = await setup(t, (server) => {
    server.forbid('pods');
    server.upsert('pods', { metadata: { name: 'p', namespace: 'default' } });
  });
  t.notOk(source.synced(), 'not ready without a core kind');
  const forbidden = sink.errors.filter((e) => e.reason === 'forbidden');
  t.equal(forbidden.length, 1, 'reported once, not on every retry');
  t.match(forbidden[0], { source: 'kubernetes', context: { kind: 'Pod', status: 403 } });
  t.match((forbidden[0]?.err as Error).message, /pods.*forbidden.*grant get, list and watch on pods/);
  t.equal((forbidden[0]?.err as { code?: string }).code, 'WEFT_K8S_FORBIDDEN');
  server.upsert('services', service('works'));
  await waitFor(() => sink.get('Service', 'default', 'works'), 'services to keep working');
  server.restore('pods');
  await waitFor(() => source.synced() && sink.get('Pod', 'default', 'p'), 'pods once granted');
});

t.test('absent or forbidden custom resources do not block readiness', async (t) => {
  const { server, sink, source } = await setup(t, (server) => {
    server.hide('trafficsplits');
    server.forbid('httproutes');
  });
  t.ok(source.synced());
  t.match(
    sink.errors.map((e) => [e.reason, e.context?.kind]).sort(),
    [
      ['forbidden', 'HTTPRoute'],
      ['not-found', 'TrafficSplit'],
    ],
  );
  server.restore('trafficsplits');
  server.upsert('trafficsplits', { metadata: { name: 's', namespace: 'default' }, spec: { service: 'web', backends: [{ service: 'web', weight: 1 }] } });
  await waitFor(() => sink.get('TrafficSplit', 'default', 's'), 'the CRD once installed');
});

t.test('an invalid object is reported with its field; its last good version stays', async (t) => {
  const { server, sink } = await setup(t, (server) => server.upsert('services', service('web', 80)));
  await watching(server);
  server.upsert('services', service('web', 70000));
  await waitFor(() => sink.errors.length > 0, 'the validation error');
  t.match(sink.errors[0], {
    source: 'kubernetes',
    reason: 'WEFT_INVALID_OBJECT',
    context: { kind: 'Service', namespace: 'default', name: 'web', field: 'spec.ports.0.port' },
  });
  t.same(servicePorts(sink.get('Service', 'default', 'web')), [80], 'the last good version stays');
  // Also across a re-list.
  const replaces = sink.replaces;
  server.expireWatches();
  await waitFor(() => sink.replaces >= replaces + 5, 'every kind re-listed');
  t.same(servicePorts(sink.get('Service', 'default', 'web')), [80], 'and stays after a re-list');
  server.upsert('services', service('bad-new', 0));
  server.upsert('services', service('web', 8080));
  await waitFor(() => servicePorts(sink.get('Service', 'default', 'web'))[0] === 8080, 'a valid version to replace it');
  t.notOk(sink.get('Service', 'default', 'bad-new'), 'an object never valid is not delivered');
});

t.test('--namespace restricts every kind to one namespace', async (t) => {
  const { server, sink } = await setup(
    t,
    (server) => {
      server.upsert('services', service('mine', 80, 'team-a'));
      server.upsert('services', service('theirs', 80, 'team-b'));
      server.upsert('trafficsplits', { metadata: { name: 'theirs', namespace: 'team-b' }, spec: { service: 'x', backends: [{ service: 'x', weight: 1 }] } });
    },
    { namespace: 'team-a' },
  );
  await watching(server);
  server.upsert('services', service('mine-too', 80, 'team-a'));
  server.upsert('services', service('theirs-too', 80, 'team-b'));
  await waitFor(() => sink.get('Service', 'team-a', 'mine-too'), 'a change in the namespace');
  t.same(sink.names('Service'), ['team-a/mine', 'team-a/mine-too']);
  t.same(sink.names('TrafficSplit'), []);
  t.ok(
    server.requests.every((r) => r.path.includes('/namespaces/team-a/')),
    'every list and watch is namespaced',
  );
});

t.test('--kubeconfig: a file is read; a missing one is a clear error', async (t) => {
  const server = new KubeApiServer();
  const { url } = await server.start();
  server.upsert('services', service('from-file'));
  const dir = t.testdir({
    kubeconfig: kubeconfigText(url),
  });
  const sink = new RecordingSink();
  const source = new KubernetesSource({ kubeconfig: `${dir}/kubeconfig`, log: createLogger('test', 'silent'), resyncMs: 0 });
  t.teardown(async () => {
    await source.stop();
    await server.close();
  });
  await source.start(sink);
  t.ok(sink.get('Service', 'default', 'from-file'), JSON.stringify(sink.errors.map((e) => String(e.err))));
  t.throws(() => new KubernetesSource({ kubeconfig: `${dir}/absent`, log: createLogger('test', 'silent') }), { code: 'WEFT_K8S_CONFIG' });
});

t.test('an unreachable API server is reported once per kind and is not ready', async (t) => {
  // A port that refuses: a server started and closed again.
  const gone = new KubeApiServer();
  const { url } = await gone.start();
  await gone.close();
  const kc = kubeConfigFor(url);
  const sink = new RecordingSink();
  const source = new KubernetesSource({ kubeConfig: kc, log: createLogger('test', 'silent'), retryBaseMs: 20, retryMaxMs: 100, resyncMs: 0 });
  t.teardown(() => source.stop());
  await source.start(sink);
  t.notOk(source.synced());
  t.equal(sink.errors.filter((e) => e.reason === 'watch-failed').length, 5, 'each kind reported once');
  t.match((sink.errors[0]?.err as Error).message, /ECONNREFUSED|fetch failed/);
});

t.test('end to end: API server changes reach a proxy watching through weft control', async (t) => {
  const server = new KubeApiServer();
  const { url } = await server.start();
  server.upsert('services', service('web'));
  server.upsert('endpointslices', slice('web-1', 'web', '10.1.0.1'));
  const kc = kubeConfigFor(url);
  const log = createLogger('test', 'silent');
  const control = await startControl({
    sources: [new KubernetesSource({ kubeConfig: kc, log, retryBaseMs: 20, retryMaxMs: 200, resyncMs: 0 })],
    grpcAddr: { host: '127.0.0.1', port: 0 },
    adminAddr: { host: '127.0.0.1', port: 0 },
    clusterDomain: 'cluster.local',
    batchWindowMs: 10,
    maxQueue: 256,
    log,
  });
  const client = destinationClient(formatAddr(control.grpc.address));
  const w = watch(client, 'web.default.svc.cluster.local:80');
  t.teardown(async () => {
    w.close();
    client.close();
    await control.close();
    await server.close();
  });
  const addresses = (): string[] => Object.values(summary(w.state) ?? {}).flat().sort();
  await waitFor(() => control.ready() && addresses().join() === '10.1.0.1:8080', 'the first snapshot');
  server.upsert('endpointslices', { ...slice('web-1', 'web', '10.1.0.1'), endpoints: [{ addresses: ['10.1.0.1'] }, { addresses: ['10.1.0.2'] }] });
  await waitFor(() => addresses().join() === '10.1.0.1:8080,10.1.0.2:8080', 'the added endpoint');
  server.dropWatches();
  server.remove('endpointslices', 'default', 'web-1');
  await waitFor(() => addresses().length === 0, 'the endpoints removed while the watch was down');
  t.ok(w.updates[0]?.snapshot, 'a snapshot first, then deltas');
  t.notOk(w.ended, 'the stream stayed open throughout');
});
