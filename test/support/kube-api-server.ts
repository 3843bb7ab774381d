// An in-process Kubernetes API server for tests and benchmarks: list and watch of the
// resources weft reads, with the protocol details real clients depend on (one global
// resourceVersion, chunked watch events, BOOKMARKs, 410 Gone in both forms, server-side
// timeouts, selectors) and hooks to make the failures a real cluster produces.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fieldSelector, labelSelector, type Selector } from './kube-selectors.ts';

type Obj = Record<string, unknown> & { metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown } };

export interface ResourceDef {
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const DEFAULT_RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
  { group: 'split.smi-spec.io', version: 'v1alpha2', plural: 'trafficsplits', kind: 'TrafficSplit', namespaced: true },
  { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes', kind: 'HTTPRoute', namespaced: true },
];

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface HistoryEvent {
  type: EventType;
  rv: number;
  obj: Obj;
  /** The object before a MODIFIED, to turn it into ADDED/DELETED for a selector. */
  prev?: Obj;
  line?: string;
}

interface Resource {
  def: ResourceDef;
  apiVersion: string;
  /** Built-in kinds' list items carry no apiVersion/kind, as on a real server. */
  builtin: boolean;
  objects: Map<string, Obj>;
  history: HistoryEvent[];
  /** Watches from a resourceVersion below this get 410 Gone. */
  floor: number;
  failure?: 403 | 404;
}

interface Watcher {
  resource: Resource;
  res: ServerResponse;
  namespace?: string;
  match?: Selector;
  bookmarks: boolean;
  stalled: boolean;
  timer?: NodeJS.Timeout;
}

interface ListSnapshot {
  items: Obj[];
  rv: number;
  expires: number;
}

export interface KubeApiServerOptions {
  resources?: ResourceDef[];
  /** Events kept per resource before the oldest are compacted away. */
  historyLimit?: number;
  /** How often open watches that asked for bookmarks get one. */
  bookmarkIntervalMs?: number;
  /** Server-side cap on a watch's duration when the client sets no timeoutSeconds. */
  maxWatchSeconds?: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

const BUILTIN_GROUPS = new Set(['', 'discovery.k8s.io']);

export class KubeApiServer {
  /** Every request seen (the last 1,000), for tests that assert what the client asked. */
  readonly requests: RequestRecord[] = [];
  private readonly resources = new Map<string, Resource>();
  private readonly byPlural = new Map<string, Resource>();
  private readonly watchers = new Set<Watcher>();
  private readonly snapshots = new Map<string, ListSnapshot>();
  private readonly historyLimit: number;
  private readonly maxWatchSeconds: number;
  private readonly bookmarkIntervalMs: number;
  private bookmarkTimer?: NodeJS.Timeout;
  private server?: Server;
  private rv = 1000;
  private tooOld: 'event' | 'http' = 'event';
  private nextSnapshot = 0;

  constructor(options: KubeApiServerOptions = {}) {
    for (const def of options.resources ?? DEFAULT_RESOURCES) {
      const apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
      const r: Resource = { def, apiVersion, builtin: BUILTIN_GROUPS.has(def.group), objects: new Map(), history: [], floor: 0 };
      this.resources.set(`${apiVersion}/${def.plural}`, r);
      this.byPlural.set(def.plural, r);
    }
    this.historyLimit = options.historyLimit ?? 10_000;
    this.maxWatchSeconds = options.maxWatchSeconds ?? 1800;
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 60_000;
  }

  async start(): Promise<{ url: string }> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.bookmarkTimer = setInterval(() => this.sendBookmarks(), this.bookmarkIntervalMs);
    this.bookmarkTimer.unref();
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  async close(): Promise<void> {
    clearInterval(this.bookmarkTimer);
    for (const w of this.watchers) this.endWatch(w, true);
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Creates or replaces an object; resource is the plural ("services", "endpointslices"…). */
  upsert(resource: string, obj: Record<string, unknown>): string {
    const r = this.resource(resource);
    const meta = obj.metadata as Obj['metadata'] | undefined;
    if (!meta?.name) throw new Error('upsert: metadata.name is required');
    const namespace = r.def.namespaced ? (meta.namespace ?? 'default') : undefined;
    // A cluster-scoped object has no namespace, whatever the caller wrote.
    const { namespace: _ignored, ...rest } = meta;
    const key = `${namespace ?? ''}/${meta.name}`;
    const prev = r.objects.get(key);
    const rv = ++this.rv;
    const stored: Obj = {
      ...obj,
      apiVersion: r.apiVersion,
      kind: r.def.kind,
      metadata: {
        uid: `uid-${r.def.plural}-${key}`,
        creationTimestamp: '2026-01-01T00:00:00Z',
        ...rest,
        ...(namespace ? { namespace } : {}),
        resourceVersion: String(rv),
      },
    };
    r.objects.set(key, stored);
    this.record(r, prev ? { type: 'MODIFIED', rv, obj: stored, prev } : { type: 'ADDED', rv, obj: stored });
    return String(rv);
  }

  remove(resource: string, namespace: string, name: string): boolean {
    const r = this.resource(resource);
    const key = `${r.def.namespaced ? namespace : ''}/${name}`;
    const prev = r.objects.get(key);
    if (!prev) return false;
    r.objects.delete(key);
    const rv = ++this.rv;
    this.record(r, { type: 'DELETED', rv, obj: { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } } });
    return true;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** Open watch connections (stalled ones included). */
  get watchCount(): number {
    return this.watchers.size;
  }

  /** Cuts every open watch mid-stream, as a broken connection does. */
  dropWatches(): void {
    for (const w of this.watchers) this.endWatch(w, true);
  }

  /** Open watches stop receiving anything but stay open: a silent connection. */
  stallWatches(): void {
    for (const w of this.watchers) {
      w.stalled = true;
      clearTimeout(w.timer);
    }
  }

  /**
   * Forgets history: every resourceVersion handed out so far becomes too old, so the next
   * watch gets 410 Gone — as an ERROR event on a 200 stream ("event", what kube-apiserver
   * does) or as an HTTP 410 response ("http").
   */
  compact(how: 'event' | 'http' = 'event'): void {
    this.tooOld = how;
    const floor = ++this.rv;
    for (const r of this.resources.values()) {
      r.history = [];
      r.floor = floor;
    }
  }

  /** Sends an ERROR event with a 410 Status on every open watch and closes it (a watch that fell behind). */
  expireWatches(): void {
    for (const w of this.watchers) {
      if (w.stalled) continue;
      w.res.write(JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', 'too old resource version') }) + '\n');
      this.endWatch(w, false);
    }
  }

  /** Every list and watch of `resource` is answered 403 Forbidden (RBAC missing). */
  forbid(resource: string): void {
    this.resource(resource).failure = 403;
  }

  /** Every list and watch of `resource` is answered 404 (its CRD is not installed). */
  hide(resource: string): void {
    this.resource(resource).failure = 404;
  }

  /** Undoes forbid() and hide(). */
  restore(resource: string): void {
    delete this.resource(resource).failure;
  }

  /** A BOOKMARK now on every watch that asked for them. */
  sendBookmarks(): void {
    for (const w of this.watchers) if (w.bookmarks) this.bookmark(w);
  }

  private resource(plural: string): Resource {
    const r = this.byPlural.get(plural);
    if (!r) throw new Error(`unknown resource ${plural}`);
    return r;
  }

  private record(r: Resource, event: HistoryEvent): void {
    r.history.push(event);
    if (r.history.length > this.historyLimit) {
      const dropped = r.history.splice(0, r.history.length - this.historyLimit);
      r.floor = dropped.at(-1)?.rv ?? r.floor;
    }
    for (const w of this.watchers) if (w.resource === r) this.deliver(w, event);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const reply = (code: number, body: unknown): void => {
      this.log(req, url.pathname, query, code);
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(url.pathname) ?? undefined;
    const apiVersion = m ? (m[1] ?? `${m[2]}/${m[3]}`) : '';
    const r = m ? this.resources.get(`${apiVersion}/${m[5]}`) : undefined;
    if (!m || !r || req.method !== 'GET') {
      reply(404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`));
      return;
    }
    if (r.failure === 403) {
      reply(403, status(403, 'Forbidden', `${r.def.plural} is forbidden: User "system:serviceaccount:weft:weft" cannot list resource "${r.def.plural}"`));
      return;
    }
    if (r.failure === 404) {
      reply(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    let match: Selector | undefined;
    try {
      const selectors = [query.labelSelector ? labelSelector(query.labelSelector) : undefined, query.fieldSelector ? fieldSelector(query.fieldSelector) : undefined].filter(
        (s): s is Selector => s !== undefined,
      );
      if (selectors.length) match = (o) => selectors.every((s) => s(o));
    } catch (err) {
      reply(400, status(400, 'BadRequest', (err as Error).message));
      return;
    }
    const namespace = m[4];
    if (query.watch === 'true' || query.watch === '1') {
      this.watch(req, res, r, query, namespace, match, url.pathname);
      return;
    }
    this.list(r, query, namespace, match, reply);
  }

  private list(
    r: Resource,
    query: Record<string, string>,
    namespace: string | undefined,
    match: Selector | undefined,
    reply: (code: number, body: unknown) => void,
  ): void {
    let snapshot: ListSnapshot | undefined;
    let offset = 0;
    if (query.continue) {
      const [id, at] = query.continue.split(':');
      snapshot = this.snapshots.get(id ?? '');
      offset = Number(at);
      if (!snapshot || snapshot.expires < Date.now()) {
        reply(410, status(410, 'Expired', 'The provided continue parameter is too old'));
        return;
      }
    } else {
      const items = [...r.objects.values()].filter((o) => (!namespace || o.metadata.namespace === namespace) && (!match || match(o)));
      snapshot = { items, rv: this.rv, expires: Date.now() + 60_000 };
    }
    const limit = Number(query.limit) > 0 ? Number(query.limit) : Infinity;
    const page = snapshot.items.slice(offset, offset + limit);
    const metadata: Record<string, string> = { resourceVersion: String(snapshot.rv) };
    if (offset + page.length < snapshot.items.length) {
      const id = query.continue?.split(':')[0] ?? String(++this.nextSnapshot);
      this.snapshots.set(id, snapshot);
      metadata.continue = `${id}:${offset + page.length}`;
    } else if (query.continue) {
      this.snapshots.delete(query.continue.split(':')[0] ?? '');
    }
    const items = r.builtin ? page.map(({ apiVersion: _a, kind: _k, ...rest }) => rest) : page;
    reply(200, { kind: `${r.def.kind}List`, apiVersion: r.apiVersion, metadata, items });
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    r: Resource,
    query: Record<string, string>,
    namespace: string | undefined,
    match: Selector | undefined,
    path: string,
  ): void {
    const from = query.resourceVersion ?? '';
    const start = from === '' || from === '0' ? undefined : Number(from);
    if (start !== undefined && (!Number.isFinite(start) || start < r.floor) && this.tooOld === 'http') {
      this.log(req, path, query, 410);
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status(410, 'Expired', `too old resource version: ${from} (${r.floor})`)));
      return;
    }
    this.log(req, path, query, 200);
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const w: Watcher = { resource: r, res, bookmarks: query.allowWatchBookmarks === 'true', stalled: false };
    if (namespace) w.namespace = namespace;
    if (match) w.match = match;
    if (start !== undefined && (!Number.isFinite(start) || start < r.floor)) {
      res.end(JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${from} (${r.floor})`) }) + '\n');
      return;
    }
    this.watchers.add(w);
    res.on('close', () => this.endWatch(w, false));
    if (start === undefined) {
      for (const obj of r.objects.values()) this.deliver(w, { type: 'ADDED', rv: Number(obj.metadata.resourceVersion), obj });
    } else {
      for (const e of r.history) if (e.rv > start) this.deliver(w, e);
    }
    const seconds = Math.min(Number(query.timeoutSeconds) > 0 ? Number(query.timeoutSeconds) : Infinity, this.maxWatchSeconds);
    w.timer = setTimeout(() => {
      // Like kube-apiserver: a last bookmark so the client resumes from the newest version.
      if (w.bookmarks) this.bookmark(w);
      this.endWatch(w, false);
    }, seconds * 1000);
  }

  private deliver(w: Watcher, e: HistoryEvent): void {
    if (w.stalled) return;
    const ns = w.resource.def.namespaced ? e.obj.metadata.namespace : undefined;
    if (w.namespace && ns !== w.namespace) return;
    if (w.match) {
      const now = e.type !== 'DELETED' && w.match(e.obj);
      const before = e.type === 'DELETED' ? w.match(e.obj) : e.prev !== undefined && w.match(e.prev);
      if (!now && !before) return;
      if (now !== before || e.type === 'DELETED') {
        const type = now ? 'ADDED' : 'DELETED';
        w.res.write(JSON.stringify({ type, object: e.obj }) + '\n');
        return;
      }
    }
    e.line ??= JSON.stringify({ type: e.type, object: e.obj }) + '\n';
    w.res.write(e.line);
  }

  private bookmark(w: Watcher): void {
    if (w.stalled) return;
    const object = { kind: w.resource.def.kind, apiVersion: w.resource.apiVersion, metadata: { resourceVersion: String(this.rv) } };
    w.res.write(JSON.stringify({ type: 'BOOKMARK', object }) + '\n');
  }

  private endWatch(w: Watcher, abrupt: boolean): void {
    if (!this.watchers.delete(w)) return;
    clearTimeout(w.timer);
    if (abrupt) w.res.destroy();
    else w.res.end();
  }

  private log(req: IncomingMessage, path: string, query: Record<string, string>, status: number): void {
    this.requests.push({ method: req.method ?? 'GET', path, query, status });
    if (this.requests.length > 1000) this.requests.splice(0, this.requests.length - 1000);
  }
}

function status(code: number, reason: string, message: string): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}
