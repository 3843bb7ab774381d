// The HTTP/1.1 exchange (proxy/http/forward-h1.ts) against a scripted upstream pool, for
// orderings a real socket cannot be made to produce on demand.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import t from 'tap';
import { Registry } from 'prom-client';
import { Endpoint } from '../../../proxy/endpoint.ts';
import { createProxyMetrics, RouteMetricsCache } from '../../../proxy/metrics.ts';
import type { H1Handler, H1Pool } from '../../../proxy/http/client-h1.ts';
import { forwardH1 } from '../../../proxy/http/forward-h1.ts';
import type { ProxiedRequest, ResponseSink } from '../../../proxy/http/respond.ts';
import { metricValue } from '../../support/proxy.ts';

/** node:http's ServerResponse as the forwarder sees it while its last bytes still flush. */
class FlushingResponse extends EventEmitter implements ResponseSink {
  statusCode = 200;
  headersSent = false;
  writableFinished = false;
  shouldKeepAlive = true;
  writeHead(status: number): this {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }
  write(): boolean {
    return true;
  }
  end(): this {
    return this; // ended, not yet flushed: writableFinished stays false until 'finish'
  }
  addTrailers(): void {}
  destroy(): this {
    return this;
  }
}

t.test('a client that closes after the exchange finished, while its response still flushes, aborts nothing', async (t) => {
  const registry = new Registry();
  const rm = new RouteMetricsCache(createProxyMetrics(registry)).get({ direction: 'outbound', src_namespace: 'a', src_workload: 'w', dst_namespace: 'b', dst_service: 's', dst_workload: 'd' });
  const ep = new Endpoint({ key: '127.0.0.1:1', host: '127.0.0.1', port: 1, ready: true, terminating: false, workload: 'd', meshed: false, weight: 1 }, rm, { connectTimeoutMs: 1000, keepAliveMs: 1000, maxHeaderSize: 16384 });
  // The upstream connection's abort: after the exchange ends, the connection goes back to
  // the pool and may carry someone else's request, which this would end.
  let aborted = 0;
  let handler: H1Handler | undefined;
  const pool = { dispatch: (_req: unknown, h: H1Handler) => ((handler = h), h.onConnect(() => aborted++)) };
  ep.http1 = () => pool as unknown as H1Pool;

  const req = Object.assign(new Readable({ read() {} }), { method: 'GET', url: '/', headers: { host: 's' }, rawHeaders: ['Host', 's'], complete: true }) as unknown as ProxiedRequest;
  const res = new FlushingResponse();
  forwardH1(req, res, '/', ep, rm, [], { onProxyError: () => {} });
  t.ok(handler, 'dispatched to the pool');
  handler!.onHeaders(200, ['content-length', '2'], () => {});
  handler!.onData(Buffer.from('ok'));
  handler!.onComplete([]);
  res.emit('close'); // the client goes away before the last bytes reached it

  t.equal(aborted, 0, 'the upstream connection, now free for another exchange, is not aborted');
  t.equal(await metricValue(registry, 'weft_requests_total', { code: '200' }), 1, 'the request is counted once, as a 200');
});
