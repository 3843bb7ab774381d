import t from 'tap';
import { Registry } from 'prom-client';
import { createProxyMetrics } from '../../../proxy/metrics.ts';
import { mayRetry, retryFailure, retryReasonOf, retryResponse, type RetryCandidate } from '../../../proxy/resilience/attempt.ts';
import { RoutePolicy } from '../../../proxy/resilience/route-policy.ts';
import type { ServiceInfo } from '../../../proxy/discovery/types.ts';

function policy(retryOn: string[], retryNonIdempotent = false) {
  const service = { name: 's', namespace: 'n', policy: { requestTimeoutMs: 0, perTryTimeoutMs: 0, retryOn, retryNonIdempotent } } as unknown as ServiceInfo;
  return new RoutePolicy({ service, pickExcept: () => undefined }, createProxyMetrics(new Registry())).refresh();
}

const get: RetryCandidate = { attempt: 1, responded: false, replayable: true, method: 'GET', grpc: false };
const rpc: RetryCandidate = { attempt: 1, responded: false, replayable: true, method: 'POST', grpc: true };

t.test('nothing is retried after the response started, past 3 tries, or without the body', async (t) => {
  const p = policy([]);
  t.ok(mayRetry(p, get, 'status'));
  t.notOk(mayRetry(p, { ...get, responded: true }, 'connect'));
  t.notOk(mayRetry(p, { ...get, attempt: 3 }, 'connect'));
  t.notOk(mayRetry(p, { ...get, replayable: false }, 'connect'));
});

t.test('gRPC calls: a refused connection always, UNAVAILABLE only when retry-on lists it', async (t) => {
  t.ok(mayRetry(policy([]), rpc, 'connect'), 'never reached the app');
  t.notOk(retryResponse(policy([]), rpc, 200, '14'), 'the default list does not opt gRPC in');
  t.notOk(retryResponse(policy(['gateway-error']), rpc, 200, '14'));
  t.ok(retryResponse(policy(['unavailable']), rpc, 200, '14'));
  t.notOk(retryResponse(policy(['5xx'], true), rpc, 200, '14'), 'non-idempotent opt-in, but unavailable not listed');
  t.ok(retryResponse(policy([], true), rpc, 200, '14'), 'non-idempotent opt-in with the default list');
  t.notOk(retryResponse(policy(['unavailable']), rpc, 200, '2'), 'other gRPC errors never');
});

t.test('a failure without a response maps to its retry reason', async (t) => {
  t.equal(retryReasonOf('connect-refused'), 'connect');
  t.equal(retryReasonOf('connect-timeout'), 'connect');
  t.equal(retryReasonOf('timeout'), 'timeout');
  t.equal(retryReasonOf('upstream-reset'), 'reset');
  t.ok(retryFailure(policy([]), get, 'timeout'));
  t.notOk(retryFailure(policy(['503']), get, 'timeout'), 'a timeout is a 504: not listed');
});
