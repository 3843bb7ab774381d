// gRPC over HTTP/2 as the proxy needs it: recognising a call, answering one itself the way
// gRPC clients expect (a trailers-only response carrying grpc-status and grpc-message, as
// Envoy and Linkerd do), and the client's own deadline from grpc-timeout.
import type http2 from 'node:http2';
import type { Reason } from '../errors.ts';

/** gRPC status codes the proxy sends. */
export const GRPC = { DEADLINE_EXCEEDED: 4, INTERNAL: 13, UNAVAILABLE: 14 } as const;

export function isGrpc(h: http2.IncomingHttpHeaders): boolean {
  const ct = h['content-type'];
  return typeof ct === 'string' && ct.startsWith('application/grpc');
}

/** The gRPC status a client gets for a proxy error: a timeout is the deadline, a malformed call INTERNAL, the rest UNAVAILABLE. */
export function grpcStatusFor(reason: Reason): number {
  if (reason === 'timeout') return GRPC.DEADLINE_EXCEEDED;
  return reason === 'bad-request' ? GRPC.INTERNAL : GRPC.UNAVAILABLE;
}

/** grpc-message is percent-encoded outside printable ASCII (gRPC over HTTP/2 spec). */
export function encodeGrpcMessage(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += b >= 0x20 && b <= 0x7e && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}

/** The text of a grpc-message as sent (percent-encoded); kept as is if it does not decode. */
export function decodeGrpcMessage(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const UNIT_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1_000, m: 1, u: 1e-3, n: 1e-6 };

/** grpc-timeout ("100m", "5S": at most 8 digits and a unit) in ms, rounded up; 0 when absent or malformed. */
export function grpcTimeoutMs(h: http2.IncomingHttpHeaders): number {
  const v = h['grpc-timeout'];
  if (typeof v !== 'string') return 0;
  const m = /^(\d{1,8})([HMSmun])$/.exec(v);
  return m ? Math.max(1, Math.ceil(Number(m[1]) * UNIT_MS[m[2]!]!)) : 0;
}
