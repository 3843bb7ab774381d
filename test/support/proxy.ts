// Starts a proxy in-process on loopback with port 0 everywhere, for tests.
import { Registry } from 'prom-client';
import { createLogger } from '../../lib/log.ts';
import { startProxy, type ProxyConfig, type RunningProxy } from '../../proxy/proxy.ts';

export function testProxy(control: string, over: Partial<ProxyConfig> = {}): Promise<RunningProxy> {
  return startProxy({
    outboundAddr: { host: '127.0.0.1', port: 0 },
    inboundAddr: { host: '127.0.0.1', port: 0 },
    adminAddr: { host: '127.0.0.1', port: 0 },
    appAddr: { host: '127.0.0.1', port: 1 },
    control,
    namespace: 'demo',
    workload: 'client',
    proxyId: 'test',
    clusterDomain: 'cluster.local',
    balancer: 'p2c-ewma',
    discoveryTimeoutMs: 2_000,
    discoveryIdleMs: 60_000,
    detectTimeoutMs: 200,
    opaquePorts: new Set(),
    tcpMap: new Map(),
    denyUnknown: false,
    drainTimeoutMs: 2_000,
    connectTimeoutMs: 2_000,
    keepAliveMs: 5_000,
    maxHeaderSize: 16_384,
    log: createLogger('proxy', 'silent'),
    registry: new Registry(),
    ...over,
  });
}

/** One sample's value from the registry, matching every given label. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metrics = await registry.getMetricsAsJSON();
  let sum = 0;
  for (const m of metrics) {
    for (const v of m.values as { metricName?: string; labels: Record<string, string | number>; value: number }[]) {
      const n = v.metricName ?? m.name;
      if (n !== name) continue;
      if (Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)) sum += v.value;
    }
  }
  return sum;
}
