import t from 'tap';
import { formatLatency, renderTable } from '../../../cli/stat/table.ts';

t.test('the table aligns text left and numbers right, with units', async (t) => {
  const text = renderTable([
    { namespace: 'default', service: 'api-v1', successRate: 94 / 104, rps: 52, p50: 0.01, p95: 0.05, p99: 0.09, tcpOpen: 4 },
    { namespace: 'default', service: 'db', successRate: undefined, rps: 0, p50: undefined, p95: undefined, p99: undefined, tcpOpen: 5 },
    { namespace: 'payments', service: 'ledger-long-name', successRate: 1, rps: 1234.56, p50: 0.0004, p95: 1.5, p99: 12.345, tcpOpen: 120 },
  ]);
  t.equal(
    text,
    [
      'NAMESPACE   SERVICE            SUCCESS         RPS   LATENCY_P50   LATENCY_P95   LATENCY_P99   TCP_CONN',
      'default     api-v1              90.38%     52.0rps          10ms          50ms          90ms          4',
      'default     db                       -      0.0rps             -             -             -          5',
      'payments    ledger-long-name   100.00%   1234.6rps         0.4ms          1.5s        12.35s        120',
      '',
    ].join('\n'),
  );
});

t.test('no service: says so instead of an empty table', async (t) => {
  t.equal(renderTable([]), 'No traffic found.\n');
});

t.test('latency units', async (t) => {
  t.equal(formatLatency(0.00123), '1.2ms');
  t.equal(formatLatency(0.25), '250ms');
  t.equal(formatLatency(2), '2s');
  t.equal(formatLatency(undefined), '-');
  t.equal(formatLatency(NaN), '-');
});
