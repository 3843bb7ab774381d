import type http2 from 'node:http2';
import { nodeHttp2 } from '../../lib/builtins.ts';
import type { Endpoint } from '../endpoint.ts';
import { REASONS, reasonOf, type Reason } from '../errors.ts';
import type { RouteMetrics } from '../metrics.ts';
import { retryableResponse, retryFailure, retryReasonOf, retryResponse, type RetryCandidate } from '../resilience/attempt.ts';
import type { RetryReason } from '../resilience/retry-policy.ts';
import { MAX_REPLAY_BYTES, type RoutePolicy } from '../resilience/route-policy.ts';
import { isTraceHeader, type RequestSpan } from '../tracing/tracing.ts';
import { encodeGrpcMessage, grpcStatusFor, grpcTimeoutMs, isGrpc } from './grpc.ts';
import { DST_SERVICE } from './headers.ts';

const { NGHTTP2_CANCEL, NGHTTP2_INTERNAL_ERROR, NGHTTP2_REFUSED_STREAM } = nodeHttp2().constants;
const END_STREAM = 0x1;

/** The proxy's own answer on an HTTP/2 stream; a gRPC call gets a trailers-only gRPC status. */
export function respondErrorH2(stream: http2.ServerHttp2Stream, reason: Reason, detail: string, grpc: boolean): void {
  if (stream.destroyed || stream.closed) return;
  if (stream.headersSent) {
    stream.close(NGHTTP2_INTERNAL_ERROR);
    return;
  }
  const message = `weft proxy: ${reason}: ${detail}`;
  if (grpc) {
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(grpcStatusFor(reason)), 'grpc-message': encodeGrpcMessage(message), 'weft-error': reason }, { endStream: true });
    return;
  }
  stream.respond({ ':status': REASONS[reason], 'content-type': 'text/plain; charset=utf-8', 'weft-error': reason });
  stream.end(`${message}\n`);
}

function grpcStatus(h: http2.IncomingHttpHeaders | undefined): string {
  const v = h?.['grpc-status'];
  return typeof v === 'string' ? v : '';
}

export interface H2Route {
  ep: Endpoint;
  rm: RouteMetrics;
  path: string;
  /** Headers for the first endpoint when there is no policy (with one, each try's endpoint's own). */
  headers: readonly string[];
  policy?: RoutePolicy<Endpoint> | undefined;
}

/**
 * One HTTP/2 stream forwarded on the endpoint's shared h2c session: headers, body and
 * trailers pass through (gRPC's grpc-status is in the trailers, or in a trailers-only
 * response), so streaming calls work in both directions.
 */
export function forwardH2(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, route: H2Route, onProxyError: (r: Reason) => void, span?: RequestSpan): void {
  new H2Exchange(stream, headers, route, onProxyError, span).start();
}

/** One try: its upstream stream and what it has seen. */
interface Try {
  readonly ep: Endpoint;
  readonly up: http2.ClientHttp2Stream;
  status: number;
  grpc: string;
  /** Cut by us (timeout) or failed: tells failure accrual even without a response. */
  failed: boolean;
}

/**
 * With a route policy the request is sent again, on another endpoint, when a try fails
 * before any response byte reached the client: the body sent so far is held (up to
 * 64 KiB) for that. A gRPC response's headers are held until its first message, so an
 * UNAVAILABLE in the trailers can still be retried. Timeouts: the route's request timeout
 * (or the gRPC client's grpc-timeout, if shorter) and per-try timeout.
 */
class H2Exchange implements RetryCandidate {
  private readonly t0 = process.hrtime.bigint();
  private readonly stream: http2.ServerHttp2Stream;
  private readonly policy: RoutePolicy<Endpoint> | undefined;
  private readonly onProxyError: (r: Reason) => void;
  private readonly span: RequestSpan | undefined;
  /** Request headers minus the endpoint's own. */
  private readonly base: http2.OutgoingHttpHeaders = {};
  private readonly firstHeaders: readonly string[];
  private readonly firstEp: Endpoint;
  /** weft-dst-service from a peer proxy (inbound), for the span. */
  private readonly dstHeader: string;
  /** The gRPC client's own deadline (grpc-timeout), 0 if none. */
  private readonly clientTimeoutMs: number;
  readonly method: string;
  readonly grpc: boolean;
  attempt = 0;
  responded = false;
  /** The body so far, for a retry; dropped past 64 KiB or once the response started. */
  private body: Buffer[] | undefined;
  private bodyBytes = 0;
  private ended = false;
  private cur: Try | undefined;
  private rm: RouteMetrics;
  private tried: Endpoint[] | undefined;
  /** Response headers not yet sent (see the class comment), and the trailers to send. */
  private held: http2.IncomingHttpHeaders | undefined;
  private trailers: http2.IncomingHttpHeaders | undefined;
  private status = 0;
  private grpcCode = '';
  /** The proxy answered itself: nothing from upstream reaches the client any more. */
  private done = false;
  private finished = false;
  private deadline: NodeJS.Timeout | undefined;
  private tryTimer: NodeJS.Timeout | undefined;

  constructor(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, route: H2Route, onProxyError: (r: Reason) => void, span: RequestSpan | undefined) {
    this.stream = stream;
    this.policy = route.policy;
    this.onProxyError = onProxyError;
    this.span = span;
    this.rm = route.rm;
    this.method = headers[':method'] ?? 'GET';
    this.grpc = isGrpc(headers);
    for (const k in headers) {
      if (k.startsWith('weft-src-') || k === DST_SERVICE || (span && isTraceHeader(k))) continue;
      this.base[k] = headers[k];
    }
    this.base[':path'] = route.path;
    if (span) for (let i = 0; i < span.headers.length; i += 2) this.base[span.headers[i]!] = span.headers[i + 1];
    this.firstHeaders = route.headers;
    if (this.policy) {
      this.policy.budget.request();
      this.body = [];
    }
    this.firstEp = route.ep;
    this.dstHeader = String(headers[DST_SERVICE] ?? '');
    this.clientTimeoutMs = grpcTimeoutMs(headers);
    // A request without a body (HEADERS with END_STREAM) goes upstream the same way.
    this.ended = stream.endAfterHeaders;
  }

  get replayable(): boolean {
    return this.body !== undefined;
  }

  start(): void {
    const { stream } = this;
    stream.on('data', (c: Buffer) => this.onRequestData(c));
    stream.once('end', () => {
      this.ended = true;
      const up = this.cur?.up;
      if (up && !up.closed) up.end();
    });
    stream.on('wantTrailers', () => {
      try {
        stream.sendTrailers(this.trailers ? { ...this.trailers } : {});
      } catch {
        // The client reset the stream meanwhile; nothing left to send to.
        stream.close(NGHTTP2_CANCEL);
      }
    });
    stream.once('close', () => this.finish());
    const routeMs = this.policy?.requestTimeoutMs ?? 0;
    const clientMs = this.clientTimeoutMs;
    const ms = routeMs && clientMs ? Math.min(routeMs, clientMs) : routeMs || clientMs;
    if (ms) this.deadline = setTimeout(() => this.requestTimedOut(ms), ms);
    this.send(this.firstEp);
    // server-h2 pauses the stream while the route is looked up.
    stream.resume();
  }

  private onRequestData(c: Buffer): void {
    if (this.body) {
      this.bodyBytes += c.length;
      if (this.bodyBytes > MAX_REPLAY_BYTES) this.body = undefined;
      else this.body.push(c);
    }
    const up = this.cur?.up;
    if (!up || up.closed || up.destroyed) return;
    if (!up.write(c)) {
      this.stream.pause();
      up.once('drain', () => {
        if (this.cur?.up === up) this.stream.resume();
      });
    }
  }

  private live(t: Try): boolean {
    return t === this.cur && !this.done;
  }

  private send(ep: Endpoint): void {
    this.attempt++;
    const out = { ...this.base };
    const extra = this.policy ? ep.forwardHeaders : this.firstHeaders;
    for (let i = 0; i < extra.length; i += 2) out[extra[i]!] = extra[i + 1];
    const replay = this.body ?? [];
    const endStream = this.ended && replay.length === 0;
    const startedAt = ep.load.start();
    let up: http2.ClientHttp2Stream;
    try {
      up = ep.http2().request(out, { endStream });
    } catch (err) {
      ep.load.end(startedAt);
      ep.onResult?.(false);
      this.cur = undefined;
      // Refused before anything was sent (a session going away): it never reached the app.
      return this.failure(ep, reasonOf(err), (err as Error).message, 'connect');
    }
    const t: Try = { ep, up, status: 0, grpc: '', failed: false };
    this.cur = t;
    if (!endStream) {
      for (const c of replay) up.write(c);
      if (this.ended) up.end();
      else if (this.stream.isPaused()) this.stream.resume();
    }
    const perTry = this.policy?.perTryTimeoutMs;
    if (perTry) {
      this.tryTimer = setTimeout(() => {
        if (!this.live(t) || this.responded || this.held) return;
        this.cut(t);
        this.failure(ep, 'timeout', `${ep.info.host}:${ep.info.port}: no response within the ${perTry} ms per-try timeout`);
      }, perTry);
    }
    up.on('response', (h, flags) => this.onResponse(t, h, (flags & END_STREAM) !== 0));
    up.on('data', (c: Buffer) => {
      if (!this.live(t)) return;
      if (this.held) this.release();
      if (!this.stream.write(c)) {
        up.pause();
        this.stream.once('drain', () => up.resume());
      }
    });
    up.on('trailers', (tr) => {
      if (!this.live(t)) return;
      t.grpc = grpcStatus(tr) || t.grpc;
      if (this.held && this.policy && retryResponse(this.policy, this, t.status, t.grpc)) {
        this.cut(t);
        return this.retry(ep);
      }
      this.grpcCode = t.grpc;
      this.trailers = tr;
    });
    up.on('end', () => {
      if (!this.live(t)) return;
      if (this.held) this.release();
      // node reports a reset (the peer's session dropped) as an end; 'close' then carries
      // its code. With our side ended, 'close' follows at once: let it decide.
      if (!up.writableEnded && !this.stream.destroyed) this.stream.end();
    });
    up.on('error', (err) => {
      t.failed = true;
      if (!this.live(t)) return;
      if (this.responded) {
        if (!this.stream.destroyed) this.stream.close(up.rstCode ?? NGHTTP2_INTERNAL_ERROR);
        return;
      }
      // REFUSED_STREAM: the peer did not process it (RFC 9113 §8.7), as good as a refused connection.
      this.failure(ep, reasonOf(err), `${ep.info.host}:${ep.info.port}: ${err.message}`, up.rstCode === NGHTTP2_REFUSED_STREAM ? 'connect' : undefined);
    });
    up.on('close', () => {
      ep.load.end(startedAt);
      // Failure accrual; a client that cancelled before any answer says nothing about the endpoint.
      if (t.status) ep.onResult?.(!t.failed && t.status < 500 && t.grpc !== '14');
      else if (t.failed) ep.onResult?.(false);
      if (!this.live(t)) return;
      // A reset from upstream after the response started reaches the client as a reset.
      if (this.responded) {
        if (this.stream.destroyed || this.stream.writableEnded) return;
        if (up.rstCode) this.stream.close(up.rstCode);
        else this.stream.end();
      } else {
        t.failed = true;
        this.held = undefined;
        this.failure(ep, 'upstream-reset', `${ep.info.host}:${ep.info.port}: stream closed before a response`);
      }
    });
  }

  private onResponse(t: Try, h: http2.IncomingHttpHeaders, endStream: boolean): void {
    if (!this.live(t)) return;
    if (this.tryTimer) clearTimeout(this.tryTimer);
    t.status = Number(h[':status']);
    t.grpc = grpcStatus(h);
    const p = this.policy;
    if (p && retryResponse(p, this, t.status, t.grpc)) {
      this.cut(t);
      return this.retry(t.ep);
    }
    this.status = t.status;
    this.grpcCode = t.grpc;
    // A gRPC UNAVAILABLE may still come in the trailers: hold the headers until a message does.
    if (!endStream && p && this.grpc && t.status === 200 && retryableResponse(p, this, 200, '14')) {
      this.held = h;
      return;
    }
    this.respond(h, endStream);
  }

  private release(): void {
    const h = this.held!;
    this.held = undefined;
    this.respond(h, false);
  }

  private respond(h: http2.IncomingHttpHeaders, endStream: boolean): void {
    this.responded = true;
    this.body = undefined;
    if (this.deadline) clearTimeout(this.deadline);
    if (this.stream.destroyed) return;
    try {
      this.stream.respond(h, endStream ? { endStream: true } : { waitForTrailers: true });
    } catch {
      // Headers node refuses to send (a peer's invalid header): reset rather than crash.
      this.stream.close(NGHTTP2_INTERNAL_ERROR);
      this.cur?.up.close(NGHTTP2_CANCEL);
    }
  }

  /** Ends a try the proxy gave up on; it counts as that endpoint's failure. */
  private cut(t: Try): void {
    t.failed = true;
    this.held = undefined;
    this.trailers = undefined;
    if (this.tryTimer) clearTimeout(this.tryTimer);
    this.cur = undefined;
    if (!t.up.closed) t.up.close(NGHTTP2_CANCEL);
  }

  /** A try failed without a response reaching the client: retry if allowed, else answer. */
  private failure(ep: Endpoint, reason: Reason, detail: string, why: RetryReason = retryReasonOf(reason)): void {
    this.cur = undefined;
    if (this.policy && retryFailure(this.policy, this, why)) return this.retry(ep);
    this.fail(reason, detail);
  }

  /** The budget has been charged already. */
  private retry(failed: Endpoint): void {
    (this.tried ??= []).push(failed);
    const next = this.policy!.pickOther(this.tried);
    if (!next) return this.fail('no-endpoints', 'no endpoint left to retry on');
    this.rm = next.metrics;
    this.send(next);
  }

  private requestTimedOut(ms: number): void {
    if (this.done || this.responded) return;
    if (this.cur) this.cut(this.cur);
    this.fail('timeout', `no response within the ${ms} ms request timeout`);
  }

  private fail(reason: Reason, detail: string): void {
    if (this.done) return;
    this.done = true;
    this.held = undefined;
    if (this.tryTimer) clearTimeout(this.tryTimer);
    if (this.deadline) clearTimeout(this.deadline);
    if (this.cur) this.cut(this.cur);
    if (this.responded) {
      if (!this.stream.destroyed) this.stream.close(NGHTTP2_INTERNAL_ERROR);
      return;
    }
    this.responded = true;
    this.onProxyError(reason);
    if (this.grpc) {
      this.status = 200;
      this.grpcCode = String(grpcStatusFor(reason));
    } else this.status = REASONS[reason];
    respondErrorH2(this.stream, reason, detail, this.grpc);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.deadline) clearTimeout(this.deadline);
    if (this.tryTimer) clearTimeout(this.tryTimer);
    const t = this.cur;
    if (t && !t.up.closed) t.up.close(NGHTTP2_CANCEL);
    this.rm.request(this.status, this.grpcCode, Number(process.hrtime.bigint() - this.t0) / 1e9);
    if (this.span) {
      const ep = t?.ep ?? this.tried?.at(-1) ?? this.firstEp;
      const dstService = this.policy?.serviceName ?? this.dstHeader;
      this.span.end(this.status, { dstService, endpoint: `${ep.info.host}:${ep.info.port}`, retries: Math.max(0, this.attempt - 1), grpcStatus: this.grpcCode });
    }
  }
}
