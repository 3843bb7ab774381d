// npm run bench:proxy — weft's sidecar against a direct connection and HAProxy, in one run.
// The proxy under test is pinned to CPU 1, load generators and the upstream to CPU 0.
// Each figure is measured in rounds that alternate direct, weft and HAProxy, and the
// comparisons are medians of per-round ratios: a host whose speed drifts within minutes
// (as this machine's does) moves all three alike within a round, not the ratio.
// The last line printed is one JSON object with every figure (README "Performance").
import { envWithoutImage, WEFT_ENTRY } from './entry.ts';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
/** A whole number ≥ 1 from the environment, or the default. */
function setting(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, not ${JSON.stringify(v)}`);
  return n;
}
const SECONDS = setting('BENCH_SECONDS', 3);
const ROUNDS = setting('BENCH_ROUNDS', 5);
const LATENCY_ROUNDS = setting('BENCH_LATENCY_ROUNDS', 3);
const CONNS = setting('BENCH_CONNECTIONS', 64);
const LIMIT_MB = setting('BENCH_MEMORY_LIMIT_MB', 80);
const RATE = 2_000;
const HOST = 'web.bench.svc.cluster.local';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-bench-'));
const children: ChildProcess[] = [];

const taken = new Set<number>();

/** A port free now and not handed out before in this run (the kernel may offer one twice). */
async function freePort(): Promise<number> {
  for (;;) {
    const p = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(port));
      });
    });
    if (!taken.has(p)) return (taken.add(p), p);
  }
}

function start(cpu: number, cmd: string, args: string[]): ChildProcess {
  // HAProxy (and the load generators below) run with their own environment, not the image's.
  const env = cmd === NODE ? process.env : envWithoutImage();
  const c = spawn('taskset', ['-c', String(cpu), cmd, ...args], { stdio: ['ignore', 'ignore', 'inherit'], env });
  children.push(c);
  return c;
}

async function waitPort(port: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} did not open`);
}

/** user+system CPU seconds of a process, from /proc. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function wrk(port: number, seconds = SECONDS): { rps: number; requests: number } {
  const out = execFileSync('taskset', ['-c', '0', 'wrk', '-t1', `-c${CONNS}`, `-d${seconds}s`, '-H', `Host: ${HOST}`, `http://127.0.0.1:${port}/`], { encoding: 'utf8', env: envWithoutImage() });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  if (!(rps > 0 && requests > 0)) throw new Error(`wrk on ${port} reported no requests:\n${out}`);
  const errors = /Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)/.exec(out);
  if (errors) process.stderr.write(`wrk on ${port}: ${errors[0]}\n`);
  return { rps, requests };
}

function fixedRate(port: number): { p50_ms: number; p99_ms: number; failed: number } {
  const out = execFileSync('taskset', ['-c', '0', NODE, path.join(ROOT, 'bench/load-fixed-rate.ts'), `http://127.0.0.1:${port}/`, HOST, String(RATE), '5'], { encoding: 'utf8', env: envWithoutImage() });
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** Saturation rps and CPU per request of the proxy process `pid` (none for direct). */
function saturate(port: number, pid?: number): { rps: number; cpuUsPerReq: number } {
  const before = pid ? cpuSeconds(pid) : 0;
  const r = wrk(port);
  const cpu = pid ? cpuSeconds(pid) - before : 0;
  return { rps: r.rps, cpuUsPerReq: pid ? (cpu / r.requests) * 1e6 : 0 };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const range = (xs: number[], d = 3) => [round(Math.min(...xs), d), round(Math.max(...xs), d)];

/**
 * A new child of this process's memory cgroup (cgroup v1) limited to `limitMb`, or why
 * there can be none. cgroup v2 does not allow it: a cgroup with processes in it (this one)
 * cannot hand the memory controller to a child.
 */
function memoryCgroup(limitMb: number): { dir: string } | { skipped: string } {
  if (process.getuid?.() !== 0) return { skipped: 'needs root, to create a memory cgroup' };
  const line = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.split(':')[1]?.split(',').includes('memory'));
  if (!line) return { skipped: 'needs a cgroup v1 memory controller' };
  const dir = path.join('/sys/fs/cgroup/memory', line.split(':')[2]!, `weft-bench-${process.pid}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(limitMb * 2 ** 20));
  return { dir };
}

/** Fields of a cgroup v1 memory.stat file. */
function memoryStat(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of fs.readFileSync(path.join(dir, 'memory.stat'), 'utf8').split('\n')) {
    const [k, v] = line.split(' ');
    if (k && v) out[k] = Number(v);
  }
  return out;
}

/**
 * Runs round `i`'s measurements in the order given, reversed every other round: a host that
 * speeds up or slows down steadily then favours none of the targets.
 */
function inTurn<K extends string, T>(i: number, measure: Record<K, () => T>): Record<K, T> {
  const keys = Object.keys(measure) as K[];
  if (i % 2 === 1) keys.reverse();
  const out = {} as Record<K, T>;
  for (const k of keys) out[k] = measure[k]();
  return out;
}

interface Target {
  port: number;
  pid?: number;
}

/** ROUNDS rounds of saturation, each measuring direct, weft and HAProxy one after the other. */
function saturationRounds(direct: Target, weft: Target, hap: Target) {
  for (const t of [direct, weft, hap]) wrk(t.port, 3); // warm-up: JIT, pools, connections
  const rounds = Array.from({ length: ROUNDS }, (_, i) => inTurn(i, { direct: () => saturate(direct.port), weft: () => saturate(weft.port, weft.pid), hap: () => saturate(hap.port, hap.pid) }));
  return {
    direct_rps: median(rounds.map((r) => r.direct.rps)),
    weft_rps: median(rounds.map((r) => r.weft.rps)),
    haproxy_rps: median(rounds.map((r) => r.hap.rps)),
    ratios: rounds.map((r) => r.weft.rps / r.hap.rps),
    weft_cpu: median(rounds.map((r) => r.weft.cpuUsPerReq)),
    haproxy_cpu: median(rounds.map((r) => r.hap.cpuUsPerReq)),
    cpuRatios: rounds.map((r) => r.weft.cpuUsPerReq / r.hap.cpuUsPerReq),
  };
}

/**
 * A second weft proxy in a memory cgroup limited to LIMIT_MB, as a Kubernetes memory limit
 * puts it, run from its own copy of the Node binary so that the binary's pages are read in
 * by it and charged to it (as for the first sidecar of a node), not shared with the other
 * Node processes here. Measured in rounds against the unlimited weft: its peak RSS, its
 * anonymous memory (which the kernel cannot reclaim), the major page faults the limit cost,
 * and CPU per request against the unlimited proxy's.
 */
async function underMemoryLimit(ctlPort: number, unlimited: Target) {
  const cg = memoryCgroup(LIMIT_MB);
  if ('skipped' in cg) return cg;
  const nodeCopy = path.join(tmp, 'node');
  fs.copyFileSync(NODE, nodeCopy);
  fs.chmodSync(nodeCopy, 0o755);
  // The copy's pages are in the page cache, charged to this process: written out, then
  // dropped (dd's nocache), so that the proxy reads them in itself.
  const fd = fs.openSync(nodeCopy, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  execFileSync('dd', [`if=${nodeCopy}`, 'iflag=nocache', 'count=0', 'status=none']);
  const [out, inb, admin] = [await freePort(), await freePort(), await freePort()];
  const args = [WEFT_ENTRY, 'proxy', '--control', `127.0.0.1:${ctlPort}`, '--namespace', 'bench', '--outbound-addr', `127.0.0.1:${out}`, '--inbound-addr', `127.0.0.1:${inb}`, '--admin-addr', `127.0.0.1:${admin}`, '--log-level', 'warn'];
  const child = spawn('sh', ['-c', `echo $$ > ${cg.dir}/cgroup.procs && exec taskset -c 1 "$0" "$@"`, nodeCopy, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitPort(out);
    const limited: Target = { port: out, pid: child.pid };
    wrk(out, 3); // warm-up
    const faults = memoryStat(cg.dir).pgmajfault ?? 0;
    const rounds = Array.from({ length: ROUNDS }, (_, i) => inTurn(i, { unlimited: () => saturate(unlimited.port, unlimited.pid), limited: () => saturate(limited.port, limited.pid) }));
    const after = memoryStat(cg.dir);
    return {
      limit_mb: LIMIT_MB,
      rss_mb: round(rssMb(child.pid!), 1),
      anon_mb: round((after.rss ?? NaN) / 2 ** 20, 1),
      cgroup_peak_mb: round(Number(fs.readFileSync(path.join(cg.dir, 'memory.max_usage_in_bytes'), 'utf8')) / 2 ** 20, 1),
      major_faults: (after.pgmajfault ?? 0) - faults,
      weft_cpu_us_per_req: round(median(rounds.map((r) => r.limited.cpuUsPerReq))),
      cpu_ratio_unlimited: round(median(rounds.map((r) => r.limited.cpuUsPerReq / r.unlimited.cpuUsPerReq))),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmdirSync(cg.dir);
  }
}

async function main() {
  const upPort = await freePort();
  const ctlPort = await freePort();
  const ctlAdmin = await freePort();
  const weftOut = await freePort();
  const weftIn = await freePort();
  const weftAdmin = await freePort();
  const weftTcp = await freePort();
  const hapHttp = await freePort();
  const hapTcp = await freePort();
  // The upstream: HAProxy answering itself, so the upstream is never the bottleneck.
  fs.writeFileSync(
    path.join(tmp, 'upstream.cfg'),
    `global\n  nbthread 1\ndefaults\n  mode http\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\nfrontend up\n  bind 127.0.0.1:${upPort}\n  http-request return status 200 content-type text/plain string "hello from upstream"\n`,
  );
  fs.writeFileSync(
    path.join(tmp, 'haproxy.cfg'),
    `global\n  nbthread 1\ndefaults\n  timeout client 30s\n  timeout server 30s\n  timeout connect 5s\n` +
      `frontend fh\n  mode http\n  option http-keep-alive\n  bind 127.0.0.1:${hapHttp}\n  default_backend bh\nbackend bh\n  mode http\n  server s1 127.0.0.1:${upPort}\n` +
      `frontend ft\n  mode tcp\n  bind 127.0.0.1:${hapTcp}\n  default_backend bt\nbackend bt\n  mode tcp\n  server s1 127.0.0.1:${upPort}\n`,
  );
  fs.mkdirSync(path.join(tmp, 'manifests'));
  fs.writeFileSync(
    path.join(tmp, 'manifests', 'bench.yaml'),
    `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: bench }\nspec:\n  ports: [{ name: http, port: 80, targetPort: ${upPort} }]\n---\n` +
      `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\n  namespace: bench\n  labels: { kubernetes.io/service-name: web }\naddressType: IPv4\nports: [{ name: http, port: ${upPort}, protocol: TCP }]\nendpoints:\n  - addresses: [127.0.0.1]\n    conditions: { ready: true }\n`,
  );
  start(0, 'haproxy', ['-f', path.join(tmp, 'upstream.cfg')]);
  start(0, NODE, [WEFT_ENTRY, 'control', '--manifests', path.join(tmp, 'manifests'), '--grpc-addr', `127.0.0.1:${ctlPort}`, '--admin-addr', `127.0.0.1:${ctlAdmin}`, '--log-level', 'warn']);
  const weft = start(1, NODE, [
    WEFT_ENTRY, 'proxy', '--control', `127.0.0.1:${ctlPort}`, '--namespace', 'bench',
    '--outbound-addr', `127.0.0.1:${weftOut}`, '--inbound-addr', `127.0.0.1:${weftIn}`, '--admin-addr', `127.0.0.1:${weftAdmin}`,
    '--tcp-map', `${weftTcp}=web.bench:80`, '--opaque-ports', String(weftTcp), '--log-level', 'warn',
  ]);
  const hap = start(1, 'haproxy', ['-f', path.join(tmp, 'haproxy.cfg')]);
  await Promise.all([upPort, ctlPort, weftOut, weftTcp, hapHttp, hapTcp].map((p) => waitPort(p)));

  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(`proxy bench: ${ROUNDS} rounds of wrk -t1 -c${CONNS} -d${SECONDS}s on CPU 0, proxies on CPU 1, ${os.cpus().length} CPUs, Node ${process.version}`);
  const http = saturationRounds({ port: upPort }, { port: weftOut, pid: weft.pid }, { port: hapHttp, pid: hap.pid });
  log(`http (median of ${ROUNDS} rounds): direct ${round(http.direct_rps, 0)}, weft ${round(http.weft_rps, 0)}, haproxy ${round(http.haproxy_rps, 0)} req/s`);
  log(`  weft/haproxy req/s per round: ${http.ratios.map((x) => round(x, 3)).join(' ')}`);
  log(`  CPU per request: weft ${round(http.weft_cpu)} µs, haproxy ${round(http.haproxy_cpu)} µs; weft/haproxy per round: ${http.cpuRatios.map((x) => round(x)).join(' ')}`);
  const lat = Array.from({ length: LATENCY_ROUNDS }, (_, i) => inTurn(i, { direct: () => fixedRate(upPort), weft: () => fixedRate(weftOut), hap: () => fixedRate(hapHttp) }));
  for (const l of lat) log(`at ${RATE} rps p50/p99 ms: direct ${round(l.direct.p50_ms, 3)}/${round(l.direct.p99_ms, 3)}, weft ${round(l.weft.p50_ms, 3)}/${round(l.weft.p99_ms, 3)} (failed ${l.weft.failed}), haproxy ${round(l.hap.p50_ms, 3)}/${round(l.hap.p99_ms, 3)}`);
  const added = (pick: (l: (typeof lat)[number]) => number) => median(lat.map(pick));
  const tcp = saturationRounds({ port: upPort }, { port: weftTcp, pid: weft.pid }, { port: hapTcp, pid: hap.pid });
  log(`tcp (median of ${ROUNDS} rounds): direct ${round(tcp.direct_rps, 0)}, weft ${round(tcp.weft_rps, 0)}, haproxy ${round(tcp.haproxy_rps, 0)} req/s; weft/haproxy per round: ${tcp.ratios.map((x) => round(x, 3)).join(' ')}`);
  const rss = rssMb(weft.pid!);
  log(`weft peak RSS: ${round(rss, 1)} MB`);
  const limited = await underMemoryLimit(ctlPort, { port: weftOut, pid: weft.pid });
  log('skipped' in limited ? `weft under a memory limit: skipped (${limited.skipped})` : `weft in a cgroup limited to ${LIMIT_MB} MB: peak RSS ${limited.rss_mb} MB, anonymous ${limited.anon_mb} MB, ${limited.major_faults} major page faults, CPU per request ${limited.cpu_ratio_unlimited}x the unlimited weft's`);
  const result = {
    http: {
      direct_rps: round(http.direct_rps, 0),
      weft_rps: round(http.weft_rps, 0),
      haproxy_rps: round(http.haproxy_rps, 0),
      ratio_haproxy: round(median(http.ratios), 3),
      ratio_haproxy_range: range(http.ratios),
      added_p50_ms: round(added((l) => l.weft.p50_ms - l.direct.p50_ms), 3),
      added_p99_ms: round(added((l) => l.weft.p99_ms - l.direct.p99_ms), 3),
      haproxy_added_p99_ms: round(added((l) => l.hap.p99_ms - l.direct.p99_ms), 3),
      weft_cpu_us_per_req: round(http.weft_cpu),
      haproxy_cpu_us_per_req: round(http.haproxy_cpu),
      cpu_ratio_haproxy: round(median(http.cpuRatios)),
      cpu_ratio_haproxy_range: range(http.cpuRatios, 2),
    },
    tcp: { direct_rps: round(tcp.direct_rps, 0), weft_rps: round(tcp.weft_rps, 0), haproxy_rps: round(tcp.haproxy_rps, 0), ratio_haproxy: round(median(tcp.ratios), 3), ratio_haproxy_range: range(tcp.ratios) },
    memory_limited: limited,
    rounds: ROUNDS,
    seconds: SECONDS,
    latency_rounds: LATENCY_ROUNDS,
    // Whether weft ran with V8's default tiers (Maglev on) instead of as it ships.
    runtime_optimize: process.env.WEFT_RUNTIME_OPTIMIZE !== undefined,
    rss_mb: round(rss, 1),
  };
  log(JSON.stringify(result));
}

try {
  await main();
} finally {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}
