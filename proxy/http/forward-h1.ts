import type http from 'node:http';
import type { Dispatcher } from 'undici';
import type { Endpoint } from '../endpoint.ts';
import type { RouteMetrics } from '../metrics.ts';
import { reasonOf, type Reason } from '../errors.ts';
import { forwardRequestHeaders, forwardResponseHeaders } from './headers.ts';
import { respondError } from './respond.ts';

export interface ForwardHooks {
  /** The proxy answered itself (no response from upstream). */
  onProxyError(reason: Reason): void;
}

function hasBody(req: http.IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

/**
 * One request forwarded over the endpoint's undici pool with the dispatcher API: no
 * stream.pipeline, no body buffering, backpressure both ways through pause/resume.
 */
export function forwardH1(req: http.IncomingMessage, res: http.ServerResponse, path: string, ep: Endpoint, rm: RouteMetrics, extraHeaders: readonly string[], hooks: ForwardHooks): void {
  const startedAt = ep.load.start();
  const t0 = process.hrtime.bigint();
  const headers = forwardRequestHeaders(req.rawHeaders);
  for (const h of extraHeaders) headers.push(h);
  let status = 0;
  let finished = false;
  let abort: ((err?: Error) => void) | undefined;

  const finish = (code: number) => {
    if (finished) return;
    finished = true;
    ep.load.end(startedAt);
    rm.request(code, '', Number(process.hrtime.bigint() - t0) / 1e9);
  };
  res.once('close', () => {
    // The client went away before the response ended: stop the upstream request too.
    if (!res.writableFinished) {
      abort?.(new Error('client closed'));
      finish(status || 499);
    }
  });

  const handler: Dispatcher.DispatchHandler = {
    onConnect(a) {
      abort = a;
    },
    onHeaders(statusCode, raw, resume) {
      if (statusCode < 200) return true;
      status = statusCode;
      if (!req.complete) {
        // The upstream answered before reading the whole body. Our client may still be
        // sending: close its connection after this response and drain what it sends, so
        // neither side waits for the other.
        res.shouldKeepAlive = false;
        req.resume();
      }
      res.writeHead(statusCode, forwardResponseHeaders(raw as Buffer[]));
      res.on('drain', () => resume());
      return true;
    },
    onData(chunk) {
      return res.write(chunk);
    },
    onComplete(trailers) {
      if (trailers && trailers.length) {
        const t: Record<string, string> = {};
        for (let i = 0; i < trailers.length; i += 2) t[String(trailers[i])] = String(trailers[i + 1]);
        res.addTrailers(t);
      }
      res.end();
      finish(status);
    },
    onError(err) {
      if (finished) return;
      if (res.headersSent) {
        res.destroy();
        finish(status);
        return;
      }
      const reason = reasonOf(err);
      hooks.onProxyError(reason);
      respondError(res, reason, `${ep.info.host}:${ep.info.port}: ${err.message}`);
      finish(res.statusCode);
    },
  };

  ep.http1().dispatch(
    {
      path,
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: hasBody(req) ? req : null,
    },
    handler,
  );
}
