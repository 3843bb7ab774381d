import { EventEmitter } from 'node:events';
import { nodeHttp } from '../../lib/builtins.ts';
import type net from 'node:net';
import { Readable } from 'node:stream';
import { allocOwn, keep, readShared, readStream } from '../read-buffer.ts';
import { parseRequestHead, type RequestHead } from './parse-h1.ts';
import type { BodilessRequest } from './respond.ts';

/**
 * The fast path of an HTTP/1.1 connection: the common request (see parseRequestHead) is
 * parsed here and its response written straight to the socket, without node:http's
 * per-request machinery. At the first request that is anything else — malformed,
 * oversized, Expect, Upgrade, CONNECT, chunked, HTTP/1.0 — the connection, with the bytes
 * read so far put back, is handed to node:http for good, so those keep node's behaviour.
 */
export interface H1ConnOptions {
  maxHeaderSize: number;
  keepAliveMs: number;
  onRequest(req: LeanRequest | HeadOnlyRequest, res: LeanResponse): void;
  /** Called with the socket paused and unread bytes unshifted. */
  handOff(socket: net.Socket): void;
}

/** Sockets with a fast-path response in progress (shutdown closes the others). */
const busy = new WeakSet<net.Socket>();

export function isBusy(socket: net.Socket): boolean {
  return busy.has(socket);
}

export function serveH1(socket: net.Socket, prelude: Buffer, opts: H1ConnOptions): void {
  let idle = sweepers.get(opts);
  if (!idle) sweepers.set(opts, (idle = new IdleSweeper(opts.keepAliveMs)));
  new Conn(socket, opts, idle).feed(prelude);
}

/** The shortest time between two sweeps: under a 200 ms --keep-alive-timeout, idle connections close after 200–250 ms. */
const MIN_SWEEP_MS = 50;

/** Sweeps after keepAliveMs without activity make a connection idle (see IdleSweeper). */
const IDLE_TICKS = 5;

/**
 * Closes idle keep-alive connections in one coarse sweep, instead of a socket timeout per
 * connection: Node re-arms a socket's timeout on every read and write, up to 2% of the
 * proxy's CPU per request (leaving the timeout out measured 0.98×). Activity (a read, a
 * finished response, or queued response bytes reaching a slow client) is stamped with the
 * sweep count; a connection closes at the first sweep after keepAliveMs without any, so after
 * 1–1.25 × keepAliveMs. A keepAliveMs of 0 closes none, as node:http's keepAliveTimeout 0.
 */
class IdleSweeper {
  private readonly conns = new Set<Conn>();
  private readonly periodMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** Sweeps so far: the clock activity is stamped with. */
  tick = 0;

  constructor(keepAliveMs: number) {
    this.periodMs = keepAliveMs > 0 ? Math.max(MIN_SWEEP_MS, keepAliveMs / (IDLE_TICKS - 1)) : 0;
  }

  add(c: Conn): void {
    if (this.periodMs === 0) return;
    this.conns.add(c);
    this.timer ??= setInterval(() => this.sweep(), this.periodMs).unref();
  }

  delete(c: Conn): void {
    this.conns.delete(c);
    if (this.conns.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private sweep(): void {
    const tick = ++this.tick;
    for (const c of this.conns) c.closeIfIdle(tick);
  }
}

const sweepers = new WeakMap<H1ConnOptions, IdleSweeper>();

/**
 * A request on the fast path without a body: its head, and no stream. Building a Readable
 * for every GET was ≈ 7% of the proxy's CPU per request (paired median 0.925 over 12
 * interleaved rounds), and V8 allocates each one's ReadableState straight in its old
 * generation, the largest part of the garbage full collections clear under load.
 */
export class HeadOnlyRequest implements BodilessRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly rawHeaders: string[];
  readonly headers: RequestHead['headers'];
  readonly complete = true;

  constructor(head: RequestHead) {
    this.method = head.method;
    this.url = head.url;
    this.httpVersion = head.httpVersion;
    this.rawHeaders = head.rawHeaders;
    this.headers = head.headers;
  }

  /** Nothing to read. */
  resume(): void {}
}

/** A request on the fast path with a body: its head, and its body as a stream. */
export class LeanRequest extends Readable {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly rawHeaders: string[];
  readonly headers: RequestHead['headers'];
  complete: boolean;
  /** Body bytes still to come. */
  remaining: number;
  private readonly socket: net.Socket;
  /** A request without a body ends when first read, not at once: most are never read. */
  private endOnRead: boolean;

  constructor(head: RequestHead, socket: net.Socket) {
    super();
    this.method = head.method;
    this.url = head.url;
    this.httpVersion = head.httpVersion;
    this.rawHeaders = head.rawHeaders;
    this.headers = head.headers;
    this.remaining = head.contentLength;
    this.complete = head.contentLength === 0;
    this.socket = socket;
    this.endOnRead = this.complete;
  }

  /** Takes this request's share of `chunk`; returns how many bytes that was. */
  feedBody(chunk: Buffer): number {
    const n = Math.min(this.remaining, chunk.length);
    this.remaining -= n;
    const full = this.push(keep(n === chunk.length ? chunk : chunk.subarray(0, n)));
    if (this.remaining === 0) {
      this.complete = true;
      this.push(null);
    } else if (!full) this.socket.pause();
    return n;
  }

  override _read(): void {
    if (this.endOnRead) {
      this.endOnRead = false;
      this.push(null);
    } else if (!this.complete) this.socket.resume();
  }
}

const NO_BODY_STATUS = (s: number) => s === 204 || s === 304 || s < 200;
/** Largest body sent in one write with its response head (a copy of it is made). */
export const ONE_WRITE_MAX = 16 * 1024;

/** The response to a LeanRequest, with the part of ServerResponse's API the forwarder uses. */
export class LeanResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  writableFinished = false;
  shouldKeepAlive: boolean;
  private readonly socket: net.Socket;
  private readonly isHead: boolean;
  private readonly onFinish: () => void;
  /** Written with the first body bytes, so small responses leave in one write. */
  private head: string | undefined;
  private chunked = false;
  private noBody = false;
  private trailers: Record<string, string> | undefined;

  constructor(socket: net.Socket, req: RequestHead, onFinish: () => void) {
    super();
    this.socket = socket;
    this.isHead = req.method === 'HEAD';
    this.shouldKeepAlive = !req.close;
    this.onFinish = onFinish;
  }

  writeHead(status: number, headers: readonly string[] | Record<string, string | number>): this {
    this.statusCode = status;
    let head = `HTTP/1.1 ${status} ${nodeHttp.STATUS_CODES[status] ?? ''}\r\n`;
    let length = false;
    const add = (name: string, value: string) => {
      if (name.length === 14 && name.toLowerCase() === 'content-length') length = true;
      head += `${name}: ${value}\r\n`;
    };
    if (Array.isArray(headers)) for (let i = 0; i < headers.length; i += 2) add(headers[i]!, headers[i + 1]!);
    else for (const [k, v] of Object.entries(headers)) add(k, String(v));
    this.noBody = this.isHead || NO_BODY_STATUS(status);
    // No length: chunked on a kept-alive connection, else the body ends with the connection.
    if (!length && !this.noBody && this.shouldKeepAlive) {
      this.chunked = true;
      head += 'transfer-encoding: chunked\r\n';
    }
    if (!this.shouldKeepAlive || (!length && !this.chunked && !this.noBody)) {
      this.shouldKeepAlive = false;
      head += 'connection: close\r\n';
    }
    this.head = `${head}\r\n`;
    this.headersSent = true;
    return this;
  }

  write(chunk: Buffer | string): boolean {
    if (!this.headersSent) this.writeHead(this.statusCode, []);
    const s = this.socket;
    const body = this.noBody || chunk.length === 0 ? undefined : chunk;
    if (this.head === undefined && body === undefined) return !s.writableNeedDrain;
    if (this.head !== undefined && Buffer.isBuffer(body) && !this.chunked && body.length <= ONE_WRITE_MAX) {
      // The usual small response: head and body copied into one buffer and written once,
      // without the cork/writev path's per-chunk bookkeeping. Not from Buffer's pool, for
      // the reason read-buffer.ts gives.
      const buf = allocOwn(this.head.length + body.length);
      buf.write(this.head, 0, 'latin1');
      body.copy(buf, this.head.length);
      this.head = undefined;
      s.write(buf);
      return !s.writableNeedDrain;
    }
    s.cork();
    if (this.head !== undefined) {
      s.write(this.head, 'latin1');
      this.head = undefined;
    }
    if (body !== undefined) {
      if (this.chunked) {
        s.write(`${Buffer.byteLength(body).toString(16)}\r\n`, 'latin1');
        s.write(body);
        s.write('\r\n', 'latin1');
      } else s.write(body);
    }
    s.uncork();
    return !s.writableNeedDrain;
  }

  end(chunk?: Buffer | string): this {
    if (this.writableFinished) return this;
    if (chunk !== undefined) this.write(chunk);
    else if (this.head !== undefined || !this.headersSent) this.write('');
    if (this.chunked) {
      let tail = '0\r\n';
      if (this.trailers) for (const [k, v] of Object.entries(this.trailers)) tail += `${k}: ${v}\r\n`;
      this.socket.write(`${tail}\r\n`, 'latin1');
    }
    this.writableFinished = true;
    this.onFinish();
    this.emit('close');
    return this;
  }

  /** Sent after a chunked body (node:http drops them otherwise too). */
  addTrailers(t: Record<string, string>): void {
    this.trailers = t;
  }

  destroy(): this {
    this.socket.destroy();
    return this;
  }
}

class Conn {
  private readonly socket: net.Socket;
  private readonly opts: H1ConnOptions;
  /** Bytes read and not yet parsed (pipelined requests wait here for their turn). */
  private pending: Buffer | undefined;
  /** The request whose body is still arriving. */
  private req: LeanRequest | undefined;
  /** The response in progress. */
  private res: LeanResponse | undefined;
  /** Handed to node:http, or closing: nothing more is read as requests. */
  private stopped = false;
  /** The client has sent FIN: its requests are answered, then the connection ends. */
  private ended = false;
  private readonly idle: IdleSweeper;
  /** The sweep count at the last read, finished response, or progress of queued writes. */
  private seen: number;
  /** Response bytes queued in the socket at the last sweep. */
  private queued = 0;
  private readonly onData = (chunk: Buffer) => {
    this.seen = this.idle.tick;
    this.feed(chunk);
  };
  /** Reads into the shared buffer (readShared): what waits for later is copied out. */
  private readonly onRead = (n: number, buf: Buffer) => {
    this.onData(buf.subarray(0, n));
    if (this.pending) this.pending = keep(this.pending);
    return true;
  };
  /** Reading through readShared() rather than the socket's stream. */
  private readonly shared: boolean;
  private readonly onDrain = () => this.res?.emit('drain');
  private readonly onClose = () => this.closed();
  private readonly onEnd = () => {
    this.ended = true;
    // A body cut short by FIN can never complete: nothing is answered, as on a close.
    if (this.req) this.socket.destroy();
    else this.endIfAnswered();
  };

  constructor(socket: net.Socket, opts: H1ConnOptions, idle: IdleSweeper) {
    this.socket = socket;
    this.opts = opts;
    this.idle = idle;
    this.seen = idle.tick;
    idle.add(this);
    socket.on('drain', this.onDrain);
    socket.once('close', this.onClose);
    socket.once('end', this.onEnd);
    this.shared = readShared(socket, this.onRead);
    if (!this.shared) {
      socket.on('data', this.onData);
      socket.resume();
    }
  }

  /**
   * Idle keep-alive connections close; busy ones have their own timeouts. A stopped one
   * (answered before its body came, and ended) too: its client may never close.
   */
  closeIfIdle(tick: number): void {
    const queued = this.socket.writableLength;
    if (queued !== this.queued) {
      // A slow client still taking the last response: not idle (a socket timeout was
      // re-armed by each completed write). One that stopped reading is.
      this.queued = queued;
      this.seen = tick;
      return;
    }
    if (this.seen <= tick - IDLE_TICKS && (this.stopped || (!this.res && !this.req))) this.socket.destroy();
  }

  feed(chunk: Buffer): void {
    if (this.stopped || chunk.length === 0) return;
    const req = this.req;
    if (req) {
      const used = req.feedBody(chunk);
      if (req.complete) this.req = undefined;
      if (used === chunk.length) return;
      chunk = chunk.subarray(used);
    }
    this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    if (this.res) {
      // A pipelining client: its next requests wait, and so does the socket past a bound.
      if (this.pending.length > this.opts.maxHeaderSize) this.socket.pause();
      return;
    }
    this.next();
  }

  private next(): void {
    const data = this.pending;
    if (!data || this.res || this.req || this.stopped) return;
    const head = parseRequestHead(data, this.opts.maxHeaderSize);
    if (head === undefined) return;
    if (head === 'other') return this.handOff();
    this.pending = undefined;
    const req = head.contentLength > 0 ? new LeanRequest(head, this.socket) : new HeadOnlyRequest(head);
    const res = new LeanResponse(this.socket, head, () => this.finished(res));
    this.res = res;
    if (req instanceof LeanRequest) this.req = req;
    busy.add(this.socket);
    this.opts.onRequest(req, res);
    if (data.length > head.length) this.feed(data.subarray(head.length));
  }

  private finished(res: LeanResponse): void {
    if (this.res !== res) return;
    this.res = undefined;
    this.seen = this.idle.tick;
    busy.delete(this.socket);
    // Answered before its body arrived: the rest of the body would be read as a request.
    if (this.req || !res.shouldKeepAlive) {
      this.stopped = true; // what the client still sends is read and dropped
      // The body's stream may have paused the socket (the upstream stopped reading it),
      // and nothing resumes it now: unread, the client could not finish sending, and a
      // close with unread bytes resets the connection under the response.
      this.socket.resume();
      this.socket.end();
      return;
    }
    this.socket.resume();
    this.next();
    this.endIfAnswered();
  }

  /** After the client's FIN, the connection ends once every request it sent is answered. */
  private endIfAnswered(): void {
    if (this.ended && !this.res && !this.stopped) {
      this.stopped = true;
      this.socket.end();
    }
  }

  private handOff(): void {
    this.stopped = true;
    const s = this.socket;
    s.off('drain', this.onDrain);
    s.off('close', this.onClose);
    s.off('end', this.onEnd);
    this.idle.delete(this);
    s.pause();
    if (this.shared) readStream(s);
    else s.off('data', this.onData);
    if (this.pending) s.unshift(keep(this.pending));
    this.pending = undefined;
    this.opts.handOff(s);
  }

  private closed(): void {
    this.idle.delete(this);
    busy.delete(this.socket);
    const res = this.res;
    this.res = undefined;
    if (res && !res.writableFinished) res.emit('close');
    this.req?.destroy();
  }
}
