import type http from 'node:http';
import type http2 from 'node:http2';
import type net from 'node:net';
import { Registry } from 'prom-client';
import { startAdmin, type AdminServer } from '../lib/admin.ts';
import type { HostPort } from '../lib/addr.ts';
import type { Logger } from '../lib/log.ts';
import type { BalancerName } from './balance/registry.ts';
import { DiscoveryClient } from './discovery/client.ts';
import { createH1Front } from './http/server-h1.ts';
import { createH2Server } from './http/server-h2.ts';
import type { HttpRouter } from './http/router.ts';
import { InboundRouter } from './inbound/router.ts';
import { createListener, isIdleH1, listen, type Listener, type ListenerOptions } from './listener.ts';
import type { Protocol } from './discovery/types.ts';
import { createProxyMetrics, RouteMetricsCache } from './metrics.ts';
import { Destinations } from './outbound/destinations.ts';
import { OutboundRouter } from './outbound/router.ts';
import { parseAuthority } from './outbound/target.ts';
import { spliceTcp } from './tcp/forward.ts';
import { loadTracing, type Tracing, type TracingOptions } from './tracing/tracing.ts';

export interface ProxyConfig {
  outboundAddr: HostPort;
  inboundAddr: HostPort;
  adminAddr: HostPort;
  appAddr: HostPort;
  /** host:port of control's gRPC server. */
  control: string;
  namespace: string;
  workload: string;
  proxyId: string;
  clusterDomain: string;
  balancer: BalancerName;
  discoveryTimeoutMs: number;
  discoveryIdleMs: number;
  detectTimeoutMs: number;
  opaquePorts: ReadonlySet<number>;
  /** Local port → authority for opaque TCP. */
  tcpMap: ReadonlyMap<number, string>;
  denyUnknown: boolean;
  drainTimeoutMs: number;
  connectTimeoutMs: number;
  keepAliveMs: number;
  maxHeaderSize: number;
  log: Logger;
  registry?: Registry;
  /** Set: spans are exported over OTLP/HTTP; unset: OpenTelemetry is not even loaded. */
  tracing?: TracingOptions | undefined;
  /** Called when POST /shutdown asks the proxy to stop. */
  onShutdownRequest?: () => void;
}

export interface RunningProxy {
  outbound: HostPort;
  inbound: HostPort;
  admin: HostPort;
  tcp: Map<number, HostPort>;
  registry: Registry;
  /**
   * Stops accepting inbound traffic at once; outbound (the app's own calls) keeps flowing
   * while the app holds connections to it, until the app exits (POST /shutdown, or its
   * connections close) or the drain timeout; then in-flight work finishes and all closes.
   */
  close(): Promise<void>;
}

interface Front {
  listener: Listener;
  h1: http.Server;
  h2: http2.Http2Server;
  sessions: Set<http2.Http2Session>;
}

function isOpaque(p: Protocol | Promise<Protocol>): boolean | Promise<boolean> {
  return p instanceof Promise ? p.then((x) => x === 'opaque') : p === 'opaque';
}

function front(router: HttpRouter, cfg: ProxyConfig, opaque: (s: net.Socket, prelude: Buffer | undefined) => void, opaqueOnly: ListenerOptions['opaqueOnly'], drain: { draining: boolean }, tracing?: Tracing): Front {
  const h1 = createH1Front(router, { keepAliveMs: cfg.keepAliveMs, maxHeaderSize: cfg.maxHeaderSize, drain, tracing });
  const h2 = createH2Server(router, { tracing });
  const sessions = new Set<http2.Http2Session>();
  h2.on('session', (s: http2.Http2Session) => {
    sessions.add(s);
    s.once('close', () => sessions.delete(s));
  });
  const listener = createListener({ h1: h1.accept, h2, opaque, detectTimeoutMs: cfg.detectTimeoutMs, opaqueOnly });
  return { listener, h1: h1.server, h2, sessions };
}

export async function startProxy(cfg: ProxyConfig): Promise<RunningProxy> {
  const registry = cfg.registry ?? new Registry();
  const metrics = createProxyMetrics(registry);
  const routes = new RouteMetricsCache(metrics);
  const pool = { connectTimeoutMs: cfg.connectTimeoutMs, keepAliveMs: cfg.keepAliveMs, maxHeaderSize: cfg.maxHeaderSize };
  const client = new DiscoveryClient({ addr: cfg.control, proxyId: cfg.proxyId, namespace: cfg.namespace, log: cfg.log });
  const dests = new Destinations({
    client,
    metrics,
    routes,
    balancer: cfg.balancer,
    pool,
    src: { namespace: cfg.namespace, workload: cfg.workload },
    discoveryTimeoutMs: cfg.discoveryTimeoutMs,
    idleMs: cfg.discoveryIdleMs,
    denyUnknown: cfg.denyUnknown,
  });
  const names = { namespace: cfg.namespace, clusterDomain: cfg.clusterDomain };
  const outRouter = new OutboundRouter(dests, names, metrics);
  const inRouter = new InboundRouter(cfg.appAddr, { namespace: cfg.namespace, workload: cfg.workload }, routes, metrics, pool);

  const noOpaque = (s: net.Socket) => {
    cfg.log.debug('opaque connection on the outbound port has no destination (use --tcp-map)');
    s.destroy();
  };
  const tracing = cfg.tracing ? await loadTracing(cfg.tracing) : undefined;
  const drain = { draining: false };
  const inDrain = { draining: false };
  const fronts: Front[] = [];
  const outbound = front(outRouter, cfg, noOpaque, false, drain, tracing);
  const inbound = front(inRouter, cfg, (s, prelude) => spliceTcp(s, inRouter.app, inRouter.metricsFor('', '', ''), { prelude }), cfg.opaquePorts.has(cfg.appAddr.port), inDrain, tracing);
  fronts.push(outbound, inbound);
  const tcp = new Map<number, HostPort>();
  const tcpFronts: [number, Front][] = [];
  for (const [port, authority] of cfg.tcpMap) {
    const target = parseAuthority(authority, names);
    if (!target) throw new Error(`tcp-map authority "${authority}" is invalid`);
    const opaque = (s: net.Socket, prelude: Buffer | undefined) => {
      const go = (p: Awaited<ReturnType<Destinations['pick']>>) => {
        if ('reason' in p) {
          cfg.log.warn({ authority, reason: p.reason }, p.detail);
          s.destroy();
          return;
        }
        spliceTcp(s, p.ep, p.ep.metrics, { prelude, onFailed: () => s.destroy() });
      };
      const p = dests.pick(target);
      if (p instanceof Promise) p.then(go, () => s.destroy());
      else go(p);
    };
    // --opaque-ports, or control's protocol hint for the service (appProtocol: tcp…).
    const opaqueOnly = cfg.opaquePorts.has(port) || (() => isOpaque(dests.protocolOf(target)));
    const f = front(outRouter, cfg, opaque, opaqueOnly, drain);
    fronts.push(f);
    tcpFronts.push([port, f]);
  }

  const bound = {
    outbound: await listen(outbound.listener.server, cfg.outboundAddr),
    inbound: await listen(inbound.listener.server, cfg.inboundAddr),
  };
  for (const [port, f] of tcpFronts) tcp.set(port, await listen(f.listener.server, { host: cfg.outboundAddr.host, port }));

  const adminRef: { server?: AdminServer } = {};
  const app = { exited: false };
  const closeFront = (f: Front) => {
    f.listener.server.close();
    // h2 clients get a GOAWAY; HTTP/1.1 responses in flight carry Connection: close.
    for (const s of f.sessions) s.close();
  };
  const close = async () => {
    const deadline = Date.now() + cfg.drainTimeoutMs;
    inDrain.draining = true;
    closeFront(inbound);
    // The app is shutting down too and may still call out: serve it until it is gone.
    const appFronts = fronts.filter((f) => f !== inbound);
    while (!app.exited && Date.now() < deadline && appFronts.some((f) => f.listener.sockets.size > 0)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    drain.draining = true;
    for (const f of appFronts) closeFront(f);
    for (;;) {
      for (const f of fronts) for (const s of f.listener.h1Sockets) if (isIdleH1(s)) s.destroy();
      if (Date.now() >= deadline || fronts.every((f) => f.listener.sockets.size === 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    for (const f of fronts) for (const s of f.listener.sockets) s.destroy();
    dests.close();
    inRouter.app.destroy();
    client.close();
    await tracing?.close();
    await adminRef.server?.close();
  };
  const admin = await startAdmin({
    addr: cfg.adminAddr,
    registry,
    log: cfg.log,
    ready: () => client.everConnected,
    routes: {
      'POST /shutdown': (req, res) => {
        const ip = req.socket.remoteAddress ?? '';
        if (!(ip.startsWith('127.') || ip === '::1' || ip.startsWith('::ffff:127.'))) {
          res.writeHead(403, { 'content-type': 'text/plain' }).end('shutdown is allowed from loopback only\n');
          return;
        }
        res.writeHead(202, { 'content-type': 'text/plain' }).end('shutting down\n');
        // The app has exited (weft await says so): nothing more will call out.
        app.exited = true;
        cfg.onShutdownRequest?.();
      },
    },
  });
  adminRef.server = admin;
  return { ...bound, admin: admin.address, tcp, registry, close };
}
