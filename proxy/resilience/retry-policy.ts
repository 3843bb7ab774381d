// Which failed attempts may be retried, compiled once per route policy from the
// control plane's retry_on list (Service annotation weft.dev/retry-on or the default).

export type RetryReason = 'connect' | 'status' | 'timeout' | 'reset' | 'unavailable';

/** Methods that RFC 9110 §9.2.2 makes safe to repeat. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** retry_on when the route says nothing: connect errors, gateway errors, gRPC UNAVAILABLE. */
export const DEFAULT_RETRY_ON = ['connect-failure', 'gateway-error', 'unavailable'];

export const GRPC_UNAVAILABLE = '14';

export class RetryPolicy {
  readonly statuses = new Set<number>();
  readonly all5xx: boolean;
  readonly unavailable: boolean;
  readonly connect: boolean;
  readonly nonIdempotent: boolean;
  /** gRPC calls are POST: repeated only when the route opts in (non-idempotent, or retry_on lists unavailable). */
  readonly grpc: boolean;

  constructor(retryOn: readonly string[], nonIdempotent = false) {
    const on = new Set(retryOn.length ? retryOn.map((s) => s.trim().toLowerCase()) : DEFAULT_RETRY_ON);
    this.all5xx = on.has('5xx');
    this.unavailable = on.has('unavailable');
    // A refused connection never reached the app: always safe, whatever the list says.
    this.connect = true;
    this.nonIdempotent = nonIdempotent;
    this.grpc = nonIdempotent || (retryOn.length > 0 && this.unavailable);
    if (on.has('gateway-error')) for (const s of [502, 503, 504]) this.statuses.add(s);
    for (const s of on) if (/^5\d\d$/.test(s)) this.statuses.add(Number(s));
  }

  /** Whether a request with this method may be sent twice (its effects repeated). */
  methodAllowed(method: string, grpc = false): boolean {
    if (grpc) return this.grpc;
    return this.nonIdempotent || IDEMPOTENT.has(method);
  }

  /** A response the app (or a peer proxy) sent: retry it? */
  retryStatus(status: number, grpcStatus: string): boolean {
    if (grpcStatus !== '') return this.unavailable && grpcStatus === GRPC_UNAVAILABLE;
    return status >= 500 && (this.all5xx || this.statuses.has(status));
  }

  /** A failure without a response: 502/504-like, retried as such. */
  retryFailure(reason: RetryReason): boolean {
    if (reason === 'connect') return this.connect;
    if (reason === 'timeout') return this.all5xx || this.statuses.has(504);
    return this.all5xx || this.statuses.has(502);
  }
}
