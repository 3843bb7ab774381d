import http2 from 'node:http2';
import { forwardH2, respondErrorH2 } from './forward-h2.ts';
import type { HttpRouter, Route } from './router.ts';

/** An h2c server (no TLS: prior knowledge, or handed a detected connection). */
export function createH2Server(router: HttpRouter): http2.Http2Server {
  const server = http2.createServer({ maxSessionMemory: 64 });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const authority = headers[':authority'] ?? (typeof headers.host === 'string' ? headers.host : undefined);
    const path = headers[':path'] ?? '/';
    const go = (route: Route) => {
      if ('reason' in route) {
        router.onProxyError(route.reason);
        respondErrorH2(stream, route.reason, route.detail);
        return;
      }
      forwardH2(stream, headers, route.path, route.ep, route.rm, route.headers, (r) => router.onProxyError(r));
    };
    const r = router.routeH2(authority, path, headers);
    if (r instanceof Promise) {
      // Hold the request body until the route is known; pipe() starts reading later.
      stream.pause();
      r.then(go, (err: unknown) => go({ reason: 'upstream-error', detail: String(err) }));
    } else go(r);
  });
  server.on('sessionError', () => {});
  return server;
}
