import type net from 'node:net';
import type http from 'node:http';
import type { Endpoint } from '../endpoint.ts';
import type { RouteMetrics } from '../metrics.ts';
import { forwardRequestHeaders } from './headers.ts';
import { spliceTcp } from '../tcp/forward.ts';
import { reasonOf } from '../errors.ts';
import { rejectSocket } from './respond.ts';

/**
 * An Upgrade request (WebSocket): the request head is rewritten for the endpoint and the
 * connection becomes a byte tunnel; the 101 (or a refusal) travels back untouched.
 */
export function forwardUpgrade(req: http.IncomingMessage, client: net.Socket, head: Buffer, path: string, ep: Endpoint, rm: RouteMetrics, extraHeaders: readonly string[]): void {
  const headers = forwardRequestHeaders(req.rawHeaders, true);
  for (const h of extraHeaders) headers.push(h);
  let text = `${req.method} ${path} HTTP/1.1\r\n`;
  for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
  const prelude = Buffer.concat([Buffer.from(`${text}\r\n`, 'latin1'), head]);
  const t0 = process.hrtime.bigint();
  let counted = false;
  // The status line of the answer is all the request metrics need.
  const count = (chunk: Buffer) => {
    if (counted) return;
    counted = true;
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(chunk.subarray(0, 16).toString('latin1'));
    rm.request(m ? Number(m[1]) : 502, '', Number(process.hrtime.bigint() - t0) / 1e9);
  };
  spliceTcp(client, ep, rm, {
    prelude,
    onFirstData: count,
    onFailed: (err) => {
      count(Buffer.alloc(0));
      rejectSocket(client, reasonOf(err), err.message);
    },
  });
}
