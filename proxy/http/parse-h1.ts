import { HOP_BY_HOP } from './headers.ts';

/** The upstream broke HTTP/1.1 (malformed head, bad chunk framing): answered as a 502. */
export class UpstreamProtocolError extends Error {
  readonly code = 'WEFT_UPSTREAM_PROTOCOL';
}

export interface ResponseHead {
  /** Bytes of the head, blank line included. */
  length: number;
  status: number;
  /** Flat [name, value, …] to send on to the client: hop-by-hop headers removed. */
  headers: string[];
  keepAlive: boolean;
  chunked: boolean;
  /** undefined: no Content-Length. */
  contentLength: number | undefined;
}

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Control characters other than HTAB (bare CR or LF, NUL…): the fast path writes field
// values to the client as they are, where a bare LF would start a header line of the
// upstream's choosing; node:http's writeHead refuses the same characters (RFC 9110 §5.5).
const BAD_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

const LENGTH_VALUE = /^\d{1,15}$/;

/** The lines of the head at the start of `data` and its length in bytes (blank line included); undefined while incomplete. */
function headLines(data: Buffer, maxHeaderSize: number): { lines: string[]; length: number } | 'oversized' | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return data.length > maxHeaderSize ? 'oversized' : undefined;
  if (end > maxHeaderSize) return 'oversized';
  return { lines: data.toString('latin1', 0, end).split('\r\n'), length: end + 4 };
}

/** Where a field line's name ends (its colon), or -1 when the line is not `token: value`. */
function nameEnd(line: string): number {
  const colon = line.indexOf(':');
  return colon > 0 && TOKEN.test(line.slice(0, colon)) ? colon : -1;
}

/**
 * Parses a response head at the start of `data`; undefined while it is incomplete.
 * Strict where laxness lets a response be read two ways (RFC 9112 §6.3, §11): folded
 * lines, conflicting lengths and a length beside chunked are errors.
 */
export function parseResponseHead(data: Buffer, maxHeaderSize: number): ResponseHead | undefined {
  const head = headLines(data, maxHeaderSize);
  if (head === 'oversized') throw new UpstreamProtocolError(`response head larger than ${maxHeaderSize} bytes`);
  if (!head) return undefined;
  const { lines } = head;
  const m = STATUS_LINE.exec(lines[0]!);
  if (!m) throw new UpstreamProtocolError(`malformed status line "${lines[0]!.slice(0, 64)}"`);
  const status = Number(m[2]);
  if (status === 101) throw new UpstreamProtocolError('101 Switching Protocols to a request that asked for no upgrade');
  let keepAlive = m[1] === '1';
  let chunked = false;
  let te = false;
  let contentLength: number | undefined;
  let named: string[] | undefined;
  const headers: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = nameEnd(line);
    if (colon < 0) throw new UpstreamProtocolError(`malformed header line "${line.slice(0, 64)}"`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE.test(value)) throw new UpstreamProtocolError(`control character in header "${name}"`);
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      const n = LENGTH_VALUE.test(value) ? Number(value) : NaN;
      if (Number.isNaN(n) || (contentLength !== undefined && contentLength !== n)) throw new UpstreamProtocolError(`invalid content-length "${value}"`);
      // Repeated with the same value: one length, sent on once (strict clients refuse two).
      if (contentLength !== undefined) continue;
      contentLength = n;
    } else if (lower === 'transfer-encoding') {
      te = true;
      chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
      continue; // hop-by-hop: node:http frames the body for the client again
    } else if (lower === 'connection') {
      for (const t of value.split(',')) {
        const token = t.trim().toLowerCase();
        if (token === 'close') keepAlive = false;
        else if (token === 'keep-alive') keepAlive = true;
        else if (token) (named ??= []).push(token);
      }
      continue;
    }
    if (HOP_BY_HOP.has(lower)) continue;
    headers.push(name, value);
  }
  if (te && contentLength !== undefined) throw new UpstreamProtocolError('both transfer-encoding and content-length');
  if (te && !chunked) keepAlive = false; // the body ends when the connection does
  return { length: head.length, status, headers: named ? headers.filter((_, i, a) => !named.includes(a[i - (i % 2)]!.toLowerCase())) : headers, keepAlive, chunked, contentLength };
}

const NONE = 0;
const LENGTH = 1;
const CHUNKED = 2;
const CLOSE = 3;

const SIZE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILERS = 3;
const MAX_LINE = 4096;

/**
 * Where a response body ends, and which bytes are body: chunk framing is taken off (the
 * client side frames again) and trailers are collected.
 */
export class ResponseFraming {
  private mode = NONE;
  private head = false;
  private remaining = 0;
  private state = SIZE;
  private line = '';
  private readonly out: Buffer[] = [];
  done = false;
  inBody = false;
  /** Bytes were left after the end of the response. */
  extra = false;
  trailers: string[] = [];

  /** The body runs until the upstream closes the connection. */
  get untilClose(): boolean {
    return this.mode === CLOSE;
  }

  reset(head: boolean): void {
    this.head = head;
    this.mode = NONE;
    this.done = false;
    this.inBody = false;
    this.extra = false;
    this.state = SIZE;
    this.line = '';
    this.trailers = [];
  }

  begin(h: ResponseHead): void {
    this.inBody = true;
    if (this.head || h.status === 204 || h.status === 304) this.mode = NONE;
    else if (h.chunked) this.mode = CHUNKED;
    else if (h.contentLength !== undefined) {
      this.mode = LENGTH;
      this.remaining = h.contentLength;
    } else {
      this.mode = CLOSE;
    }
  }

  /** The pieces of `data` that belong to the body (views; copy before keeping). */
  feed(data: Buffer): readonly Buffer[] {
    const out = this.out;
    out.length = 0;
    switch (this.mode) {
      case NONE:
        this.finish(data, 0);
        break;
      case CLOSE:
        if (data.length) out.push(data);
        break;
      case LENGTH: {
        const n = Math.min(this.remaining, data.length);
        if (n) out.push(n === data.length ? data : data.subarray(0, n));
        this.remaining -= n;
        if (this.remaining === 0) this.finish(data, n);
        break;
      }
      case CHUNKED: {
        const used = this.chunks(data, out);
        if (this.done) this.extra = used < data.length;
        break;
      }
    }
    return out;
  }

  private finish(data: Buffer, used: number): void {
    this.done = true;
    this.extra = used < data.length;
  }

  /** Walks chunk framing, body bytes to `out`; returns how many bytes of `data` were this response's. */
  private chunks(data: Buffer, out: Buffer[]): number {
    let i = 0;
    while (i < data.length && !this.done) {
      if (this.state === DATA) {
        const n = Math.min(this.remaining, data.length - i);
        out.push(data.subarray(i, i + n));
        i += n;
        this.remaining -= n;
        if (this.remaining === 0) {
          this.state = DATA_END;
          this.line = '';
        }
        continue;
      }
      const nl = data.indexOf(10, i);
      const stop = nl < 0 ? data.length : nl + 1;
      this.line += data.toString('latin1', i, stop);
      i = stop;
      if (this.line.length > MAX_LINE) throw new UpstreamProtocolError('chunk framing line too long');
      if (nl < 0) break;
      const line = this.line.endsWith('\r\n') ? this.line.slice(0, -2) : this.line.slice(0, -1);
      this.line = '';
      if (this.state === DATA_END) {
        if (line !== '') throw new UpstreamProtocolError('chunk data longer than its size');
        this.state = SIZE;
      } else if (this.state === SIZE) {
        const size = line.split(';', 1)[0]!.trim();
        if (!/^[0-9a-fA-F]{1,12}$/.test(size)) throw new UpstreamProtocolError(`invalid chunk size "${size.slice(0, 16)}"`);
        this.remaining = parseInt(size, 16);
        this.state = this.remaining === 0 ? TRAILERS : DATA;
      } else if (line === '') {
        this.done = true;
      } else {
        // One that could not be written on as a field is dropped: the body is whole by now,
        // and node:http's addTrailers would throw on it after the response had begun.
        const colon = nameEnd(line);
        const value = line.slice(colon + 1).trim();
        if (colon > 0 && !BAD_VALUE.test(value)) this.trailers.push(line.slice(0, colon), value);
      }
    }
    return i;
  }
}

/** A request head the fast path serves; anything else goes to node:http (see conn-h1.ts). */
export interface RequestHead {
  /** Bytes of the head, blank line included. */
  length: number;
  method: string;
  url: string;
  httpVersion: string;
  rawHeaders: string[];
  /** Lower-case names; repeated headers joined with ", " (set-cookie: an array), as node:http does. */
  headers: Record<string, string | string[] | undefined> & { host?: string };
  /** 0 when the request has no body. */
  contentLength: number;
  close: boolean;
}

const FAST_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.1$/;
// Requests with these go to node:http, which answers 100 Continue, upgrades, decodes
// chunked bodies and rejects smuggling attempts: rare, and not worth a second copy here.
const SLOW_HEADERS = new Set(['transfer-encoding', 'expect', 'upgrade', 'te', 'trailer']);

/**
 * Parses the common request at the start of `data`: HTTP/1.1, a usual method, no body or
 * a Content-Length one, no Expect or Upgrade, well formed. Returns undefined while the
 * head is incomplete and 'other' for anything else, malformed or oversized included.
 */
export function parseRequestHead(data: Buffer, maxHeaderSize: number): RequestHead | 'other' | undefined {
  const head = headLines(data, maxHeaderSize);
  if (head === 'oversized') return 'other';
  if (!head) return undefined;
  const { lines } = head;
  const m = REQUEST_LINE.exec(lines[0]!);
  if (!m || !FAST_METHODS.has(m[1]!)) return 'other';
  const rawHeaders: string[] = [];
  const headers: RequestHead['headers'] = {};
  let contentLength = 0;
  let close = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = nameEnd(line);
    if (colon < 0 || /[\0\r\n]/.test(line)) return 'other';
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    const lower = name.toLowerCase();
    if (SLOW_HEADERS.has(lower)) return 'other';
    if (lower === 'content-length') {
      if (!LENGTH_VALUE.test(value) || headers['content-length'] !== undefined) return 'other';
      contentLength = Number(value);
    } else if (lower === 'connection') {
      for (const t of value.split(',')) {
        const token = t.trim().toLowerCase();
        if (token === 'close') close = true;
        else if (token !== 'keep-alive' && token !== '') return 'other';
      }
    }
    rawHeaders.push(name, value);
    const prev = headers[lower];
    if (prev !== undefined && lower === 'host') return 'other';
    if (prev === undefined) headers[lower] = lower === 'set-cookie' ? [value] : value;
    else if (Array.isArray(prev)) prev.push(value);
    else headers[lower] = `${prev}, ${value}`;
  }
  if (headers.host === undefined) return 'other';
  return { length: head.length, method: m[1]!, url: m[2]!, httpVersion: '1.1', rawHeaders, headers, contentLength, close };
}
