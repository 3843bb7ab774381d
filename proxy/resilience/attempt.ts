// The retry decision shared by the HTTP/1.1 and HTTP/2 forwarding paths: whether a failed
// try may be sent again (attempts left, nothing sent to the client yet, the body held,
// the method safe to repeat) and whether the route's retry_on and budget allow it.
import type { Reason } from '../errors.ts';
import { MAX_ATTEMPTS, type PolicyEndpoint, type RoutePolicy } from './route-policy.ts';
import { GRPC_UNAVAILABLE, type RetryReason } from './retry-policy.ts';

/** A failure without a response, as retry_on and weft_retries_total{reason} see it. */
export function retryReasonOf(reason: Reason): RetryReason {
  if (reason === 'connect-refused' || reason === 'connect-timeout' || reason === 'dns-failure') return 'connect';
  return reason === 'timeout' ? 'timeout' : 'reset';
}

/** One request as far as a retry decision needs it. */
export interface RetryCandidate {
  /** Tries sent so far, the failed one included. */
  readonly attempt: number;
  /** A response byte (headers included) already reached the client. */
  readonly responded: boolean;
  /** Every body byte sent so far is held and can be sent again. */
  readonly replayable: boolean;
  readonly method: string;
  /** A gRPC call: always POST, so repeated only when the route opts in. */
  readonly grpc: boolean;
}

/** May this request be tried again at all, after a failure of kind `why`? */
export function mayRetry<E extends PolicyEndpoint>(p: RoutePolicy<E>, c: RetryCandidate, why: RetryReason): boolean {
  if (c.attempt >= MAX_ATTEMPTS || c.responded || !c.replayable) return false;
  // A refused connection never reached the app: safe for any method.
  return why === 'connect' || p.retry.methodAllowed(c.method, c.grpc);
}

/** The retry reason of a response (status or gRPC status), when retry_on lists it. */
export function retryableResponse<E extends PolicyEndpoint>(p: RoutePolicy<E>, c: RetryCandidate, status: number, grpcStatus: string): RetryReason | undefined {
  const why: RetryReason = grpcStatus === GRPC_UNAVAILABLE ? 'unavailable' : 'status';
  return mayRetry(p, c, why) && p.retry.retryStatus(status, grpcStatus) ? why : undefined;
}

/** Retry this response? Yes takes (and counts) a retry from the budget. */
export function retryResponse<E extends PolicyEndpoint>(p: RoutePolicy<E>, c: RetryCandidate, status: number, grpcStatus: string): boolean {
  const why = retryableResponse(p, c, status, grpcStatus);
  return why !== undefined && p.takeRetry(why);
}

/** Retry after a failure without a response? Yes takes (and counts) a retry from the budget. */
export function retryFailure<E extends PolicyEndpoint>(p: RoutePolicy<E>, c: RetryCandidate, why: RetryReason): boolean {
  return mayRetry(p, c, why) && p.retry.retryFailure(why) && p.takeRetry(why);
}
