// weft stat end to end: the real CLI against real HTTP servers serving fixture /metrics.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { FIXTURES } from '../../support/fixtures.ts';
import { closedPort, startMetricsServer } from '../../support/metrics-server.ts';
import { spawnWeft } from '../../support/spawn.ts';
import { waitFor } from '../../support/wait.ts';

const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'stat', name), 'utf8');
// The first scrape sees the "before" fixture, every later one the "after" fixture.
const proxy = (t: Parameters<typeof startMetricsServer>[0], name: string) => startMetricsServer(t, (n) => fixture(`${name}-${n === 0 ? 1 : 2}.prom`));

interface JsonOut {
  direction: string;
  stats: { service: string; rps: number; successRate?: number; p50?: number; p99?: number; tcpOpen: number }[];
  problems: { code: string; message: string }[];
}

t.test('a table per service from two proxies scraped a window apart', async (t) => {
  const web = await proxy(t, 'web');
  const worker = await proxy(t, 'worker');
  const p = spawnWeft(t, ['stat', '--from-proxies', `${web.address},${worker.address}`, '--window', '300ms']);
  t.equal((await p.exited).code, 0, p.stderr());
  const lines = p.stdout().trimEnd().split('\n');
  t.match(lines[0], /^NAMESPACE\s+SERVICE\s+SUCCESS\s+RPS\s+LATENCY_P50\s+LATENCY_P95\s+LATENCY_P99\s+TCP_CONN$/);
  t.equal(lines.length, 4, 'api-v1, api-v2, db');
  t.match(lines[1], /^default\s+api-v1\s+9\d\.\d\d%\s+\d+\.\drps\s+10ms\s+50ms\s+90ms\s+4$/);
  t.match(lines[2], /^default\s+api-v2\s+100\.00%\s+\d+\.\drps\s+/);
  t.match(lines[3], /^default\s+db\s+-\s+0\.0rps\s+-\s+-\s+-\s+5$/, 'connections of both proxies summed');
  t.equal(web.scrapes(), 2);
  t.equal(p.stderr(), '');
});

t.test('json output, inbound direction, namespace filter', async (t) => {
  const web = await proxy(t, 'web');
  const p = spawnWeft(t, ['stat', '--from-proxies', web.address, '--window', '200ms', '--direction', 'inbound', '-o', 'json']);
  t.equal((await p.exited).code, 0, p.stderr());
  const out = JSON.parse(p.stdout()) as JsonOut;
  t.equal(out.direction, 'inbound');
  t.same(out.stats.map((s) => [s.service, s.successRate, s.tcpOpen]), [['web', 1, 7]]);
  t.ok(out.stats[0]!.rps > 0);
  const other = spawnWeft(t, ['stat', '--from-proxies', `http://${web.address}/metrics`, '--window', '100ms', '--namespace', 'payments']);
  t.equal((await other.exited).code, 0, other.stderr());
  t.equal(other.stdout(), 'No traffic found.\n');
});

t.test('an unreachable proxy is reported and the others still shown', async (t) => {
  const web = await proxy(t, 'web');
  const gone = await closedPort();
  const p = spawnWeft(t, ['stat', '--from-proxies', `${web.address},${gone}`, '--window', '100ms']);
  t.equal((await p.exited).code, 1);
  t.match(p.stdout(), /api-v1/);
  t.match(p.stderr(), new RegExp(`cannot read http://${gone}/metrics: ECONNREFUSED \\[WEFT_SCRAPE_FAILED\\]`));
  t.equal(p.stderr().trim().split('\n').length, 1, 'reported once, not once per scrape');
});

t.test('nothing readable: a clear error and exit 2', async (t) => {
  const gone = await closedPort();
  const notFound = await startMetricsServer(t, () => 'nope', 503);
  const p = spawnWeft(t, ['stat', '--from-proxies', `${gone},${notFound.address}`, '--window', '50ms']);
  t.equal((await p.exited).code, 2);
  t.match(p.stderr(), /no proxy could be read: .*ECONNREFUSED.*HTTP 503 \[WEFT_SCRAPE_FAILED\]/);
  const html = await startMetricsServer(t, () => '<html>hello</html>\n');
  const q = spawnWeft(t, ['stat', '--from-proxies', html.address, '--window', '50ms']);
  t.equal((await q.exited).code, 2);
  t.match(q.stderr(), /metrics: line 1: invalid metric name: <html>hello<\/html> \[WEFT_METRICS_PARSE\]/);
});

t.test('usage errors name the problem', async (t) => {
  for (const [args, message] of [
    [[], /give exactly one of --from-proxies/],
    [['--from-proxies', 'a:1', '--prometheus', 'http://b'], /give exactly one of/],
    [['--from-proxies', ','], /--from-proxies: no address given/],
    [['--from-proxies', 'a:1', '--window', 'soon'], /--window: invalid duration "soon"/],
    [['--prometheus', 'http://b', '--timeout', '0'], /--timeout: invalid duration "0"/],
  ] as [string[], RegExp][]) {
    const p = spawnWeft(t, ['stat', ...args]);
    t.equal((await p.exited).code, 2, args.join(' '));
    t.match(p.stderr(), message);
    t.match(p.stderr(), /\[WEFT_STAT_USAGE\]/);
  }
});

t.test('--watch refreshes until interrupted, rates covering the time since the last refresh', async (t) => {
  const web = await proxy(t, 'web');
  const p = spawnWeft(t, ['stat', '--from-proxies', web.address, '--window', '100ms', '--interval', '100ms', '--watch', '-o', 'json']);
  const lines = await waitFor((): string[] | undefined => {
    const l = p.stdout().split('\n').filter(Boolean);
    return l.length >= 2 ? l : undefined;
  }, 'two refreshes');
  const [first, second] = lines.map((l) => JSON.parse(l) as JsonOut);
  t.ok(first!.stats.find((s) => s.service === 'api-v1')!.rps > 0, 'first refresh: the fixture counters grew');
  t.equal(second!.stats.find((s) => s.service === 'api-v1')!.rps, 0, 'then they stand still: no traffic');
  t.equal(second!.stats.find((s) => s.service === 'db')!.tcpOpen, 3, 'gauges are still shown');
  p.child.kill('SIGINT');
  t.same(await p.exited, { code: 0, signal: null }, 'Ctrl-C ends it cleanly');
});

t.test('--watch as a table keeps going when a proxy disappears', async (t) => {
  const web = await proxy(t, 'web');
  const gone = await closedPort();
  const p = spawnWeft(t, ['stat', '--from-proxies', `${web.address},${gone}`, '--window', '50ms', '--interval', '100ms', '--watch']);
  await waitFor(() => p.stdout().split('weft stat · outbound').length > 2, 'two tables');
  t.match(p.stdout(), /NAMESPACE\s+SERVICE/);
  t.match(p.stdout(), /! cannot read .*ECONNREFUSED \[WEFT_SCRAPE_FAILED\]/);
  p.child.kill('SIGTERM');
  t.equal((await p.exited).code, 0);
});
