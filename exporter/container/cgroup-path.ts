// Which Kubernetes pod and container a cgroup belongs to, from its path alone. Covers
// kubelet's two cgroup drivers and the common runtimes:
//   cgroupfs: /kubepods/burstable/pod<uid>/<container-id>
//   systemd:  /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid_with_underscores>.slice/
//             cri-containerd-<id>.scope | crio-<id>.scope | docker-<id>.scope

export interface CgroupIdentity {
  podUid?: string;
  containerId?: string;
}

const POD_CGROUPFS = /^pod([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const POD_SYSTEMD = /^kubepods(?:-[a-z]+)?-pod([0-9a-f_]{36})\.slice$/;
const CONTAINER = /^(?:(?:cri-containerd|crio|docker)-)?([0-9a-f]{64})(?:\.scope)?$/;

export function parseCgroupPath(id: string): CgroupIdentity {
  const parts = id.split('/').filter(Boolean);
  if (!parts[0]?.startsWith('kubepods')) return {};
  let podIndex = -1;
  let podUid: string | undefined;
  parts.forEach((p, i) => {
    const m = POD_CGROUPFS.exec(p) ?? POD_SYSTEMD.exec(p);
    if (m?.[1] && podUid === undefined) {
      podUid = m[1].replace(/_/g, '-');
      podIndex = i;
    }
  });
  if (podUid === undefined) return {};
  const child = parts[podIndex + 1];
  if (child === undefined) return { podUid };
  const c = CONTAINER.exec(child);
  // Anything else under a pod (crio-conmon-<id>.scope, nested cgroups) is not a container.
  return c?.[1] && podIndex + 2 === parts.length ? { podUid, containerId: c[1] } : {};
}
