// Pod metadata the container collector labels series with. The Kubernetes source
// (kube.ts) fills it; without a cluster it stays empty and labels come from the cgroup path.

export interface ContainerMeta {
  name: string;
  image: string;
}

export interface PodMeta {
  name: string;
  namespace: string;
  /** By container id without the runtime prefix ("containerd://"). */
  containers: Map<string, ContainerMeta>;
}

export interface PodLookup {
  pod(uid: string): PodMeta | undefined;
}

export const NO_PODS: PodLookup = { pod: () => undefined };

export function podLookup(pods: Iterable<[string, PodMeta]>): PodLookup {
  const byUid = new Map(pods);
  return { pod: (uid) => byUid.get(uid) };
}
