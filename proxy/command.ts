import os from 'node:os';
import { Command, Option } from 'commander';
import { flag, logLevelFlag, parseDurationMs } from '../cli/options.ts';
import { parseAddr } from '../lib/addr.ts';
import { onShutdown } from '../lib/lifecycle.ts';
import { createLogger } from '../lib/log.ts';
import { v8FlagSet } from '../lib/runtime.ts';
import { BALANCER_NAMES, type BalancerName } from './balance/registry.ts';
import { InvalidProxyFlagError, InvalidTcpMapError } from './errors.ts';

interface Flags {
  outboundAddr: string;
  inboundAddr: string;
  adminAddr: string;
  appAddr: string;
  control: string;
  namespace: string;
  workload: string;
  proxyId: string;
  clusterDomain: string;
  balancer: BalancerName;
  discoveryTimeout: string;
  discoveryIdleTimeout: string;
  detectTimeout: string;
  opaquePorts: string;
  tcpMap: string[];
  denyUnknown: boolean;
  drainTimeout: string;
  connectTimeout: string;
  keepAliveTimeout: string;
  maxHeaderSize: string;
  otlpEndpoint: string;
  traceSampling: string;
  logLevel: string;
}

function duration(name: string, text: string): number {
  try {
    return parseDurationMs(text);
  } catch (err) {
    throw new InvalidProxyFlagError(`--${name}: ${(err as Error).message}`, { flag: name, value: text });
  }
}

function port(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidProxyFlagError(`${what}: "${text}" is not a port (1-65535)`, { value: text });
  return n;
}

/** "5432=db.data:5432" entries (flag repeated, or comma-separated in WEFT_TCP_MAP). */
export function parseTcpMap(entries: readonly string[]): Map<number, string> {
  const map = new Map<number, string>();
  for (const entry of entries.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean)) {
    const m = /^(\d+)=(\S+:\d+|\S+)$/.exec(entry);
    if (!m) throw new InvalidTcpMapError(`--tcp-map "${entry}": expected localPort=authority, e.g. 5432=db.data:5432`, { entry });
    map.set(port(m[1]!, `--tcp-map "${entry}"`), m[2]!);
  }
  return map;
}

export function proxyCommand(): Command {
  return new Command('proxy')
    .description('run the per-pod sidecar proxy')
    .addOption(flag('--outbound-addr <addr>', "listen address for the app's outbound traffic", '127.0.0.1:4140'))
    .addOption(flag('--inbound-addr <addr>', 'listen address for traffic from peers to the app', '0.0.0.0:4143'))
    .addOption(flag('--admin-addr <addr>', 'admin address: /metrics, /ready, /live, POST /shutdown', '0.0.0.0:4191'))
    .addOption(flag('--app-addr <addr>', 'the local application that inbound traffic goes to', '127.0.0.1:8080'))
    .addOption(flag('--control <addr>', "control plane's gRPC address (Destination API)", '127.0.0.1:8086'))
    .addOption(flag('--namespace <ns>', "this pod's namespace: completes short names, labels metrics", 'default'))
    .addOption(flag('--workload <name>', "this pod's workload, for src_workload / dst_workload labels", ''))
    .addOption(flag('--proxy-id <id>', 'name this proxy gives control (pod name)', os.hostname()))
    .addOption(flag('--cluster-domain <domain>', 'cluster DNS domain', 'cluster.local'))
    .addOption(flag('--balancer <name>', 'load-balancing algorithm', 'p2c-ewma').choices(BALANCER_NAMES))
    .addOption(flag('--discovery-timeout <duration>', 'how long a request waits for the first answer from control', '5s'))
    .addOption(flag('--discovery-idle-timeout <duration>', 'close the Watch of an authority unused this long', '5m'))
    .addOption(flag('--detect-timeout <duration>', 'a client silent this long is opaque TCP (server-speaks-first)', '1s'))
    .addOption(flag('--opaque-ports <ports>', 'comma-separated local ports that skip protocol detection', ''))
    .addOption(new Option('--tcp-map <port=authority...>', 'opaque TCP: listen on localPort, forward to authority (repeatable)').env('WEFT_TCP_MAP').default([]))
    .addOption(flag('--deny-unknown', 'answer 502 for destinations control does not know instead of forwarding as addressed', false))
    .addOption(flag('--drain-timeout <duration>', 'on SIGTERM, how long in-flight requests may take', '30s'))
    .addOption(flag('--connect-timeout <duration>', 'connecting to an endpoint', '10s'))
    .addOption(flag('--keep-alive-timeout <duration>', 'idle keep-alive connections close after this long (both sides)', '60s'))
    .addOption(flag('--max-header-size <bytes>', 'larger request headers get 431', '16384'))
    .addOption(flag('--otlp-endpoint <url>', 'export a span per request to this OTLP/HTTP collector (e.g. http://127.0.0.1:4318); unset: tracing off', ''))
    .addOption(flag('--trace-sampling <ratio>', 'share of new traces sampled (0-1); a caller\'s traceparent decision is followed', '1'))
    .addOption(logLevelFlag())
    .action(async (f: Flags) => {
      const log = createLogger('proxy', f.logLevel);
      const tcpMap = parseTcpMap(typeof f.tcpMap === 'string' ? [f.tcpMap] : f.tcpMap);
      const opaquePorts = new Set(f.opaquePorts.split(',').map((p) => p.trim()).filter(Boolean).map((p) => port(p, '--opaque-ports')));
      const maxHeaderSize = Number(f.maxHeaderSize);
      if (!Number.isInteger(maxHeaderSize) || maxHeaderSize < 1024) throw new InvalidProxyFlagError(`--max-header-size: "${f.maxHeaderSize}" must be an integer ≥ 1024`);
      const ratio = Number(f.traceSampling);
      if (!(ratio >= 0 && ratio <= 1)) throw new InvalidProxyFlagError(`--trace-sampling: "${f.traceSampling}" must be a number from 0 to 1`);
      if (f.otlpEndpoint && !/^https?:\/\//.test(f.otlpEndpoint)) throw new InvalidProxyFlagError(`--otlp-endpoint: "${f.otlpEndpoint}" must be an http:// or https:// URL`);
      const tracing = f.otlpEndpoint ? { endpoint: f.otlpEndpoint, ratio, serviceName: f.workload || 'weft-proxy', attributes: { 'k8s.namespace.name': f.namespace, 'weft.proxy_id': f.proxyId } } : undefined;
      // Loaded here, not at the top: other weft commands must not pay for grpc-js and prom-client.
      const { startProxy } = await import('./proxy.ts');
      const proxy = await startProxy({
        outboundAddr: parseAddr(f.outboundAddr),
        inboundAddr: parseAddr(f.inboundAddr),
        adminAddr: parseAddr(f.adminAddr),
        appAddr: parseAddr(f.appAddr, '127.0.0.1'),
        control: f.control,
        namespace: f.namespace,
        workload: f.workload,
        proxyId: f.proxyId,
        clusterDomain: f.clusterDomain,
        balancer: f.balancer,
        discoveryTimeoutMs: duration('discovery-timeout', f.discoveryTimeout),
        discoveryIdleMs: duration('discovery-idle-timeout', f.discoveryIdleTimeout),
        detectTimeoutMs: duration('detect-timeout', f.detectTimeout),
        opaquePorts,
        tcpMap,
        denyUnknown: f.denyUnknown,
        drainTimeoutMs: duration('drain-timeout', f.drainTimeout),
        connectTimeoutMs: duration('connect-timeout', f.connectTimeout),
        keepAliveMs: duration('keep-alive-timeout', f.keepAliveTimeout),
        maxHeaderSize,
        tracing,
        log,
        onShutdownRequest: () => process.kill(process.pid, 'SIGTERM'),
      });
      log.info({ outbound: proxy.outbound, inbound: proxy.inbound, admin: proxy.admin, control: f.control, tcp: [...proxy.tcp.values()], maglev: !v8FlagSet('--no-maglev'), memorySaver: v8FlagSet('--memory-saver-mode'), flushBytecode: !v8FlagSet('--no-flush-bytecode'), earlyMarking: v8FlagSet('--incremental-marking-soft-trigger'), memoryReducer: !v8FlagSet('--memory-reducer-gc-count=0') }, 'proxy listening');
      onShutdown(log, () => proxy.close());
    });
}
