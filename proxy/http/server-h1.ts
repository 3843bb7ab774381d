import http from 'node:http';
import type net from 'node:net';
import { spliceTcp } from '../tcp/forward.ts';
import { reasonOf } from '../errors.ts';
import { forwardH1 } from './forward-h1.ts';
import { forwardUpgrade } from './upgrade.ts';
import { rejectSocket, respondError } from './respond.ts';
import type { HttpRouter, Route } from './router.ts';
import type { Tracing } from '../tracing/tracing.ts';

function then(r: Route | Promise<Route>, f: (r: Route) => void): void {
  if (r instanceof Promise) r.then(f, (err: unknown) => f({ reason: 'upstream-error', detail: String(err) }));
  else f(r);
}

/**
 * node:http parses requests (400 on malformed input, 431 on oversized headers, 100
 * Continue for Expect) and the router decides where each goes.
 */
export function createH1Server(router: HttpRouter, opts: { keepAliveMs: number; maxHeaderSize: number; drain: { draining: boolean }; tracing?: Tracing | undefined }): http.Server {
  const server = http.createServer({ maxHeaderSize: opts.maxHeaderSize, keepAliveTimeout: opts.keepAliveMs, requestTimeout: 0, noDelay: true });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
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
  });
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
