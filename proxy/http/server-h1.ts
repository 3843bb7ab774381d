import type http from 'node:http';
import { nodeHttp } from '../../lib/builtins.ts';
import type net from 'node:net';
import { spliceTcp } from '../tcp/forward.ts';
import { reasonOf } from '../errors.ts';
import { forwardH1 } from './forward-h1.ts';
import { forwardUpgrade } from './upgrade.ts';
import { rejectSocket, respondError, type ProxiedRequest, type ResponseSink } from './respond.ts';
import { serveH1, type HeadOnlyRequest, type LeanRequest, type LeanResponse } from './conn-h1.ts';
import type { HttpRouter, Route } from './router.ts';
import type { Tracing } from '../tracing/tracing.ts';

function then(r: Route | Promise<Route>, f: (r: Route) => void): void {
  if (r instanceof Promise) r.then(f, (err: unknown) => f({ reason: 'upstream-error', detail: String(err) }));
  else f(r);
}

export interface H1Options {
  keepAliveMs: number;
  maxHeaderSize: number;
  drain: { draining: boolean };
  tracing?: Tracing | undefined;
}

/** One request, from either server: routed, then forwarded or answered with the reason. */
function serve(router: HttpRouter, opts: H1Options, req: ProxiedRequest, res: ResponseSink): void {
  // While draining, each response closes its connection (Connection: close).
  if (opts.drain.draining) res.shouldKeepAlive = false;
  const span = opts.tracing?.start(router.direction, req);
  then(router.route(req), (route) => {
    if ('reason' in route) {
      router.onProxyError(route.reason);
      respondError(res, route.reason, route.detail);
      req.resume();
      span?.end(res.statusCode, { dstService: '', endpoint: '', retries: 0 });
      return;
    }
    forwardH1(req, res, route.path, route.ep, route.rm, route.headers, router, route.policy, span);
  });
}

export interface H1Front {
  /** node:http: every request the fast path does not take (conn-h1.ts), Upgrade and CONNECT. */
  server: http.Server;
  /** A connection detected as HTTP/1.1, with the bytes read during detection. */
  accept(socket: net.Socket, prelude: Buffer): void;
}

export function createH1Front(router: HttpRouter, opts: H1Options): H1Front {
  const server = createH1Server(router, opts);
  const fast = {
    maxHeaderSize: opts.maxHeaderSize,
    keepAliveMs: opts.keepAliveMs,
    onRequest: (req: LeanRequest | HeadOnlyRequest, res: LeanResponse) => serve(router, opts, req, res),
    handOff: (socket: net.Socket) => {
      server.emit('connection', socket);
      socket.resume();
    },
  };
  return { server, accept: (socket, prelude) => serveH1(socket, prelude, fast) };
}

/**
 * node:http parses requests (400 on malformed input, 431 on oversized headers, 100
 * Continue for Expect) and the router decides where each goes.
 */
function createH1Server(router: HttpRouter, opts: H1Options): http.Server {
  const server = nodeHttp.createServer({ maxHeaderSize: opts.maxHeaderSize, keepAliveTimeout: opts.keepAliveMs, requestTimeout: 0, noDelay: true });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => serve(router, opts, req, res));
  server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    then(router.route(req), (route) => {
      if ('reason' in route) {
        router.onProxyError(route.reason);
        rejectSocket(socket, route.reason, route.detail);
        return;
      }
      forwardUpgrade(req, socket, head, route.path, route.ep, route.rm, route.headers);
    });
  });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    if (!router.connect) {
      rejectSocket(socket, 'bad-request', 'CONNECT is only served on the outbound port');
      return;
    }
    then(router.connect(req.url ?? ''), (route) => {
      if ('reason' in route) {
        router.onProxyError(route.reason);
        rejectSocket(socket, route.reason, route.detail);
        return;
      }
      spliceTcp(socket, route.ep, route.rm, {
        prelude: head,
        onConnected: () => socket.write('HTTP/1.1 200 Connection Established\r\n\r\n'),
        onFailed: (err) => {
          const reason = reasonOf(err);
          router.onProxyError(reason);
          rejectSocket(socket, reason, err.message);
        },
      });
    });
  });
  return server;
}
