import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseExposition } from '../../../cli/stat/exposition.ts';
import { histogramQuantile, statsFromScrapes, type Scrape } from '../../../cli/stat/stats.ts';
import { FIXTURES } from '../../support/fixtures.ts';

const scrape = (source: string, file: string, atMs: number): Scrape => ({ source, atMs, samples: parseExposition(readFileSync(path.join(FIXTURES, 'stat', file), 'utf8')) });
const before = [scrape('web:4191', 'web-1.prom', 10_000), scrape('worker:4191', 'worker-1.prom', 10_000)];
const after = [scrape('web:4191', 'web-2.prom', 12_000), scrape('worker:4191', 'worker-2.prom', 12_000)];

t.test('histogram quantiles interpolate inside the bucket, as Prometheus does', async (t) => {
  const b = [{ le: 0.005, count: 20 }, { le: 0.01, count: 50 }, { le: 0.025, count: 80 }, { le: 0.05, count: 95 }, { le: 0.1, count: 100 }, { le: Infinity, count: 100 }];
  t.equal(histogramQuantile(0.5, b), 0.01);
  t.equal(histogramQuantile(0.95, b), 0.05);
  t.ok(Math.abs(histogramQuantile(0.99, b)! - 0.09) < 1e-12);
  t.ok(Math.abs(histogramQuantile(0.1, b)! - 0.0025) < 1e-12, 'the first bucket starts at 0');
  t.equal(histogramQuantile(0.99, [{ le: 0.1, count: 1 }, { le: Infinity, count: 10 }]), 0.1, 'in +Inf: the highest finite bound');
  t.equal(histogramQuantile(0.5, [{ le: 0.1, count: 0 }, { le: Infinity, count: 0 }]), undefined, 'no observation: no latency');
  t.equal(histogramQuantile(0.5, [{ le: 0.1, count: 3 }]), undefined, 'no +Inf bucket: not a histogram');
});

t.test('two scrapes of two proxies give per-service rates, success and latency', async (t) => {
  const stats = statsFromScrapes(before, after, 'outbound');
  t.same(stats.map((s) => s.service), ['api-v1', 'api-v2', 'db'], 'outbound services only, sorted');
  const [v1, v2, db] = stats;
  // web: +90 success +10 failure; worker: a new series with 4 successes, over 2 s.
  t.equal(v1?.rps, 52);
  t.equal(v1?.successRate, 94 / 104);
  t.equal(v1?.p50, 0.01);
  t.equal(v1?.p95, 0.05);
  t.ok(Math.abs(v1!.p99! - 0.09) < 1e-12);
  t.equal(v1?.tcpOpen, 4);
  t.equal(v2?.rps, 5);
  t.equal(v2?.successRate, 1);
  t.ok(Math.abs(v2!.p50! - 0.0075) < 1e-12);
  t.same(db, { namespace: 'default', service: 'db', successRate: undefined, rps: 0, p50: undefined, p95: undefined, p99: undefined, tcpOpen: 5 }, 'TCP only: connections of both proxies summed');
});

t.test('inbound is a separate view', async (t) => {
  const stats = statsFromScrapes(before, after, 'inbound');
  t.same(stats.map((s) => [s.service, s.rps, s.successRate, s.tcpOpen]), [['web', 60, 1, 7]]);
});

t.test('a counter that went down was reset: its new value is the increase', async (t) => {
  const restarted = [{ ...after[0]!, samples: after[0]!.samples.map((s) => (s.name === 'weft_requests_total' && s.labels.dst_service === 'api-v2' ? { ...s, value: 6 } : s)) }];
  const v2 = statsFromScrapes(before, restarted, 'outbound').find((s) => s.service === 'api-v2');
  t.equal(v2?.rps, 3);
});

t.test('a proxy seen only once contributes gauges but no rates', async (t) => {
  const stats = statsFromScrapes([before[0]!], after, 'outbound');
  const v1 = stats.find((s) => s.service === 'api-v1');
  t.equal(v1?.rps, 50, 'only web has a window');
  t.equal(stats.find((s) => s.service === 'db')?.tcpOpen, 5);
});
