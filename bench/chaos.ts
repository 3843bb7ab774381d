// npm run bench:chaos — the chaos suite's scenarios, longer (30 s each; BENCH_SECONDS=5 for
// a quick look), under steady load, with the proxy, control plane and upstreams in this
// one process (loopback). Per scenario:
// requests sent, failed, success rate and p99 latency; then the throughput cost of
// tracing at 1% sampling versus off. The last line printed is one JSON object.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { Agent } from 'undici';
import { startControl, type Control } from '../control/run.ts';
import { ManifestsSource } from '../control/source/manifests.ts';
import { formatAddr } from '../lib/addr.ts';
import { createLogger } from '../lib/log.ts';
import { startProxy, type ProxyConfig, type RunningProxy } from '../proxy/proxy.ts';
import { Load, p99, statusServer, successRate, type LoadLoop, type LoadResult } from '../test/support/chaos.ts';
import { GrpcLoad, grpcServer } from '../test/support/grpc.ts';
import { destinationClient } from '../test/support/destination-client.ts';
import { controlServes, serviceDocs, writeManifests, type MeshEndpoint } from '../test/support/mesh.ts';
import { listenOn, namedServer } from '../test/support/servers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const log = createLogger('bench', 'silent');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-chaos-'));
const closers: (() => Promise<unknown>)[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function controlOn(port: number): Promise<Control> {
  return startControl({ sources: [new ManifestsSource({ dir, log, pollMs: 200, debounceMs: 20 })], grpcAddr: { host: '127.0.0.1', port }, adminAddr: { host: '127.0.0.1', port: 0 }, clusterDomain: 'cluster.local', batchWindowMs: 10, maxQueue: 256, log });
}

function proxyOn(control: string, over: Partial<ProxyConfig> = {}): Promise<RunningProxy> {
  const any = { host: '127.0.0.1', port: 0 };
  return startProxy({ outboundAddr: any, inboundAddr: any, adminAddr: any, appAddr: { host: '127.0.0.1', port: 1 }, control, namespace: 'demo', workload: 'bench', proxyId: 'bench', clusterDomain: 'cluster.local', balancer: 'p2c-ewma', discoveryTimeoutMs: 5_000, discoveryIdleMs: 600_000, detectTimeoutMs: 200, opaquePorts: new Set(), tcpMap: new Map(), denyUnknown: false, drainTimeoutMs: 1_000, connectTimeoutMs: 2_000, keepAliveMs: 60_000, maxHeaderSize: 16_384, log, registry: new Registry(), ...over });
}

let control = await controlOn(0);
const grpcPort = control.grpc.address.port;
const target = formatAddr(control.grpc.address);
const proxy = await proxyOn(target);
const watcher = destinationClient(target);
const agent = new Agent({ connections: CONCURRENCY * 2 });

async function service(name: string, endpoints: MeshEndpoint[], annotations?: Record<string, string>, appProtocol?: string): Promise<void> {
  writeManifests(dir, `${name}.yaml`, serviceDocs({ name, endpoints, annotations, appProtocol }));
  const want = JSON.stringify(endpoints.map((e) => e.ip).sort());
  await controlServes(watcher, `${name}.demo.svc.cluster.local:80`, (b) => JSON.stringify((b[0]?.endpoints as { address: string }[] | undefined)?.map((e) => e.address).sort()) === want);
}

async function trio(name: string, base: number, third?: (ip: string) => ReturnType<typeof namedServer>) {
  const ips = [1, 2, 3].map((i) => `127.0.${base}.${i}`);
  const servers = [await namedServer(`${name}-a`, ips[0]), await namedServer(`${name}-b`, ips[1]), await (third ? third(ips[2]!) : namedServer(`${name}-c`, ips[2]))];
  for (const s of servers) closers.push(() => s.close());
  return { servers, endpoints: servers.map((s, i): MeshEndpoint => ({ ip: ips[i]!, port: s.port })) };
}

/** Runs `fault` a third of the way into SECONDS of steady load on `host`. */
async function scenario(host: string, fault: () => Promise<void>, load: LoadLoop = new Load(proxy.outbound.port, host, { agent, concurrency: CONCURRENCY, max: Number.MAX_SAFE_INTEGER })): Promise<LoadResult> {
  await sleep((SECONDS * 1000) / 3);
  await fault();
  const rest = SECONDS * 1000 - (SECONDS * 1000) / 3;
  await sleep(Math.max(0, rest));
  return load.stop();
}

const results: Record<string, LoadResult> = {};

{
  const { servers, endpoints } = await trio('kill', 10);
  await service('kill', endpoints);
  results.endpoint_killed = await scenario('kill', () => servers[2]!.close());
}
{
  const { endpoints } = await trio('five', 11, (ip) => statusServer('five-c', ip, 500));
  await service('five', endpoints, { 'weft.dev/retry-on': '5xx' });
  results.endpoint_500s = await scenario('five', async () => {});
}
{
  const { endpoints } = await trio('stall', 12, (ip) => namedServer('stall-c', ip, 2_000));
  await service('stall', endpoints, { 'weft.dev/timeout': '1s', 'weft.dev/per-try-timeout': '200ms' });
  results.endpoint_stalls = await scenario('stall', async () => {});
}
{
  const { servers, endpoints } = await trio('roll', 13);
  await service('roll', endpoints);
  results.rolling_update = await scenario('roll', async () => {
    for (let i = 0; i < 3; i++) {
      const s = await namedServer(`roll-new-${i}`, `127.0.13.${4 + i}`);
      closers.push(() => s.close());
      endpoints[i] = { ip: `127.0.13.${4 + i}`, port: s.port };
      await service('roll', endpoints);
      await sleep(200);
      const old = servers[i]!;
      old.server.prependListener('request', (_q: http.IncomingMessage, r: http.ServerResponse) => r.setHeader('connection', 'close'));
      old.server.close();
      old.server.closeIdleConnections();
    }
  });
}
{
  const { endpoints } = await trio('ctl', 14);
  await service('ctl', endpoints);
  results.control_restart = await scenario('ctl', async () => {
    await control.close();
    await sleep(1_000);
    control = await controlOn(grpcPort);
  });
}
{
  const a = await statusServer('down-a', '127.0.15.1', 503);
  const b = await statusServer('down-b', '127.0.15.2', 503);
  closers.push(() => a.close(), () => b.close());
  await service('down', [{ ip: '127.0.15.1', port: a.port }, { ip: '127.0.15.2', port: b.port }]);
  results.all_failing = await scenario('down', async () => {});
}
{
  // gRPC (h2c): unary calls, the route opted in to retries as gRPC routes must be.
  const ips = [1, 2, 3].map((i) => `127.0.16.${i}`);
  const servers = [await grpcServer('a', 'ok', ips[0]), await grpcServer('b', 'ok', ips[1]), await grpcServer('c', 'ok', ips[2])];
  for (const s of servers) closers.push(() => s.close());
  await service('rpckill', servers.map((s, i) => ({ ip: ips[i]!, port: s.port })), { 'weft.dev/retry-on': 'unavailable,gateway-error' }, 'kubernetes.io/h2c');
  const load = new GrpcLoad(proxy.outbound.port, 'rpckill.demo.svc.cluster.local', { concurrency: CONCURRENCY, max: Number.MAX_SAFE_INTEGER });
  results.grpc_endpoint_killed = await scenario('rpckill', () => servers[2]!.close(), load);
}
const retryValues = (await proxy.registry.getSingleMetric('weft_retries_total')?.get())?.values ?? [];
const downRetries = retryValues.filter((v) => v.labels.dst_service === 'down').reduce((s, v) => s + v.value, 0);

// Tracing cost: the same healthy service through a proxy without and with tracing (1%).
const sink = await listenOn(http.createServer((req, res) => (req.resume(), req.on('end', () => res.end('{}')))));
const traced = await proxyOn(target, { tracing: { endpoint: `http://127.0.0.1:${sink.port}`, ratio: 0.01, serviceName: 'bench', attributes: {} } });
const plainProxy = await proxyOn(target);
async function rps(p: RunningProxy, seconds: number): Promise<number> {
  const load = new Load(p.outbound.port, 'kill', { agent, concurrency: CONCURRENCY, max: Number.MAX_SAFE_INTEGER });
  await sleep(seconds * 1000);
  const r = await load.stop();
  return r.sent / seconds;
}
// Alternating short rounds, median of each: one process shares the machine with others,
// and a single long window each would mostly measure whatever else ran at the time.
const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
await rps(plainProxy, 1); // warm-up of discovery and connection pools
await rps(traced, 1);
const offRounds: number[] = [];
const onRounds: number[] = [];
for (let i = 0; i < 5; i++) {
  offRounds.push(await rps(plainProxy, SECONDS / 5));
  onRounds.push(await rps(traced, SECONDS / 5));
}
const off = median(offRounds);
const on = median(onRounds);

const scenarios: Record<string, { sent: number; failed: number; success_rate: number; p99_ms: number }> = {};
for (const [name, r] of Object.entries(results)) {
  scenarios[name] = { sent: r.sent, failed: r.failed, success_rate: Number(successRate(r).toFixed(5)), p99_ms: Number(p99(r.latenciesMs).toFixed(2)) };
  console.log(`${name.padEnd(22)} sent ${String(r.sent).padStart(7)}  failed ${String(r.failed).padStart(5)}  success ${(successRate(r) * 100).toFixed(3)}%  p99 ${p99(r.latenciesMs).toFixed(1)} ms`);
}
console.log(`all_failing: ${downRetries} retries for ${results.all_failing!.sent} requests (budget: 20% + 10/s)`);
console.log(`tracing: ${off.toFixed(0)} req/s off, ${on.toFixed(0)} req/s at 1% sampling`);

await Promise.all([traced.close(), plainProxy.close(), proxy.close()]);
watcher.close();
await control.close();
await agent.close();
for (const c of closers) await c().catch(() => {});
await sink.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ scenarios, all_failing_retries: downRetries, tracing_rps: { off: Math.round(off), sampled_1pct: Math.round(on) }, tracing_cost_ratio: Number((on / off).toFixed(3)), seconds_per_scenario: SECONDS }));
process.exit(0);
