import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAddr, type HostPort } from './addr.ts';
import { nodeHttp } from './builtins.ts';
import { defineError } from './errors.ts';
import type { Logger } from './log.ts';

export const AdminListenError = defineError('WEFT_ADMIN_LISTEN', 'The admin address cannot be bound (in use, or not an address of this host).');

// Not `import http from 'node:http'`: see lib/builtins.ts.
const { createServer } = nodeHttp;

/** What /metrics serves: a prom-client Registry is one; the exporter writes its own text. */
export interface MetricsSource {
  metrics(): Promise<string> | string;
  contentType: string;
  /** Called once a metrics response has been written out to the client, or the client left. */
  sent?(): void;
}

export type AdminRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface AdminOptions {
  addr: HostPort;
  registry: MetricsSource;
  log: Logger;
  /** /ready answers 200 while this returns true. */
  ready: () => boolean;
  /** Extra routes keyed by "METHOD /path". */
  routes?: Record<string, AdminRoute>;
  metricsPath?: string;
}

export interface AdminServer {
  server: http.Server;
  address: HostPort;
  close(): Promise<void>;
}

/** The admin listener every long-running command has: /metrics, /ready, /live. */
export async function startAdmin(opts: AdminOptions): Promise<AdminServer> {
  const metricsPath = opts.metricsPath ?? '/metrics';
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = opts.routes?.[`${req.method} ${path}`];
    const done = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (route) {
      Promise.resolve(route(req, res)).catch((err: unknown) => {
        opts.log.error({ err, path }, 'admin route failed');
        if (!res.headersSent) done(500, 'internal error\n');
        else res.destroy();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return done(405, 'method not allowed\n');
    if (path === metricsPath) {
      if (opts.registry.sent) res.once('close', opts.registry.sent);
      Promise.resolve().then(() => opts.registry.metrics()).then(
        (text) => done(200, text, opts.registry.contentType),
        (err: unknown) => {
          opts.log.error({ err }, 'collecting metrics failed');
          done(500, 'collecting metrics failed\n');
        },
      );
      return;
    }
    if (path === '/live') return done(200, 'live\n');
    if (path === '/ready') return opts.ready() ? done(200, 'ready\n') : done(503, 'not ready\n');
    done(404, 'not found\n');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new AdminListenError(`cannot listen on ${formatAddr(opts.addr)}: ${err.message}`, { addr: formatAddr(opts.addr) }, { cause: err })));
    server.listen(opts.addr.port, opts.addr.host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    server,
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
