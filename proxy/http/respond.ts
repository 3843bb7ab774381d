import { nodeHttp } from '../../lib/builtins.ts';
import type { Readable } from 'node:stream';
import type net from 'node:net';
import { REASONS, type Reason } from '../errors.ts';
import type { RequestInfo } from './router.ts';

/** A request with its body as a stream: node:http's IncomingMessage, or the fast path's LeanRequest (conn-h1.ts). */
export type StreamedRequest = RequestInfo & Readable & { readonly complete: boolean };

/** The fast path's request without a body (conn-h1.ts): its head, and nothing to read. */
export interface BodilessRequest extends RequestInfo {
  readonly complete: true;
  resume(): void;
}

/** A request being proxied. */
export type ProxiedRequest = StreamedRequest | BodilessRequest;

export function isStreamed(req: ProxiedRequest): req is StreamedRequest {
  return 'pipe' in req;
}

/** What the forwarders use of a response: node:http's ServerResponse has it, and so has the fast path's. */
export interface ResponseSink {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  shouldKeepAlive: boolean;
  writeHead(status: number, headers: string[] | Record<string, string | number>): unknown;
  write(chunk: Buffer): boolean;
  end(chunk?: string): unknown;
  addTrailers(trailers: Record<string, string>): void;
  destroy(): unknown;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
}

/** The proxy's own answer to a request it could not forward: status, weft-error, a clear body. */
export function respondError(res: ResponseSink, reason: Reason, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `weft proxy: ${reason}: ${detail}\n`;
  res.writeHead(REASONS[reason], {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'weft-error': reason,
  });
  res.end(body);
}

/** The same answer written on a raw socket (Upgrade and CONNECT have no ServerResponse). */
export function rejectSocket(socket: net.Socket, reason: Reason, detail: string): void {
  const status = REASONS[reason];
  const body = `weft proxy: ${reason}: ${detail}\n`;
  socket.end(`HTTP/1.1 ${status} ${nodeHttp.STATUS_CODES[status]}\r\nweft-error: ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
