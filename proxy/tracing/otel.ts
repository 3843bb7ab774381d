import type http2 from 'node:http2';
import type { RequestInfo } from '../http/router.ts';
import { ROOT_CONTEXT, type Attributes, SpanKind, SpanStatusCode, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import { isGrpc } from '../http/grpc.ts';
import type { Direction } from '../metrics.ts';
import type { RequestSpan, Tracing, TracingOptions } from './tracing.ts';

function tracesUrl(endpoint: string): string {
  const e = endpoint.replace(/\/+$/, '');
  return e.endsWith('/v1/traces') ? e : `${e}/v1/traces`;
}

export function createOtelTracing(opts: TracingOptions): Tracing {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': opts.serviceName, ...opts.attributes }),
    // A caller that sampled (or did not) decides; new traces are sampled at the ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(opts.ratio) }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(opts.endpoint) }), { scheduledDelayMillis: 1_000 })],
  });
  const tracer = provider.getTracer('weft-proxy');
  const propagator = new W3CTraceContextPropagator();

  /** A span continuing the caller's context (from `carrier`, the request headers). */
  const begin = (direction: Direction, carrier: Record<string, unknown>, method: string, target: string, host: string, version: string, grpc: boolean): RequestSpan => {
    const parent = propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    const path = target.split('?')[0]!;
    const attributes: Attributes = {
      'http.request.method': method,
      'url.path': path,
      'server.address': host,
      'network.protocol.version': version,
      'weft.direction': direction,
    };
    if (grpc) {
      // RPC semantic conventions: /package.Service/Method.
      const [, service = '', rpcMethod = ''] = path.split('/');
      attributes['rpc.system'] = 'grpc';
      attributes['rpc.service'] = service;
      attributes['rpc.method'] = rpcMethod;
    }
    // Outbound the proxy is the app's client; inbound it receives for the app.
    const span = tracer.startSpan(grpc ? `${path.slice(1)} ${direction}` : `${method} ${direction}`, { kind: direction === 'outbound' ? SpanKind.CLIENT : SpanKind.SERVER, attributes }, parent);
    const out: Record<string, string> = {};
    propagator.inject(trace.setSpan(parent, span), out, defaultTextMapSetter);
    const headers: string[] = [];
    for (const k in out) headers.push(k, out[k]!);
    return {
      headers,
      end(status, info) {
        span.setAttribute('http.response.status_code', status);
        span.setAttribute('weft.dst_service', info.dstService);
        span.setAttribute('weft.endpoint', info.endpoint);
        span.setAttribute('weft.retries', info.retries);
        if (info.grpcStatus) span.setAttribute('rpc.grpc.status_code', Number(info.grpcStatus));
        const failed = info.grpcStatus ? info.grpcStatus !== '0' : status >= 500 || status === 0;
        if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  };

  return {
    start(direction: Direction, req: RequestInfo): RequestSpan {
      return begin(direction, req.headers, req.method ?? 'GET', req.url ?? '/', req.headers.host ?? '', req.httpVersion, false);
    },
    startH2(direction: Direction, h: http2.IncomingHttpHeaders): RequestSpan {
      return begin(direction, h, h[':method'] ?? 'GET', h[':path'] ?? '/', h[':authority'] ?? '', '2', isGrpc(h));
    },
    async close() {
      await provider.shutdown();
    },
  };
}
