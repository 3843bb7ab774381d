import t from 'tap';
import { parseCgroupPath } from '../../../exporter/container/cgroup-path.ts';

const UID = '6f1a3c2e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const ID = 'a'.repeat(64);

t.test('kubelet cgroupfs driver: pod and container', async (t) => {
  t.same(parseCgroupPath(`/kubepods/burstable/pod${UID}/${ID}`), { podUid: UID, containerId: ID });
  t.same(parseCgroupPath(`/kubepods/pod${UID}/${ID}`), { podUid: UID, containerId: ID }, 'guaranteed QoS has no class level');
  t.same(parseCgroupPath(`/kubepods/besteffort/pod${UID}`), { podUid: UID });
  t.same(parseCgroupPath(`/kubepods/burstable/pod${UID}/crio-${ID}`), { podUid: UID, containerId: ID }, 'CRI-O on cgroupfs');
});

t.test('kubelet systemd driver: containerd, CRI-O and docker scopes', async (t) => {
  const pod = `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;
  t.same(parseCgroupPath(`${pod}/cri-containerd-${ID}.scope`), { podUid: UID, containerId: ID });
  t.same(parseCgroupPath(`${pod}/crio-${ID}.scope`), { podUid: UID, containerId: ID });
  t.same(parseCgroupPath(`${pod}/docker-${ID}.scope`), { podUid: UID, containerId: ID });
  t.same(parseCgroupPath(pod), { podUid: UID });
  t.same(parseCgroupPath(`/kubepods.slice/kubepods-pod${UID.replace(/-/g, '_')}.slice`), { podUid: UID });
});

t.test('not a pod container: conmon, nested cgroups, QoS levels, system cgroups', async (t) => {
  const pod = `/kubepods.slice/kubepods-pod${UID.replace(/-/g, '_')}.slice`;
  t.same(parseCgroupPath(`${pod}/crio-conmon-${ID}.scope`), {});
  t.same(parseCgroupPath(`/kubepods/burstable/pod${UID}/${ID}/nested`), {});
  t.same(parseCgroupPath('/kubepods/burstable'), {});
  t.same(parseCgroupPath('/system.slice/containerd.service'), {});
  t.same(parseCgroupPath(`/user.slice/pod${UID}/${ID}`), {}, 'only under kubepods');
  t.same(parseCgroupPath('/'), {});
});
