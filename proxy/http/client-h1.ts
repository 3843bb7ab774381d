import net from 'node:net';
import type { Readable } from 'node:stream';
import { READ_BUFFER, copyOut } from '../read-buffer.ts';
import { parseResponseHead, ResponseFraming, UpstreamProtocolError } from './parse-h1.ts';

/** What the forwarder hears about one request (the shape of undici's dispatch handler). */
export interface H1Handler {
  /** Called at once: `abort` ends the attempt, and onError gets its error. */
  onConnect(abort: (err: Error) => void): void;
  /** Final response head (interim 1xx are skipped); `resume` undoes a false onData. */
  onHeaders(status: number, headers: string[], resume: () => void): void;
  /** A body chunk (the caller's own copy); false pauses the upstream. */
  onData(chunk: Buffer): boolean;
  onComplete(trailers: string[]): void;
  onError(err: Error): void;
}

export interface H1Request {
  method: string;
  path: string;
  /** Flat [name, value, …], hop-by-hop already removed. */
  headers: readonly string[];
  /** Streams are sent as they come: chunked unless a content-length header is present. */
  body: Buffer | Readable | null;
}

export interface H1PoolOptions {
  connectTimeoutMs: number;
  /** Idle connections close after this long. */
  keepAliveMs: number;
  maxHeaderSize: number;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

class ConnectTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

class UpstreamClosedError extends Error {
  readonly code = 'ECONNRESET';
}

/**
 * Connections to one upstream address, kept alive and reused (most recently used first),
 * speaking HTTP/1.1 with a response parser in this process's own code: no per-request
 * objects beyond the exchange, and the socket's bytes never pass through a stream.
 */
export class H1Pool {
  private readonly host: string;
  private readonly port: number;
  private readonly authority: string;
  readonly opts: H1PoolOptions;
  private readonly idle: Conn[] = [];
  private readonly all = new Set<Conn>();
  private sweeper: NodeJS.Timeout | undefined;
  draining = false;

  constructor(host: string, port: number, opts: H1PoolOptions) {
    this.host = host;
    this.port = port;
    this.authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.opts = opts;
  }

  dispatch(req: H1Request, handler: H1Handler): void {
    const conn = this.idle.pop() ?? this.connect();
    conn.send(req, handler, this.head(req));
  }

  /** Busy connections finish their response, then close; idle ones close now. */
  close(): void {
    this.draining = true;
    for (const c of this.idle.splice(0)) c.socket.destroy();
    this.stopSweeper();
  }

  destroy(): void {
    this.draining = true;
    this.idle.length = 0;
    for (const c of this.all) c.socket.destroy();
    this.stopSweeper();
  }

  /** A connection ended its exchange and may carry another. */
  release(c: Conn): void {
    if (this.draining) return void c.socket.destroy();
    c.idleSince = Date.now();
    this.idle.push(c);
  }

  forget(c: Conn): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    if (this.all.size === 0) this.stopSweeper();
  }

  /** A reused connection the upstream had closed meanwhile: the request goes on a new one. */
  redispatch(req: H1Request, handler: H1Handler, head: string): void {
    this.connect().send(req, handler, head);
  }

  private connect(): Conn {
    const c = new Conn(this, this.host, this.port);
    this.all.add(c);
    this.sweeper ??= setInterval(() => this.sweep(), Math.max(250, this.opts.keepAliveMs / 4)).unref();
    return c;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.opts.keepAliveMs;
    // Oldest first: the list is used from its end.
    while (this.idle.length && this.idle[0]!.idleSince <= cutoff) this.idle.shift()!.socket.destroy();
  }

  private stopSweeper(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private head(req: H1Request): string {
    let head = `${req.method} ${req.path} HTTP/1.1\r\n`;
    let host = false;
    let length = false;
    const h = req.headers;
    for (let i = 0; i < h.length; i += 2) {
      const name = h[i]!;
      if (name.length === 4 && name.toLowerCase() === 'host') host = true;
      else if (name.length === 14 && name.toLowerCase() === 'content-length') length = true;
      head += `${name}: ${h[i + 1]}\r\n`;
    }
    if (!host) head += `host: ${this.authority}\r\n`;
    if (req.body !== null && !length) head += Buffer.isBuffer(req.body) ? `content-length: ${req.body.length}\r\n` : 'transfer-encoding: chunked\r\n';
    return `${head}\r\n`;
  }
}

/** One upstream connection and the exchange it carries, if any. */
class Conn {
  readonly socket: net.Socket;
  private readonly pool: H1Pool;
  idleSince = 0;
  private connected = false;
  /** Exchanges carried so far: a reused connection may have been closed by the upstream. */
  private served = 0;
  private handler: H1Handler | undefined;
  private req: H1Request | undefined;
  private head = '';
  private framing = new ResponseFraming();
  /** Bytes of a response head not complete yet. */
  private pending: Buffer | undefined;
  private gotBytes = false;
  private bodySent = false;
  private keepAlive = false;
  private paused = false;
  /** Handed to each exchange (bound once per connection, not per request). */
  private readonly abortFn = (err: Error) => this.abort(err);
  private readonly resumeFn = () => this.resume();

  constructor(pool: H1Pool, host: string, port: number) {
    this.pool = pool;
    const socket = net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: (n: number, buf: Buffer) => this.read(buf, n) } });
    this.socket = socket;
    socket.setTimeout(pool.opts.connectTimeoutMs, () => socket.destroy(new ConnectTimeoutError(`no connection within ${pool.opts.connectTimeoutMs} ms`)));
    socket.once('connect', () => {
      this.connected = true;
      socket.setTimeout(0);
    });
    socket.on('error', (err) => this.fail(err));
    socket.on('end', () => this.ended());
    socket.once('close', () => {
      this.pool.forget(this);
      this.fail(new UpstreamClosedError('the upstream closed the connection before the response ended'));
    });
  }

  send(req: H1Request, handler: H1Handler, head: string): void {
    this.req = req;
    this.handler = handler;
    this.head = head;
    this.gotBytes = false;
    this.bodySent = false;
    this.framing.reset(req.method === 'HEAD');
    handler.onConnect(this.abortFn);
    if (this.handler !== handler) return; // aborted from onConnect
    const s = this.socket;
    const body = req.body;
    if (body === null) {
      s.write(head, 'latin1');
      this.bodySent = true;
    } else if (Buffer.isBuffer(body)) {
      s.cork();
      s.write(head, 'latin1');
      s.write(body);
      s.uncork();
      this.bodySent = true;
    } else {
      s.write(head, 'latin1');
      this.stream(body, !/\r\ncontent-length:/i.test(head));
    }
  }

  private stream(body: Readable, chunked: boolean): void {
    const s = this.socket;
    const handler = this.handler;
    const onData = (c: Buffer) => {
      if (this.handler !== handler) return;
      // All three writes happen whatever each returns: `false` asks us to wait, it does
      // not refuse the bytes, and a chunk sent in part breaks the framing.
      if (chunked) {
        s.write(`${c.length.toString(16)}\r\n`);
        s.write(c);
      }
      const ok = s.write(chunked ? '\r\n' : c);
      if (!ok) {
        body.pause();
        s.once('drain', () => body.resume());
      }
    };
    const onEnd = () => {
      detach();
      if (this.handler !== handler) return;
      if (chunked) s.write('0\r\n\r\n');
      this.bodySent = true;
      this.maybeRelease();
    };
    const detach = () => {
      body.off('data', onData);
      body.off('end', onEnd);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    // Stop reading the client's body once this exchange is over (done, failed or aborted).
    this.detachBody = detach;
  }

  private detachBody: (() => void) | undefined;

  read(buf: Buffer, n: number): boolean {
    const h = this.handler;
    if (!h) {
      // Bytes on an idle connection: the upstream broke the protocol; never reuse it.
      this.socket.destroy();
      return false;
    }
    this.gotBytes = true;
    let data = buf.subarray(0, n);
    try {
      if (!this.framing.inBody) {
        if (this.pending) data = Buffer.concat([this.pending, data]);
        this.pending = undefined;
        for (;;) {
          const parsed = parseResponseHead(data, this.pool.opts.maxHeaderSize);
          if (!parsed) {
            this.pending = copyOut(data);
            return true;
          }
          data = data.subarray(parsed.length);
          if (parsed.status < 200 && parsed.status !== 101) continue; // interim: 100, 103
          this.keepAlive = parsed.keepAlive;
          this.framing.begin(parsed);
          h.onHeaders(parsed.status, parsed.headers, this.resumeFn);
          break;
        }
        if (this.handler !== h) return false;
      }
      return this.body(h, data);
    } catch (err) {
      this.socket.destroy();
      this.fail(err as Error);
      return false;
    }
  }

  private body(h: H1Handler, data: Buffer): boolean {
    const f = this.framing;
    const out = f.feed(data);
    for (const piece of out) {
      if (!h.onData(copyOut(piece))) this.paused = true;
      if (this.handler !== h) return false;
    }
    if (f.done) {
      if (f.extra) this.keepAlive = false; // bytes after the response: do not trust the connection
      this.complete(h, f.trailers);
      return true;
    }
    if (this.paused) this.socket.pause();
    return !this.paused;
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.socket.resume();
  }

  private complete(h: H1Handler, trailers: string[]): void {
    this.handler = undefined;
    this.served++;
    this.paused = false;
    if (!this.bodySent) {
      // Answered before the whole body was sent: the connection is mid-request.
      this.detachBody?.();
      this.keepAlive = false;
    }
    h.onComplete(trailers);
    this.maybeRelease();
  }

  private maybeRelease(): void {
    if (this.handler || !this.bodySent || this.socket.destroyed) return;
    this.detachBody = undefined;
    this.req = undefined;
    if (this.keepAlive) this.pool.release(this);
    else this.socket.destroy();
  }

  private ended(): void {
    const h = this.handler;
    if (h && this.framing.untilClose) {
      this.keepAlive = false; // the response said keep-alive, but its body ended the connection
      this.complete(h, []);
      return;
    }
    this.socket.destroy();
  }

  /** Ends the exchange in hand, if any, and the connection with it; returns its handler. */
  private drop(): H1Handler | undefined {
    const h = this.handler;
    if (!h) return undefined;
    this.handler = undefined;
    this.detachBody?.();
    this.socket.destroy();
    return h;
  }

  private abort(err: Error): void {
    this.drop()?.onError(err);
  }

  private fail(err: Error): void {
    const h = this.drop();
    if (!h) return;
    const req = this.req!;
    // A kept-alive connection that the upstream closed as we reused it: most likely nothing
    // reached the app, so the request goes on a fresh connection (once: that one is new) —
    // idempotent methods only (RFC 9112 §9.3.1): the app may have acted on a POST before
    // the connection died, and only the route's retry policy may decide to send it again.
    const replayable = req.body === null || Buffer.isBuffer(req.body);
    if (this.served > 0 && this.connected && !this.gotBytes && replayable && IDEMPOTENT.has(req.method) && !(err instanceof UpstreamProtocolError)) {
      this.pool.redispatch(req, h, this.head);
      return;
    }
    h.onError(err);
  }
}
