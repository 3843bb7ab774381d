import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { parseExposition } from '../../../cli/stat/exposition.ts';
import { FIXTURES } from '../../support/fixtures.ts';

t.test('reads every sample of a proxy exposition, skipping HELP and TYPE', async (t) => {
  const samples = parseExposition(readFileSync(path.join(FIXTURES, 'stat/web-1.prom'), 'utf8'));
  t.equal(samples.filter((s) => s.name === 'weft_requests_total').length, 4);
  t.equal(samples.filter((s) => s.name === 'weft_request_duration_seconds_bucket').length, 12);
  const failure = samples.find((s) => s.labels.classification === 'failure');
  t.same(failure, {
    name: 'weft_requests_total',
    labels: { direction: 'outbound', src_namespace: 'default', src_workload: 'web', dst_namespace: 'default', dst_service: 'api-v1', dst_workload: 'api-v1', code: '503', grpc_code: '', classification: 'failure' },
    value: 2,
  });
  t.same(samples.find((s) => s.name === 'process_cpu_seconds_total'), { name: 'process_cpu_seconds_total', labels: {}, value: 1.25 });
  t.equal(samples.find((s) => s.labels.le === '+Inf')?.value, 112);
});

t.test('escapes, special values, timestamps, spacing and OpenMetrics EOF', async (t) => {
  const samples = parseExposition([
    'a{path="C:\\\\dir",quote="say \\"hi\\"",nl="x\\ny"} 1',
    'b_total{x="1",} +Inf 1700000000000',
    'c -Inf',
    'd{} NaN',
    '  e   2.5e-3  ',
    'f{ a = "1" , b="2"} 3',
    '# EOF',
  ].join('\n'));
  t.same(samples[0]?.labels, { path: 'C:\\dir', quote: 'say "hi"', nl: 'x\ny' });
  t.equal(samples[1]?.value, Infinity);
  t.equal(samples[2]?.value, -Infinity);
  t.ok(Number.isNaN(samples[3]?.value));
  t.equal(samples[4]?.value, 0.0025);
  t.same(samples[5]?.labels, { a: '1', b: '2' });
});

t.test('special values in any case, as prom-client writes them (`Nan`) and Prometheus reads them', async (t) => {
  const samples = parseExposition('nodejs_eventloop_lag_mean_seconds Nan\nx +inf\ny -INF\n');
  t.ok(Number.isNaN(samples[0]?.value));
  t.equal(samples[1]?.value, Infinity);
  t.equal(samples[2]?.value, -Infinity);
});

t.test('bad input is refused with the line that is wrong', async (t) => {
  const cases: [string, RegExp][] = [
    ['ok 1\n9bad 1', /line 2: invalid metric name/],
    ['a{x="1" 1', /line 1: (expected|invalid label)/],
    ['a{x="1', /line 1: unterminated value of label x/],
    ['a{x=1} 1', /line 1: expected ="…" after label x/],
    ['a one', /line 1: invalid value "one"/],
    ['a', /line 1: expected a value/],
    ['a 1 2 3', /line 1: expected a value and an optional timestamp/],
    ['<html>', /line 1: invalid metric name/],
  ];
  for (const [text, message] of cases) t.throws(() => parseExposition(text), { code: 'WEFT_METRICS_PARSE', message }, text);
});
