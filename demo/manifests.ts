// The manifests folder `weft control` reads for the demo: Services, one EndpointSlice per
// replica, meshed Pods (the inbound-port annotation) and the api TrafficSplit.
import { stringify } from 'yaml';
import { DB_PORT, HTTP_PORT, NAMESPACE, type Topology } from './topology.ts';

export const SPLIT_FILE = 'api-split.yaml';
export const MESH_FILE = 'mesh.yaml';

export interface SplitWeights {
  'api-v1': number;
  'api-v2': number;
}

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: NAMESPACE, ...extra });

function service(name: string, port: number, appProtocol?: string) {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec: { ports: [{ name: 'main', port, ...(appProtocol ? { appProtocol } : {}) }] } };
}

/** Everything but the split; `gone` are replicas taken away (`weft demo kill`). */
export function meshManifests(topo: Topology, gone: ReadonlySet<string> = new Set()): string {
  const docs: unknown[] = [service('web', HTTP_PORT, 'http'), service('api', HTTP_PORT, 'http'), service('api-v1', HTTP_PORT, 'http'), service('api-v2', HTTP_PORT, 'http'), service('db', DB_PORT, 'tcp')];
  for (const r of topo.replicas) {
    if (r.role === 'load' || gone.has(r.name)) continue;
    docs.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta(r.name, { labels: { 'kubernetes.io/service-name': r.workload } }),
      addressType: 'IPv4',
      ports: [{ name: 'main', port: topo.ports.app, protocol: 'TCP' }],
      endpoints: [{ addresses: [r.ip], conditions: { ready: true }, targetRef: { kind: 'Pod', name: r.name, namespace: NAMESPACE } }],
    });
    docs.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta(r.name, {
        labels: { app: r.workload },
        annotations: { 'weft.dev/inbound-port': String(topo.ports.inbound) },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: r.workload, uid: `demo-${r.workload}`, controller: true }],
      }),
      status: { podIP: r.ip },
    });
  }
  return docs.map((d) => stringify(d)).join('---\n');
}

export function splitManifest(w: SplitWeights): string {
  return stringify({
    apiVersion: 'split.smi-spec.io/v1alpha2',
    kind: 'TrafficSplit',
    metadata: meta('api-split'),
    spec: { service: 'api', backends: [{ service: 'api-v1', weight: w['api-v1'] }, { service: 'api-v2', weight: w['api-v2'] }] },
  });
}

/** `weft demo split api 25`: the canary (api-v2) gets 25 %, api-v1 the rest. */
export function weightsFor(canaryPercent: number): SplitWeights {
  return { 'api-v1': 100 - canaryPercent, 'api-v2': canaryPercent };
}
