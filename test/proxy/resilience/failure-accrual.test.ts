import t from 'tap';
import { backoffMs, DEFAULT_ACCRUAL, FailureAccrual, Health } from '../../../proxy/resilience/failure-accrual.ts';

function env() {
  const timers: { ms: number; fn: () => void }[] = [];
  let changes = 0;
  return {
    timers,
    get changes() {
      return changes;
    },
    schedule: (ms: number, fn: () => void) => timers.push({ ms, fn }),
    changed: () => void changes++,
    random: () => 1,
  };
}

t.test('seven consecutive failures eject; a success in between resets the count', async (t) => {
  const e = env();
  const a = new FailureAccrual(DEFAULT_ACCRUAL, e);
  const h = new Health();
  for (let i = 0; i < 6; i++) a.record(h, false, 3);
  a.record(h, true, 3);
  for (let i = 0; i < 6; i++) a.record(h, false, 3);
  t.notOk(h.ejected, 'six in a row is not enough');
  a.record(h, false, 3);
  t.ok(h.ejected, 'the seventh ejects');
  t.equal(e.changes, 1, 'the balancer is told');
  t.equal(e.timers[0]?.ms, 1_000, 'first backoff 1 s');
});

t.test('probing: a failure after the backoff ejects again for longer, a success restores', async (t) => {
  const e = env();
  const a = new FailureAccrual(DEFAULT_ACCRUAL, e);
  const h = new Health();
  for (let i = 0; i < 7; i++) a.record(h, false, 2);
  e.timers.shift()!.fn();
  t.notOk(h.ejected, 'back in rotation after the backoff');
  a.record(h, false, 2);
  t.ok(h.ejected, 'one failed probe ejects again');
  t.equal(e.timers[0]?.ms, 2_000, 'the backoff doubled');
  e.timers.shift()!.fn();
  a.record(h, true, 2);
  a.record(h, false, 2);
  t.notOk(h.ejected, 'a successful probe restores the endpoint fully');
});

t.test('never more than half of the endpoints are ejected', async (t) => {
  const e = env();
  const a = new FailureAccrual(DEFAULT_ACCRUAL, e);
  const hs = [new Health(), new Health(), new Health(), new Health()];
  for (const h of hs) for (let i = 0; i < 10; i++) a.record(h, false, 4);
  t.equal(hs.filter((h) => h.ejected).length, 2);
  const solo = new FailureAccrual(DEFAULT_ACCRUAL, env());
  const only = new Health();
  for (let i = 0; i < 10; i++) solo.record(only, false, 1);
  t.notOk(only.ejected, 'a lone endpoint is never ejected');
});

t.test('backoff grows 1 s → 60 s with jitter', async (t) => {
  t.equal(backoffMs(1, DEFAULT_ACCRUAL, () => 1), 1_000);
  t.equal(backoffMs(3, DEFAULT_ACCRUAL, () => 1), 4_000);
  t.equal(backoffMs(20, DEFAULT_ACCRUAL, () => 1), 60_000, 'capped');
  t.equal(backoffMs(3, DEFAULT_ACCRUAL, () => 0), 3_200, 'jitter takes up to 20% off');
  t.equal(backoffMs(1, DEFAULT_ACCRUAL, () => 0), 1_000, 'never below the minimum');
});
