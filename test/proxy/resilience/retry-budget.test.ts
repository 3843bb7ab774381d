import t from 'tap';
import { RetryBudget } from '../../../proxy/resilience/retry-budget.ts';

function clock() {
  const c = { ms: 0, now: () => c.ms };
  return c;
}

function drain(b: RetryBudget, max = 10_000): number {
  let n = 0;
  while (n < max && b.tryRetry()) n++;
  return n;
}

t.test('with no traffic only the per-second floor is available', async (t) => {
  const c = clock();
  const b = new RetryBudget({ ratio: 0.2, minPerSecond: 10, windowMs: 10_000 }, c.now);
  t.equal(drain(b), 100, '10/s over 10 s');
});

t.test('retries are limited to 20% of requests plus the floor', async (t) => {
  const c = clock();
  const b = new RetryBudget({ ratio: 0.2, minPerSecond: 0, windowMs: 10_000 }, c.now);
  for (let i = 0; i < 1000; i++) b.request();
  t.equal(drain(b), 200);
  b.request();
  b.request();
  b.request();
  b.request();
  b.request();
  t.equal(drain(b), 1, 'five more requests earn one more retry');
});

t.test('the window slides: old requests and retries are forgotten', async (t) => {
  const c = clock();
  const b = new RetryBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 10_000 }, c.now);
  for (let i = 0; i < 100; i++) b.request();
  t.equal(drain(b), 50);
  c.ms = 5_000;
  t.equal(drain(b), 0, 'still inside the window');
  c.ms = 11_000;
  t.equal(drain(b), 0, 'the requests that earned the retries have expired');
  for (let i = 0; i < 10; i++) b.request();
  t.equal(drain(b), 5, 'spent retries expired with them');
  c.ms = 1_000_000;
  t.equal(drain(b), 0, 'a long pause clears everything');
});
