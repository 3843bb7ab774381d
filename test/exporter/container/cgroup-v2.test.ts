import t from 'tap';
import { parseCpuMax, parseIoStat, readV2, weightToShares } from '../../../exporter/container/cgroup-v2.ts';
import { writeV2 } from '../../support/cgroup-tree.ts';

t.test('io.stat, cpu.max and cpu.weight', async (t) => {
  t.same(parseIoStat('8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n253:1 rbytes=5\n'), [
    { device: '8:0', readBytes: 10, writeBytes: 20, reads: 1, writes: 2 },
    { device: '253:1', readBytes: 5, writeBytes: 0, reads: 0, writes: 0 },
  ]);
  t.same(parseCpuMax('max 100000\n'), { quota: undefined, period: 100000 });
  t.same(parseCpuMax('50000 100000\n'), { quota: 50000, period: 100000 });
  t.equal(weightToShares(100), 2597, 'the default weight 100 is 2597 shares, as cAdvisor converts it');
  t.equal(weightToShares(1), 2);
  t.equal(weightToShares(10000), 262144);
  t.throws(() => parseCpuMax('max\n'), { code: 'WEFT_EXPORTER_PARSE' });
  t.throws(() => parseIoStat('sda rbytes=1\n'), { code: 'WEFT_EXPORTER_PARSE' });
});

t.test('a v2 cgroup in base units', async (t) => {
  const dir = t.testdir({});
  writeV2(dir, { id: '/', n: 1 });
  writeV2(dir, { id: '/c', n: 2, pids: [7], quotaUs: 25000, limitBytes: 1 << 30 });
  const s = readV2(dir, '/c');
  t.same(s.cpu, { usage: 3, user: 1.8, system: 1.2, periods: 200, throttledPeriods: 6, throttledSeconds: 0.5 });
  t.same(s.spec, { cpuQuota: 25000, cpuPeriod: 100000, cpuShares: weightToShares(8), memoryLimit: 1 << 30 });
  const usage = 100 * 1024 * 1024;
  t.same(s.memory, { usage, workingSet: usage - 12 * 1024 * 1024, rss: 80 * 1024 * 1024, cache: 16 * 1024 * 1024, swap: 8192, failcnt: 2 });
  t.equal(s.oomEvents, 2);
  t.same(s.pressure.cpu, { some: 0.002, full: 0.001 });
  t.same(s.io, [{ device: '8:0', readBytes: 8192, writeBytes: 16384, reads: 2, writes: 4 }]);
  t.equal(s.processes, 1);
  t.equal(s.threads, 4);
  t.equal(s.threadsMax, 2048);
  t.equal(readV2(dir, '/').spec.memoryLimit, 0, '"max" is reported as 0, as cAdvisor does');
});
