import t from 'tap';
import { containerLabels } from '../../../exporter/container/labels.ts';
import { NO_PODS, podLookup } from '../../../exporter/container/pods.ts';

const UID = '6f1a3c2e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const APP = 'a'.repeat(64);
const SANDBOX = 'b'.repeat(64);
const pods = podLookup([[UID, { name: 'web-0', namespace: 'shop', containers: new Map([[APP, { name: 'nginx', image: 'nginx:1.25' }]]) }]]);

t.test('a Kubernetes container gets its pod, namespace, container name and image', async (t) => {
  const id = `/kubepods/burstable/pod${UID}/${APP}`;
  t.same(containerLabels(id, pods), { container: 'nginx', id, image: 'nginx:1.25', name: APP, namespace: 'shop', pod: 'web-0' });
});

t.test("a container the pod's status does not list is its sandbox", async (t) => {
  const id = `/kubepods/burstable/pod${UID}/${SANDBOX}`;
  t.match(containerLabels(id, pods), { container: 'POD', name: SANDBOX, pod: 'web-0', image: '' });
});

t.test('the pod cgroup itself: pod and namespace, no container', async (t) => {
  const id = `/kubepods/burstable/pod${UID}`;
  t.same(containerLabels(id, pods), { container: '', id, image: '', name: '', namespace: 'shop', pod: 'web-0' });
});

t.test('without pod metadata the pod label is the UID from the path', async (t) => {
  const id = `/kubepods/burstable/pod${UID}/${APP}`;
  t.same(containerLabels(id, NO_PODS), { container: '', id, image: '', name: APP, namespace: '', pod: UID });
});

t.test('a cgroup outside Kubernetes: only id, as cAdvisor labels raw cgroups', async (t) => {
  t.same(containerLabels('/system.slice/sshd.service', pods), { container: '', id: '/system.slice/sshd.service', image: '', name: '', namespace: '', pod: '' });
});
