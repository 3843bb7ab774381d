// Pod template in, RFC 6902 JSON patch out. The one function behind both the
// admission webhook and `weft inject`; it does no I/O and never throws on a pod.
import type { V1ObjectMeta, V1PodSpec } from '@kubernetes/client-node';
import { INBOUND_PORT_ANNOTATION } from '../source/normalize.ts';
import { INIT_CONTAINER, INJECT_ANNOTATION, MESHED_LABEL, PROXY_CONTAINER, XTABLES_VOLUME, type InjectorConfig } from './config.ts';
import { initContainer, proxyContainer } from './containers.ts';
import { applyOverrides } from './overrides.ts';

export interface PodTemplate {
  metadata?: V1ObjectMeta;
  spec?: V1PodSpec;
}

export interface PatchOperation {
  op: 'add';
  path: string;
  value: unknown;
}

export type SkipReason = 'kube-system' | 'host-network' | 'disabled' | 'not-enabled' | 'already-injected';

export type InjectResult =
  | { injected: true; patch: PatchOperation[]; warnings: string[] }
  | { injected: false; reason: SkipReason; warnings: string[] };

export interface InjectInput {
  pod: PodTemplate;
  /** The namespace the pod is created in (an AdmissionRequest's namespace, or the manifest's). */
  namespace: string;
  namespaceAnnotations?: Record<string, string>;
  config: InjectorConfig;
  /** Where the pod template sits in the patched object: "" for a Pod, "/spec/template" for a Deployment. */
  basePath?: string;
  /** The workload the template belongs to, when the caller knows it (`weft inject`). */
  workload?: string;
}

/** JSON Pointer escaping of one path segment (RFC 6901). */
export function pointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function skipReason({ pod, namespace, namespaceAnnotations }: InjectInput): SkipReason | undefined {
  if (namespace === 'kube-system') return 'kube-system';
  if (pod.spec?.hostNetwork) return 'host-network';
  const own = pod.metadata?.annotations?.[INJECT_ANNOTATION];
  const ns = namespaceAnnotations?.[INJECT_ANNOTATION];
  if (own === 'disabled' || ns === 'disabled') return 'disabled';
  if (own !== 'enabled' && ns !== 'enabled') return 'not-enabled';
  const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].map((c) => c.name);
  if (names.includes(PROXY_CONTAINER) || names.includes(INIT_CONTAINER)) return 'already-injected';
  return undefined;
}

/** Adds entries to a map that may not exist yet. */
function addToMap(base: string, existing: Record<string, string> | undefined, entries: Record<string, string>): PatchOperation[] {
  if (!existing) return [{ op: 'add', path: base, value: entries }];
  return Object.entries(entries).map(([k, v]) => ({ op: 'add', path: `${base}/${pointer(k)}`, value: v }));
}

/** A created pod's workload from its owner: a ReplicaSet's name loses its pod-template-hash. */
function ownerWorkload(meta: V1ObjectMeta | undefined): string | undefined {
  const owner = meta?.ownerReferences?.find((o) => o.controller) ?? meta?.ownerReferences?.[0];
  if (!owner) return undefined;
  const hash = meta?.labels?.['pod-template-hash'];
  return owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`) ? owner.name.slice(0, -hash.length - 1) : owner.name;
}

function appPort(spec: V1PodSpec | undefined): number | undefined {
  for (const c of spec?.containers ?? []) {
    const p = c.ports?.find((port) => (port.protocol ?? 'TCP') === 'TCP');
    if (p) return p.containerPort;
  }
  return undefined;
}

export function injectPod(input: InjectInput): InjectResult {
  const { pod, basePath = '' } = input;
  const { config, warnings } = applyOverrides(input.config, pod.metadata?.annotations ?? {});
  const reason = skipReason(input);
  if (reason) return { injected: false, reason, warnings };

  const spec = pod.spec;
  const meta = pod.metadata;
  const proxy = proxyContainer(config, appPort(spec), input.workload ?? ownerWorkload(meta));
  const init = initContainer(config);
  const patch: PatchOperation[] = [];
  const inits = spec?.initContainers;
  // iptables first, then the native sidecar, then the app's own init containers: those
  // have their traffic redirected too, so the proxy must already be running.
  const first = config.nativeSidecar ? [init, proxy] : [init];
  if (!inits) patch.push({ op: 'add', path: `${basePath}/spec/initContainers`, value: first });
  else first.forEach((c, i) => patch.push({ op: 'add', path: `${basePath}/spec/initContainers/${i}`, value: c }));
  if (!config.nativeSidecar) patch.push({ op: 'add', path: `${basePath}/spec/containers/-`, value: proxy });

  const volume = { name: XTABLES_VOLUME, emptyDir: {} };
  patch.push(spec?.volumes ? { op: 'add', path: `${basePath}/spec/volumes/-`, value: volume } : { op: 'add', path: `${basePath}/spec/volumes`, value: [volume] });

  if (!meta) patch.push({ op: 'add', path: `${basePath}/metadata`, value: {} });
  // The app's own scrape annotations win: a PodMonitor on the meshed label still finds the proxy.
  const scrape = { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(config.adminPort), 'prometheus.io/path': '/metrics' };
  const annotations = Object.fromEntries(Object.entries(scrape).filter(([k]) => meta?.annotations?.[k] === undefined));
  annotations[INBOUND_PORT_ANNOTATION] = String(config.inboundPort);
  patch.push(
    ...addToMap(`${basePath}/metadata/annotations`, meta?.annotations, annotations),
    ...addToMap(`${basePath}/metadata/labels`, meta?.labels, { [MESHED_LABEL]: 'true' }),
  );
  return { injected: true, patch, warnings };
}
