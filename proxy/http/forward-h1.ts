import type { Endpoint } from '../endpoint.ts';
import type { RouteMetrics } from '../metrics.ts';
import { reasonOf, type Reason } from '../errors.ts';
import { retryFailure, retryReasonOf, retryResponse, type RetryCandidate } from '../resilience/attempt.ts';
import { MAX_REPLAY_BYTES, type RoutePolicy } from '../resilience/route-policy.ts';
import type { RetryReason } from '../resilience/retry-policy.ts';
import type { RequestSpan } from '../tracing/tracing.ts';
import { isTraceHeader } from '../tracing/tracing.ts';
import type { H1Handler } from './client-h1.ts';
import { DST_SERVICE, forwardRequestHeaders } from './headers.ts';
import { isStreamed, respondError, type ProxiedRequest, type ResponseSink, type StreamedRequest } from './respond.ts';

export interface ForwardHooks {
  /** The proxy answered itself (no response from upstream). */
  onProxyError(reason: Reason): void;
}

class TimeoutError extends Error {
  readonly code = 'WEFT_TIMEOUT';
}

function bodyLength(req: ProxiedRequest): number {
  if (req.headers['transfer-encoding'] !== undefined) return Infinity;
  const len = req.headers['content-length'];
  return len === undefined ? 0 : Number(len) || 0;
}

/**
 * One request forwarded over the endpoint's HTTP/1.1 pool (client-h1.ts): no
 * stream.pipeline, backpressure both ways through pause/resume. With a route policy the
 * request is tried again on another endpoint when an attempt fails before any response
 * byte reached the client (bodies up to 64 KiB are held for that), and timeouts apply.
 */
export function forwardH1(req: ProxiedRequest, res: ResponseSink, path: string, ep: Endpoint, rm: RouteMetrics, extraHeaders: readonly string[], hooks: ForwardHooks, policy?: RoutePolicy<Endpoint>, span?: RequestSpan): void {
  let base = forwardRequestHeaders(req.rawHeaders);
  if (span) base = withTraceContext(base, span.headers);
  const len = bodyLength(req);
  const body = len > 0 && isStreamed(req) ? req : null;
  if (!policy) {
    for (const h of extraHeaders) base.push(h);
    new Exchange(req, res, path, base, hooks, undefined, ep, rm, span).start(body);
    return;
  }
  policy.budget.request();
  const x = new Exchange(req, res, path, base, hooks, policy, ep, rm, span);
  if (!body) return x.start(null);
  if (len > MAX_REPLAY_BYTES) return x.start(body);
  // Small body: held in memory so that a retry can send it again.
  const chunks: Buffer[] = [];
  body.on('data', (c: Buffer) => chunks.push(c));
  body.once('end', () => x.start(Buffer.concat(chunks)));
}

/** The caller's traceparent/tracestate give way to the proxy's span's. */
function withTraceContext(base: string[], trace: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < base.length; i += 2) if (!isTraceHeader(base[i]!.toLowerCase())) out.push(base[i]!, base[i + 1]!);
  for (const h of trace) out.push(h);
  return out;
}

class Exchange implements RetryCandidate {
  private readonly t0 = process.hrtime.bigint();
  private readonly req: ProxiedRequest;
  readonly res: ResponseSink;
  private readonly path: string;
  private readonly base: string[];
  private readonly hooks: ForwardHooks;
  readonly policy: RoutePolicy<Endpoint> | undefined;
  private body: Buffer | StreamedRequest | null = null;
  private ep: Endpoint;
  private rm: RouteMetrics;
  attempt = 0;
  readonly grpc = false;
  /** Endpoints that failed this request; allocated only when it is retried. */
  private tried: Endpoint[] | undefined;
  status = 0;
  finished = false;
  /** The try in progress; undefined once finished (its connection may carry others then). */
  private current: Attempt | undefined;
  private deadline: NodeJS.Timeout | undefined;
  private readonly span: RequestSpan | undefined;

  constructor(req: ProxiedRequest, res: ResponseSink, path: string, base: string[], hooks: ForwardHooks, policy: RoutePolicy<Endpoint> | undefined, ep: Endpoint, rm: RouteMetrics, span: RequestSpan | undefined) {
    this.span = span;
    this.ep = ep;
    this.rm = rm;
    this.req = req;
    this.res = res;
    this.path = path;
    this.base = base;
    this.hooks = hooks;
    this.policy = policy;
    res.once('close', () => {
      // The client went away before the response ended: stop the upstream request too.
      if (!res.writableFinished) {
        this.current?.abort?.(new Error('client closed'));
        this.finish(this.status || 499);
      }
    });
  }

  start(body: Buffer | StreamedRequest | null): void {
    this.body = body;
    const ms = this.policy?.requestTimeoutMs;
    if (ms) this.deadline = setTimeout(() => this.requestTimedOut(), ms);
    this.send(this.ep, this.rm);
  }

  private requestTimedOut(): void {
    if (this.finished || this.res.headersSent) return;
    const abort = this.current?.abort;
    this.attempt++; // whatever the current attempt does next is ignored
    abort?.(new TimeoutError('request timeout'));
    this.fail('timeout', `no response within the ${this.policy?.requestTimeoutMs} ms request timeout`);
  }

  private send(ep: Endpoint, rm: RouteMetrics): void {
    if (this.finished) return;
    this.ep = ep;
    this.rm = rm;
    const attempt = new Attempt(this, ++this.attempt, ep);
    this.current = attempt;
    const headers = this.policy ? this.base.concat(ep.forwardHeaders) : this.base;
    const perTry = this.policy?.perTryTimeoutMs;
    if (perTry) attempt.timer = setTimeout(() => attempt.timedOut(), perTry);
    ep.http1().dispatch({ path: this.path, method: this.req.method ?? 'GET', headers, body: this.body }, attempt);
  }

  get responded(): boolean {
    return this.res.headersSent;
  }

  get replayable(): boolean {
    return this.body === null || Buffer.isBuffer(this.body);
  }

  get method(): string {
    return this.req.method ?? '';
  }

  canRetry(status: number): boolean {
    return this.policy !== undefined && retryResponse(this.policy, this, status, '');
  }

  /** The budget has been charged already. */
  retry(): void {
    (this.tried ??= []).push(this.ep);
    const next = this.policy!.pickOther(this.tried);
    if (!next) return this.fail('no-endpoints', 'no endpoint left to retry on');
    this.send(next, next.metrics);
  }

  respond(statusCode: number, headers: string[], resume: () => void): void {
    this.status = statusCode;
    if (this.deadline) clearTimeout(this.deadline);
    const { req, res } = this;
    if (!req.complete) {
      // The upstream answered before reading the whole body. Our client may still be
      // sending: close its connection after this response and drain what it sends, so
      // neither side waits for the other.
      res.shouldKeepAlive = false;
      req.resume();
    }
    res.writeHead(statusCode, headers);
    res.on('drain', resume);
  }

  fail(reason: Reason, detail: string): void {
    if (this.finished) return;
    if (this.res.headersSent) {
      this.res.destroy();
      this.finish(this.status);
      return;
    }
    this.hooks.onProxyError(reason);
    respondError(this.res, reason, detail);
    this.finish(this.res.statusCode);
  }

  finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    if (this.deadline) clearTimeout(this.deadline);
    if (this.current?.timer) clearTimeout(this.current.timer);
    // The upstream connection may carry another exchange from now on: a late client close
    // (node:http's response still flushing) must not abort that one.
    this.current = undefined;
    this.rm.request(code, '', Number(process.hrtime.bigint() - this.t0) / 1e9);
    if (this.span) {
      const dstService = this.policy?.serviceName ?? String(this.req.headers[DST_SERVICE] ?? '');
      this.span.end(code, { dstService, endpoint: `${this.ep.info.host}:${this.ep.info.port}`, retries: Math.max(0, this.attempt - 1) });
    }
  }
}

/**
 * One try of an Exchange on one endpoint: the handler client-h1 reports to. A try the
 * exchange has moved on from (retried, timed out, finished) is no longer live, and what it
 * reports is dropped. One object per try, not a closure per callback.
 */
class Attempt implements H1Handler {
  private readonly x: Exchange;
  private readonly id: number;
  private readonly ep: Endpoint;
  private readonly startedAt: number;
  private ended = false;
  /** Set when this try's response is read and dropped for a retry. */
  private discard: RetryReason | undefined;
  /** Ends this try (set once it has a connection). */
  abort: ((err: Error) => void) | undefined;
  /** This try's per-try timeout. */
  timer: NodeJS.Timeout | undefined;

  constructor(x: Exchange, id: number, ep: Endpoint) {
    this.x = x;
    this.id = id;
    this.ep = ep;
    this.startedAt = ep.load.start();
  }

  private get live(): boolean {
    return this.id === this.x.attempt && !this.x.finished;
  }

  private endLoad(ok: boolean): void {
    if (this.ended) return;
    this.ended = true;
    if (this.timer) clearTimeout(this.timer);
    this.ep.load.end(this.startedAt);
    this.ep.onResult?.(ok);
  }

  onConnect(abort: (err: Error) => void): void {
    if (this.live) this.abort = abort;
    else abort(new Error('superseded'));
  }

  onHeaders(statusCode: number, headers: string[], resume: () => void): void {
    if (!this.live) return;
    this.endLoad(statusCode < 500);
    if (this.x.canRetry(statusCode)) {
      // Read and drop this response; the client will only see the retry's.
      this.discard = 'status';
      return;
    }
    this.x.respond(statusCode, headers, resume);
  }

  onData(chunk: Buffer): boolean {
    return this.discard || !this.live ? true : this.x.res.write(chunk);
  }

  onComplete(trailers: string[]): void {
    if (!this.live) return;
    const x = this.x;
    if (this.discard) return x.retry();
    if (trailers.length) {
      const t: Record<string, string> = {};
      for (let i = 0; i < trailers.length; i += 2) t[trailers[i]!] = trailers[i + 1]!;
      x.res.addTrailers(t);
    }
    x.res.end();
    x.finish(x.status);
  }

  onError(err: Error): void {
    this.endLoad(false);
    if (!this.live) return;
    const x = this.x;
    if (this.discard) return x.retry();
    if (x.res.headersSent) {
      x.res.destroy();
      x.finish(x.status);
      return;
    }
    const reason: Reason = err instanceof TimeoutError ? 'timeout' : reasonOf(err);
    const why = retryReasonOf(reason);
    if (x.policy && retryFailure(x.policy, x, why)) return x.retry();
    x.fail(reason, `${this.ep.info.host}:${this.ep.info.port}: ${err.message}`);
  }

  /** The per-try timeout. Still connecting: move on now; a late connection is aborted in onConnect. */
  timedOut(): void {
    if (!this.live) return;
    const err = new TimeoutError('per-try timeout');
    if (this.abort) this.abort(err);
    else this.onError(err);
  }
}
