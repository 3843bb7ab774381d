// npm run bench:control — weft control against the test API server holding 1,000 Services
// × 10 endpoints, 1,000 Watch streams from a second process, endpoint changes at a steady
// rate. Prints p50/p99 change-to-delivery, time to first snapshot and control's RSS, beside
// the same changes watched straight from the API server (the baseline), as ratios.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { KubeApiServer } from '../test/support/kube-api-server.ts';
import { WEFT_ENTRY } from './entry.ts';
import { kubeconfigText } from '../test/support/kubeconfig.ts';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const ENDPOINTS = 10;
const RATE = Number(process.env.BENCH_RATE ?? 100); // changes per second
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const root = fileURLToPath(new URL('..', import.meta.url));
const now = () => performance.timeOrigin + performance.now();
const log = (...a: unknown[]) => console.log(...a);

const ns = (i: number) => `bench-${i % 10}`;
const addr = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
function slice(i: number, addresses: string[]) {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: `svc-${i}-abcde`, namespace: ns(i), labels: { 'kubernetes.io/service-name': `svc-${i}` } },
    addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })),
  };
}

const api = new KubeApiServer();
const { url } = await api.start();
let next = 1;
const current: string[][] = [];
for (let i = 0; i < SERVICES; i++) {
  api.upsert('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: ns(i) }, spec: { clusterIP: addr(0xa00000 + i), ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
  current[i] = Array.from({ length: ENDPOINTS }, () => addr(next++));
  api.upsert('endpointslices', slice(i, current[i]!));
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-bench-'));
const kubeconfig = path.join(dir, 'kubeconfig');
writeFileSync(kubeconfig, kubeconfigText(url));
const grpcPort = 18000 + Math.floor(Math.random() * 1000);
const adminPort = grpcPort + 1000;
const control = spawn(process.execPath, [WEFT_ENTRY, 'control', '--kubeconfig', kubeconfig, '--grpc-addr', `127.0.0.1:${grpcPort}`, '--admin-addr', `127.0.0.1:${adminPort}`, '--log-level', 'warn'], { stdio: ['ignore', 'inherit', 'inherit'] });
const cleanup = () => {
  control.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);

const rss = () => {
  const status = readFileSync(`/proc/${control.pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

const until = async (cond: () => boolean | Promise<boolean>, what: string, ms: number) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const startAt = Date.now();
await until(() => fetch(`http://127.0.0.1:${adminPort}/ready`).then((r) => r.ok, () => false), 'control to be ready', 120_000);
log(`control synced ${SERVICES} services in ${((Date.now() - startAt) / 1000).toFixed(1)} s`);

const clients = fork(path.join(root, 'bench/control-clients.ts'), [`127.0.0.1:${grpcPort}`, url, String(SERVICES)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const sentAt = new Map<string, number>();
const latencies = { control: [] as number[], direct: [] as number[] };
let ready = false;
let firstSnapshotMs: number[] | undefined;
clients.on('message', (m: { ready?: boolean; error?: string; arrivals?: ['control' | 'direct', string, number][]; firstSnapshotMs?: number[] }) => {
  if (m.ready) ready = true;
  if (m.error) log(`client error: ${m.error}`);
  if (m.firstSnapshotMs) firstSnapshotMs = m.firstSnapshotMs;
  for (const [source, address, at] of m.arrivals ?? []) {
    const t0 = sentAt.get(address);
    if (t0 !== undefined) latencies[source].push(at - t0);
  }
});

const streamsAt = Date.now();
await until(() => ready, `${SERVICES} snapshots`, 120_000);
log(`${SERVICES} streams have their snapshots after ${((Date.now() - streamsAt) / 1000).toFixed(1)} s`);

// Steady changes: each replaces one endpoint of one service with a new address.
const total = RATE * SECONDS;
const interval = 1000 / RATE;
const t0 = performance.now();
for (let k = 0; k < total; k++) {
  const due = t0 + k * interval;
  const wait = due - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const i = (k * 7919) % SERVICES;
  const eps = current[i]!;
  const a = addr(next++);
  eps[k % ENDPOINTS] = a;
  sentAt.set(a, now());
  api.upsert('endpointslices', slice(i, eps));
  if (k === Math.floor(total / 2)) clients.send({ firstSnapshots: 50 });
}
await until(() => latencies.control.length >= total && latencies.direct.length >= total, 'every change delivered', 30_000).catch((e: Error) => log(e.message));
await until(() => firstSnapshotMs !== undefined, 'first snapshots', 30_000);
const mem = rss();

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const r2 = (x: number) => Math.round(x * 100) / 100;
const c50 = pct(latencies.control, 50), c99 = pct(latencies.control, 99);
const d50 = pct(latencies.direct, 50), d99 = pct(latencies.direct, 99);
log(`changes sent: ${total} at ${RATE}/s; delivered through control: ${latencies.control.length}, direct: ${latencies.direct.length}`);
log(`change → delivery  control p50 ${r2(c50)} ms  p99 ${r2(c99)} ms   |  direct watch (baseline) p50 ${r2(d50)} ms  p99 ${r2(d99)} ms  |  ratio p99 ${r2(c99 / d99)}×`);
log(`first snapshot of a new stream: median ${r2(pct(firstSnapshotMs!, 50))} ms`);
log(`control RSS ${r2(mem.rss)} MB (peak ${r2(mem.peak)} MB)`);
clients.kill();
control.kill('SIGTERM');
await new Promise((r) => control.once('exit', r));
await api.close();
console.log(JSON.stringify({
  services: SERVICES, endpoints: SERVICES * ENDPOINTS, streams: SERVICES,
  p50_ms: r2(c50), p99_ms: r2(c99), first_snapshot_ms: r2(pct(firstSnapshotMs!, 50)), rss_mb: r2(mem.rss),
  peak_rss_mb: r2(mem.peak), changes: total, delivered: latencies.control.length,
  direct_p50_ms: r2(d50), direct_p99_ms: r2(d99), ratio_p99_vs_direct: r2(c99 / d99),
}));
process.exit(0);
