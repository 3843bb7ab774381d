// `weft demo`: starts the control plane, the exporter, every replica with its sidecar, the
// load generator and (if installed) Prometheus as separate processes; shows the live
// table; stops everything and removes its files on Ctrl-C, SIGTERM or --duration.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Gauge, Registry } from 'prom-client';
import { formatAddr, type HostPort } from '../lib/addr.ts';
import { startAdmin, type AdminServer } from '../lib/admin.ts';
import type { Logger } from '../lib/log.ts';
import { demoRoutes, type DemoActions } from './actions.ts';
import { DemoStartError } from './errors.ts';
import { LiveTable } from './live-table.ts';
import { MESH_FILE, meshManifests, SPLIT_FILE, splitManifest, type SplitWeights } from './manifests.ts';
import { checkFree, freePort, type Listen } from './ports.ts';
import { findPrometheus, prometheusArgs } from './prometheus.ts';
import { removeState, writeState, type DemoState } from './state.ts';
import { Supervisor, type Child } from './supervisor.ts';
import { at, buildTopology, DB_PORT, NAMESPACE, serviceAuthority, type Ports, type Replica, type Topology } from './topology.ts';
import { waitReady } from './ready.ts';

export interface DemoOptions {
  firstIp: string;
  ports: Ports;
  controlGrpc: HostPort;
  controlAdmin: HostPort;
  exporter: HostPort;
  admin: HostPort;
  prometheus: boolean;
  prometheusAddr?: HostPort;
  scrapeIntervalS: number;
  rate: number;
  failRate: number;
  split: SplitWeights;
  durationMs?: number;
  intervalMs: number;
  /** Children's log level (their logs go to files in the run's folder). */
  childLogLevel: string;
  log: Logger;
  out: NodeJS.WritableStream & { isTTY?: boolean };
}

function listens(o: DemoOptions, topo: Topology): Listen[] {
  const l: Listen[] = [
    { addr: o.controlGrpc, owner: 'control plane gRPC (--control-addr)' },
    { addr: o.controlAdmin, owner: 'control plane admin (--control-admin-addr)' },
    { addr: o.exporter, owner: 'exporter (--exporter-addr)' },
    { addr: o.admin, owner: 'demo admin (--admin-addr)' },
  ];
  if (o.prometheusAddr) l.push({ addr: o.prometheusAddr, owner: 'Prometheus (--prometheus-addr)' });
  for (const r of topo.replicas) {
    const sidecar = (what: string) => `sidecar of ${r.name} (${what})`;
    if (r.role !== 'load') l.push({ addr: { host: r.ip, port: o.ports.app }, owner: `app ${r.name} (--app-port)` });
    l.push({ addr: { host: r.ip, port: o.ports.inbound }, owner: sidecar('inbound, --inbound-port') });
    l.push({ addr: { host: r.ip, port: o.ports.outbound }, owner: sidecar('outbound, --outbound-port') });
    l.push({ addr: { host: r.ip, port: o.ports.admin }, owner: sidecar('admin, --proxy-admin-port') });
    if (r.role === 'api') l.push({ addr: { host: r.ip, port: o.ports.tcp }, owner: sidecar('TCP map to db, --tcp-port') });
  }
  return l;
}

function sidecarArgs(o: DemoOptions, r: Replica): string[] {
  const p = o.ports;
  const args = ['proxy', '--control', formatAddr(o.controlGrpc), '--namespace', NAMESPACE, '--workload', r.workload, '--proxy-id', r.name];
  args.push('--outbound-addr', at(r.ip, p.outbound), '--inbound-addr', at(r.ip, p.inbound), '--app-addr', at(r.ip, p.app), '--admin-addr', at(r.ip, p.admin));
  if (r.role === 'api') args.push('--tcp-map', `${p.tcp}=${serviceAuthority('db', DB_PORT)}`);
  return [...args, '--drain-timeout', '2s', '--log-level', o.childLogLevel];
}

function appArgs(o: DemoOptions, r: Replica): string[] {
  const p = o.ports;
  const args = ['demo', 'app', '--role', r.role, '--name', r.name, '--listen', at(r.ip, p.app), '--log-level', o.childLogLevel];
  if (r.role === 'web') args.push('--outbound', at(r.ip, p.outbound));
  if (r.role === 'api') args.push('--tcp', at(r.ip, p.tcp));
  if (r.workload === 'api-v2') args.push('--fail-rate', String(o.failRate));
  return args;
}

export interface RunningDemo {
  state: DemoState;
  /** Resolves when the demo has stopped and cleaned up. */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function startDemo(o: DemoOptions): Promise<RunningDemo> {
  const topo = buildTopology(o.firstIp, o.ports);
  await checkFree(listens(o, topo));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-demo-run-'));
  const manifests = path.join(dir, 'manifests');
  mkdirSync(manifests);
  writeFileSync(path.join(manifests, MESH_FILE), meshManifests(topo));
  writeFileSync(path.join(manifests, SPLIT_FILE), splitManifest(o.split));

  const events: string[] = [];
  const event = (text: string) => {
    events.push(`${new Date().toISOString().slice(11, 19)} ${text}`);
    if (events.length > 4) events.shift();
    o.log.info({ event: text }, 'demo event');
  };
  let starting = true;
  let startFailure: Child | undefined;
  const sup = new Supervisor(dir, (c) => {
    if (c.stopping) return;
    if (starting) startFailure ??= c;
    event(`${c.name} exited unexpectedly (${c.exit}): see weft demo logs in ${c.logFile}`);
  });
  let admin: AdminServer | undefined;
  const stopAbort = new AbortController();
  let stopped: Promise<void> | undefined;
  const cleanup = () =>
    (stopped ??= (async () => {
      stopAbort.abort();
      await sup.stopAll(5_000);
      await admin?.close();
      removeState(process.pid);
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    const registry = new Registry();
    new Gauge({
      name: 'weft_demo_processes',
      help: 'Demo child processes, by state (running, exited).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const running = sup.children.filter((c) => c.exit === undefined).length;
        this.set({ state: 'running' }, running);
        this.set({ state: 'exited' }, sup.children.length - running);
      },
    });
    const sidecars = new Map<string, Child>();
    const apps = new Map<string, Child>();
    const actions: DemoActions = { topo, manifests, sup, sidecars, apps, split: { ...o.split }, gone: new Set(), event, onGone: () => table?.retarget(proxyTargets()) };
    let table: LiveTable | undefined = undefined;
    const proxyTargets = () => topo.replicas.filter((r) => !actions.gone.has(r.name)).map((r) => at(r.ip, o.ports.admin));
    admin = await startAdmin({ addr: o.admin, registry, log: o.log, ready: () => !starting && !stopAbort.signal.aborted, routes: demoRoutes(actions) });

    sup.weft('control', ['control', '--manifests', manifests, '--grpc-addr', formatAddr(o.controlGrpc), '--admin-addr', formatAddr(o.controlAdmin), '--log-level', o.childLogLevel]);
    sup.weft('exporter', ['exporter', '--no-kubernetes', '--web.listen-address', formatAddr(o.exporter), '--log-level', o.childLogLevel]);
    for (const r of topo.replicas) {
      if (r.role !== 'load') apps.set(r.name, sup.weft(`app-${r.name}`, appArgs(o, r)));
      sidecars.set(r.name, sup.weft(`proxy-${r.name}`, sidecarArgs(o, r)));
    }
    const readyUrls = [`http://${formatAddr(o.controlAdmin)}/ready`, `http://${formatAddr(o.exporter)}/metrics`, ...topo.replicas.map((r) => `http://${at(r.ip, o.ports.admin)}/ready`)];
    await waitReady(readyUrls, 60_000, () => startFailure);
    const load = topo.replicas.find((r) => r.role === 'load')!;
    sup.weft('load', ['demo', 'load', '--via', at(load.ip, o.ports.outbound), '--rate', String(o.rate), '--log-level', o.childLogLevel]);

    const metrics: Record<string, string> = { control: `http://${formatAddr(o.controlAdmin)}/metrics`, exporter: `http://${formatAddr(o.exporter)}/metrics`, demo: `http://${formatAddr(admin.address)}/metrics` };
    for (const r of topo.replicas) metrics[`proxy ${r.name}`] = `http://${at(r.ip, o.ports.admin)}/metrics`;
    let prometheus: string | undefined;
    const binary = o.prometheus ? findPrometheus() : undefined;
    if (binary) {
      const listen = o.prometheusAddr ? formatAddr(o.prometheusAddr) : `127.0.0.1:${await freePort('127.0.0.1')}`;
      const targets = { proxies: topo.replicas.map((r) => ({ pod: r.name, addr: at(r.ip, o.ports.admin) })), control: formatAddr(o.controlAdmin), exporter: formatAddr(o.exporter) };
      sup.spawn('prometheus', binary, prometheusArgs(dir, listen, targets, o.scrapeIntervalS));
      prometheus = `http://${listen}`;
      await waitReady([`${prometheus}/-/ready`], 30_000, () => startFailure);
    }
    starting = false;

    const state: DemoState = { pid: process.pid, admin: `http://${formatAddr(admin.address)}`, dir, metrics, ...(prometheus ? { prometheus } : {}) };
    writeState(state);
    const width = Math.max(...Object.keys(metrics).map((k) => k.length));
    o.out.write(
      [
        `weft demo: ${topo.replicas.length} replicas with sidecars, control plane, exporter, load ${o.rate} rps — files in ${dir}`,
        '/metrics:',
        ...Object.entries(metrics).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
        prometheus ? `Prometheus: ${prometheus} (scraping every ${o.scrapeIntervalS}s)` : o.prometheus ? 'Prometheus: not installed (apt-get install prometheus), skipped' : 'Prometheus: off (--no-prometheus)',
        '',
      ].join('\n') + '\n',
    );

    table = new LiveTable(proxyTargets(), o.intervalMs, o.out, {
      header: () => [`weft demo · ${new Date().toISOString().slice(11, 19)} · load ${o.rate} rps → web → api (api-v1 ${actions.split['api-v1']} / api-v2 ${actions.split['api-v2']}${o.failRate > 0 ? `, api-v2 fails ${Math.round(o.failRate * 100)}%` : ''}) → db (TCP)`],
      footer: () => [
        `${prometheus ? `Prometheus ${prometheus} · ` : ''}act: weft demo split api <percent to api-v2> · weft demo kill <replica> · Ctrl-C stops everything`,
        ...events,
      ],
    });
    const timer = o.durationMs !== undefined ? setTimeout(() => void cleanup(), o.durationMs) : undefined;
    const done = table.run(stopAbort.signal).then(async () => {
      clearTimeout(timer);
      await cleanup();
    });
    return { state, done, stop: cleanup };
  } catch (err) {
    // Read the failed child's log before its folder goes.
    const failed = startFailure ? `${startFailure.name} exited during start-up (${startFailure.exit}):\n${Supervisor.tail(startFailure)}` : undefined;
    await cleanup();
    if (failed && !(err instanceof DemoStartError)) throw new DemoStartError(failed, { process: startFailure?.name }, { cause: err });
    throw err;
  }
}
