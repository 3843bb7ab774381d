import type { RequestInfo } from '../http/router.ts';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
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

  return {
    start(direction: Direction, req: RequestInfo): RequestSpan {
      const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0]!;
      const span = tracer.startSpan(
        `${method} ${direction}`,
        {
          // Outbound the proxy is the app's client; inbound it receives for the app.
          kind: direction === 'outbound' ? SpanKind.CLIENT : SpanKind.SERVER,
          attributes: {
            'http.request.method': method,
            'url.path': path,
            'server.address': req.headers.host ?? '',
            'network.protocol.version': req.httpVersion,
            'weft.direction': direction,
          },
        },
        parent,
      );
      const carrier: Record<string, string> = {};
      propagator.inject(trace.setSpan(parent, span), carrier, defaultTextMapSetter);
      const headers: string[] = [];
      for (const k in carrier) headers.push(k, carrier[k]!);
      return {
        headers,
        end(status, info) {
          span.setAttribute('http.response.status_code', status);
          span.setAttribute('weft.dst_service', info.dstService);
          span.setAttribute('weft.endpoint', info.endpoint);
          span.setAttribute('weft.retries', info.retries);
          if (status >= 500 || status === 0) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
    async close() {
      await provider.shutdown();
    },
  };
}
