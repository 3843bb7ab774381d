import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { closedPort } from './metrics-server.ts';
import { waitFor } from './wait.ts';

export interface TestPrometheus {
  url: string;
  /** Runs an instant query; the API's `data.result`. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
}

export interface ScrapeJob {
  job: string;
  /** host:port */
  targets: string[];
  /** Target labels, as Kubernetes service discovery would add `namespace` and `pod`. */
  labels?: Record<string, string>;
}

/**
 * A real Prometheus (the Debian package's binary) on a free loopback port, scraping every
 * job each second; stopped and its data removed at teardown.
 */
export async function startPrometheus(t: Test, jobs: ScrapeJob[]): Promise<TestPrometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-prometheus-'));
  const config = path.join(dir, 'prometheus.yml');
  const scrapeConfigs = jobs.map((j) => ({ job_name: j.job, static_configs: [{ targets: j.targets, labels: j.labels ?? {} }] }));
  writeFileSync(config, JSON.stringify({ global: { scrape_interval: '1s', evaluation_interval: '1s' }, scrape_configs: scrapeConfigs }));
  const listen = await closedPort();
  const child = spawn('prometheus', [`--config.file=${config}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=${listen}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killed);
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `http://${listen}`;
  await waitFor(async () => child.exitCode === null && (await fetch(`${url}/-/ready`)).ok, `Prometheus ready on ${listen} (${stderr.slice(-500)})`, 30_000, 200);
  return {
    url,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
      return body.data.result;
    },
  };
}
