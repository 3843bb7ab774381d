// The proxy's Destination client: gRPC's wire protocol over node:http2, for the one
// server-streaming call the proxy makes (Watch). Not @grpc/grpc-js: the proxy's memory
// budget (see the README's Performance → Proxy) does not hold its channel machinery, and a
// single streaming call needs little of it. The control plane and the tests use grpc-js,
// so every test of this client runs it against grpc-js's server.
import * as http2 from 'node:http2';
import { backoff } from '../../lib/backoff.ts';
import { defineError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { Update__Output } from '../../control/api/gen/weft/destination/v1/Update.ts';
import { decodeGrpcMessage, isGrpc } from '../http/grpc.ts';
import { fromWire } from './convert.ts';
import type { DiscoveryUpdate } from './types.ts';
import { WATCH_PATH, decodeUpdate, encodeWatchRequest } from './wire.ts';

export const DestinationStreamError = defineError(
  'WEFT_PROXY_DESTINATION_STREAM',
  'A Destination Watch stream failed (control unreachable or silent, a gRPC error status, or a malformed reply); the proxy keeps serving the last state and reopens it with backoff.',
);

/** gRPC status names, for log lines (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
const STATUS_NAMES = [
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS',
  'UNAUTHENTICATED',
];

/** gRPC's default limit for a received message. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface DiscoveryClientOptions {
  /** host:port of control's gRPC server. */
  addr: string;
  proxyId: string;
  namespace: string;
  log: Logger;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A connection that is not up within this long is abandoned (default 10 s). */
  connectTimeoutMs?: number;
  /** While a stream is open, ping control this often (default 10 s)… */
  keepaliveMs?: number;
  /** …and drop the connection if a ping is not answered within this long (default 5 s). */
  keepaliveTimeoutMs?: number;
}

export interface Watch {
  close(): void;
}

/** Destination.Watch streams, one per authority, each reconnecting with backoff and jitter. */
export class DiscoveryClient {
  private readonly opts: DiscoveryClientOptions;
  /** Streams currently receiving updates; /ready and metrics read it. */
  connectedStreams = 0;
  /** Once control has answered, the proxy can serve from what it holds even if control goes away. */
  everConnected = false;
  private closed = false;
  private session: http2.ClientHttp2Session | undefined;
  private readonly calls = new Set<WatchCall>();

  private dialTimer: NodeJS.Timeout | undefined;

  constructor(opts: DiscoveryClientOptions) {
    this.opts = opts;
    this.dial(0);
  }

  /** Jitter keeps a fleet of proxies from reconnecting in lockstep after a control restart. */
  private retryDelay(failures: number): number {
    return backoff(failures, this.opts.backoffBaseMs ?? 100, this.opts.backoffMaxMs ?? 10_000);
  }

  /**
   * Connects at start-up, and again with backoff until control has answered once, so that
   * /ready reports control's reachability before the first request opens a Watch.
   */
  private dial(attempt: number): void {
    if (this.closed || this.everConnected) return;
    const session = this.connect();
    session.once('close', () => {
      if (this.closed || this.everConnected) return;
      const delay = this.retryDelay(attempt);
      this.dialTimer = setTimeout(() => this.dial(attempt + 1), delay);
      this.dialTimer.unref();
    });
  }

  watch(authority: string, onUpdate: (u: DiscoveryUpdate) => void): Watch {
    const request = encodeWatchRequest({ authority, proxyId: this.opts.proxyId, proxyNamespace: this.opts.namespace });
    let attempt = 0;
    let call: WatchCall | undefined;
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let live = false;
    const setLive = (v: boolean) => {
      if (v !== live) this.connectedStreams += v ? 1 : -1;
      live = v;
    };
    const onMessage = (msg: Update__Output) => {
      attempt = 0;
      this.everConnected = true;
      setLive(true);
      const u = fromWire(msg);
      if (u) onUpdate(u);
      else this.opts.log.warn({ authority, kind: msg.kind }, 'ignored an empty discovery update');
    };
    const onEnd = (c: WatchCall, err?: Error) => {
      this.calls.delete(c);
      if (call !== c) return;
      call = undefined;
      setLive(false);
      if (stopped || this.closed) return;
      const delay = this.retryDelay(attempt++);
      const e = err as { code?: string; details?: { reason?: string } } | undefined;
      this.opts.log.warn({ authority, err: err?.message, code: e?.code, reason: e?.details?.reason, retryInMs: Math.round(delay) }, 'discovery stream ended, keeping last state');
      timer = setTimeout(open, delay);
      timer.unref();
    };
    const open = () => {
      if (stopped || this.closed) return;
      call = new WatchCall(this.connect(), request, onMessage, onEnd);
      this.calls.add(call);
    };
    open();
    return {
      close: () => {
        stopped = true;
        setLive(false);
        clearTimeout(timer);
        const c = call;
        call = undefined;
        c?.cancel();
      },
    };
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.dialTimer);
    for (const c of this.calls) c.cancel();
    this.calls.clear();
    this.session?.close();
    this.session = undefined;
  }

  /** The one HTTP/2 connection to control, opened on demand and replaced once it closes or is told to go away. */
  private connect(): http2.ClientHttp2Session {
    const current = this.session;
    if (current && !current.closed && !current.destroyed) return current;
    const session = http2.connect(`http://${this.opts.addr}`, { settings: { enablePush: false } });
    this.session = session;
    let keepalive: NodeJS.Timeout | undefined;
    let pingTimer: NodeJS.Timeout | undefined;
    const connectTimeoutMs = this.opts.connectTimeoutMs ?? 10_000;
    const connectTimer = setTimeout(() => {
      session.destroy(new DestinationStreamError(`no connection to control at ${this.opts.addr} within ${connectTimeoutMs} ms`, { reason: 'connect-timeout' }));
    }, connectTimeoutMs);
    const forget = () => {
      if (this.session === session) this.session = undefined;
      clearTimeout(connectTimer);
      clearInterval(keepalive);
      clearTimeout(pingTimer);
    };
    session.once('connect', () => {
      clearTimeout(connectTimer);
      this.everConnected = true;
      const timeoutMs = this.opts.keepaliveTimeoutMs ?? 5_000;
      keepalive = setInterval(() => {
        if (pingTimer || session.destroyed || !this.hasCallsOn(session)) return;
        pingTimer = setTimeout(() => {
          session.destroy(new DestinationStreamError(`control did not answer a ping within ${timeoutMs} ms`, { reason: 'keepalive-timeout' }));
        }, timeoutMs);
        session.ping(() => {
          clearTimeout(pingTimer);
          pingTimer = undefined;
        });
      }, this.opts.keepaliveMs ?? 10_000);
      keepalive.unref();
    });
    // Each stream reports the failure that ends it; the session's own error only needs a listener.
    session.on('error', (err) => this.opts.log.debug({ err: err.message }, 'connection to control failed'));
    session.once('goaway', forget);
    session.once('close', forget);
    return session;
  }

  private hasCallsOn(session: http2.ClientHttp2Session): boolean {
    for (const c of this.calls) if (c.session === session) return true;
    return false;
  }
}

/**
 * One Watch call: the request as a single length-prefixed message, then a stream of
 * length-prefixed Update messages, ended by trailers carrying grpc-status.
 */
class WatchCall {
  readonly session: http2.ClientHttp2Session;
  private readonly stream: http2.ClientHttp2Stream;
  private readonly onMessage: (msg: Update__Output) => void;
  private readonly onEnd: (call: WatchCall, err?: Error) => void;
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Length of the message whose prefix has been read, or -1 between messages. */
  private need = -1;
  private status: number | undefined;
  private statusMessage = '';
  private failure: Error | undefined;
  private cancelled = false;

  constructor(session: http2.ClientHttp2Session, request: Uint8Array, onMessage: (msg: Update__Output) => void, onEnd: (call: WatchCall, err?: Error) => void) {
    this.session = session;
    this.onMessage = onMessage;
    this.onEnd = onEnd;
    const stream = session.request({
      ':method': 'POST',
      ':path': WATCH_PATH,
      'content-type': 'application/grpc+proto',
      te: 'trailers',
      'grpc-accept-encoding': 'identity',
    });
    this.stream = stream;
    stream.on('response', (headers) => this.onHeaders(headers));
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('trailers', (trailers) => this.onStatus(trailers));
    stream.on('error', (err) => {
      // The session's own failures (connect or keepalive timeout) already say what happened:
      // an open stream gets the session's error, one still pending (not connected yet) an
      // ERR_HTTP2_STREAM_CANCEL caused by it.
      const own = [err, err.cause].find((e) => e instanceof DestinationStreamError);
      this.failure ??= own ?? new DestinationStreamError(`Watch stream to control failed: ${err.message}`, { reason: 'transport' }, { cause: err });
    });
    stream.on('close', () => this.onClose());
    const prefix = Buffer.allocUnsafe(5);
    prefix[0] = 0;
    prefix.writeUInt32BE(request.length, 1);
    stream.end(Buffer.concat([prefix, request]));
  }

  cancel(): void {
    this.cancelled = true;
    this.stream.close(http2.constants.NGHTTP2_CANCEL);
  }

  private fail(reason: string, message: string): void {
    this.failure ??= new DestinationStreamError(message, { reason });
    this.stream.close(http2.constants.NGHTTP2_CANCEL);
  }

  private onHeaders(headers: http2.IncomingHttpHeaders): void {
    const status = Number(headers[':status']);
    if (status !== 200) return this.fail('http-status', `control answered the Watch with HTTP status ${status}`);
    if (!isGrpc(headers)) return this.fail('content-type', `control answered the Watch with content-type "${headers['content-type'] ?? ''}", not gRPC`);
    // A trailers-only response (an error before any message) carries its status here.
    if (headers['grpc-status'] !== undefined) this.onStatus(headers);
  }

  private onStatus(headers: http2.IncomingHttpHeaders): void {
    this.status = Number(headers['grpc-status']);
    const message = headers['grpc-message'];
    if (typeof message === 'string') this.statusMessage = decodeGrpcMessage(message);
  }

  private onData(chunk: Buffer): void {
    if (this.failure) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= (this.need < 0 ? 5 : this.need)) {
      if (this.need < 0) {
        const prefix = this.take(5);
        if (prefix[0] !== 0) return this.fail('compressed', 'control sent a compressed message though the proxy accepts only identity encoding');
        const length = prefix.readUInt32BE(1);
        if (length > MAX_MESSAGE_BYTES) return this.fail('message-too-large', `control sent a ${length}-byte message, over the ${MAX_MESSAGE_BYTES}-byte limit`);
        this.need = length;
        continue;
      }
      const body = this.take(this.need);
      this.need = -1;
      let msg: Update__Output;
      try {
        msg = decodeUpdate(body);
      } catch (err) {
        return this.fail('malformed-message', `control sent a message that is not a Destination Update: ${(err as Error).message}`);
      }
      this.onMessage(msg);
      if (this.cancelled || this.failure) return;
    }
  }

  /** The first n buffered bytes; joins chunks only when a message spans them. */
  private take(n: number): Buffer {
    const first = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
    this.buffered -= n;
    this.chunks = this.buffered > 0 ? [first.subarray(n)] : [];
    return first.subarray(0, n);
  }

  private onClose(): void {
    if (this.failure) return this.onEnd(this, this.failure);
    if (this.cancelled) return this.onEnd(this);
    if (this.status === undefined) {
      return this.onEnd(this, new DestinationStreamError(`the Watch stream closed without a gRPC status (HTTP/2 code ${this.stream.rstCode})`, { reason: 'no-status' }));
    }
    if (this.status !== 0) {
      const name = STATUS_NAMES[this.status] ?? 'UNKNOWN';
      return this.onEnd(this, new DestinationStreamError(`control ended the Watch with ${name} (${this.status}): ${this.statusMessage}`, { reason: 'grpc-status', status: this.status }));
    }
    if (this.buffered > 0 || this.need >= 0) return this.onEnd(this, new DestinationStreamError('the Watch stream ended inside a message', { reason: 'truncated' }));
    this.onEnd(this);
  }
}
