import http2 from 'node:http2';
import type { Endpoint } from '../endpoint.ts';
import { REASONS, reasonOf, type Reason } from '../errors.ts';
import type { RouteMetrics } from '../metrics.ts';
import { DST_SERVICE } from './headers.ts';

const { NGHTTP2_CANCEL, NGHTTP2_INTERNAL_ERROR } = http2.constants;
const END_STREAM = 0x1;

/** The proxy's own answer on an HTTP/2 stream. */
export function respondErrorH2(stream: http2.ServerHttp2Stream, reason: Reason, detail: string): void {
  if (stream.destroyed || stream.closed) return;
  if (stream.headersSent) {
    stream.close(NGHTTP2_INTERNAL_ERROR);
    return;
  }
  stream.respond({ ':status': REASONS[reason], 'content-type': 'text/plain; charset=utf-8', 'weft-error': reason });
  stream.end(`weft proxy: ${reason}: ${detail}\n`);
}

function grpcStatus(h: http2.IncomingHttpHeaders | undefined): string {
  const v = h?.['grpc-status'];
  return typeof v === 'string' ? v : '';
}

/**
 * One HTTP/2 stream forwarded on the endpoint's shared h2c session: headers, body and
 * trailers pass through (gRPC's grpc-status is in the trailers, or in a trailers-only
 * response), so streaming calls work in both directions.
 */
export function forwardH2(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, path: string, ep: Endpoint, rm: RouteMetrics, extra: readonly string[], onProxyError: (r: Reason) => void): void {
  const startedAt = ep.load.start();
  const t0 = process.hrtime.bigint();
  const out: http2.OutgoingHttpHeaders = {};
  for (const k in headers) {
    if (k.startsWith('weft-src-') || k === DST_SERVICE) continue;
    out[k] = headers[k];
  }
  out[':path'] = path;
  for (let i = 0; i < extra.length; i += 2) out[extra[i]!] = extra[i + 1];
  let status = 0;
  let grpc = '';
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    ep.load.end(startedAt);
    // Failure accrual; a client that cancelled before any answer says nothing about the endpoint.
    if (status) ep.onResult?.(status < 500 && grpc !== '14');
    rm.request(status, grpc, Number(process.hrtime.bigint() - t0) / 1e9);
  };

  let up: http2.ClientHttp2Stream;
  try {
    up = ep.http2().request(out, { endStream: stream.readableEnded });
  } catch (err) {
    const reason = reasonOf(err);
    onProxyError(reason);
    respondErrorH2(stream, reason, (err as Error).message);
    status = REASONS[reason];
    finish();
    return;
  }
  let trailers: http2.IncomingHttpHeaders | undefined;
  up.on('response', (h, flags) => {
    status = Number(h[':status']);
    grpc = grpcStatus(h);
    if (stream.destroyed) return;
    try {
      if (flags & END_STREAM) {
        stream.respond(h, { endStream: true });
        return;
      }
      stream.respond(h, { waitForTrailers: true });
    } catch {
      // Headers node refuses to send (a peer's invalid header): reset rather than crash.
      stream.close(NGHTTP2_INTERNAL_ERROR);
      up.close(NGHTTP2_CANCEL);
      return;
    }
    up.pipe(stream);
  });
  up.on('trailers', (t) => {
    trailers = t;
    grpc = grpcStatus(t) || grpc;
  });
  stream.on('wantTrailers', () => {
    const t: http2.OutgoingHttpHeaders = {};
    if (trailers) for (const k in trailers) t[k] = trailers[k];
    try {
      stream.sendTrailers(t);
    } catch {
      // The client reset the stream meanwhile; nothing left to send to.
      stream.close(NGHTTP2_CANCEL);
    }
  });
  up.on('error', (err) => {
    if (!status) {
      const reason = reasonOf(err);
      onProxyError(reason);
      status = REASONS[reason];
      respondErrorH2(stream, reason, `${ep.info.host}:${ep.info.port}: ${err.message}`);
    } else if (!stream.destroyed) {
      stream.close(up.rstCode ?? NGHTTP2_INTERNAL_ERROR);
    }
    finish();
  });
  up.on('close', () => {
    // A reset from upstream after the response started reaches the client as a reset.
    if (status && up.rstCode && !stream.destroyed && !stream.writableEnded) stream.close(up.rstCode);
    finish();
  });
  stream.on('close', () => {
    if (!up.closed) up.close(NGHTTP2_CANCEL);
    finish();
  });
  stream.on('error', () => up.close(NGHTTP2_CANCEL));
  if (!stream.readableEnded) stream.pipe(up);
}
