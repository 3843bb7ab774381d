import type http2 from 'node:http2';
import type { RequestInfo } from '../http/router.ts';
import type { Direction } from '../metrics.ts';

/** One request's span; the forwarding path ends it. */
export interface RequestSpan {
  /** traceparent (and tracestate) to send upstream, as [name, value, …]. */
  readonly headers: readonly string[];
  /** grpcStatus: a gRPC call's grpc-status, when it ended with one. */
  end(status: number, info: { dstService: string; endpoint: string; retries: number; grpcStatus?: string }): void;
}

export interface Tracing {
  start(direction: Direction, req: RequestInfo): RequestSpan;
  /** An HTTP/2 stream (h2c or gRPC), from its request headers. */
  startH2(direction: Direction, headers: http2.IncomingHttpHeaders): RequestSpan;
  close(): Promise<void>;
}

export interface TracingOptions {
  /** OTLP/HTTP collector: http://host:4318 (the /v1/traces path is added) or a full URL. */
  endpoint: string;
  /** Share of new traces sampled, 0–1; a caller's sampling decision is followed. */
  ratio: number;
  serviceName: string;
  /** Resource attributes: namespace, workload, proxy id. */
  attributes: Record<string, string>;
}

/**
 * OpenTelemetry is imported only here and only when an OTLP endpoint is configured, so a
 * proxy with tracing off never loads it (no startup, memory or per-request cost).
 */
export async function loadTracing(opts: TracingOptions): Promise<Tracing> {
  const { createOtelTracing } = await import('./otel.ts');
  return createOtelTracing(opts);
}

/** Request headers that carry trace context; replaced by the proxy's own span's. */
export function isTraceHeader(lower: string): boolean {
  return lower === 'traceparent' || lower === 'tracestate';
}
