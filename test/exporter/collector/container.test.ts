import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { render } from '../../../exporter/exposition.ts';
import { containerId, podUid } from '../../support/cgroup-tree.ts';
import { CGROUP_TREES, FIXTURES, collectorsNamed, fixturePods, fixtureRoots, fixtureScraper } from '../../support/exporter-fixtures.ts';
import { findSeries } from '../../support/prom-text.ts';

const scrape = async (tree: string, cgroupfs?: string, pods = fixturePods()) =>
  render(await fixtureScraper({ roots: { ...fixtureRoots(tree), ...(cgroupfs ? { cgroupfs } : {}) }, collectors: collectorsNamed('container'), pods }).collect());

for (const tree of CGROUP_TREES) {
  t.test(`${tree}: every Kubernetes container is labelled and has cpu, memory, io and spec series`, async (t) => {
    const text = await scrape(tree);
    t.same(findSeries(text, 'node_scrape_collector_success').map((s) => s.value), [1]);
    const app = findSeries(text, 'container_cpu_usage_seconds_total').filter((s) => s.labels.container !== '' && s.labels.container !== 'POD');
    t.ok(app.length >= 1, 'app containers present');
    for (const s of app) {
      t.ok(s.labels.pod && s.labels.namespace && s.labels.image && s.labels.name, `${s.labels.container} has pod, namespace, image, name`);
      t.equal(s.labels.cpu, 'total');
      for (const name of ['container_memory_working_set_bytes', 'container_spec_cpu_period', 'container_threads', 'container_processes']) {
        t.equal(findSeries(text, name, { id: s.labels.id ?? '' }).length, 1, `${name} for ${s.labels.container}`);
      }
      t.equal(findSeries(text, 'container_fs_reads_bytes_total', { id: s.labels.id ?? '', device: '/dev/sda' }).length, 1, 'device named through sysfs');
    }
  });
}

t.test("a pod's network comes from its process's network namespace, lo left out", async (t) => {
  const text = await scrape('cgroup-v1-joint');
  const rx = findSeries(text, 'container_network_receive_bytes_total');
  t.same(rx.map((s) => [s.labels.pod, s.labels.container, s.labels.interface, s.value]), [['web-7d9f8b6c5-x2x4q', '', 'eth0', 7340032]]);
  t.same(findSeries(text, 'container_network_transmit_errors_total').map((s) => s.value), [3]);
});

t.test('v2: quota, limits, shares from weight and pressure for a CRI-O container', async (t) => {
  const text = await scrape('cgroup-v2');
  const id = `/kubepods.slice/kubepods-pod${podUid(4).replace(/-/g, '_')}.slice/crio-${containerId(5)}.scope`;
  const v = (name: string) => findSeries(text, name, { id }).map((s) => s.value);
  t.same(v('container_spec_cpu_quota'), [25000]);
  t.same(v('container_spec_memory_limit_bytes'), [134217728]);
  t.same(v('container_spec_cpu_shares'), [2 + Math.floor((11 * 262142) / 9999)]);
  t.same(v('container_pressure_memory_waiting_seconds_total'), [0.006]);
  t.same(v('container_memory_working_set_bytes'), [150 * 1024 * 1024 - 18 * 1024 * 1024]);
  t.same(findSeries(text, 'container_cpu_usage_seconds_total', { id }).map((s) => s.labels.container), ['api']);
});

t.test('one garbled cgroup: success 0, every other cgroup still reported', async (t) => {
  const dir = t.testdir({});
  const copy = path.join(dir, 'tree');
  fs.cpSync(path.join(FIXTURES, 'cgroup-v2'), copy, { recursive: true });
  const bad = `/kubepods/burstable/pod${podUid(5)}/${containerId(6)}`;
  fs.writeFileSync(path.join(copy, bad, 'memory.stat'), 'anon lots\n');
  const text = await scrape('cgroup-v2', copy);
  t.same(findSeries(text, 'node_scrape_collector_success').map((s) => s.value), [0]);
  t.same(findSeries(text, 'container_cpu_usage_seconds_total', { id: bad }), []);
  t.equal(findSeries(text, 'container_cpu_usage_seconds_total').length, 6, 'the six other cgroups');
});

t.test('no cgroup filesystem: only the root is looked at and nothing breaks', async (t) => {
  const text = await scrape('cgroup-v2', t.testdir({}));
  t.same(findSeries(text, 'node_scrape_collector_success').map((s) => s.value), [1]);
  t.same(findSeries(text, 'container_cpu_usage_seconds_total'), []);
});
