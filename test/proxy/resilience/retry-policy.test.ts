import t from 'tap';
import { RetryPolicy } from '../../../proxy/resilience/retry-policy.ts';

t.test('default: gateway errors, connect failures and gRPC UNAVAILABLE, idempotent methods', async (t) => {
  const p = new RetryPolicy([]);
  t.ok(p.retryStatus(503, ''));
  t.ok(p.retryStatus(502, ''));
  t.ok(p.retryStatus(504, ''));
  t.notOk(p.retryStatus(500, ''), '500 is the app speaking: not by default');
  t.notOk(p.retryStatus(404, ''));
  t.ok(p.retryStatus(200, '14'), 'grpc-status 14 UNAVAILABLE');
  t.notOk(p.retryStatus(200, '2'), 'other gRPC errors are not');
  t.ok(p.retryFailure('connect'));
  t.ok(p.retryFailure('reset'));
  t.ok(p.retryFailure('timeout'));
  t.ok(p.methodAllowed('GET'));
  t.ok(p.methodAllowed('PUT'));
  t.notOk(p.methodAllowed('POST'), 'POST may have had effects');
  t.notOk(p.methodAllowed('PATCH'));
});

t.test('retry_on narrows or widens the set; the route may opt in to non-idempotent retries', async (t) => {
  const p = new RetryPolicy(['503'], true);
  t.ok(p.retryStatus(503, ''));
  t.notOk(p.retryStatus(502, ''));
  t.notOk(p.retryFailure('reset'), 'a reset is a 502');
  t.ok(p.retryFailure('connect'), 'a refused connection never reached the app: always retried');
  t.notOk(p.retryStatus(200, '14'), 'unavailable not listed');
  t.ok(p.methodAllowed('POST'));
  const all = new RetryPolicy(['5xx', 'unavailable']);
  t.ok(all.retryStatus(500, ''));
  t.ok(all.retryStatus(599, ''));
  t.ok(all.retryStatus(200, '14'));
});
