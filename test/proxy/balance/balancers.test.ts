import t from 'tap';
import { EndpointLoad } from '../../../proxy/balance/load.ts';
import { BALANCER_NAMES, createBalancer } from '../../../proxy/balance/registry.ts';

const mk = (key: string, weight = 1) => ({ key, weight, load: new EndpointLoad() });

for (const name of BALANCER_NAMES) {
  t.test(`${name}: honours endpoint weights and empties cleanly`, async (t) => {
    const b = createBalancer<ReturnType<typeof mk>>(name);
    t.equal(b.pick(), undefined, 'no endpoints, no pick');
    b.update([mk('a', 3), mk('b', 1)]);
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 4000; i++) counts[b.pick()!.key]!++;
    t.ok(counts.a! / 4000 > 0.65 && counts.a! / 4000 < 0.85, `weight 3 of 4 gets about 75% (got ${counts.a})`);
    b.update([]);
    t.equal(b.pick(), undefined);
  });
}

t.test('p2c-ewma avoids an endpoint with a high latency estimate', async (t) => {
  const b = createBalancer<ReturnType<typeof mk>>('p2c-ewma');
  const eps = [mk('fast1'), mk('fast2'), mk('slow')];
  b.update(eps);
  const s = eps[2]!.load.start();
  // Fake a 50 ms response on "slow" by back-dating its start.
  eps[2]!.load.end(s - 50);
  let slow = 0;
  for (let i = 0; i < 1000; i++) if (b.pick()!.key === 'slow') slow++;
  t.ok(slow < 50, `slow endpoint picked ${slow} of 1000`);
});
