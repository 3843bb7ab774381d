import type http2 from 'node:http2';
import { nodeHttp2 } from '../../lib/builtins.ts';
import { REASONS } from '../errors.ts';
import type { Tracing } from '../tracing/tracing.ts';
import { forwardH2, respondErrorH2 } from './forward-h2.ts';
import { grpcStatusFor, isGrpc } from './grpc.ts';
import type { HttpRouter, Route } from './router.ts';

/** An h2c server (no TLS: prior knowledge, or handed a detected connection). */
export function createH2Server(router: HttpRouter, opts: { tracing?: Tracing | undefined } = {}): http2.Http2Server {
  const server = nodeHttp2().createServer({ maxSessionMemory: 64 });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const span = opts.tracing?.startH2(router.direction, headers);
    const authority = headers[':authority'] ?? (typeof headers.host === 'string' ? headers.host : undefined);
    const path = headers[':path'] ?? '/';
    const go = (route: Route) => {
      if ('reason' in route) {
        router.onProxyError(route.reason);
        const grpc = isGrpc(headers);
        respondErrorH2(stream, route.reason, route.detail, grpc);
        span?.end(grpc ? 200 : REASONS[route.reason], { dstService: '', endpoint: '', retries: 0, grpcStatus: grpc ? String(grpcStatusFor(route.reason)) : '' });
        return;
      }
      forwardH2(stream, headers, route, (r) => router.onProxyError(r), span);
    };
    const r = router.routeH2(authority, path, headers);
    if (r instanceof Promise) {
      // Hold the request body until the route is known; forwardH2 resumes it.
      stream.pause();
      r.then(go, (err: unknown) => go({ reason: 'upstream-error', detail: String(err) }));
    } else go(r);
  });
  server.on('sessionError', () => {});
  return server;
}
