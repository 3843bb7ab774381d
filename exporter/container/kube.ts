import { CoreV1Api, KubeConfig, type V1Pod, type V1PodList } from '@kubernetes/client-node';
import { errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { KubeListError } from '../errors.ts';
import { podLookup, type ContainerMeta, type PodLookup, type PodMeta } from './pods.ts';

/** Kubernetes types stop here: a pod list becomes plain metadata by pod UID. */
export function podsFromList(list: V1PodList): Map<string, PodMeta> {
  const out = new Map<string, PodMeta>();
  for (const pod of list.items) {
    const uid = pod.metadata?.uid;
    if (!uid) continue;
    out.set(uid, { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', containers: containersOf(pod) });
  }
  return out;
}

function containersOf(pod: V1Pod): Map<string, ContainerMeta> {
  const out = new Map<string, ContainerMeta>();
  const s = pod.status;
  for (const c of [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])]) {
    const id = c.containerID?.replace(/^[a-z-]+:\/\//, '');
    if (id) out.set(id, { name: c.name, image: c.image });
  }
  return out;
}

export interface PodSourceOptions {
  /** A kubeconfig file; without one, the in-cluster service account. */
  kubeconfig?: string;
  nodeName: string;
  refreshMs: number;
  log: Logger;
}

export interface PodSource {
  lookup(): PodLookup;
  /** True once one list has succeeded. */
  synced(): boolean;
  refresh(): Promise<void>;
  stop(): void;
}

/**
 * This node's pods, re-listed every refreshMs (fieldSelector spec.nodeName). A periodic
 * list instead of a watch: a node has at most a few hundred pods, a new container's first
 * scrapes carry its pod UID until the next list, and there is no watch state to get wrong.
 * A failed list keeps the last good metadata.
 */
export function startPodSource(opts: PodSourceOptions): PodSource {
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromCluster();
  const api = kc.makeApiClient(CoreV1Api);
  let current = podLookup([]);
  let ok = false;
  let failing = false;

  async function refresh(): Promise<void> {
    try {
      const list = await api.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${opts.nodeName}` });
      const pods = podsFromList(list);
      current = podLookup(pods);
      if (!ok || failing) opts.log.info({ pods: pods.size, node: opts.nodeName }, 'pod metadata listed');
      ok = true;
      failing = false;
    } catch (err) {
      if (!failing) {
        const e = new KubeListError(`listing pods of node ${opts.nodeName} failed: ${errorMessage(err)}`, { node: opts.nodeName });
        opts.log.warn({ code: e.code, err: e.message }, 'pod metadata list failed');
      }
      failing = true;
    }
  }

  const timer = setInterval(() => void refresh(), opts.refreshMs);
  timer.unref();
  void refresh();
  return { lookup: () => current, synced: () => ok, refresh, stop: () => clearInterval(timer) };
}
