import { STATUS_CODES, type ServerResponse } from 'node:http';
import type net from 'node:net';
import { REASONS, type Reason } from '../errors.ts';

/** The proxy's own answer to a request it could not forward: status, weft-error, a clear body. */
export function respondError(res: ServerResponse, reason: Reason, detail: string): void {
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
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nweft-error: ${reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
