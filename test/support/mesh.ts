// Manifests for the proxy's end-to-end tests: Services, one EndpointSlice per endpoint
// (each test server has its own port), Pods for meshed endpoints, and TrafficSplits.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DestinationClient } from '../../control/api/gen/weft/destination/v1/Destination.ts';
import { watch } from './destination-client.ts';
import { waitFor } from './wait.ts';

export interface MeshEndpoint {
  ip: string;
  port: number;
  ready?: boolean;
  /** Set: the endpoint's pod runs a sidecar with this inbound port. */
  inboundPort?: number;
  workload?: string;
}

export interface MeshService {
  name: string;
  namespace?: string;
  port?: number;
  appProtocol?: string;
  /** Service annotations (weft.dev/timeout, weft.dev/retry-on, …). */
  annotations?: Record<string, string>;
  endpoints: MeshEndpoint[];
}

export function serviceDocs(s: MeshService): string[] {
  const ns = s.namespace ?? 'demo';
  const docs = [
    `apiVersion: v1\nkind: Service\nmetadata: { name: ${s.name}, namespace: ${ns}${s.annotations ? `, annotations: ${JSON.stringify(s.annotations)}` : ''} }\nspec:\n  ports: [{ name: p, port: ${s.port ?? 80}${s.appProtocol ? `, appProtocol: ${s.appProtocol}` : ''} }]\n`,
  ];
  s.endpoints.forEach((e, i) => {
    const pod = `${e.workload ?? s.name}-${i}`;
    docs.push(
      `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${s.name}-${i}\n  namespace: ${ns}\n  labels: { kubernetes.io/service-name: ${s.name} }\naddressType: IPv4\nports: [{ name: p, port: ${e.port}, protocol: TCP }]\nendpoints:\n  - addresses: [${e.ip}]\n    conditions: { ready: ${e.ready ?? true} }\n    targetRef: { kind: Pod, name: ${pod}, namespace: ${ns} }\n`,
    );
    const annotations = e.inboundPort ? `\n  annotations: { weft.dev/inbound-port: "${e.inboundPort}" }` : '';
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: ${ns}\n  labels: { app: ${s.name} }${annotations}\n  ownerReferences: [{ apiVersion: apps/v1, kind: StatefulSet, name: ${e.workload ?? s.name}, uid: u${i}, controller: true }]\nstatus: { podIP: ${e.ip} }\n`,
    );
  });
  return docs;
}

export function splitDoc(name: string, root: string, backends: { service: string; weight: number }[], namespace = 'demo'): string {
  return `apiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplit\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  service: ${root}\n  backends:\n${backends.map((b) => `    - { service: ${b.service}, weight: ${b.weight} }`).join('\n')}\n`;
}

/** Writes one manifests file (replacing it: the control plane picks up the change). */
export function writeManifests(dir: string, file: string, docs: string[]): void {
  writeFileSync(path.join(dir, file), docs.join('---\n'));
}

type Backends = { name: string; weight: number; endpoints: unknown[] }[];

/** Waits until control serves `authority` with backends satisfying `ok` (bounded). */
export async function controlServes(client: DestinationClient, authority: string, ok: (backends: Backends) => boolean): Promise<void> {
  const w = watch(client, authority);
  try {
    await waitFor(() => w.state && ok(w.state.backends as Backends), `control to serve ${authority}`);
  } finally {
    w.close();
  }
}
