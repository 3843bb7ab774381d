// Which streams watch which authority, and what each must be sent when the cluster changes.
// Every update is encoded once and the same bytes go to every stream of the authority.
import { parseAuthority, type Target } from '../model/authority.ts';
import { diffRoute } from '../model/diff.ts';
import type { RouteState } from '../model/route.ts';
import { resolve } from '../model/routing.ts';
import type { ClusterView } from '../model/store.ts';
import { deltaUpdate, encodeUpdate, noSuchServiceUpdate, snapshotUpdate } from './codec.ts';

export interface Subscriber {
  /** `arrivedAt`: when the oldest event behind this update reached control (ms, performance.now()). */
  send(bytes: Buffer, type: UpdateType, arrivedAt: number): void;
}

export type UpdateType = 'snapshot' | 'delta' | 'no_such_service';

interface Watched {
  target: Target;
  subscribers: Set<Subscriber>;
  route: RouteState | undefined;
  reason: string;
  /** The encoded full state, made when a new subscriber needs it. */
  snapshot: { bytes: Buffer; type: UpdateType } | undefined;
  /** The service ("ns/name") this authority resolved to, for the change index. */
  service: string | undefined;
}

export interface HubOptions {
  clusterDomain: string;
  /** Problems found while resolving (unknown split backend, …): logged by the caller. */
  onProblems: (authority: string, problems: string[]) => void;
}

export class RouteHub {
  private readonly watched = new Map<string, Watched>();
  private readonly byService = new Map<string, Set<string>>();
  private readonly view: ClusterView;
  private readonly opts: HubOptions;

  constructor(view: ClusterView, opts: HubOptions) {
    this.view = view;
    this.opts = opts;
  }

  get authorities(): number {
    return this.watched.size;
  }

  /** Adds a subscriber and sends it the full state; undefined when the authority is malformed. */
  subscribe(authority: string, sub: Subscriber, now: number): boolean {
    let w = this.watched.get(authority);
    if (!w) {
      const target = parseAuthority(authority, this.opts.clusterDomain);
      if (!target) return false;
      w = { target, subscribers: new Set(), route: undefined, reason: '', snapshot: undefined, service: undefined };
      this.watched.set(authority, w);
      this.refresh(authority, w);
    }
    w.subscribers.add(sub);
    w.snapshot ??= w.route
      ? { bytes: encodeUpdate(snapshotUpdate(w.route)), type: 'snapshot' }
      : { bytes: encodeUpdate(noSuchServiceUpdate(w.reason)), type: 'no_such_service' };
    sub.send(w.snapshot.bytes, w.snapshot.type, now);
    return true;
  }

  unsubscribe(authority: string, sub: Subscriber): void {
    const w = this.watched.get(authority);
    if (!w?.subscribers.delete(sub) || w.subscribers.size > 0) return;
    this.watched.delete(authority);
    if (w.service) this.unindex(w.service, authority);
  }

  /** Re-resolves the authorities of the affected services and pushes what changed. */
  changed(affected: Set<string>, arrivedAt: number): void {
    const todo = new Set<string>();
    for (const svc of affected) for (const a of this.byService.get(svc) ?? []) todo.add(a);
    // A ClusterIP that named nothing may name a new or changed Service now.
    if (affected.size > 0) for (const [a, w] of this.watched) if (!w.service) todo.add(a);
    for (const authority of todo) {
      const w = this.watched.get(authority);
      if (w) this.push(authority, w, arrivedAt);
    }
  }

  private refresh(authority: string, w: Watched): RouteState | undefined {
    const prev = w.route;
    const r = resolve(this.view, w.target);
    if (r.problems.length > 0) this.opts.onProblems(authority, r.problems);
    w.route = r.route;
    w.reason = r.route ? '' : r.reason;
    const service = r.route ? `${r.route.service.namespace}/${r.route.service.name}` : w.target.by === 'name' ? `${w.target.namespace}/${w.target.name}` : undefined;
    if (service !== w.service) {
      if (w.service) this.unindex(w.service, authority);
      if (service) this.index(service, authority);
      w.service = service;
    }
    return prev;
  }

  private push(authority: string, w: Watched, arrivedAt: number): void {
    const prev = this.refresh(authority, w);
    const next = w.route;
    let bytes: Buffer | undefined;
    let type: UpdateType = 'delta';
    if (prev && next) {
      const delta = diffRoute(prev, next);
      if (delta) bytes = encodeUpdate(deltaUpdate(delta));
    } else if (next) {
      type = 'snapshot';
      bytes = encodeUpdate(snapshotUpdate(next));
    } else if (prev) {
      type = 'no_such_service';
      bytes = encodeUpdate(noSuchServiceUpdate(w.reason));
    }
    if (!bytes) return;
    w.snapshot = type === 'delta' ? undefined : { bytes, type };
    for (const sub of w.subscribers) sub.send(bytes, type, arrivedAt);
  }

  private index(service: string, authority: string): void {
    let set = this.byService.get(service);
    if (!set) this.byService.set(service, (set = new Set()));
    set.add(authority);
  }

  private unindex(service: string, authority: string): void {
    const set = this.byService.get(service);
    if (set?.delete(authority) && set.size === 0) this.byService.delete(service);
  }
}
