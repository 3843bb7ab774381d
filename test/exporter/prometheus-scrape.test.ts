import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { createLogger } from '../../lib/log.ts';
import { formatAddr } from '../../lib/addr.ts';
import { startExporter } from '../../exporter/command.ts';
import { COLLECTORS } from '../../exporter/collector/index.ts';
import { fixtureRoots } from '../support/exporter-fixtures.ts';
import { freePort } from '../support/node-exporter.ts';

// A real Prometheus server scrapes the exporter and stores what it serves.

t.test('Prometheus scrapes the exporter: target up, node and container series stored', async (t) => {
  const roots = fixtureRoots('cgroup-v2');
  const exporter = await startExporter({
    listen: { host: '127.0.0.1', port: 0 }, telemetryPath: '/metrics', roots, collectors: COLLECTORS, log: createLogger('test', 'silent'),
  });
  t.teardown(() => exporter.close());
  const dir = t.testdir({});
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    `global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n  - job_name: weft\n    static_configs: [{targets: ['${formatAddr(exporter.admin.address)}']}]\n`,
  );
  const port = await freePort();
  const prom = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  const exited = new Promise((r) => prom.once('exit', r));
  t.teardown(async () => {
    prom.kill('SIGTERM');
    await exited;
  });
  const query = async (q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
      return res.ok ? ((await res.json()) as { data: { result: [] } }).data.result : [];
    } catch {
      return []; // not listening yet
    }
  };
  let up: Awaited<ReturnType<typeof query>> = [];
  for (let i = 0; i < 120 && up[0]?.value[1] !== '1'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    up = await query('up{job="weft"}');
  }
  t.equal(up[0]?.value[1], '1', 'the target is up');
  const load = await query('node_load1{job="weft"}');
  t.equal(Number(load[0]?.value[1]), Number(fs.readFileSync(path.join(roots.procfs, 'loadavg'), 'utf8').split(' ')[0]), 'node_load1 stored as served');
  const ws = await query('container_memory_working_set_bytes{job="weft",pod!=""}');
  t.ok(ws.length >= 2, `pod series stored (${ws.length})`);
  const failed = await query('node_scrape_collector_success{job="weft"} == 0');
  t.same(failed.map((r) => r.metric.collector), [], 'every collector succeeds');
});
