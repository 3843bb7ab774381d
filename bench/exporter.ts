// npm run bench:exporter — weft exporter side by side with Debian's node_exporter, in one run.
// 1. the same node collectors on the same fixture procfs: scrape latency, median and p99
//    (BENCH_SCRAPES, default 300, alternating between the two);
// 2. weft with 50, 100 and 200 fake containers in a cgroup v1 tree (cost per container;
//    BENCH_CONTAINER_SCRAPES, default 60);
// 3. resident memory of both, as each reports it (process_resident_memory_bytes).
// The last line printed is one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import './entry.ts';
import { spawnWeft, waitForLog, type Running } from '../test/support/spawn-weft.ts';
import { COMPARED_COLLECTORS, startNodeExporter } from '../test/support/node-exporter.ts';
import { fixtureRoots } from '../test/support/exporter-fixtures.ts';
import { writeFakeContainers } from '../test/support/cgroup-tree.ts';
import { findSeries } from '../test/support/prom-text.ts';
import type { Roots } from '../exporter/paths.ts';

const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 300);
/** A scrape with hundreds of cgroups takes far longer: fewer of them keep the run short. */
const CONTAINER_SCRAPES = Number(process.env.BENCH_CONTAINER_SCRAPES ?? 60);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

async function scrapeMs(url: string): Promise<number> {
  const start = process.hrtime.bigint();
  const res = await fetch(url);
  await res.text();
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Alternates scrapes between the targets so both see the same machine load. */
async function measure(urls: string[], scrapes: number): Promise<number[][]> {
  for (let i = 0; i < Math.ceil(scrapes / 10); i++) for (const u of urls) await scrapeMs(u);
  const times = urls.map(() => [] as number[]);
  for (let i = 0; i < scrapes; i++) for (const [j, u] of urls.entries()) times[j]?.push(await scrapeMs(u));
  return times;
}

/** A minimal stand-in for `t` so the test helpers can clean up after the benchmark. */
function teardowns() {
  const fns: (() => unknown)[] = [];
  return { t: { teardown: (fn: () => unknown) => void fns.push(fn) }, run: async () => { for (const f of fns.reverse()) await f(); } };
}

async function startWeft(t: ReturnType<typeof teardowns>['t'], roots: Roots, collectors: string[]): Promise<{ w: Running; url: string }> {
  const args = ['exporter', '--web.listen-address', '127.0.0.1:0', '--no-kubernetes', '--collector.disable-defaults'];
  args.push('--path.procfs', roots.procfs, '--path.sysfs', roots.sysfs, '--path.rootfs', roots.rootfs, '--path.cgroupfs', roots.cgroupfs);
  for (const c of collectors) args.push(`--collector.${c}`);
  const w = spawnWeft(t as never, args);
  const { address } = (await waitForLog(w, 'exporter listening')) as { address: string };
  return { w, url: `http://${address}/metrics` };
}

async function rssMb(url: string): Promise<number> {
  return (findSeries(await (await fetch(url)).text(), 'process_resident_memory_bytes')[0]?.value ?? NaN) / 2 ** 20;
}

const { t, run } = teardowns();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-exporter-'));
t.teardown(() => fs.rmSync(tmp, { recursive: true, force: true }));
try {
  const roots = fixtureRoots();
  const ne = await startNodeExporter(roots);
  t.teardown(() => ne.stop());
  const weft = await startWeft(t, roots, COMPARED_COLLECTORS);
  const [weftTimes = [], neTimes = []] = await measure([weft.url, ne.url], SCRAPES);
  console.log(`node collectors (${COMPARED_COLLECTORS.join(', ')}), ${SCRAPES} scrapes each, alternating:`);
  console.log(`  weft          median ${round(quantile(weftTimes, 0.5))} ms  p99 ${round(quantile(weftTimes, 0.99))} ms  rss ${round(await rssMb(weft.url))} MB`);
  console.log(`  node_exporter median ${round(quantile(neTimes, 0.5))} ms  p99 ${round(quantile(neTimes, 0.99))} ms  rss ${round(await rssMb(ne.url))} MB`);

  const perSize: Record<number, number> = {};
  let rss = 0;
  for (const n of [50, 100, 200]) {
    const w = await startWeft(t, { ...roots, cgroupfs: writeFakeContainers(path.join(tmp, `cgroup-${n}`), n) }, [...COMPARED_COLLECTORS, 'container']);
    const [times = []] = await measure([w.url], CONTAINER_SCRAPES);
    perSize[n] = quantile(times, 0.5);
    const series = (await (await fetch(w.url)).text()).split('\n').filter((l) => l.startsWith('container_')).length;
    if (n === 200) rss = await rssMb(w.url);
    console.log(`  weft + ${n} containers (${series} container series, ${CONTAINER_SCRAPES} scrapes): median ${round(perSize[n])} ms  p99 ${round(quantile(times, 0.99))} ms`);
    w.w.child.kill('SIGTERM');
    await w.w.exited;
  }
  const per = (a: number, b: number) => round(((perSize[b] ?? 0) - (perSize[a] ?? 0)) / (b - a));
  console.log(`  cost per container: 50→100 ${per(50, 100)} ms, 100→200 ${per(100, 200)} ms (equal when linear)`);
  const weftMedian = quantile(weftTimes, 0.5);
  const neMedian = quantile(neTimes, 0.5);
  console.log(
    JSON.stringify({
      weft_median_ms: round(weftMedian),
      weft_p99_ms: round(quantile(weftTimes, 0.99)),
      node_exporter_median_ms: round(neMedian),
      ratio: round(weftMedian / neMedian),
      containers: 200,
      weft_containers_median_ms: round(perSize[200] ?? NaN),
      rss_mb: round(rss),
    }),
  );
} finally {
  await run();
}
