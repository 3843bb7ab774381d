import type { Labels } from '../metrics.ts';
import { parseCgroupPath } from './cgroup-path.ts';
import type { PodLookup } from './pods.ts';

/**
 * cAdvisor's labels for a cgroup, as the kubelet's embedded cAdvisor emits them:
 * id is the cgroup path; name the container id; container, pod, namespace and image come
 * from the pod. A pod-level cgroup has container="" and name=""; a container of a known
 * pod that is not among its containers is the sandbox ("POD"). Without pod metadata, pod
 * is the pod UID from the path (the only pod identity there is); a cgroup outside
 * kubepods has only id.
 */
export function containerLabels(id: string, pods: PodLookup): Labels {
  const { podUid, containerId } = parseCgroupPath(id);
  const labels = { container: '', id, image: '', name: '', namespace: '', pod: '' };
  if (podUid === undefined) return labels;
  const pod = pods.pod(podUid);
  labels.name = containerId ?? '';
  if (!pod) {
    labels.pod = podUid;
    return labels;
  }
  labels.pod = pod.name;
  labels.namespace = pod.namespace;
  if (containerId !== undefined) {
    const c = pod.containers.get(containerId);
    labels.container = c?.name ?? 'POD';
    labels.image = c?.image ?? '';
  }
  return labels;
}
