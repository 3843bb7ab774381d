// The two containers the injector adds: the proxy and the init container that
// writes the iptables rules. Pure: effective config (+ the app's port) → container.
import type { V1Container, V1EnvVar, V1ResourceRequirements } from '@kubernetes/client-node';
import { INIT_CONTAINER, PROXY_CONTAINER, XTABLES_VOLUME, type InjectorConfig } from './config.ts';

function fieldEnv(name: string, fieldPath: string): V1EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

function resources(c: InjectorConfig): V1ResourceRequirements {
  const pick = (cpu: string, memory: string) => {
    const r: Record<string, string> = {};
    if (cpu) r.cpu = cpu;
    if (memory) r.memory = memory;
    return r;
  };
  const out: V1ResourceRequirements = {};
  const requests = pick(c.cpuRequest, c.memoryRequest);
  const limits = pick(c.cpuLimit, c.memoryLimit);
  if (Object.keys(requests).length > 0) out.requests = requests;
  if (Object.keys(limits).length > 0) out.limits = limits;
  return out;
}

/**
 * The sidecar. `appPort` is where inbound traffic goes on to (the app's first TCP port);
 * `workload` names the pod's Deployment, StatefulSet, … in the metrics.
 */
export function proxyContainer(c: InjectorConfig, appPort: number | undefined, workload: string | undefined): V1Container {
  const env: V1EnvVar[] = [
    { name: 'WEFT_CONTROL', value: c.controlAddr },
    fieldEnv('WEFT_NAMESPACE', 'metadata.namespace'),
    fieldEnv('WEFT_PROXY_ID', 'metadata.name'),
    fieldEnv('WEFT_SERVICE_ACCOUNT', 'spec.serviceAccountName'),
    fieldEnv('WEFT_NODE_NAME', 'spec.nodeName'),
    { name: 'WEFT_CLUSTER_DOMAIN', value: c.clusterDomain },
    { name: 'WEFT_OUTBOUND_ADDR', value: `127.0.0.1:${c.outboundPort}` },
    { name: 'WEFT_INBOUND_ADDR', value: `0.0.0.0:${c.inboundPort}` },
    { name: 'WEFT_ADMIN_ADDR', value: `0.0.0.0:${c.adminPort}` },
    { name: 'WEFT_LOG_LEVEL', value: c.logLevel },
  ];
  if (appPort !== undefined) env.push({ name: 'WEFT_APP_ADDR', value: `127.0.0.1:${appPort}` });
  if (workload) env.push({ name: 'WEFT_WORKLOAD', value: workload });
  const probe = (path: string) => ({ httpGet: { path, port: c.adminPort }, periodSeconds: 10, failureThreshold: 3 });
  const container: V1Container = {
    name: PROXY_CONTAINER,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    args: ['proxy'],
    env,
    ports: [
      { name: 'weft-inbound', containerPort: c.inboundPort, protocol: 'TCP' },
      { name: 'weft-admin', containerPort: c.adminPort, protocol: 'TCP' },
    ],
    readinessProbe: probe('/ready'),
    livenessProbe: probe('/live'),
    resources: resources(c),
    securityContext: {
      runAsUser: c.proxyUid,
      runAsGroup: c.proxyUid,
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    },
  };
  // A native sidecar: started before the app's containers, stopped after them, and it
  // does not keep a Job's pod running once the Job's containers have finished.
  if (c.nativeSidecar) container.restartPolicy = 'Always';
  return container;
}

/** Runs once before everything else: redirects the pod's TCP through the proxy. */
export function initContainer(c: InjectorConfig): V1Container {
  const args = [
    'init-iptables',
    `--proxy-uid=${c.proxyUid}`,
    `--inbound-port=${c.inboundPort}`,
    `--outbound-port=${c.outboundPort}`,
    // The admin port must stay reachable by kubelet probes and Prometheus unproxied.
    `--skip-inbound-ports=${[String(c.adminPort), c.skipInboundPorts].filter(Boolean).join(',')}`,
  ];
  if (c.skipOutboundPorts) args.push(`--skip-outbound-ports=${c.skipOutboundPorts}`);
  if (c.skipOutboundCidrs) args.push(`--skip-outbound-cidrs=${c.skipOutboundCidrs}`);
  return {
    name: INIT_CONTAINER,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    args,
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
    // iptables takes /run/xtables.lock; the root filesystem stays read-only.
    volumeMounts: [{ name: XTABLES_VOLUME, mountPath: '/run' }],
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
    },
  };
}
