import t from 'tap';
import { mergeIo, parseBlkio, readV1 } from '../../../exporter/container/cgroup-v1.ts';
import { writeV1 } from '../../support/cgroup-tree.ts';

t.test('blkio per device, totals ignored', async (t) => {
  const bytes = parseBlkio('8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:16 Read 1\n8:0 Total 12288\nTotal 12289\n');
  const ops = parseBlkio('8:0 Read 1\n8:0 Write 2\n');
  t.same(mergeIo(bytes, ops), [
    { device: '8:0', readBytes: 4096, writeBytes: 8192, reads: 1, writes: 2 },
    { device: '8:16', readBytes: 1, writeBytes: 0, reads: 0, writes: 0 },
  ]);
  t.throws(() => parseBlkio('sda Read 12\n'), { code: 'WEFT_EXPORTER_PARSE' });
});

t.test('cpu and cpuacct apart or together read the same', async (t) => {
  const dir = t.testdir({});
  writeV1(`${dir}/joint`, 'joint', { id: '/x', n: 2, pids: [1, 2], quotaUs: 50000 });
  writeV1(`${dir}/split`, 'split', { id: '/x', n: 2, pids: [1, 2], quotaUs: 50000 });
  const j = `${dir}/joint/cpu,cpuacct`;
  const joint = readV1({ cpu: j, cpuacct: j, memory: `${dir}/joint/memory`, blkio: `${dir}/joint/blkio`, pids: `${dir}/joint/pids` }, '/x');
  const split = readV1({ cpu: `${dir}/split/cpu`, cpuacct: `${dir}/split/cpuacct`, memory: `${dir}/split/memory`, blkio: `${dir}/split/blkio`, pids: `${dir}/split/pids` }, '/x');
  t.same(joint, split);
  t.same(joint.cpu, { usage: 3, user: 1.8, system: 0.8, periods: 200, throttledPeriods: 6, throttledSeconds: 0.5 });
  t.same(joint.spec, { cpuQuota: 50000, cpuPeriod: 100000, cpuShares: 204, memoryLimit: 0 });
  const usage = 100 * 1024 * 1024;
  t.same(joint.memory, { usage, workingSet: usage - 12 * 1024 * 1024, rss: 80 * 1024 * 1024, cache: 16 * 1024 * 1024, swap: 8192, failcnt: 2 });
  t.equal(joint.oomEvents, 2);
  t.equal(joint.processes, 2);
  t.equal(joint.threads, 8);
  t.equal(joint.threadsMax, 2048);
});

t.test('working set never goes below zero; a missing controller leaves its metrics out', async (t) => {
  const dir = t.testdir({ memory: { x: { 'memory.usage_in_bytes': '100\n', 'memory.stat': 'total_inactive_file 500\n' } } });
  const s = readV1({ memory: `${dir}/memory` }, '/x');
  t.equal(s.memory.workingSet, 0);
  t.same(s.cpu, {});
  t.equal(s.spec.cpuShares, undefined);
});

t.test('a garbled file is a parse error', async (t) => {
  const dir = t.testdir({ cpuacct: { x: { 'cpuacct.usage': 'lots\n' } } });
  t.throws(() => readV1({ cpuacct: `${dir}/cpuacct` }, '/x'), { code: 'WEFT_EXPORTER_PARSE' });
});
